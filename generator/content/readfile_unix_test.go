//go:build unix

package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"policysite/generator/diag"
	"policysite/internal/sitegen"
)

// promptly runs f and returns its error. A pipe that blocks would hang
// the test for ever; the deadline is only a safety net for that, far
// beyond what any run takes, not a measure of speed.
func promptly(t *testing.T, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("still reading after 30 s: a pipe blocked it")
		return nil
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("cannot make a pipe:", err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Repeat("x", size)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(name, to string) string {
		p := filepath.Join(dir, name)
		if err := os.Symlink(to, p); err != nil {
			t.Skip("cannot make a symbolic link:", err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	mkfifo(t, fifo)
	tests := []struct {
		name    string
		path    string
		want    error // nil: read whole
		problem string
	}{
		{"at the limit", write("small", 100), nil, ""},
		{"empty", write("empty", 0), nil, ""},
		{"over the limit", write("large", 101), ErrTooLarge, "larger than it can be (more than 0 kB)"},
		{"link to /dev/zero", link("zero", "/dev/zero"), ErrNotRegular, "not a regular file (a device)"},
		{"pipe", fifo, ErrNotRegular, "not a regular file (a pipe)"},
		{"link to a pipe", link("tofifo", fifo), ErrNotRegular, "not a regular file (a pipe)"},
		{"folder", dir, ErrNotRegular, "not a regular file (a folder)"},
		{"missing", filepath.Join(dir, "none"), fs.ErrNotExist, "cannot read: no such file or directory"},
		{"link loop", link("loop", "loop"), nil, "too many levels of symbolic links"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data []byte
			err := promptly(t, func() (err error) { data, err = ReadFile(tt.path, 100); return })
			if tt.problem == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(data) > 100 {
					t.Errorf("read %d bytes", len(data))
				}
				return
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != tt.path || !strings.Contains(fe.Problem.String(), tt.problem) || fe.Fix.IsZero() {
				t.Fatalf("got %#v, want a FileError of %s with %q and a fix", err, tt.path, tt.problem)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("%v is not %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.path+": ") {
				t.Errorf("%q does not start with the file", err)
			}
		})
	}
}

// site.yaml and content.lock that are pipes, devices or too large fail
// at once, with the file named, and neither hang nor fill the memory.
func TestLoadSpecialSiteFiles(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		spoil func(t *testing.T, path string)
		want  string
	}{
		{"site.yaml pipe", "site.yaml", func(t *testing.T, p string) { mkfifo(t, p) }, "site.yaml: site.yaml is not a regular file (a pipe)"},
		{"site.yaml link to /dev/zero", "site.yaml", symlinkTo("/dev/zero"), "site.yaml: site.yaml is not a regular file (a device)"},
		{"site.yaml too large", "site.yaml", grow(MaxConfigSize + 1), "site.yaml: site.yaml is larger than a site's settings can be (more than 1 MB)"},
		{"content.lock pipe", LockFile, func(t *testing.T, p string) { mkfifo(t, p) }, "content.lock: not a regular file (a pipe) — restore content.lock"},
		{"content.lock link to /dev/zero", LockFile, symlinkTo("/dev/zero"), "content.lock: not a regular file (a device)"},
		{"content.lock too large", LockFile, grow(MaxLockSize + 1), "content.lock: the file is larger than it can be (more than 64 MB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sitegen.Files(t, map[string]string{"site.yaml": okSite, "content/personvern/2024-01-01.md": rev("A", "first")})
			path := filepath.Join(dir, tt.file)
			os.Remove(path)
			tt.spoil(t, path)
			err := promptly(t, func() error {
				if _, err := Load(dir, Options{Languages: themeLangs}); err != nil {
					return err
				}
				_, err := ReadLock(dir)
				return err
			})
			var errs diag.List
			if !errors.As(err, &errs) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant content errors with %q", err, tt.want)
			}
		})
	}
}

func symlinkTo(target string) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		if err := os.Symlink(target, path); err != nil {
			t.Skip("cannot make a symbolic link:", err)
		}
	}
}

// grow makes a file of size bytes, sparse where the file system allows.
func grow(size int64) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, size); err != nil {
			t.Fatal(err)
		}
	}
}
