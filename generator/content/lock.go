package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// LockFile is the name of the record in a site folder.
const LockFile = "content.lock"

// StampsDir is the folder of a site that keeps the record's trusted
// timestamps, one file per text and authority, named
// <sha256 of the text>.<authority's host>.tsr, each a DER TimeStampResp:
// what openssl ts -verify -in <file> -digest <sha256> -CAfile <roots>
// checks. The published site has them in a folder of the same name.
const StampsDir = "timestamps"

// lockHeader opens a record written in the current format. A file without
// it was written by an earlier policysite, whose lines gave the day a
// revision was recorded but not the day it was published.
const lockHeader = "# policysite record, format 2"

// oldLockHeader is the first line of a record of the earlier format.
const oldLockHeader = "# policysite: the sha256 of every published revision, written by policysite build."

// A Lock is the site's record of publication (content.lock): for every
// published revision, the day it first went out and the sha256 of its text
// (with LF line ends, see Revision.TextSHA256), so that neither the day nor
// the text can change without it being seen. It is a text file, committed
// with the content, with one line per recorded version of a file:
//
//	personvern/2026-12-01.md 2026-12-01 <sha256>
//	personvern/2019-03-01.md 2026-12-01 <sha256> published 2019-03-01
//	personvern/2026-12-01.md 2027-01-05 <sha256> corrected <sha256 of the correction's text, 12 digits>
//
// The first field is the file, the second the day the line was recorded,
// the third the text's sha256. A revision's first line records the day it
// was published, which is the day it was recorded unless the line says
// otherwise: only a history recorded as such (Record with History) says
// otherwise. Later lines of a file record corrections; the newest is its
// text now. Only the publishing build (build --record) adds lines, and
// nothing removes them.
type Lock struct {
	// Tokens are the verified trusted timestamps of the record's texts, by
	// the texts' sha256 (see generator's stamps.go, which fills it).
	Tokens map[string][]Token
	// TokenRoots is the PEM file of the roots the tokens chain to.
	TokenRoots []byte
	// Copies are the texts kept in the site's published/ folder
	// (PublishedDir), by their sha256, each checked against its name (see
	// generator's published.go, which fills it).
	Copies map[string][]byte

	entries map[string][]LockEntry // by path relative to content/
	changed bool
	sha256  string // of the file's bytes as read; empty when there was none
	old     bool   // read from a file in the earlier format
}

// LockEntry is one recorded version of a revision file.
type LockEntry struct {
	Recorded time.Time // the day it was recorded
	// Published is the day the revision was published, on its first
	// entry: Recorded, or the earlier day of a history recorded as such.
	// Zero on an entry of the earlier format, whose revision was published
	// on its front matter's day, or Recorded if that was earlier.
	Published  time.Time
	SHA256     string
	Corrected  bool   // recorded for a correction
	Correction string // the first 12 hex digits of the sha256 of the correction's text

	line int // in the lock file, for messages
}

// A Token is an RFC 3161 timestamp over a recorded text, verified.
type Token struct {
	Name      string    // its file in the site's timestamps/ folder
	Authority string    // the host name of the authority that issued it
	Time      time.Time // the time it certifies
	Digest    string    // hex sha256 of the text it is over
	Data      []byte    // the DER TimeStampResp
}

// Days are the first and the last day the record recorded a text: a text
// recorded again (a correction back to an earlier text, two revisions
// alike) may have been stamped on either.
type Days struct{ First, Last time.Time }

// Digests returns every text the record has, by its sha256, with the days
// it was recorded.
func (l *Lock) Digests() map[string]Days {
	out := map[string]Days{}
	for _, es := range l.entries {
		for _, e := range es {
			d, ok := out[e.SHA256]
			if !ok || e.Recorded.Before(d.First) {
				d.First = e.Recorded
			}
			if !ok || e.Recorded.After(d.Last) {
				d.Last = e.Recorded
			}
			out[e.SHA256] = d
		}
	}
	return out
}

// ReadLock reads the record of the site in dir; a missing file is an empty
// record. Every line is read, however long: a line that cannot be read is
// an error, never skipped, so that a later write cannot lose it.
func ReadLock(dir string) (*Lock, error) {
	l := &Lock{entries: map[string][]LockEntry{}}
	file := filepath.Join(dir, LockFile)
	data, err := ReadFile(file, MaxLockSize)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		var fe *FileError
		errors.As(err, &fe)
		return nil, diag.List{{File: file, Level: diag.Error, Message: fe.Problem, Fix: msg.T("lock.unreadable.fix", LockFile)}}
	}
	sum := sha256.Sum256(data)
	l.sha256 = hex.EncodeToString(sum[:])
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte-order mark an editor added
	var errs diag.List
	d := diags{file: file, list: &errs}
	restore := msg.T("lock.restore.fix", LockFile)
	lines := bytes.Split(data, []byte("\n"))
	// The first line says which format the file is in: the days of the
	// two differ, so a file that does not say is not read at all.
	first := 0
	for first < len(lines) && len(bytes.TrimSpace(lines[first])) == 0 {
		first++
	}
	head := ""
	if first < len(lines) {
		head = strings.TrimSpace(string(lines[first]))
	}
	records := false // any line but comments
	for _, raw := range lines {
		if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] != '#' {
			records = true
			break
		}
	}
	switch {
	case !records:
		return l, nil // nothing recorded
	case head == lockHeader || strings.HasPrefix(head, lockHeader+":"):
	case head == oldLockHeader:
		l.old = true
	default:
		d.add(first+1, msg.T("lock.no-header", lockHeader), restore)
		return nil, errs
	}
	for i, raw := range lines {
		n := i + 1
		// A control character is damage even in a comment: the file is
		// shown by git diff and cat, where an escape sequence can rewrite
		// the lines above it. A CR that ends the line is a checkout's.
		if c := indexControl(bytes.TrimSuffix(raw, []byte("\r"))); c >= 0 {
			r, _ := utf8.DecodeRune(raw[c:])
			d.add(n, msg.T("lock.damaged.control", n, controlProblem(r)), restore)
			continue
		}
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e, key, ok := parseLockLine(line)
		if !ok || l.old && !e.Published.IsZero() {
			d.add(n, msg.T("lock.damaged", n, len(line)), restore)
			continue
		}
		e.line = n
		es := l.entries[key]
		switch {
		case len(es) == 0 && e.Published.IsZero() && !l.old:
			e.Published = e.Recorded
		case len(es) > 0 && e.Recorded.Before(es[len(es)-1].Recorded):
			d.add(n, msg.T("lock.out-of-order", key, Date(e.Recorded), es[len(es)-1].line, Date(es[len(es)-1].Recorded)), restore)
			continue
		case len(es) > 0 && !e.Published.IsZero():
			d.add(n, msg.T("lock.published-not-first"), restore)
			continue
		case len(es) > 0 && (!e.Corrected || e.Correction == "" && !l.old):
			// A later text of a published revision is only ever recorded
			// for a correction, which the pages show.
			d.add(n, msg.T("lock.not-correction", key, es[0].line), restore)
			continue
		}
		l.entries[key] = append(es, e)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return l, nil
}

// parseLockLine reads one line: path, day, sha256, then optionally
// "published <day>" and "corrected [<12 hex digits>]".
func parseLockLine(line string) (e LockEntry, key string, ok bool) {
	// Fields apart by spaces and tabs only, as written: not by the other
	// white space of Unicode (U+0085, U+00A0), which no writer of the
	// record puts there.
	f := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' })
	if len(f) < 3 || !validKey(f[0]) || !isHex(f[2], 64) {
		return e, "", false
	}
	day, err := time.Parse(DateLayout, f[1])
	if err != nil {
		return e, "", false
	}
	e.Recorded, e.SHA256 = day, f[2]
	rest := f[3:]
	if len(rest) >= 2 && rest[0] == "published" {
		p, err := time.Parse(DateLayout, rest[1])
		if err != nil || p.After(day) {
			return e, "", false
		}
		e.Published, rest = p, rest[2:]
	}
	if len(rest) >= 1 && rest[0] == "corrected" {
		e.Corrected, rest = true, rest[1:]
		if len(rest) == 1 && isHex(rest[0], 12) {
			e.Correction, rest = rest[0], nil
		}
	}
	return e, f[0], len(rest) == 0
}

// validKey reports whether k names a revision file below content/.
func validKey(k string) bool {
	return k == path.Clean(k) && !path.IsAbs(k) && !strings.HasPrefix(k, "../") && strings.Count(k, "/") == 1 && revisionName.MatchString(path.Base(k))
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Entries returns the recorded versions of a revision, oldest first.
func (l *Lock) Entries(r *Revision, s *Site) []LockEntry { return l.entries[s.lockKey(r)] }

// Empty reports whether the record has no entries: a site that has not
// started its record (or whose record was deleted).
func (l *Lock) Empty() bool { return len(l.entries) == 0 }

// Fingerprint is a hash of the lock file's bytes as read ("" when there was
// no file and no token), and of the tokens and roots kept beside it. Equal
// fingerprints mean an equal record.
func (l *Lock) Fingerprint() string {
	if len(l.Tokens) == 0 && l.TokenRoots == nil {
		return l.sha256
	}
	h := sha256.New()
	h.Write([]byte(l.sha256))
	digests := make([]string, 0, len(l.Tokens))
	for d := range l.Tokens {
		digests = append(digests, d)
	}
	sort.Strings(digests)
	for _, d := range digests {
		for _, t := range l.Tokens[d] {
			sum := sha256.Sum256(t.Data)
			h.Write([]byte(t.Name + "\x00"))
			h.Write(sum[:])
		}
	}
	sum := sha256.Sum256(l.TokenRoots)
	h.Write(sum[:])
	return hex.EncodeToString(h.Sum(nil))
}

// Changed reports whether the lock differs from its file.
func (l *Lock) Changed() bool { return l.changed }

func (s *Site) lockKey(r *Revision) string {
	rel, err := filepath.Rel(filepath.Join(s.Dir, "content"), r.File)
	if err != nil {
		rel = r.File
	}
	return filepath.ToSlash(rel)
}

// Write saves the record in dir, replacing the file in one rename. A write
// that fails leaves the file as it was and no temporary file behind.
func (l *Lock) Write(dir string) (err error) {
	var b bytes.Buffer
	b.WriteString(lockHeader + ": for every published revision, the day it went out and the sha256 of its text.\n")
	b.WriteString("# Written by policysite build --record. Commit it with the content; do not edit it (unless policysite check says how).\n")
	keys := make([]string, 0, len(l.entries))
	for k := range l.entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, e := range l.entries[k] {
			fmt.Fprintf(&b, "%s %s %s", k, Date(e.Recorded), e.SHA256)
			if !e.Published.IsZero() && !e.Published.Equal(e.Recorded) {
				b.WriteString(" published " + Date(e.Published))
			}
			if e.Corrected {
				b.WriteString(" corrected")
				if e.Correction != "" {
					b.WriteString(" " + e.Correction)
				}
			}
			b.WriteByte('\n')
		}
	}
	return WriteFileAtomic(filepath.Join(dir, LockFile), b.Bytes())
}

// WriteFileAtomic writes data to name through a temporary file beside it
// (name + ".new"), synced and renamed over name, so that name is either
// the old file or the new one. On failure the temporary file is removed.
func WriteFileAtomic(name string, data []byte) (err error) {
	tmp := name + ".new"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
