package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"policysite/generator/diskcache"
)

func TestTuneGC(t *testing.T) {
	site := func(t *testing.T, size int64) string {
		dir := t.TempDir()
		f := filepath.Join(dir, "content", "privacy", "2026-01-01.md")
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(f, size); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	// A document's folder linked from elsewhere counts as the loading
	// reads it.
	linked := func(t *testing.T, size int64) string {
		dir := site(t, 1<<10)
		elsewhere := site(t, size)
		if err := os.Symlink(filepath.Join(elsewhere, "content", "privacy"), filepath.Join(dir, "content", "vilkaar")); err != nil {
			t.Skip("cannot make a symbolic link:", err)
		}
		return dir
	}
	for _, c := range []struct {
		name string
		size int64
		env  map[string]string
		want bool
		site func(t *testing.T, size int64) string
	}{
		{"a linked folder, small", 30 << 10, nil, true, linked},
		{"a linked folder, large", smallSite, nil, false, linked},
		{"small", 30 << 10, nil, true, nil},
		{"at the bound", smallSite, nil, true, nil},
		{"large", smallSite + 1, nil, false, nil},
		{"GOGC set", 30 << 10, map[string]string{"GOGC": "100"}, false, nil},
		{"GOMEMLIMIT set", 30 << 10, map[string]string{"GOMEMLIMIT": "1GiB"}, false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !diskcache.Mapped {
				c.want = false // entries read into the heap: never tuned
			}
			percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
			defer func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) }()
			mk := site
			if c.site != nil {
				mk = c.site
			}
			got := tuneGC(mk(t, c.size), func(k string) string { return c.env[k] })
			if got != c.want {
				t.Fatalf("tuneGC = %v, want %v", got, c.want)
			}
			p, l := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
			if c.want && (p != gcPercent || l != gcLimit) || !c.want && (p != 100 || l != math.MaxInt64) {
				t.Fatalf("after tuneGC (%v): GOGC %d, limit %d", got, p, l)
			}
		})
	}
}
