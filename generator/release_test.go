package generator

import (
	"bytes"
	"testing"
)

// TestMadePageHoldsNothing: once made, a page holds nothing of what its
// making added (body, contents, diff, a section's diffs), which for a long
// history would be every page of the site again in memory until the build
// ends; and a page made again (serve) is the same page.
func TestMadePageHoldsNothing(t *testing.T) {
	l, err := LoadChecked("../examples/demo", day("2026-11-26"))
	if err != nil {
		t.Fatal(err)
	}
	planned, _, err := plan(l, l.Day, NewCache(), GenerateOptions{}, func(string, int, int) {})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	keep := func(string, []byte) error { return nil }
	for _, p := range planned.Pages {
		var first, again bytes.Buffer
		if err := executePage(l.Theme, &first, p, keep); err != nil {
			t.Fatal(err)
		}
		held := p.Body != "" || p.TOC != nil
		if p.Diff != nil {
			held = held || p.Diff.Diff != nil || p.Diff.TOC != nil
		}
		if p.Section != nil {
			for _, c := range p.Section.Changes {
				held = held || c.HTML() != ""
			}
		}
		if held {
			t.Errorf("/%s (%s) still holds what making it added", p.Path, p.Kind)
		}
		if err := executePage(l.Theme, &again, p, keep); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), again.Bytes()) {
			t.Errorf("/%s (%s) made again differs from the first time", p.Path, p.Kind)
		}
		kinds[p.Kind] = true
	}
	for _, k := range []string{"revision", "diff", "section"} {
		if !kinds[k] {
			t.Errorf("the demo has no %s page: the test checks too little", k)
		}
	}
}

// TestDropUsed: a build that drops what it has used (build's: each
// revision's text once the site is planned, each rendering's HTML once the
// pages that show it are made) makes the same site, and holds neither
// after.
func TestDropUsed(t *testing.T) {
	var made [2]map[string][]byte
	for i, drop := range []bool{false, true} {
		l, err := LoadChecked("../examples/demo", day("2026-11-26"))
		if err != nil {
			t.Fatal(err)
		}
		// Generate's cache, to see the renderings after.
		cache := NewCache()
		cache.oneBuild = true
		var out Files
		if _, err := generateWith(l, &out, GenerateOptions{DropUsed: drop}, cache); err != nil {
			t.Fatal(err)
		}
		made[i] = out.Map()
		texts, htmls := 0, 0
		for _, s := range l.Site().Series {
			for _, r := range l.Day.Visible(s) {
				if r.Body != nil {
					texts++
				}
			}
		}
		for _, ren := range cache.renders {
			if ren.HTML != nil {
				htmls++
			}
		}
		switch {
		case drop && texts+htmls > 0:
			t.Errorf("%d revisions still hold their text, %d renderings their HTML", texts, htmls)
		case !drop && (texts == 0 || htmls == 0):
			t.Fatalf("without DropUsed, %d revisions hold their text, %d renderings their HTML: the test checks nothing", texts, htmls)
		}
	}
	if len(made[0]) != len(made[1]) {
		t.Errorf("%d files with DropUsed, %d without", len(made[1]), len(made[0]))
	}
	for name, b := range made[0] {
		if !bytes.Equal(made[1][name], b) {
			t.Errorf("%s differs with DropUsed", name)
		}
	}
}
