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
	small, large := settings{gcPercent, coldLimit}, settings{100, largeLimit}
	for _, c := range []struct {
		name string
		size int64
		env  map[string]string
		want settings // the default where not tuned
		site func(t *testing.T, size int64) string
	}{
		{"a linked folder, small", 30 << 10, nil, small, linked},
		{"a linked folder, large", smallSite, nil, large, linked},
		{"small", 30 << 10, nil, small, nil},
		{"at the bound", smallSite, nil, small, nil},
		{"large", smallSite + 1, nil, large, nil},
		{"GOGC set", 30 << 10, map[string]string{"GOGC": "100"}, defaults, nil},
		{"GOMEMLIMIT set", 30 << 10, map[string]string{"GOMEMLIMIT": "1GiB"}, defaults, nil},
		{"GOGC set, large", smallSite + 1, map[string]string{"GOGC": "200"}, defaults, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !diskcache.Mapped {
				c.want = defaults // entries read into the heap: never tuned
			}
			percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
			defer func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) }()
			mk := site
			if c.site != nil {
				mk = c.site
			}
			got := tuneGC(mk(t, c.size), func(k string) string { return c.env[k] }, nil)
			if got != (c.want != defaults) {
				t.Fatalf("tuneGC = %v, want %v", got, c.want != defaults)
			}
			if s := (settings{debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)}); s != c.want {
				t.Fatalf("after tuneGC: %+v, want %+v", s, c.want)
			}
		})
	}
}

// settings are the collector's: GOGC and GOMEMLIMIT.
type settings struct {
	percent int
	limit   int64
}

var defaults = settings{100, math.MaxInt64}

// A small site's build works under coldLimit until the disk cache maps an
// entry, which takes room beside the heap; then under gcLimit.
func TestTuneGCMapped(t *testing.T) {
	if !diskcache.Mapped {
		t.Skip("entries are read into the heap here: never tuned")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "content", "privacy", "2026-01-01.md")
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte("# Tittel\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	disk, err := diskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key := diskcache.NewKey([]byte("an entry"))
	if err := disk.Put(key, []byte("its data")); err != nil {
		t.Fatal(err)
	}
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	defer func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) }()
	if !tuneGC(dir, func(string) string { return "" }, disk) {
		t.Fatal("a small site's build is not tuned")
	}
	if got := debug.SetMemoryLimit(-1); got != coldLimit {
		t.Fatalf("before an entry is mapped: limit %d, want %d", got, coldLimit)
	}
	if _, ok := disk.Get(key); !ok {
		t.Fatal("no entry")
	}
	if got := debug.SetMemoryLimit(-1); got != coldLimit {
		t.Fatalf("after an entry read, not mapped: limit %d, want %d", got, coldLimit)
	}
	_, release, ok := disk.Map(key)
	if !ok {
		t.Fatal("the entry is not mapped")
	}
	release()
	if got := debug.SetMemoryLimit(-1); got != gcLimit {
		t.Fatalf("after an entry mapped: limit %d, want %d", got, gcLimit)
	}
}
