//go:build unix

package theme

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"policysite/generator/content"
)

// A file of the site's own theme that is a pipe, a link to a device or too
// large fails with the file named, and neither hangs nor fills the memory.
func TestOverrideSpecialFiles(t *testing.T) {
	tests := []struct {
		file  string
		spoil func(path string) error
		want  error
	}{
		{"base.html", func(p string) error { return os.Symlink("/dev/zero", p) }, content.ErrNotRegular},
		{"style.css", func(p string) error { return syscall.Mkfifo(p, 0o644) }, content.ErrNotRegular},
		{"i18n/nb.yaml", func(p string) error { return os.Symlink("/dev/zero", p) }, content.ErrNotRegular},
		{"i18n/nn.yaml", func(p string) error { return syscall.Mkfifo(p, 0o644) }, content.ErrNotRegular},
		{"history.html", func(p string) error {
			return os.WriteFile(p, []byte(strings.Repeat(" ", content.MaxTemplateSize+1)), 0o644)
		}, content.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, filepath.FromSlash(tt.file))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := tt.spoil(path); err != nil {
				t.Skip("cannot make the file:", err)
			}
			done := make(chan error, 1)
			go func() { _, err := Load(dir); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second): // a safety net for a pipe that blocks, not a measure
				t.Fatal("still loading after 30 s")
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), path+": ") {
				t.Errorf("got %v, want %v naming %s", err, tt.want, path)
			}
		})
	}
}
