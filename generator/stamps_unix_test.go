//go:build unix

package generator

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"policysite/generator/content"
	"policysite/generator/diag"
)

// A token or the roots that are a pipe or a link to a device are a
// finding naming the file, and neither hang check nor fill the memory.
func TestSpecialStampFiles(t *testing.T) {
	tsa := startTSA(t)
	for _, tt := range []struct {
		name  string
		file  func(token string) string // the file to spoil, given the token's
		spoil func(path string) error
		want  string
	}{
		{"token links to /dev/zero", func(tok string) string { return tok }, func(p string) error { return os.Symlink("/dev/zero", p) }, "not a regular file (a device)"},
		{"token is a pipe", func(tok string) string { return tok }, func(p string) error { return syscall.Mkfifo(p, 0o644) }, "not a regular file (a pipe)"},
		{"token too large", func(tok string) string { return tok }, func(p string) error { return os.Truncate(p, 2<<20) }, "larger than it can be (more than 1 MB)"},
		{"roots link to /dev/zero", func(tok string) string { return filepath.Join(filepath.Dir(tok), "roots.pem") }, func(p string) error { return os.Symlink("/dev/zero", p) }, "not a regular file (a device)"},
		{"roots are a pipe", func(tok string) string { return filepath.Join(filepath.Dir(tok), "roots.pem") }, func(p string) error { return syscall.Mkfifo(p, 0o644) }, "not a regular file (a pipe)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := stampedSite(t, tsa)
			res, err := Build(Options{Source: dir, Dest: filepath.Join(t.TempDir(), "public"), Clock: day("2026-11-26"), Record: true, Stamper: quickRetry})
			if err != nil {
				t.Fatal(err)
			}
			host := strings.ReplaceAll(strings.Split(tsa.URL, "/")[2], ":", "-")
			file := tt.file(filepath.Join(dir, content.StampsDir, res.Recorded[0].SHA256+"."+host+".tsr"))
			if !strings.Contains(tt.name, "large") {
				if err := os.Remove(file); err != nil {
					t.Fatal(err)
				}
			}
			if err := tt.spoil(file); err != nil {
				t.Skip("cannot make the file:", err)
			}
			done := make(chan diag.List, 1)
			go func() {
				findings, err := Check(dir, day("2026-11-27"))
				if err != nil {
					t.Error(err)
				}
				done <- findings
			}()
			select {
			case findings := <-done:
				if !slices.ContainsFunc(findings, func(f diag.Diagnostic) bool { return f.File == file && strings.Contains(f.Message.String(), tt.want) }) {
					t.Errorf("check: %v\nwant %q of %s", findings, tt.want, file)
				}
			case <-time.After(30 * time.Second): // a safety net for a pipe that blocks, not a measure
				t.Fatal("check still running after 30 s")
			}
		})
	}
}
