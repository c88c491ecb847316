package pages

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"policysite/generator/diff"
	"policysite/generator/theme"
)

// A revision's body written piece by piece with the links to its clauses'
// histories (writeLinked) is the body made whole with them (sectionLinks),
// however it is cut into pieces: at the blocks' bounds, as a rendering's
// are, or anywhere (a heading, an id or an end tag across two pieces),
// with ids that are not a heading's, headings left open, and an id twice.
func TestWriteLinkedAsWhole(t *testing.T) {
	th, err := theme.Load("")
	if err != nil {
		t.Fatal(err)
	}
	p := &Page{Root: "../../", strings: th.Strings("nb")}
	atoms := []string{
		`<h2 id="a">A</h2>`, `<h3 id="b">B <em>b</em></h3>`, `<h2 id="c">C`, `</h2>`, `</h3>`,
		`<p id="a">not a heading</p>`, `<hr id="d">`, "\n", `<p>" id="e" in text</p>`, ` id="a"`,
		`<h4 id="e">E &amp; e</h4>`, `<h`, `2 id="b">`, `<h6 id="x&lt;y">F</h6>`, `<table><tr><td>t</td></tr></table>`,
	}
	ids := []string{"a", "b", "c", "d", "e", "x<y", "", "z"}
	rng := rand.New(rand.NewPCG(20, 26))
	atBounds, linked := 0, 0
	for range 20000 {
		var parts []string
		for range rng.IntN(12) {
			parts = append(parts, atoms[rng.IntN(len(atoms))])
		}
		body := strings.Join(parts, "")
		var pieces []string
		if rng.IntN(2) == 0 { // at the atoms' bounds, in groups
			atBounds++
			for len(parts) > 0 {
				n := 1 + rng.IntN(len(parts))
				pieces, parts = append(pieces, strings.Join(parts[:n], "")), parts[n:]
			}
		} else { // anywhere
			rest := body
			for len(rest) > 0 && rng.IntN(4) > 0 {
				n := rng.IntN(len(rest) + 1)
				pieces, rest = append(pieces, rest[:n]), rest[n:]
			}
			pieces = append(pieces, rest)
		}
		var clauses []diff.Clause
		var paths []string
		for range rng.IntN(6) {
			clauses = append(clauses, diff.Clause{ID: ids[rng.IntN(len(ids))]})
			path := "personvern/historikk/seksjoner/" + clauses[len(clauses)-1].ID + "/"
			if rng.IntN(5) == 0 {
				path = ""
			}
			paths = append(paths, path)
		}
		if rng.IntN(10) == 0 {
			paths = paths[:len(paths)/2] // not one for each clause
		}
		want := sectionLinks(p, body, clauses, paths)
		var b bytes.Buffer
		writeLinked(&b, p, pieces, clauses, paths)
		if b.String() != want {
			t.Fatalf("pieces %q, clauses %v, paths %q:\ngot  %q\nwant %q", pieces, clauses, paths, b.String(), want)
		}
		if want != body {
			linked++
		}
	}
	if atBounds < 5000 || linked < 2000 {
		t.Errorf("of 20,000 bodies, %d were cut at the blocks' bounds and %d had a link: too few to tell", atBounds, linked)
	}
}
