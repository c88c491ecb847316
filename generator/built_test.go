package generator

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"policysite/generator/content"
	"policysite/generator/diskcache"
	"policysite/generator/theme"
	"policysite/internal/sitegen"
)

// corpusDir is the corpus the tests read where it is present.
const corpusDir = "../../shared/corpora/github-privacy"

// buildDay builds source into a new folder for day, with the disk cache
// (nil for none), and returns the files.
func buildDay(t *testing.T, source string, day string, preview bool, disk *diskcache.Cache) map[string][]byte {
	t.Helper()
	d, err := time.Parse(content.DateLayout, day)
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: source, Dest: dest, Clock: content.Clock{Day: d, Real: d}, Preview: preview, DiskCache: disk}); err != nil {
		t.Fatal(err)
	}
	return treeOf(t, dest)
}

func sameTree(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if !maps.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) }) {
		var differ []string
		for name := range maps.Keys(want) {
			if string(got[name]) != string(want[name]) {
				differ = append(differ, name)
			}
		}
		for name := range maps.Keys(got) {
			if _, ok := want[name]; !ok {
				differ = append(differ, name+" (extra)")
			}
		}
		slices.Sort(differ)
		t.Errorf("%s: %d files differ from a build without the cache, such as %v", what, len(differ), differ[:min(5, len(differ))])
	}
}

// demoWithCache returns a copy of the demo, to change, and an empty disk
// cache.
func demoWithCache(t *testing.T) (string, *diskcache.Cache) {
	t.Helper()
	site := t.TempDir()
	copyTree(t, "../examples/demo", site)
	disk, err := diskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return site, disk
}

// A build the disk cache answers is the build made without it, byte for
// byte; so is one that finds the cache kept for another day, another
// option, other content or another theme.
func TestDiskCacheSameOutput(t *testing.T) {
	sites := []string{"../examples/demo"}
	if _, err := os.Stat(corpusDir); err != nil {
		t.Logf("%s is absent: the demo alone", corpusDir)
	} else if testing.Short() {
		t.Log("-short: the demo alone, not the corpus")
	} else {
		sites = append(sites, corpusDir)
	}
	for _, src := range sites {
		t.Run(filepath.Base(src), func(t *testing.T) {
			disk, err := diskcache.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			cold := buildDay(t, src, "2026-11-26", false, nil)
			sameTree(t, "the build that fills the cache", buildDay(t, src, "2026-11-26", false, disk), cold)
			sameTree(t, "the build the cache answers", buildDay(t, src, "2026-11-26", false, disk), cold)
			if src == corpusDir {
				return // the other keys are the demo's to try: it has more states
			}
			sameTree(t, "another day", buildDay(t, src, "2027-02-01", false, disk), buildDay(t, src, "2027-02-01", false, nil))
			sameTree(t, "a preview", buildDay(t, src, "2026-11-26", true, disk), buildDay(t, src, "2026-11-26", true, nil))
			sameTree(t, "the first day again", buildDay(t, src, "2026-11-26", false, disk), cold)
		})
	}
}

// Everything a loaded site holds can be hashed: a field valuehash refuses
// (a func) would leave every build to be made anew, silently.
func TestBuiltKey(t *testing.T) {
	for _, src := range []string{"../examples/demo", ".."} {
		day, _ := time.Parse(content.DateLayout, "2026-11-26")
		l, err := LoadChecked(src, content.Clock{Day: day, Real: day})
		if err != nil {
			t.Fatal(err)
		}
		a, err := builtKey(l, false)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if b, _ := builtKey(l, true); a == b {
			t.Errorf("%s: a preview has the key of the site", src)
		}
	}
}

// The theme's static files are taken from the theme, not kept again: the
// compare page's WebAssembly would be a fifth of each kept build.
func TestDiskCacheKeepsNoThemeFile(t *testing.T) {
	dir := t.TempDir()
	disk, err := diskcache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := buildDay(t, "../examples/demo", "2026-11-26", false, disk)
	wasm := files[theme.CompareWasm]
	if len(wasm) < 1<<20 {
		t.Fatalf("the site's %s is %d bytes: is it still the theme's?", theme.CompareWasm, len(wasm))
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "??", "*"))
	for _, e := range entries {
		b, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, wasm[len(wasm)/2:len(wasm)/2+4096]) {
			t.Errorf("%s holds the theme's %s", filepath.Base(e), theme.CompareWasm)
		}
	}
	sameTree(t, "the build the cache answers", buildDay(t, "../examples/demo", "2026-11-26", false, disk), files)
}

// A change of a revision's text, of site.yaml or of the theme is a build
// made anew, never the one kept.
func TestDiskCacheSeesChanges(t *testing.T) {
	site, disk := demoWithCache(t)
	newest := filepath.Join(site, "content", "personvern", "2027-01-15.md")
	text, err := os.ReadFile(newest)
	if err != nil {
		t.Fatal(err)
	}
	for _, change := range []struct {
		name string
		do   func(t *testing.T)
	}{
		{"a new revision", func(t *testing.T) {
			next := strings.Replace(strings.Replace(string(text), "published: 2026-11-01", "published: 2026-11-20", 1), "leverer fjernvarme", "leverer fjernvarme og kjøling", 1)
			sitegen.FilesIn(t, site, map[string]string{"content/personvern/2027-03-01.md": next})
		}},
		{"site.yaml", func(t *testing.T) {
			replaceIn(t, filepath.Join(site, "site.yaml"), "– personvern\"", "– personvernet\"")
		}},
		{"the theme", func(t *testing.T) {
			sitegen.FilesIn(t, site, map[string]string{"templates/style.css": "body { color: #111; }\n"})
		}},
	} {
		t.Run(change.name, func(t *testing.T) {
			buildDay(t, site, "2026-11-26", false, disk) // kept
			change.do(t)
			sameTree(t, "after the change", buildDay(t, site, "2026-11-26", false, disk), buildDay(t, site, "2026-11-26", false, nil))
		})
	}
}

func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A cache spoilt on disk (a byte of every entry changed, entries cut short,
// entries swapped) gives the build made without it, and is mended.
func TestDiskCacheSpoilt(t *testing.T) {
	src := "../examples/demo"
	cold := buildDay(t, src, "2026-11-26", false, nil)
	for _, spoil := range []struct {
		name string
		do   func(t *testing.T, entries []string)
	}{
		{"a byte of each entry", func(t *testing.T, entries []string) {
			for _, e := range entries {
				b, err := os.ReadFile(e)
				if err != nil {
					t.Fatal(err)
				}
				b[len(b)/2] ^= 0x20
				if err := os.WriteFile(e, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"each entry cut short", func(t *testing.T, entries []string) {
			for _, e := range entries {
				info, err := os.Stat(e)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.Truncate(e, info.Size()*2/3); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"entries swapped", func(t *testing.T, entries []string) {
			for i := 0; i+1 < len(entries); i += 2 {
				a, b := entries[i], entries[i+1]
				tmp := a + ".swap"
				for _, mv := range [][2]string{{a, tmp}, {b, a}, {tmp, b}} {
					if err := os.Rename(mv[0], mv[1]); err != nil {
						t.Fatal(err)
					}
				}
			}
		}},
		{"each entry emptied", func(t *testing.T, entries []string) {
			for _, e := range entries {
				if err := os.Truncate(e, 0); err != nil {
					t.Fatal(err)
				}
			}
		}},
	} {
		t.Run(spoil.name, func(t *testing.T) {
			dir := t.TempDir()
			disk, err := diskcache.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			buildDay(t, src, "2026-11-26", false, disk)
			entries, err := filepath.Glob(filepath.Join(dir, "??", "*"))
			if err != nil || len(entries) < 2 {
				t.Fatalf("the build kept %d entries (%v)", len(entries), err)
			}
			slices.Sort(entries)
			spoil.do(t, entries)
			sameTree(t, "with a spoilt cache", buildDay(t, src, "2026-11-26", false, disk), cold)
			// Mended: every entry is whole again.
			mended, _ := filepath.Glob(filepath.Join(dir, "??", "*"))
			if len(mended) != len(entries) {
				t.Errorf("%d entries after the build, %d before", len(mended), len(entries))
			}
			sameTree(t, "with the mended cache", buildDay(t, src, "2026-11-26", false, disk), cold)
		})
	}
}

// An entry that is whole (its CRC-32C right) but is no build, as a bug or
// another format would leave, is made anew, not reported to the reader.
func TestDiskCacheEntryNotABuild(t *testing.T) {
	src := "../examples/demo"
	cold := buildDay(t, src, "2026-11-26", false, nil)
	disk, err := diskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	day, _ := time.Parse(content.DateLayout, "2026-11-26")
	l, err := LoadChecked(src, content.Clock{Day: day, Real: day})
	if err != nil {
		t.Fatal(err)
	}
	key, err := builtKey(l, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, junk := range [][]byte{{0xff, 0xff, 0xff}, {3, 'a', '/', 'b', 200}, {}} {
		if err := disk.Put(key, junk); err != nil {
			t.Fatal(err)
		}
		sameTree(t, fmt.Sprintf("with %q kept as the build", junk), buildDay(t, src, "2026-11-26", false, disk), cold)
	}
	sameTree(t, "with the build kept again", buildDay(t, src, "2026-11-26", false, disk), cold)
}

// A build that misses the kept build (another day, a new revision) writes
// the pages the build before made as it made them, and makes the others:
// the site is the one made without the cache, byte for byte.
func TestKeptPages(t *testing.T) {
	site, disk := demoWithCache(t)
	build := func(day string, disk *diskcache.Cache) (*Result, map[string][]byte) {
		t.Helper()
		d, _ := time.Parse(content.DateLayout, day)
		dest := filepath.Join(t.TempDir(), "public")
		res, err := Build(Options{Source: site, Dest: dest, Clock: content.Clock{Day: d, Real: d}, DiskCache: disk})
		if err != nil {
			t.Fatal(err)
		}
		return res, treeOf(t, dest)
	}
	if res, _ := build("2026-11-26", disk); res.Kept != 0 {
		t.Errorf("the first build kept %d pages from none before", res.Kept)
	}
	// record makes the publishing build of day, which puts what is new on
	// record; without the cache, which it leaves as it was.
	record := func(day string) {
		t.Helper()
		d, _ := time.Parse(content.DateLayout, day)
		if _, err := Build(Options{Source: site, Dest: filepath.Join(t.TempDir(), "public"), Clock: content.Clock{Day: d, Real: d}, Record: true}); err != nil {
			t.Fatal(err)
		}
	}
	for _, next := range []struct {
		name, day string
		change    func(t *testing.T)
	}{
		{"the next day", "2026-11-27", nil},
		{"a new revision", "2026-11-27", func(t *testing.T) {
			sitegen.FilesIn(t, site, map[string]string{"content/personvern/2027-03-01.md": "---\ntitle: Personvernerklæring\nsummary: Vi leverer også kjøling.\npublished: 2026-11-27\n---\n\n# Personvernerklæring\n\nAkershus Energi Varme leverer fjernvarme og kjøling.\n"})
		}},
		{"its text changed, nothing else", "2026-11-27", func(t *testing.T) {
			// Its pages' titles and summaries stay as they were: the
			// text's hash and its rendering tell them apart (TestPageKey
			// in package pages, the rendering alone).
			replaceIn(t, filepath.Join(site, "content/personvern/2027-03-01.md"), "og kjøling", "og fjernkjøling")
		}},
		{"a month on", "2026-12-27", nil},
		// The revision in force changes: every page names it, and the
		// comparisons with it are new. The new revision went on record
		// the day it was published.
		{"the day the new revision takes effect", "2027-03-01", func(t *testing.T) { record("2026-11-27") }},
		{"a revision in force at once", "2027-03-15", func(t *testing.T) {
			sitegen.FilesIn(t, site, map[string]string{"content/personvern/2027-03-15.md": "---\ntitle: Personvernerklæring\nsummary: Rettet en skrivefeil.\nreason: editorial\n---\n\n# Personvernerklæring\n\nAkershus Energi Varme leverer fjernvarme og fjernkjøling til kundene.\n"})
			record("2027-03-15")
		}},
	} {
		if next.change != nil {
			next.change(t)
		}
		res, got := build(next.day, disk)
		if res.Kept == 0 || next.change != nil && res.Kept >= res.Pages {
			t.Errorf("%s: %d of %d pages kept from the build before", next.name, res.Kept, res.Pages)
		}
		_, want := build(next.day, nil)
		sameTree(t, next.name, got, want)
	}
}

// pageRecorder keeps the pages a build writes by their keys, and fails the
// test when two pages of one key differ.
type pageRecorder struct {
	t     *testing.T
	mu    sync.Mutex
	pages map[[32]byte][]byte
	n     int
}

func (r *pageRecorder) Write(name string, _ []byte) error {
	if strings.HasSuffix(name, "/text.json") {
		r.t.Errorf("%s: a revision's text, written with no key", name)
	}
	return nil
}

func (r *pageRecorder) KeepFragment([32]byte, string) {}

func (r *pageRecorder) KeepKeptFragment([32]byte, *keptPages) {}

func (r *pageRecorder) WritePage(name string, key [32]byte, data []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !strings.HasSuffix(name, "/text.json") {
		r.n++
	}
	if was, ok := r.pages[key]; ok && !bytes.Equal(was, data) {
		r.t.Errorf("%s: its key is a page's with other bytes", name)
	}
	r.pages[key] = bytes.Clone(data)
	return nil
}

// A page's key tells it from every other page: pages of one key, made
// for other days, with a preview or in another site's state, are the same
// bytes; and every page, and every revision's text.json, has a key, or the
// cache would make it anew each time, silently.
func TestPageKeys(t *testing.T) {
	rec := &pageRecorder{t: t, pages: map[[32]byte][]byte{}}
	for _, day := range []string{"2026-11-26", "2026-12-14", "2027-01-14", "2027-01-15", "2027-02-01", "2027-06-01"} {
		for _, preview := range []bool{false, true} {
			d, _ := time.Parse(content.DateLayout, day)
			l, err := LoadChecked("../examples/demo", content.Clock{Day: d, Real: d})
			if err != nil {
				t.Fatal(err)
			}
			rec.n = 0
			res, err := Generate(l, rec, GenerateOptions{Preview: preview})
			if err != nil {
				t.Fatal(err)
			}
			if rec.n != res.Pages {
				t.Errorf("%s, preview %t: %d of %d pages keyed", day, preview, rec.n, res.Pages)
			}
		}
	}
	if len(rec.pages) < 100 {
		t.Errorf("%d distinct pages in all the builds: the keys tell too few apart", len(rec.pages))
	}
}

// A build that keeps most pages of the build before keeps an entry that
// names that build's as its base (entry.go), not its files' bytes again;
// it is replayed as the build without the cache, and a base that is gone
// leaves the build to be made, the same.
func TestDeltaEntries(t *testing.T) {
	src := "../examples/demo"
	dir := t.TempDir()
	disk, err := diskcache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	entries := func() map[string]int64 { return entryFiles(dir) }
	buildDay(t, src, "2026-11-26", false, disk)
	before := entries()
	var base string
	for f, n := range before {
		if base == "" || n > before[base] {
			base = f
		}
	}
	want := buildDay(t, src, "2026-11-27", false, nil)
	sameTree(t, "the next day", buildDay(t, src, "2026-11-27", false, disk), want)
	var grown int64
	for f, n := range entries() {
		if _, ok := before[f]; !ok {
			grown += n
		}
	}
	if grown*4 > before[base] {
		t.Errorf("the next day kept %d bytes of entries; the build before's whole is %d", grown, before[base])
	}
	sameTree(t, "the next day replayed", buildDay(t, src, "2026-11-27", false, disk), want)
	if err := os.Remove(base); err != nil {
		t.Fatal(err)
	}
	sameTree(t, "the next day, its base gone", buildDay(t, src, "2026-11-27", false, disk), want)
}

// An entry that names itself as its base, or two that name each other,
// as builds of one site at once could leave them, are refused at once,
// not read through one another: the build is made, the same.
func TestDeltaEntriesNamingThemselves(t *testing.T) {
	disk, err := diskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a, b := diskcache.NewKey([]byte("a")), diskcache.NewKey([]byte("b"))
	entry := func(base diskcache.Key) []byte {
		var e []byte
		for _, p := range [][]byte{[]byte(baseName), base[:], []byte(samePrefix + "index.html"), nil} {
			e = binary.AppendUvarint(e, uint64(len(p)))
			e = append(e, p...)
		}
		return e
	}
	for _, c := range []struct {
		name  string
		names map[diskcache.Key]diskcache.Key
	}{
		{"itself", map[diskcache.Key]diskcache.Key{a: a}},
		{"each other", map[diskcache.Key]diskcache.Key{a: b, b: a}},
	} {
		for k, base := range c.names {
			if err := disk.Put(k, entry(base)); err != nil {
				t.Fatal(err)
			}
		}
		// Refused as out of place, not once the mappings ran out.
		if e, err := readBuilt(disk, a); e != nil || err == nil || !strings.Contains(err.Error(), "a base out of place") {
			t.Errorf("%s: read (%v), want refused as naming a base out of place", c.name, err)
		}
	}
}

// The last build, looked for while the site loads (lookEarly), is what a
// build keeps pages from; looked for under another key than the loaded
// site's (its site.yaml read otherwise before), it is let go and looked
// for again; found whole for the same build, it is replayed.
func TestEarlyLast(t *testing.T) {
	site, disk := demoWithCache(t)
	generate := func(on string, early func() *earlyLast) (*Result, map[string][]byte) {
		t.Helper()
		l, err := LoadChecked(site, day(on))
		if err != nil {
			t.Fatal(err)
		}
		var mem Files
		res, err := generateKept(l, &mem, Options{DiskCache: disk}, early())
		if err != nil {
			t.Fatal(err)
		}
		return res, mem.Map()
	}
	right := func() *earlyLast { return lookEarly(disk, site, false) }
	if res, _ := generate("2026-11-26", right); res.Kept != 0 {
		t.Fatalf("the first build kept %d pages from none before", res.Kept)
	}
	elsewhere := func() *earlyLast {
		e := &earlyLast{key: lastKeyOf("https://elsewhere.example/", false), done: make(chan struct{})}
		close(e.done)
		return e
	}
	for _, c := range []struct {
		name, day string
		early     func() *earlyLast
	}{
		{"looked for", "2026-11-27", right},
		{"looked for elsewhere", "2026-11-28", elsewhere},
		{"none looked for", "2026-11-29", func() *earlyLast { return nil }},
		{"the same build", "2026-11-29", right},
	} {
		res, got := generate(c.day, c.early)
		if res.Kept == 0 || c.name == "the same build" && res.Kept != res.Pages {
			t.Errorf("%s: %d of %d pages kept from the build before", c.name, res.Kept, res.Pages)
		}
		l, err := LoadChecked(site, day(c.day))
		if err != nil {
			t.Fatal(err)
		}
		var mem Files
		if _, err := Generate(l, &mem, GenerateOptions{}); err != nil {
			t.Fatal(err)
		}
		sameTree(t, c.name, got, mem.Map())
	}
	// A build replayed whole is the last build after it, whatever the
	// pointer to the last said before.
	l, err := LoadChecked(site, day("2026-11-29"))
	if err != nil {
		t.Fatal(err)
	}
	last := lastKey(l, false)
	if err := disk.Put(last, make([]byte, 32)); err != nil {
		t.Fatal(err)
	}
	if res, _ := generate("2026-11-29", right); res.Kept != res.Pages {
		t.Fatalf("not replayed: %d of %d pages kept", res.Kept, res.Pages)
	}
	key, err := builtKey(l, false)
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := disk.Get(last); !ok || string(b) != string(key[:]) {
		t.Error("after a build replayed, the last build is not it")
	}
}

// A build the same as the last is replayed from the entry the early look
// mapped, not looked for again: with the entry's file gone meanwhile, it
// is still written as the last build made it, and not kept again. What
// an early look found under another key is let go.
func TestEarlyLastReplayed(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../examples/demo", site)
	dir := t.TempDir()
	disk, err := diskcache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := LoadChecked(site, day("2026-11-26"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := builtKey(l, false) // before the build drops the texts
	if err != nil {
		t.Fatal(err)
	}
	var first Files
	if _, err := generateKept(l, &first, Options{DiskCache: disk}, lookEarly(disk, site, false)); err != nil {
		t.Fatal(err)
	}
	entry := filepath.Join(dir, key.String()[:2], key.String())
	if _, err := os.Stat(entry); err != nil {
		t.Fatalf("the build's entry: %v", err)
	}

	// Found under another key: let go, its mapping released.
	other := &earlyLast{key: lastKeyOf("https://elsewhere.example/", false), done: make(chan struct{}), kept: lastPages(disk, lastKey(l, false))}
	close(other.done)
	if other.kept == nil {
		t.Fatal("no last build to find")
	}
	found := other.kept
	if kept, looked := other.take(lastKey(l, false)); kept != nil || looked {
		t.Error("what was looked for under another key was taken")
	}
	if found.entry.unmap != nil {
		t.Error("what was looked for under another key is still mapped")
	}

	early := lookEarly(disk, site, false)
	<-early.done
	if early.kept == nil {
		t.Fatal("the early look found no last build")
	}
	if err := os.Remove(entry); err != nil {
		t.Fatal(err)
	}
	l, err = LoadChecked(site, day("2026-11-26"))
	if err != nil {
		t.Fatal(err)
	}
	var again Files
	res, err := generateKept(l, &again, Options{DiskCache: disk}, early)
	if err != nil {
		t.Fatal(err)
	}
	if res.Kept != res.Pages {
		t.Errorf("%d of %d pages kept", res.Kept, res.Pages)
	}
	sameTree(t, "replayed from the early look", again.Map(), first.Map())
	if _, err := os.Stat(entry); err == nil {
		t.Error("the build was made and kept again, not replayed from what the early look mapped")
	}
}

// A compare page lists the revisions between its two (pages.DiffInfo.
// Between): a revision between that changes, wherever it is in the list,
// changes the pages that list it, as a build without the cache makes them.
// (Its text changed, the newer revision's chain changes too; TestPageKey-
// Between in package pages checks that the list alone changes the key.)
func TestDiskCacheSeesBetween(t *testing.T) {
	site := t.TempDir()
	bodies := []string{"# Personvern\n\nVi leverer fjernvarme.\n"}
	for range 8 {
		bodies = append(bodies, sitegen.Edit(bodies[len(bodies)-1]))
	}
	if err := sitegen.WriteRevisions(site, bodies...); err != nil {
		t.Fatal(err)
	}
	disk, err := diskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	day := content.Clock{Day: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
	day.Real = day.Day
	build := func(disk *diskcache.Cache) (*Result, map[string][]byte) {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		res, err := Build(Options{Source: site, Dest: dest, Clock: day, DiskCache: disk})
		if err != nil {
			t.Fatal(err)
		}
		return res, treeOf(t, dest)
	}
	const compare = "personvern/compare/2000-01-01/2008-01-01/index.html"
	_, before := build(disk)
	if _, ok := before[compare]; !ok {
		t.Fatalf("no %s", compare)
	}
	for i := 1; i < len(bodies)-1; i++ {
		what := fmt.Sprintf("revision %d's summary changed", i)
		replaceIn(t, filepath.Join(site, "content", "personvern", fmt.Sprintf("%d-01-01.md", 2000+i)), fmt.Sprintf("Versjon %d.", i), fmt.Sprintf("Versjon %d, rettet.", i))
		res, got := build(disk)
		if res.Kept == 0 {
			t.Errorf("%s: no page kept from the build before", what)
		}
		if string(got[compare]) == string(before[compare]) {
			t.Errorf("%s: %s did not", what, compare)
		}
		_, want := build(nil)
		sameTree(t, what, got, want)
		before = got
	}
}

// A build on the one before keeps the parts of pages (the section
// histories' diffs, the revisions' clauses) that its base holds under
// the same keys as names of them, not their bytes again, and those its
// base lacks, read from the last build, whole; the builds after it, which
// read them through it, are the builds made without the cache. One that
// names a part its base does not hold is refused.
func TestDeltaEntriesNameParts(t *testing.T) {
	site, dir := t.TempDir(), t.TempDir()
	copyTree(t, "../examples/demo", site)
	disk, err := diskcache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// build builds day with the cache, checks it is the build without,
	// and returns the entry it kept on a base.
	build := func(day string) *builtEntry {
		t.Helper()
		before := entryFiles(dir)
		sameTree(t, day, buildDay(t, site, day, false, disk), buildDay(t, site, day, false, nil))
		var delta *builtEntry
		for f := range entryFiles(dir) {
			var key diskcache.Key
			if _, ok := before[f]; ok || hex.DecodedLen(len(filepath.Base(f))) != len(key) {
				continue
			}
			if _, err := hex.Decode(key[:], []byte(filepath.Base(f))); err != nil {
				continue
			}
			if e, _ := readBuilt(disk, key); e != nil && e.base != nil && delta == nil {
				delta = e
			} else {
				e.release()
			}
		}
		if delta == nil {
			t.Fatalf("%s: no entry kept on a base", day)
		}
		t.Cleanup(delta.release)
		return delta
	}
	buildDay(t, site, "2026-11-26", false, disk)
	// A revision added: its parts are new, and the day's entry holds them.
	addRevision(t, site)
	added := build("2026-11-27")
	parts := partRecords(t, added)
	var named, held int
	for _, n := range parts {
		if n {
			named++
		} else {
			held++
		}
	}
	if held == 0 || named < 4*held {
		t.Errorf("after a revision added, the entry names %d parts of pages its base holds and holds %d itself; want the new ones held, and most named", named, held)
	}
	if len(added.parts) != len(parts) {
		t.Errorf("read, the entry has %d parts; it names %d and holds %d", len(added.parts), named, held)
	}
	for key, data := range added.parts {
		if b, ok := added.base.parts[key]; ok && string(b) != string(data) {
			t.Errorf("part %x: read through the entry, not its base's bytes", key[:4])
		}
	}
	// A build that keeps every page (site.yaml changed by a comment alone:
	// another build, the same pages) builds on the same base: the parts the
	// build before held are held again, read from its entry.
	config, err := os.ReadFile(filepath.Join(site, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sitegen.FilesIn(t, site, map[string]string{"site.yaml": string(config) + "# a comment\n"})
	after := build("2026-11-27")
	if after.base.key != added.base.key {
		t.Fatal("the entry after is on another base")
	}
	again := partRecords(t, after)
	for key, n := range parts {
		if m, ok := again[key]; !n && (!ok || m) {
			t.Errorf("part %x, held by the build before: the entry after lacks it (%v, named %v)", key[:4], ok, m)
		}
	}
	build("2026-11-28")

	// An entry naming a part its base does not hold.
	base, bad := diskcache.NewKey([]byte("base")), diskcache.NewKey([]byte("bad"))
	var e []byte
	for _, p := range [][]byte{[]byte(pageKeyName), make([]byte, 32), []byte(fragmentName), []byte("a part")} {
		e = binary.AppendUvarint(e, uint64(len(p)))
		e = append(e, p...)
	}
	if err := disk.Put(base, e); err != nil {
		t.Fatal(err)
	}
	other := make([]byte, 32)
	other[0] = 1
	e = nil
	for _, p := range [][]byte{[]byte(baseName), base[:], []byte(pageKeyName), other, []byte(sameFragmentName), nil} {
		e = binary.AppendUvarint(e, uint64(len(p)))
		e = append(e, p...)
	}
	if err := disk.Put(bad, e); err != nil {
		t.Fatal(err)
	}
	if e, err := readBuilt(disk, bad); e != nil || err == nil || !strings.Contains(err.Error(), "no such part") {
		t.Errorf("an entry naming a part its base lacks: read (%v), want refused", err)
	}
}

// partRecords are the parts of pages an entry keeps, by key, as written:
// true for a part it names (sameFragmentName), false for one it holds.
func partRecords(t *testing.T, e *builtEntry) map[[32]byte]bool {
	t.Helper()
	out := map[[32]byte]bool{}
	var key []byte
	for b := e.mapped; len(b) > 0; {
		name, rest, ok := cut(b)
		var data []byte
		if ok {
			data, b, ok = cut(rest)
		}
		if !ok {
			t.Fatal("the entry is cut short")
		}
		switch string(name) {
		case pageKeyName:
			key = data
			continue
		case sameFragmentName, fragmentName:
			out[[32]byte(key)] = string(name) == sameFragmentName
		}
		key = nil
	}
	return out
}

// entryFiles returns the files of the entries of the disk cache in dir,
// and their sizes.
func entryFiles(dir string) map[string]int64 {
	out := map[string]int64{}
	files, _ := filepath.Glob(filepath.Join(dir, "??", "*"))
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			out[f] = info.Size()
		}
	}
	return out
}
