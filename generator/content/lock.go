package content

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// LockFile is the name of the lock file in a site folder.
const LockFile = "content.lock"

// A Lock records the sha256 of every published revision's text (with LF
// line ends, see Revision.TextSHA256), so that a published text cannot
// change without it being seen. It is a text file,
// committed with the content, with one line per recorded version of a file:
//
//	personvern/2026-11-26.md 2026-11-27 <sha256>
//	personvern/2026-11-26.md 2027-01-05 <sha256> corrected <sha256 of the correction's text, 12 digits>
//
// The newest line of a file is its text now; older lines keep the history
// of corrections. Build adds lines; nothing removes them. A revision is
// recorded from the day after its published day: until the end of that
// day its text can still be mended.
type Lock struct {
	entries map[string][]LockEntry // by path relative to content/
	changed bool
	sha256  string // of the file's bytes as read; empty when there was none
}

// LockEntry is one recorded version of a revision file.
type LockEntry struct {
	Recorded   time.Time // the day it was recorded
	SHA256     string
	Corrected  bool   // recorded for a correction
	Correction string // the first 12 hex digits of the sha256 of the correction's text

	line int // in the lock file, for messages
}

// ReadLock reads the lock file of the site in dir; a missing file is an
// empty lock.
func ReadLock(dir string) (*Lock, error) {
	l := &Lock{entries: map[string][]LockEntry{}}
	path := filepath.Join(dir, LockFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	l.sha256 = hex.EncodeToString(sum[:])
	var errs Errors
	d := diags{file: path, list: &errs}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		day, err := time.Parse(DateLayout, f[min(1, len(f)-1)])
		if len(f) < 3 || len(f) > 5 || err != nil || len(f[2]) != 64 || (len(f) >= 4 && f[3] != "corrected") {
			d.add(n, "this line of the lock file is damaged", "restore content.lock from version control; it is written by policysite build and is not edited by hand")
			continue
		}
		e := LockEntry{Recorded: day, SHA256: f[2], Corrected: len(f) >= 4, line: n}
		if len(f) == 5 {
			e.Correction = f[4]
		}
		l.entries[f[0]] = append(l.entries[f[0]], e)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return l, nil
}

// Entries returns the recorded versions of a revision, oldest first.
func (l *Lock) Entries(r *Revision, s *Site) []LockEntry { return l.entries[s.lockKey(r)] }

// ForgetAfter drops the lines recorded after day, which can only come from
// a build for a day that has not come yet.
func (l *Lock) ForgetAfter(day time.Time) {
	for k, es := range l.entries {
		kept := es[:0]
		for _, e := range es {
			if !e.Recorded.After(day) {
				kept = append(kept, e)
			}
		}
		if len(kept) != len(es) {
			l.changed = true
			if len(kept) == 0 {
				delete(l.entries, k)
			} else {
				l.entries[k] = kept
			}
		}
	}
}

// Fingerprint is a hash of the lock file's bytes as read, or "" when there
// was no file. Equal fingerprints mean equal files.
func (l *Lock) Fingerprint() string { return l.sha256 }

// Changed reports whether the lock differs from its file.
func (l *Lock) Changed() bool { return l.changed }

func (s *Site) lockKey(r *Revision) string {
	rel, err := filepath.Rel(filepath.Join(s.Dir, "content"), r.Path)
	if err != nil {
		rel = r.Path
	}
	return filepath.ToSlash(rel)
}

// Check reports every recorded revision that is gone, or whose text
// differs from the one recorded, unless its front matter records a new
// correction (one not recorded before). Classify must have run.
func (l *Lock) Check(s *Site) error {
	var errs Errors
	present := map[string]bool{}
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			key := s.lockKey(r)
			present[key] = true
			es := l.entries[key]
			if len(es) == 0 || es[len(es)-1].SHA256 == r.TextSHA256 {
				continue
			}
			last, corrected := es[len(es)-1], lastCorrection(es)
			d := diags{file: r.Path, list: &errs}
			switch {
			case r.Correction == "":
				d.add(1, fmt.Sprintf("this revision was published on %s and its text has changed since it was recorded in %s on %s; a published text is the record of what readers were told and must not change",
					Date(r.Published), LockFile, Date(last.Recorded)),
					"undo the edit (e.g. git checkout "+filepath.ToSlash(r.Path)+") and make the change in a new revision (policysite new); or, to correct a mistake in this one openly, add correction: <what was corrected, and why> to its front matter")
			case corrected != nil && correctionHash(r.Correction) == corrected.Correction:
				d.add(1, fmt.Sprintf("this revision has changed again since its correction recorded on %s, but its correction: still describes that one", Date(corrected.Recorded)),
					"undo this edit, or write in correction: what this new correction is, and why (the earlier one stays in "+LockFile+")")
			}
		}
	}
	// A file that is gone is reported at its line in the lock, the one
	// place it is still named; a file with its text elsewhere was renamed.
	unrecorded := map[string]string{} // text sha256 → path
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			if len(l.entries[s.lockKey(r)]) == 0 {
				unrecorded[r.TextSHA256] = r.Path
			}
		}
	}
	d := diags{file: filepath.Join(s.Dir, LockFile), list: &errs}
	for key, es := range l.entries {
		if present[key] {
			continue
		}
		file := filepath.Join(s.Dir, "content", filepath.FromSlash(key)) // as the revisions' own paths are named
		what := "is gone"
		if to, ok := unrecorded[es[len(es)-1].SHA256]; ok {
			what = "has been renamed to " + to
		}
		d.add(es[0].line,
			fmt.Sprintf("%s was published and recorded here on %s, and %s; a published revision is part of the record", file, Date(es[0].Recorded), what),
			"restore "+file+" (e.g. git checkout "+filepath.ToSlash(file)+"), and make any change in a new revision (policysite new); only if it was published by mistake, delete the lines naming "+key+" from this file in the same commit, so that the removal is on record")
	}
	if len(errs) > 0 {
		errs.Sort()
		return errs
	}
	return nil
}

func correctionHash(text string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(text)))
	return hex.EncodeToString(sum[:6])
}

// lastCorrection is the newest entry recorded for a correction, or nil.
func lastCorrection(es []LockEntry) *LockEntry {
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Corrected {
			return &es[i]
		}
	}
	return nil
}

// Record adds a line for every revision published before today that is
// new to the lock or whose text changed under a correction, dated today.
// A revision published today is recorded tomorrow, so that its text can
// be mended on the day.
func (l *Lock) Record(s *Site, today time.Time) {
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			if !r.Published.Before(today) {
				continue
			}
			key := s.lockKey(r)
			es := l.entries[key]
			if len(es) > 0 && es[len(es)-1].SHA256 == r.TextSHA256 {
				continue
			}
			e := LockEntry{Recorded: today, SHA256: r.TextSHA256, Corrected: len(es) > 0}
			if e.Corrected {
				e.Correction = correctionHash(r.Correction)
			}
			l.entries[key] = append(es, e)
			l.changed = true
		}
	}
}

// Write saves the lock file in dir, replacing it in one rename.
func (l *Lock) Write(dir string) error {
	var b bytes.Buffer
	b.WriteString("# policysite: the sha256 of every published revision, written by policysite build.\n")
	b.WriteString("# Commit this file with the content. Do not edit it (unless policysite check says how): a published text must not change.\n")
	keys := make([]string, 0, len(l.entries))
	for k := range l.entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, e := range l.entries[k] {
			fmt.Fprintf(&b, "%s %s %s", k, Date(e.Recorded), e.SHA256)
			if e.Corrected {
				b.WriteString(" corrected")
				if e.Correction != "" {
					b.WriteString(" " + e.Correction)
				}
			}
			b.WriteByte('\n')
		}
	}
	path := filepath.Join(dir, LockFile)
	tmp := path + ".new"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
