package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// copyCorpus copies ../shared/corpora/github-privacy into a folder of the
// benchmark's own, which it may edit.
func copyCorpus(b *testing.B) string {
	src := "../../../shared/corpora/github-privacy"
	if _, err := os.Stat(src); err != nil {
		b.Skip("../shared/corpora is absent")
	}
	dst := b.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	return dst
}

func corpusServer(b *testing.B) (*Server, string) {
	dir := copyCorpus(b)
	s := New(Options{Source: dir, Clock: testDay})
	if _, err := s.Rebuild(); err != nil {
		b.Fatal(err)
	}
	return s, dir
}

// BenchmarkRebuildNothingChanged is serve's rebuild when a file was saved
// without a change.
func BenchmarkRebuildNothingChanged(b *testing.B) {
	s, _ := corpusServer(b)
	for b.Loop() {
		if _, err := s.Rebuild(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildEditNewest is serve's rebuild after an edit of the newest
// revision of the corpus, the one in force.
func BenchmarkRebuildEditNewest(b *testing.B) {
	s, dir := corpusServer(b)
	files, _ := filepath.Glob(filepath.Join(dir, "content", "privacy", "*.md"))
	newest := files[len(files)-1]
	orig, err := os.ReadFile(newest)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		if err := os.WriteFile(newest, append(append([]byte{}, orig...), fmt.Sprintf("\nEdit %d.\n", i)...), 0o644); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Rebuild(); err != nil {
			b.Fatal(err)
		}
	}
}
