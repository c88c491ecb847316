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
	for _, p := range planned.Pages {
		var first, again bytes.Buffer
		if err := executePage(l.Theme, &first, p); err != nil {
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
		if err := executePage(l.Theme, &again, p); err != nil {
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

// TestDropTexts: a build that drops each revision's text once rendered
// (build's) makes the same site, and holds no text after.
func TestDropTexts(t *testing.T) {
	var made [2]map[string][]byte
	for i, drop := range []bool{false, true} {
		l, err := LoadChecked("../examples/demo", day("2026-11-26"))
		if err != nil {
			t.Fatal(err)
		}
		var out Files
		if _, err := Generate(l, &out, GenerateOptions{DropTexts: drop}); err != nil {
			t.Fatal(err)
		}
		made[i] = out.Map()
		held := 0
		for _, s := range l.Site().Series {
			for _, r := range l.Day.Visible(s) {
				if r.Body != nil {
					held++
				}
			}
		}
		if drop && held > 0 {
			t.Errorf("%d revisions still hold their text", held)
		}
		if !drop && held == 0 {
			t.Fatal("no revision holds its text without DropTexts: the test checks nothing")
		}
	}
	if len(made[0]) != len(made[1]) {
		t.Fatalf("%d files without dropping, %d with", len(made[0]), len(made[1]))
	}
	for name, data := range made[0] {
		if !bytes.Equal(data, made[1][name]) {
			t.Errorf("%s differs when the texts are dropped", name)
		}
	}
}
