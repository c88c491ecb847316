package generator

import (
	"bytes"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"policysite/generator/content"
	"policysite/generator/pages"
	"policysite/internal/sitegen"
)

// A rebuild through a Cache (serve's) renders and diffs again only what an
// edit touched, and gives the pages a fresh build gives.
func TestCacheRedoesOnlyWhatChanged(t *testing.T) {
	clock := day("2026-11-26")
	// load reads the demo, with its archived revision of 2020-09-01, which
	// lies between two others, edited if edit is set.
	load := func(edit bool) (*content.Site, *content.Revision) {
		t.Helper()
		site, _, err := Load("../examples/demo")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range site.Series {
			for _, r := range s.Revisions {
				if s.Doc == "personvern" && s.Lang == "nb" && content.Date(r.Effective) == "2020-09-01" {
					if edit {
						r.Body = append(r.Body, "\n\nEn setning lagt til.\n"...)
					}
					return site, r
				}
			}
		}
		t.Fatal("the demo has no revision of 2020-09-01")
		return nil, nil
	}
	_, th, err := Load("../examples/demo")
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	site, _ := load(false)
	if _, _, err := generateSite(site, th, clock, GenerateOptions{Cache: cache}); err != nil {
		t.Fatal(err)
	}
	renders, diffs := maps.Clone(cache.renders), maps.Clone(cache.diffs)

	site, _ = load(true)
	got, _, err := generateSite(site, th, clock, GenerateOptions{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	var edited *pages.Rendering // the edited revision's rendering before the edit
	for k, r := range renders {
		if cache.renders[k] == r {
			kept++
		} else {
			edited = r
		}
	}
	if kept != len(renders)-1 {
		t.Errorf("%d of %d renderings kept after editing one revision, want all but that one", kept, len(renders))
	}
	touched := 0
	for k := range diffs {
		if k[0] == edited || k[1] == edited {
			touched++
		}
	}
	kept = 0
	for k, d := range cache.diffs {
		if diffs[k] == d {
			kept++
		}
	}
	if touched == 0 || kept != len(diffs)-touched || len(cache.diffs) != len(diffs) {
		t.Errorf("%d of %d diffs kept (%d now), want all but the %d with the edited revision", kept, len(diffs), len(cache.diffs), touched)
	}

	fresh, _ := load(true)
	want, _, err := generateSite(fresh, th, clock, GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("%d files, a fresh build has %d", len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs from a fresh build's", name)
		}
	}
}

// A build compares each revision with the one before it and with the
// current one, and no more: the diffs grow with the history, not with its
// square.
func TestComparisonsGrowLinearly(t *testing.T) {
	dir := t.TempDir()
	if err := sitegen.Write(dir, 120); err != nil {
		t.Fatal(err)
	}
	site, th, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	if _, _, err := generateSite(site, th, day("2026-11-26"), GenerateOptions{Cache: cache}); err != nil {
		t.Fatal(err)
	}
	visible, on := 0, site.On(day("2026-11-26"))
	for _, s := range site.Series {
		visible += len(on.Visible(s))
	}
	if n := len(cache.diffs); n > 2*visible || n < visible/2 {
		t.Errorf("%d comparisons for %d revisions: want one with the previous and one with the current for each", n, visible)
	}
}

// parallelEnds runs each f once, reports every error in the order of i,
// and its workers begin at the two ends of the list: the first two taken
// wait for each other, so that one worker cannot take both. One worker
// alone takes the last first (the newest revision, to render).
func TestParallelEnds(t *testing.T) {
	func() {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		var order []int
		_ = parallelEnds(4, func(i int) error { order = append(order, i); return nil })
		if !slices.Equal(order, []int{3, 2, 1, 0}) {
			t.Errorf("one worker took %v, not the last first", order)
		}
	}()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, n := range []int{0, 1, 2, 3, 10, 101} {
		var mu sync.Mutex
		runs := make([]int, n)
		var first []int
		both := make(chan struct{})
		err := parallelEnds(n, func(i int) error {
			mu.Lock()
			runs[i]++
			if len(first) < 2 {
				first = append(first, i)
				if len(first) == 2 || n == 1 {
					close(both)
				}
				mu.Unlock()
				<-both
			} else {
				mu.Unlock()
			}
			if i%3 == 1 {
				return fmt.Errorf("job %d", i)
			}
			return nil
		})
		for i, r := range runs {
			if r != 1 {
				t.Fatalf("n=%d: job %d ran %d times", n, i, r)
			}
		}
		var want []string
		for i := 1; i < n; i += 3 {
			want = append(want, fmt.Sprintf("job %d", i))
		}
		if got := fmt.Sprint(err); (err == nil) != (len(want) == 0) || (err != nil && got != strings.Join(want, "\n")) {
			t.Fatalf("n=%d: error %q, want %q", n, got, strings.Join(want, "\n"))
		}
		if n >= 2 {
			slices.Sort(first)
			if first[0] != 0 || first[1] != n-1 {
				t.Errorf("n=%d: the first two jobs were %v, not 0 and %d", n, first, n-1)
			}
		}
	}
}
