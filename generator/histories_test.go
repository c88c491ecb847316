package generator

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/diskcache"
	"policysite/generator/pages"
	"policysite/internal/sitegen"
)

// renderingsOf renders the revisions of the demo's series visible on day,
// as a build does, and returns them by series.
func renderingsOf(t *testing.T, src, day string) [][]*pages.Rendering {
	t.Helper()
	d, _ := time.Parse(content.DateLayout, day)
	l, err := LoadChecked(src, content.Clock{Day: d, Real: d})
	if err != nil {
		t.Fatal(err)
	}
	cache, r := NewCache(), newRenderer(l.Site())
	var out [][]*pages.Rendering
	for _, s := range l.Site().Series {
		var rens []*pages.Rendering
		for _, rev := range l.Day.Visible(s) {
			ren, err := cache.render(r, l.Site(), rev)
			if err != nil {
				t.Fatal(err)
			}
			rens = append(rens, ren)
		}
		if len(rens) > 1 {
			out = append(out, rens)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s has no document of two revisions", src)
	}
	return out
}

// A build with the disk cache keeps each document's section history; the
// next finds it, whole or but for its last revision, and nothing for
// renderings it was not made of; an entry that does not fit its
// renderings is not used.
func TestHistoriesKept(t *testing.T) {
	disk, err := diskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h := histories{disk}
	series := renderingsOf(t, "../examples/demo", "2026-11-26")
	for _, rens := range series {
		if hist, n := h.Kept(rens); hist != nil || n != 0 {
			t.Fatalf("before any build: a history of %d renderings", n)
		}
	}
	buildDay(t, "../examples/demo", "2026-11-26", false, disk)
	for _, rens := range series {
		hist, n := h.Kept(rens)
		if hist == nil || n != len(rens) {
			t.Fatalf("after the build: a history of %d of %d renderings", n, len(rens))
		}
		if _, n := h.Kept(append(rens[:len(rens):len(rens)], rens[0])); n != len(rens) {
			t.Errorf("a revision added: a history of %d renderings, want the %d before it", n, len(rens))
		}
		if _, n := h.Kept(rens[1:]); n != 0 {
			t.Errorf("the first revision left out: a history of %d renderings, want none", n)
		}
		// Entries that do not fit their renderings, as only a bug would
		// keep: each is made again, not followed out of range.
		for _, spoil := range []struct {
			name string
			do   func(h *pages.SectionHistory)
		}{
			{"a clause its rendering does not have", func(h *pages.SectionHistory) {
				h.Threads[0].Clauses[0] = len(rens[h.Threads[0].First].Clauses)
			}},
			{"a clause in two threads", func(h *pages.SectionHistory) {
				h.Threads = append(h.Threads, &diff.Thread{First: h.Threads[0].First, Clauses: slices.Clone(h.Threads[0].Clauses)})
				h.Kinds = append(h.Kinds, nil)
			}},
			{"a clause in none", func(h *pages.SectionHistory) {
				h.Threads, h.Kinds = h.Threads[1:], h.Kinds[1:]
			}},
			{"a change out of its thread", func(h *pages.SectionHistory) {
				t := h.Threads[0]
				t.Changes, h.Kinds[0] = append(t.Changes, t.Last()+2), append(h.Kinds[0], "changed")
			}},
			{"a kind for no change", func(h *pages.SectionHistory) {
				h.Kinds[0] = append(h.Kinds[0], "changed")
			}},
		} {
			hist, _ := h.Kept(rens)
			if hist == nil || !fits(hist, rens) {
				t.Fatalf("%s: the kept history does not fit before it is spoilt", spoil.name)
			}
			spoil.do(hist)
			if fits(hist, rens) {
				t.Errorf("%s: fits", spoil.name)
			}
		}
		hist.Threads[0].Clauses[0] = len(rens[hist.Threads[0].First].Clauses)
		h.Keep(rens, hist)
		if got, n := h.Kept(rens); got != nil && n == len(rens) {
			t.Errorf("a history that does not fit its renderings was used")
		}
	}
}

// The next day, with nothing changed, a build with the disk cache makes no
// page, no diff and no rendering: the pages are the last build's, the
// section histories kept, and each revision's clauses read without its
// rendering.
func TestNextDayMakesNothing(t *testing.T) {
	src := "../examples/demo"
	disk, err := diskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	buildDay(t, src, "2026-11-26", false, disk)
	res, cache := buildAfter(t, src, "2026-11-27", disk)
	if res.Kept != res.Pages {
		t.Errorf("%d of %d pages kept", res.Kept, res.Pages)
	}
	if n := cache.prepared.Load(); n != 0 {
		t.Errorf("%d renderings made", n)
	}
	if n := cache.compared.Load(); n != 0 {
		t.Errorf("%d diffs made", n)
	}
}

// After a revision is added, a build with the disk cache makes the pages
// it changes, and of the renderings and diffs only those the new revision
// brings: the section histories are kept, and what the clauses' pages show
// of the changes before it (pages.Fragments).
func TestNewRevisionMakesItsOwn(t *testing.T) {
	site, disk := demoWithCache(t)
	buildDay(t, site, "2026-11-26", false, disk)
	// A day that makes no page (TestNextDayMakesNothing): the pages'
	// parts are kept on all the same.
	buildDay(t, site, "2026-11-27", false, disk)
	addRevision(t, site)
	res, cache := buildAfter(t, site, "2026-11-27", disk)
	if res.Kept == 0 || res.Kept == res.Pages {
		t.Errorf("%d of %d pages kept", res.Kept, res.Pages)
	}
	// The new revision's rendering, its predecessor's for their diff, and
	// those of the revisions in force, whose pages (in bokmål and in
	// English) now tell of it.
	if n := cache.prepared.Load(); n > 4 {
		t.Errorf("%d renderings made, want the new one's, the one's before and those in force", n)
	}
	if n := cache.compared.Load(); n > 2 {
		t.Errorf("%d diffs made, want the new one's (for the plan, and for its page)", n)
	}
}

// addRevision adds a revision to the copy of the demo in site, published
// on 2026-11-27: a change in Kontakt oss, a clause changed three times
// before.
func addRevision(t *testing.T, site string) {
	t.Helper()
	newest, err := os.ReadFile(filepath.Join(site, "content", "personvern", "2027-01-15.md"))
	if err != nil {
		t.Fatal(err)
	}
	next := strings.Replace(strings.Replace(string(newest), "published: 2026-11-01", "published: 2026-11-27", 1), "(hverdager kl. 08.00–15.30)", "(hverdager kl. 08.00–16.00)", 1)
	sitegen.FilesIn(t, site, map[string]string{"content/personvern/2027-03-01.md": next})
}

// buildAfter generates source for day into a Files with the disk cache,
// as Build does after a build before (generateKept), with a Cache of its
// own to count what it made; it checks the files are those of a build
// without the cache.
func buildAfter(t *testing.T, source, day string, disk *diskcache.Cache) (*Result, *Cache) {
	t.Helper()
	d, _ := time.Parse(content.DateLayout, day)
	l, err := LoadChecked(source, content.Clock{Day: d, Real: d})
	if err != nil {
		t.Fatal(err)
	}
	key, err := builtKey(l, false)
	if err != nil {
		t.Fatal(err)
	}
	kept := lastPages(disk, lastKey(l, false))
	if kept == nil {
		t.Fatal("no pages kept by the build before")
	}
	defer kept.release()
	var files Files
	k := newKeeping(disk, key, l.Theme, &files, kept.base())
	defer k.abort()
	cache := NewCache()
	// A single build's cache, and its texts dropped once rendered, as
	// Build has them (a page's key holds the texts it holds).
	cache.keepDiffs = false
	res, err := Generate(l, k, GenerateOptions{Cache: cache, DiskCache: disk, DropTexts: true, kept: kept})
	if err != nil {
		t.Fatal(err)
	}
	want := buildDay(t, source, day, false, nil)
	delete(want, ".policysite-output") // Build's mark on the folder it wrote
	sameTree(t, day, files.Map(), want)
	return res, cache
}

// When the words change (the site's own for the diffs), no part of a
// clause's page is kept, and every clause's page is made again from the
// section history kept: each diff between neighbours is made once for the
// clauses' pages that show a part of it, not once for each (and at most
// once more, by its own diff page, when that makes it first).
func TestWordsChangedShareDiffs(t *testing.T) {
	site, disk := demoWithCache(t)
	buildDay(t, site, "2026-11-26", false, disk)
	words, err := os.ReadFile("../templates/i18n/nb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(words), "diff.changed: Endret", "diff.changed: Forandret", 1)
	if changed == string(words) {
		t.Fatal("nb.yaml has no diff.changed: Endret")
	}
	sitegen.FilesIn(t, site, map[string]string{"templates/i18n/nb.yaml": changed})
	_, cache := buildAfter(t, site, "2026-11-26", disk)
	// A build without the cache makes each diff once.
	d, _ := time.Parse(content.DateLayout, "2026-11-26")
	l, err := LoadChecked(site, content.Clock{Day: d, Real: d})
	if err != nil {
		t.Fatal(err)
	}
	cold := NewCache()
	cold.keepDiffs = false
	if _, err := Generate(l, discard{}, GenerateOptions{Cache: cold, DropTexts: true}); err != nil {
		t.Fatal(err)
	}
	neighbours := 0
	for _, rens := range renderingsOf(t, site, "2026-11-26") {
		neighbours += len(rens) - 1
	}
	if n, most := cache.compared.Load(), cold.compared.Load()+int64(neighbours); n > most {
		t.Errorf("%d diffs made, where a build without the cache makes %d, and %d pairs of neighbours a diff page may make again", n, cold.compared.Load(), neighbours)
	}
}
