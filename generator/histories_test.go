package generator

import (
	"testing"
	"time"

	"policysite/generator/content"
	"policysite/generator/diskcache"
	"policysite/generator/pages"
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
		// An entry that names a clause its rendering does not have.
		hist.Threads[0].Clauses[0] = len(rens[hist.Threads[0].First].Doc.Clauses())
		h.Keep(rens, hist)
		if got, n := h.Kept(rens); got != nil && n == len(rens) {
			t.Errorf("a history that does not fit its renderings was used")
		}
	}
}
