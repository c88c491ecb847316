package content

import (
	"bufio"
	"bytes"
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
//	personvern/2026-11-26.md 2026-11-26 <sha256>
//	personvern/2026-11-26.md 2027-01-05 <sha256> corrected
//
// The newest line of a file is its text now; older lines keep the history
// of corrections. Build adds lines; nothing removes them.
type Lock struct {
	entries map[string][]LockEntry // by path relative to content/
	changed bool
}

// LockEntry is one recorded version of a revision file.
type LockEntry struct {
	Recorded  time.Time // the day it was recorded
	SHA256    string
	Corrected bool // recorded for a correction
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
		if len(f) < 3 || len(f) > 4 || err != nil || len(f[2]) != 64 || (len(f) == 4 && f[3] != "corrected") {
			d.add(n, "this line of the lock file is damaged", "restore content.lock from version control; it is written by policysite build and is not edited by hand")
			continue
		}
		l.entries[f[0]] = append(l.entries[f[0]], LockEntry{Recorded: day, SHA256: f[2], Corrected: len(f) == 4})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return l, nil
}

// Entries returns the recorded versions of a revision, oldest first.
func (l *Lock) Entries(r *Revision, s *Site) []LockEntry { return l.entries[s.lockKey(r)] }

// Changed reports whether Record added lines.
func (l *Lock) Changed() bool { return l.changed }

func (s *Site) lockKey(r *Revision) string {
	rel, err := filepath.Rel(filepath.Join(s.Dir, "content"), r.Path)
	if err != nil {
		rel = r.Path
	}
	return filepath.ToSlash(rel)
}

// Check reports every published revision whose text differs from the text
// the lock recorded, unless its front matter records a correction. Drafts
// are not judged: they are not public yet. Classify must have run.
func (l *Lock) Check(s *Site) error {
	var errs Errors
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			if r.Status == StatusDraft {
				continue
			}
			es := l.entries[s.lockKey(r)]
			if len(es) == 0 || es[len(es)-1].SHA256 == r.TextSHA256 || r.Correction != "" {
				continue
			}
			last := es[len(es)-1]
			diags{file: r.Path, list: &errs}.add(1,
				fmt.Sprintf("this revision was published on %s and its text has changed since (%s records sha256 %s…, the file now has %s…); a published text is the record of what readers were told and must not change",
					Date(r.Published), LockFile, last.SHA256[:12], r.TextSHA256[:12]),
				"undo the edit (e.g. git checkout "+filepath.ToSlash(r.Path)+") and make the change in a new revision (policysite new); or, to correct a mistake in this one openly, add correction: <what was corrected, and why> to its front matter")
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return errs
	}
	return nil
}

// Record adds a line for every published revision that is new to the lock
// or whose text changed under a correction, dated today.
func (l *Lock) Record(s *Site, today time.Time) {
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			if r.Status == StatusDraft {
				continue
			}
			key := s.lockKey(r)
			es := l.entries[key]
			if len(es) > 0 && es[len(es)-1].SHA256 == r.TextSHA256 {
				continue
			}
			l.entries[key] = append(es, LockEntry{Recorded: today, SHA256: r.TextSHA256, Corrected: len(es) > 0})
			l.changed = true
		}
	}
}

// Write saves the lock file in dir, replacing it in one rename.
func (l *Lock) Write(dir string) error {
	var b bytes.Buffer
	b.WriteString("# policysite: the sha256 of every published revision, written by policysite build.\n")
	b.WriteString("# Commit this file with the content. Do not edit it: a published text must not change.\n")
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
