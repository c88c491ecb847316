package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/msg"
)

var copyName = regexp.MustCompile(`^([0-9a-f]{64})\.md$`)

// checkCopies reads the copies of the record's texts in the site's
// published/ folder (content.PublishedDir) into lock.Copies. A copy whose
// text is not the one its name gives (tampered with, or its line ends
// changed) and one not named as a copy are errors; one of a text the
// record does not have is left alone, for no page shows it. It warns of every corrected revision whose text as
// first published has no copy: its pages can only say that the first
// wording is not kept.
func checkCopies(site *content.Site, lock *content.Lock) (errs, warnings diag.List) {
	lock.Copies = map[string][]byte{}
	dir := filepath.Join(site.Dir, content.PublishedDir)
	add := func(file string, m, fix msg.Text) {
		errs = append(errs, diag.Diagnostic{File: file, Level: diag.Error, Message: m, Fix: fix})
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		add(dir, msg.T("published.folder.unreadable", err), msg.T("fix.permissions"))
		return errs, nil
	}
	digests := lock.Digests()
	for _, e := range entries {
		name := e.Name()
		file := filepath.Join(dir, name)
		if e.IsDir() || !strings.HasSuffix(name, ".md") || name == "README.md" {
			continue
		}
		m := copyName.FindStringSubmatch(name)
		if m == nil {
			add(file, msg.T("published.bad-name"), msg.T("published.remove.fix", content.PublishedDir))
			continue
		}
		data, err := content.ReadFile(file, content.MaxFileSize)
		if err != nil {
			add(file, problem(err), msg.T("published.restore.fix", content.PublishedDir, name, m[1]))
			continue
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != m[1] {
			add(file, msg.T("published.tampered", hex.EncodeToString(sum[:])), msg.T("published.restore.fix", content.PublishedDir, name, m[1]))
			continue
		}
		if _, ok := digests[m[1]]; !ok {
			continue // of no text on record: never shown, so no harm (a record replaced, a revision not yet published again)
		}
		lock.Copies[m[1]] = data
	}
	for _, ser := range site.Series {
		for _, r := range ser.Revisions {
			sha, ok := site.FirstText(r)
			if !ok || lock.Copies[sha] != nil {
				continue
			}
			f := filepath.ToSlash(r.File)
			warnings = append(warnings, diag.Diagnostic{File: r.File, Line: r.CorrectionLine(), Level: diag.Warning,
				Message: msg.T("published.first-missing", content.PublishedDir, sha[:12]),
				Fix:     msg.T("published.first-missing.fix", f, content.PublishedDir, content.CopyName(sha), sha)})
		}
	}
	errs.Sort()
	warnings.Sort()
	return errs, warnings
}

// copiesToWrite are the copies the publishing build writes: of every text
// the record has that a revision file holds now and published/ does not
// (a text recorded by this build, or one recorded before copies were
// kept, while its file still has it), by file name.
func copiesToWrite(site *content.Site, lock *content.Lock) (map[string][]byte, error) {
	digests := lock.Digests()
	out := map[string][]byte{}
	for _, ser := range site.Series {
		for _, r := range ser.Revisions {
			if _, ok := digests[r.TextSHA256]; !ok || lock.Copies[r.TextSHA256] != nil {
				continue
			}
			name := content.CopyName(r.TextSHA256)
			if _, err := os.Lstat(filepath.Join(site.Dir, content.PublishedDir, name)); err == nil {
				continue
			}
			data, err := content.ReadFile(r.File, content.MaxFileSize)
			if err != nil {
				return nil, err
			}
			data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
			if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != r.TextSHA256 {
				return nil, msg.Errorf("published.changed-while-building", r.File)
			}
			out[name] = data
		}
	}
	return out, nil
}
