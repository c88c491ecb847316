package diskcache

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"policysite/internal/procmem"
)

func TestPutGet(t *testing.T) {
	c, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	k := NewKey([]byte("rendering"), []byte("v1"), []byte("# Tittel"))
	if _, ok := c.Get(k); ok {
		t.Fatal("an empty cache had an entry")
	}
	want := []byte("<h1>Tittel</h1>")
	if err := c.Put(k, want); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Get(k)
	if !ok || !bytes.Equal(got, want) {
		t.Fatalf("Get = %q, %v; want %q", got, ok, want)
	}
	if err := c.Put(k, nil); err != nil { // an empty entry is an entry
		t.Fatal(err)
	}
	if got, ok := c.Get(k); !ok || len(got) != 0 {
		t.Fatalf("Get of an empty entry = %q, %v", got, ok)
	}
}

// An entry written as it is made, in bytes and in strings (some longer than
// the piece WriteString copies at a time), reads back as written, with
// its sum; and a large entry put whole too.
func TestWriteStrings(t *testing.T) {
	c, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	k := NewKey([]byte("entry"), []byte("v1"))
	w, err := c.Create(k)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	rng := rand.New(rand.NewPCG(4, 9))
	for i := range 40 {
		s := strings.Repeat(fmt.Sprintf("%d æ ", i), rng.IntN(3000))
		if i%2 == 0 {
			if n, err := w.WriteString(s); n != len(s) || err != nil {
				t.Fatalf("WriteString of %d bytes = %d, %v", len(s), n, err)
			}
		} else {
			w.Write([]byte(s))
		}
		want.WriteString(s)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(k); !ok || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("Get: %d bytes, %v; want %d bytes", len(got), ok, want.Len())
	}
	// Through a buffer smaller than the strings, which fill it again and
	// again.
	small := NewKey([]byte("small"), []byte("v1"))
	if w, err = c.create(small, header); err != nil {
		t.Fatal(err)
	}
	if n, err := w.WriteString(want.String()); n != want.Len() || err != nil {
		t.Fatalf("WriteString through a small buffer = %d, %v", n, err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(small); !ok || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("Get of an entry written through a small buffer: %d bytes, %v; want %d bytes", len(got), ok, want.Len())
	}
	large := NewKey([]byte("large"), []byte("v1"))
	if err := c.Put(large, want.Bytes()); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(large); !ok || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("Get of an entry put whole: %d bytes, %v; want %d bytes", len(got), ok, want.Len())
	}
}

// The parts of a key are kept apart: moving bytes from one part to the
// next, or changing the version, is another key.
func TestNewKey(t *testing.T) {
	keys := map[Key]string{}
	for _, parts := range [][]string{
		{"rendering", "v1", "ab", "c"},
		{"rendering", "v1", "a", "bc"},
		{"rendering", "v1", "abc"},
		{"rendering", "v2", "ab", "c"},
		{"diff", "v1", "ab", "c"},
	} {
		var bs [][]byte
		for _, p := range parts {
			bs = append(bs, []byte(p))
		}
		k := NewKey(bs...)
		if other, ok := keys[k]; ok {
			t.Errorf("%q and %q have the same key", parts, other)
		}
		keys[k] = strings.Join(parts, "|")
		if NewKey(bs...) != k {
			t.Errorf("%q: two keys", parts)
		}
	}
}

// An entry that is not whole, or not the one asked for, is a miss, and is
// removed; the next Put makes it good.
func TestBadEntries(t *testing.T) {
	data := []byte(strings.Repeat("Vi lagrer opplysningene i fem år. ", 100))
	for _, tt := range []struct {
		name  string
		spoil func(t *testing.T, c *Cache, k Key, file string)
	}{
		{"cut short", func(t *testing.T, c *Cache, k Key, file string) { truncate(t, file, 100) }},
		{"header only", func(t *testing.T, c *Cache, k Key, file string) { truncate(t, file, int64(header)) }},
		{"empty", func(t *testing.T, c *Cache, k Key, file string) { truncate(t, file, 0) }},
		{"a bit of the data flipped", func(t *testing.T, c *Cache, k Key, file string) { flip(t, file, header+500) }},
		{"a bit of the sum flipped", func(t *testing.T, c *Cache, k Key, file string) { flip(t, file, header-1) }},
		{"a bit of the key flipped", func(t *testing.T, c *Cache, k Key, file string) { flip(t, file, len(magic)) }},
		{"another format", func(t *testing.T, c *Cache, k Key, file string) { flip(t, file, 0) }},
		{"another entry under its name", func(t *testing.T, c *Cache, k Key, file string) {
			other := NewKey([]byte("other"))
			if err := c.Put(other, data); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(c.file(other), file); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			k := NewKey([]byte(tt.name))
			if err := c.Put(k, data); err != nil {
				t.Fatal(err)
			}
			tt.spoil(t, c, k, c.file(k))
			if got, ok := c.Get(k); ok {
				t.Fatalf("a spoilt entry was read: %d bytes", len(got))
			}
			if _, err := os.Stat(c.file(k)); err == nil {
				t.Error("the spoilt entry was left in the cache")
			}
			if err := c.Put(k, data); err != nil {
				t.Fatal(err)
			}
			if got, ok := c.Get(k); !ok || !bytes.Equal(got, data) {
				t.Error("the entry written again was not read")
			}
		})
	}
}

func truncate(t *testing.T, file string, size int64) {
	t.Helper()
	if err := os.Truncate(file, size); err != nil {
		t.Fatal(err)
	}
}

func flip(t *testing.T, file string, at int) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b[at] ^= 1
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Builds that share a cache write and read the same entries at once: each
// read is whole or a miss.
func TestConcurrent(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("0123456789"), 10_000)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			c, err := Open(dir) // a process of its own, as far as the cache can tell
			if err != nil {
				t.Error(err)
				return
			}
			for i := range 50 {
				k := NewKey([]byte{byte(i % 5)})
				if (w+i)%2 == 0 {
					if err := c.Put(k, data); err != nil {
						t.Error(err)
					}
				} else if got, ok := c.Get(k); ok && !bytes.Equal(got, data) {
					t.Errorf("a read of %d bytes that is not the entry", len(got))
				}
			}
		})
	}
	wg.Wait()
}

// Trim removes what was not used for five days, what a stopped build
// left, and looks again only a day later.
func TestTrim(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	old, used, fresh := NewKey([]byte("old")), NewKey([]byte("used")), NewKey([]byte("fresh"))
	for _, k := range []Key{old, used, fresh} {
		if err := c.Put(k, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	leftover := filepath.Join(filepath.Dir(c.file(old)), ".tmp-123")
	if err := os.WriteFile(leftover, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	long := now.Add(-Unused - time.Hour)
	for _, f := range []string{c.file(old), c.file(used), leftover} {
		if err := os.Chtimes(f, long, long); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := c.Get(used); !ok { // marks it used
		t.Fatal("no entry used")
	}
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	for f, want := range map[string]bool{c.file(old): false, leftover: false, c.file(used): true, c.file(fresh): true} {
		if _, err := os.Stat(f); (err == nil) != want {
			t.Errorf("%s: kept %v, want %v", filepath.Base(f), err == nil, want)
		}
	}
	// An hour later Trim does not look: an entry unused for long stays.
	if err := c.Put(old, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(c.file(old), long, long); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.file(old)); err != nil {
		t.Error("Trim looked again within a day")
	}
}

// Version is the build ID go tool buildid reads from the executable.
func TestVersion(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if got, want := string(Version()), strings.TrimSpace(string(out)); got != want {
		t.Errorf("Version() = %q, want go tool buildid's %q", got, want)
	}
}

// An entry written in pieces maps back whole; a spoilt one is not mapped,
// and goes.
func TestMap(t *testing.T) {
	// A small entry, mapped whole at once, and one larger than
	// ResidentMax, whose sum is taken a piece at a time.
	for _, data := range [][]byte{bytes.Repeat([]byte("Vi lagrer opplysningene i fem år. "), 3000), large()} {
		t.Run(fmt.Sprint(len(data)), func(t *testing.T) { testMap(t, data) })
	}
}

// large is an entry's data larger than ResidentMax, not a page's multiple,
// and unlike itself, so that a piece of it cannot stand for another.
func large() []byte {
	data := make([]byte, ResidentMax+3*os.Getpagesize()+123)
	chacha := rand.NewChaCha8([32]byte{1, 2})
	chacha.Read(data)
	return data
}

func testMap(t *testing.T, data []byte) {
	for _, tt := range []struct {
		name  string
		spoil func(t *testing.T, file string)
		ok    bool
	}{
		{"whole", func(*testing.T, string) {}, true},
		{"cut short", func(t *testing.T, file string) { truncate(t, file, int64(header+len(data)-1)) }, false},
		{"cut to less than a header", func(t *testing.T, file string) { truncate(t, file, int64(header-1)) }, false},
		{"a bit of the data flipped", func(t *testing.T, file string) { flip(t, file, header+len(data)-1) }, false},
		{"a bit of the first data flipped", func(t *testing.T, file string) { flip(t, file, header) }, false},
		{"a bit of the length flipped", func(t *testing.T, file string) { flip(t, file, lengthAt) }, false},
		{"a byte more", func(t *testing.T, file string) {
			f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.Write([]byte{0})
			f.Close()
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			k := NewKey([]byte(tt.name))
			w, err := c.Create(k)
			if err != nil {
				t.Fatal(err)
			}
			for p := data; len(p) > 0; p = p[min(len(p), 7777):] {
				w.Write(p[:min(len(p), 7777)])
			}
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
			tt.spoil(t, c.file(k))
			got, release, ok := c.Map(k)
			if ok != tt.ok {
				t.Fatalf("Map: %v, want %v", ok, tt.ok)
			}
			if !ok {
				if _, err := os.Stat(c.file(k)); err == nil {
					t.Error("the spoilt entry was left in the cache")
				}
				return
			}
			defer release()
			if !bytes.Equal(got, data) {
				t.Errorf("mapped %d bytes, not the %d written", len(got), len(data))
			}
		})
	}
}

// An entry begun and dropped leaves nothing.
func TestAbort(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k := NewKey([]byte("dropped"))
	w, err := c.Create(k)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("half"))
	w.Abort()
	if _, ok := c.Get(k); ok {
		t.Error("a dropped entry was read")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(c.file(k)), "*"))
	if len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// A large entry's pages do not stay with the process once Map has taken
// its sum, nor once Forget lets them go after a read: mapped whole, the
// entry of 10,000 revisions made a rebuild's peak 2 GB.
func TestMapLeavesLargeEntryOut(t *testing.T) {
	if !Mapped || runtime.GOOS != "linux" {
		t.Skip("entries are let go only where Linux maps them")
	}
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := large()
	k := NewKey([]byte("large"))
	if err := c.Put(k, data); err != nil {
		t.Fatal(err)
	}
	before := procmem.MappedResident(t)
	got, release, ok := c.Map(k)
	if !ok {
		t.Fatal("Map: no entry")
	}
	defer release()
	if n := procmem.MappedResident(t) - before; n > 4<<20 {
		t.Errorf("%d kB of the %d kB entry stay with the process after Map", n>>10, len(data)>>10)
	}
	if !bytes.Equal(got, data) {
		t.Fatal("the mapped data is not the data put")
	}
	if n := procmem.MappedResident(t) - before; n < len(data)/2 {
		t.Fatalf("only %d kB resident after reading %d kB: the test cannot see the mapping", n>>10, len(data)>>10)
	}
	Forget(got)
	if n := procmem.MappedResident(t) - before; n > 4<<20 {
		t.Errorf("%d kB of the entry stay with the process after Forget", n>>10)
	}
	if !bytes.Equal(got, data) {
		t.Error("the data read again after Forget is not the data put")
	}
}
