package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
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
	for _, c := range []struct {
		name string
		size int64
		env  map[string]string
		want bool
	}{
		{"small", 30 << 10, nil, true},
		{"at the bound", smallSite, nil, true},
		{"large", smallSite + 1, nil, false},
		{"GOGC set", 30 << 10, map[string]string{"GOGC": "100"}, false},
		{"GOMEMLIMIT set", 30 << 10, map[string]string{"GOMEMLIMIT": "1GiB"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
			defer func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) }()
			got := tuneGC(site(t, c.size), func(k string) string { return c.env[k] })
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
