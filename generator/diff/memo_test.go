package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"policysite/generator/render"
)

// history is a list of rendered revisions, oldest first.
type history struct {
	name  string
	revs  [][]byte
	parts [][]int // render.Result.Parts of each
}

func (h *history) add(t *testing.T, r *render.Renderer, markdown string) {
	t.Helper()
	res, err := r.Render([]byte(markdown))
	if err != nil {
		t.Fatal(err)
	}
	h.revs, h.parts = append(h.revs, res.HTML), append(h.parts, res.Parts)
}

// readHistory renders the revisions of a document folder in the site's
// language.
func readHistory(t *testing.T, r *render.Renderer, dir string) history {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "????-??-??.md"))
	h := history{name: dir}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h.add(t, r, body(string(data)))
	}
	return h
}

// corpora are the documents of ../shared/corpora, each a folder of
// revisions; none where it is absent, or with -short, which its size
// would slow.
func corpora(t *testing.T) []string {
	t.Helper()
	if testing.Short() {
		t.Log("-short: the documents of ../shared/corpora are skipped, examples/demo's checked")
		return nil
	}
	dirs, _ := filepath.Glob("../../../shared/corpora/*/content/*")
	if len(dirs) == 0 {
		t.Log("../shared/corpora is absent: examples/demo's documents are checked")
	}
	return dirs
}

// realHistories are the histories of ../shared/corpora (when it is there,
// and but with -short) and of examples/demo that have something to compare.
func realHistories(t *testing.T) []history {
	t.Helper()
	dirs := corpora(t)
	demo, _ := filepath.Glob("../../examples/demo/content/*")
	r := render.New()
	var out []history
	for _, dir := range append(dirs, demo...) {
		if h := readHistory(t, r, dir); len(h.revs) > 1 {
			out = append(out, h)
		}
	}
	return out
}

// histories are the corpora's real histories, the demo's, and one made here
// whose sections change one at a time (as most histories do), so that the
// test has recurring section pairs even without ../shared.
func histories(t *testing.T) []history {
	t.Helper()
	out := realHistories(t)
	r := render.New()
	made := history{name: "made up"}
	type sec struct{ name, text string }
	sections := []sec{{"Hva vi lagrer", "Vi lagrer navn og adresse."}, {"Klage", "Du kan klage til Datatilsynet."},
		{"Deling", "Vi deler ikke data."}, {"Kontakt", "Kontakt oss på e-post."}}
	for rev := 0; rev < 8; rev++ {
		var b strings.Builder
		for i, s := range sections {
			fmt.Fprintf(&b, "## %d %s\n\n%s\n\n", i+1, s.name, s.text)
		}
		if rev == 2 { // raw HTML blocks
			b.WriteString("<div>\nRå HTML,\n</div>\n\n<div>\nog mer rett etter.\n</div>\n")
		}
		made.add(t, r, b.String())
		sections[rev%len(sections)].text += fmt.Sprintf(" Endret i versjon %d.", rev)
		if rev == 4 {
			sections = append(sections[1:], sections[0]) // a move, and new numbers
		}
	}
	return append(out, made)
}

// withoutNumbers are blocks as Blocks makes them, without the number and
// words a Memo gives them.
func withoutNumbers(blocks []Block) []Block {
	out := slices.Clone(blocks)
	for i := range out {
		out[i].words, out[i].id = nil, 0
	}
	return out
}

// A Memo changes how much work a comparison takes, never its result: the
// comparisons a site shows (each revision with the next and with the
// newest), made in parallel through one Memo, in the opposite order to the
// one the memo fills in, are those made without one.
func TestMemoSameDiff(t *testing.T) {
	for _, h := range histories(t) {
		var m Memo
		docs, plain := make([]*Doc, len(h.revs)), make([]*Doc, len(h.revs))
		for i, rev := range h.revs {
			blocks := m.Blocks(rev, h.parts[i])
			if plain := Blocks(rev); !reflect.DeepEqual(withoutNumbers(blocks), plain) {
				t.Fatalf("%s: revision %d is split into other blocks part by part", h.name, i)
			}
			docs[i], plain[i] = m.PrepareHTML(rev, h.parts[i]), Prepare(Blocks(rev))
			if !sameSections(docs[i], plain[i]) {
				t.Fatalf("%s: revision %d is prepared differently through a Memo", h.name, i)
			}
			if !sameSections(m.Prepare(blocks), plain[i]) {
				t.Fatalf("%s: revision %d is prepared differently from its blocks", h.name, i)
			}
		}
		// PrepareHTML works on blocks of its own, not on those the Memo
		// keeps for the next revision with the same parts.
		for i, rev := range h.revs {
			if !reflect.DeepEqual(withoutNumbers(m.Blocks(rev, h.parts[i])), Blocks(rev)) {
				t.Fatalf("%s: preparing revision %d changed the blocks the Memo keeps", h.name, i)
			}
		}
		type pair struct{ a, b int }
		var pairs []pair
		last := len(docs) - 1
		for i := last - 1; i >= 0; i-- {
			pairs = append(pairs, pair{i, i + 1}, pair{i, last})
		}
		got := make([]*Diff, len(pairs))
		var wg sync.WaitGroup
		for k, p := range pairs {
			wg.Go(func() { got[k] = Compare(docs[p.a], docs[p.b], Options{}) })
		}
		wg.Wait()
		for k, p := range pairs {
			want := Compare(plain[p.a], plain[p.b], Options{})
			if g, w := got[k].HTML(testLabels), want.HTML(testLabels); g != w {
				t.Errorf("%s: %d → %d differs through the Memo:\n%s", h.name, p.a, p.b, firstDifference(string(g), string(w)))
			}
			if got[k].Stats != want.Stats || got[k].Degraded != want.Degraded {
				t.Errorf("%s: %d → %d: stats %+v through the Memo, %+v without", h.name, p.a, p.b, got[k].Stats, want.Stats)
			}
		}
		if len(m.diffs.now) == 0 {
			t.Errorf("%s: the Memo holds nothing", h.name)
		}
	}
}

// sameSections reports whether two Docs hold the same sections, numbers
// aside.
func sameSections(a, b *Doc) bool {
	if len(a.sections) != len(b.sections) {
		return false
	}
	for i := range a.sections {
		x, y := *a.sections[i], *b.sections[i]
		if (x.parent == nil) != (y.parent == nil) || x.parent != nil && x.parent.title() != y.parent.title() {
			return false
		}
		x.id, y.id, x.parent, y.parent = 0, 0, nil, nil
		for _, s := range []*section{&x, &y} {
			if s.heading != nil {
				h := *s.heading
				h.id, s.heading = 0, &h
			}
			s.body = slices.Clone(s.body)
			for i := range s.body {
				s.body[i].id = 0
			}
		}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

// A section pair found in the Memo is degraded if it was when it was made.
func TestMemoDegraded(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&a, "ord%d ", i*7%400)
		fmt.Fprintf(&b, "ord%d ", i*13%400)
	}
	var m Memo
	older, newer := m.Prepare(Blocks([]byte("<p>"+a.String()+"</p>"))), m.Prepare(Blocks([]byte("<p>"+b.String()+"</p>")))
	for i := range 2 {
		if d := Compare(older, newer, Options{MaxCells: 1000}); !d.Degraded {
			t.Errorf("comparison %d is not marked as degraded", i+1)
		}
	}
	if d := Compare(older, newer, Options{}); d.Degraded {
		t.Error("degraded with the default bound: the Memo mixed up two bounds")
	}
}

// Sweep keeps what the last build asked for and forgets the rest.
func TestMemoSweep(t *testing.T) {
	var m Memo
	one, two := m.Prepare(Blocks(md(t, "## A\n\nen to"))), m.Prepare(Blocks(md(t, "## A\n\nen tre")))
	Compare(one, two, Options{})
	m.Sweep()
	two, three := m.Prepare(Blocks(md(t, "## A\n\nen tre"))), m.Prepare(Blocks(md(t, "## A\n\nen fire")))
	Compare(two, three, Options{})
	m.Sweep()
	for _, table := range []struct {
		name string
		n    int
	}{{"stretches", len(m.diffs.old)}, {"sections in place", len(m.placed.old)}, {"paragraph pairs", len(m.pairs.old)}} {
		if table.n != 1 {
			t.Errorf("after two sweeps the Memo holds %d %s, want the 1 of the last comparison", table.n, table.name)
		}
	}
	key := func(text string) blockKey { return (&Block{Tag: "p", Text: text}).key() }
	if _, ok := m.blocks.old[key("en to")]; ok {
		t.Error("the words of a block no build asked for since are kept")
	}
	if _, ok := m.blocks.old[key("en tre")]; !ok {
		t.Error("the words of a block the last build asked for are forgotten")
	}
	if len(m.diffs.now)+len(m.placed.now)+len(m.pairs.now)+len(m.sims.now) != 0 {
		t.Error("a sweep leaves what was asked for since the last one")
	}
}

// SweepResults forgets the results of comparisons no comparison asked for
// since the sweep before, and never the texts' numbers: the same texts
// compared after it give the same diff, from the same sections.
func TestMemoSweepResults(t *testing.T) {
	var m Memo
	one, two := m.Prepare(Blocks(md(t, "## A\n\nen to"))), m.Prepare(Blocks(md(t, "## A\n\nen tre")))
	before := Compare(one, two, Options{})
	m.SweepResults()
	m.SweepResults()
	if n := len(m.diffs.old) + len(m.placed.old) + len(m.pairs.old) + len(m.sims.old); n != 0 {
		t.Errorf("after two sweeps with no comparison between, the Memo holds %d results", n)
	}
	if len(m.blocks.now) == 0 || len(m.sections.now) == 0 {
		t.Error("SweepResults forgot the texts' numbers")
	}
	again := m.Prepare(Blocks(md(t, "## A\n\nen to")))
	if again.sections[0].id != one.sections[0].id {
		t.Error("a text prepared after SweepResults has another number")
	}
	if after := Compare(again, two, Options{}); !reflect.DeepEqual(after.HTML(testLabels), before.HTML(testLabels)) || after.Stats != before.Stats {
		t.Errorf("the diff after SweepResults differs:\n%s\nbefore:\n%s", after.HTML(testLabels), before.HTML(testLabels))
	}
}

// Docs of two Memos are compared afresh: another Memo's numbers mean other
// texts. Here u (of b) and v (of a) have the numbers that x and y have in
// a, whose diff a holds.
func TestMemoOther(t *testing.T) {
	var a, b Memo
	x, y := a.Prepare(Blocks(md(t, "## A\n\nen to"))), a.Prepare(Blocks(md(t, "## A\n\nen tre")))
	Compare(x, y, Options{})
	u, v := b.Prepare(Blocks(md(t, "## A\n\nen tre"))), a.Prepare(Blocks(md(t, "## A\n\nen tre")))
	if u.sections[0].id != x.sections[0].id || v.sections[0].id != y.sections[0].id {
		t.Fatal("the numbers of the test do not meet: mend the texts")
	}
	if d := Compare(u, v, Options{}); d.Stats.Any() {
		t.Errorf("two equal texts of two Memos compared as x and y: %+v", d.Stats)
	}
}

// PrepareParts gives each revision's parts, which make its text whole, as
// the Memo's own strings: a part two revisions share is one string in
// memory, and the Doc is PrepareHTML's.
func TestPrepareParts(t *testing.T) {
	for _, h := range histories(t) {
		var m Memo
		seen := map[string]*byte{} // each part's bytes, where first given
		shared := 0
		for i, rev := range h.revs {
			doc, pieces := m.PrepareParts(rev, h.parts[i])
			if got := strings.Join(pieces, ""); got != string(rev) {
				t.Fatalf("%s: revision %d's parts make\n%s\nnot its text\n%s", h.name, i, got, rev)
			}
			if !sameSections(doc, Prepare(Blocks(rev))) {
				t.Fatalf("%s: revision %d is prepared differently by PrepareParts", h.name, i)
			}
			for _, p := range pieces {
				if p == "" {
					continue
				}
				at, ok := seen[p]
				switch {
				case !ok:
					seen[p] = unsafe.StringData(p)
				case at != unsafe.StringData(p):
					t.Fatalf("%s: revision %d's part %.40q is a copy of one given before", h.name, i, p)
				default:
					shared++
				}
			}
		}
		if shared == 0 {
			t.Fatalf("%s: no revision shares a part with another: the test checks nothing", h.name)
		}
	}
}

// A block met again in a new part gets the number it has in a part kept
// across sweeps (serve's Memo, swept after each build): two texts share a
// number when they are equal, whatever part brought them.
func TestMemoSweepKeepsNumbers(t *testing.T) {
	var m Memo
	one := []byte("<p>Same text.</p>\n")
	first := m.PrepareHTML(one, []int{0})
	for range 2 { // the part asked for again each build
		m.Sweep()
		m.PrepareHTML(one, []int{0})
	}
	m.Sweep()
	two := []byte("<p>Same text.</p>\n<p>Another.</p>\n")
	second := m.PrepareHTML(two, []int{0}) // one part, new to the Memo
	a, b := first.sections[0].body[0], second.sections[0].body[0]
	if a.Text != b.Text {
		t.Fatalf("the test compares %q with %q", a.Text, b.Text)
	}
	if a.id != b.id {
		t.Errorf("the same block has the numbers %d and %d", a.id, b.id)
	}
}

// A paragraph split in two (the second half a list item, which the lines
// must show as one), and two merged into one, are diffed once
// through a Memo however many comparisons show them, and show as they do
// without one: the revisions before the change, each compared with the
// newest, as a site compares them.
func TestMemoGroups(t *testing.T) {
	r := render.New()
	split := "Vi lagrer navn, adresse og telefonnummer så lenge du er kunde hos oss. Etter at avtalen er avsluttet, sletter vi opplysningene innen tre måneder, med mindre loven krever at vi tar vare på dem lenger."
	parts := strings.SplitAfter(split, "oss. ")
	merge := []string{"Du kan klage til Datatilsynet dersom du mener at vi behandler opplysningene dine i strid med regelverket.", "Datatilsynet har adresse i Oslo, og du kan også sende klagen på e-post til dem."}
	var h history
	for rev := range 4 {
		var b strings.Builder
		fmt.Fprintf(&b, "## Lagring\n\n")
		if rev < 3 {
			fmt.Fprintf(&b, "%s\n\n", split)
		} else {
			fmt.Fprintf(&b, "%s\n\n- %s\n\n", strings.TrimSpace(parts[0]), parts[1]) // the second half a list item
		}
		fmt.Fprintf(&b, "## Klage\n\n")
		if rev < 3 {
			fmt.Fprintf(&b, "%s\n\n%s\n\n", merge[0], merge[1])
		} else {
			fmt.Fprintf(&b, "%s %s\n\n", merge[0], merge[1])
		}
		fmt.Fprintf(&b, "## Kontakt\n\nKontakt oss på e-post. Endret i versjon %d.\n", rev)
		h.add(t, r, b.String())
	}
	var m Memo
	last := len(h.revs) - 1
	newest, plainNewest := m.PrepareHTML(h.revs[last], h.parts[last]), Prepare(Blocks(h.revs[last]))
	for i := range last {
		got := Compare(m.PrepareHTML(h.revs[i], h.parts[i]), newest, Options{})
		want := Compare(Prepare(Blocks(h.revs[i])), plainNewest, Options{})
		if g, w := got.HTML(testLabels), want.HTML(testLabels); g != w {
			t.Errorf("%d → %d differs through the Memo:\n%s", i, last, firstDifference(string(g), string(w)))
		}
		if got.Stats != want.Stats {
			t.Errorf("%d → %d: stats %+v through the Memo, %+v without", i, last, got.Stats, want.Stats)
		}
		// The split and the merge, each remembered once.
		if n := len(m.groups.now); n != 2 {
			t.Errorf("after comparing %d with %d, the Memo holds %d groups, want 2", i, last, n)
		}
	}
}

// pairGroup gives through a Memo what it gives without one, whatever the
// Memo holds already: for groups of the same blocks in other shapes (one
// split into two, two merged into one), under another bound (degraded or
// not), and for a merge whose first block is a heading (the merged block
// takes the place of the first that is not).
func TestMemoGroupShapes(t *testing.T) {
	var m Memo
	block := func(tag, text string) *Block {
		b := &Block{Tag: tag, Text: text, ID: tag + "-" + text[:3]}
		m.number(b)
		return b
	}
	a := block("p", "Vi lagrer navn og adresse så lenge du er kunde.")
	b := block("p", "Etter avtalen sletter vi opplysningene innen tre måneder.")
	ab := block("p", "Vi lagrer navn og adresse så lenge du er kunde, og etter avtalen sletter vi dem innen tre måneder.")
	h := block("h2", "Lagring av opplysninger")
	newComparer := func(memo *Memo, maxCells int) *comparer {
		return &comparer{maxCells: maxCells, memo: memo}
	}
	memo := map[int]*comparer{} // by bound, one Memo for all
	for _, c := range []struct {
		name       string
		olds, news []*Block
		maxCells   int
	}{
		{"merged", []*Block{a, b}, []*Block{ab}, DefaultMaxCells},
		{"split, the same blocks", []*Block{ab}, []*Block{a, b}, DefaultMaxCells},
		{"one and two, the same numbers in a row", []*Block{a}, []*Block{b, ab}, DefaultMaxCells},
		{"merged, degraded", []*Block{a, b}, []*Block{ab}, 3},
		{"merged, not degraded again", []*Block{a, b}, []*Block{ab}, DefaultMaxCells},
		{"a heading merged", []*Block{h, a}, []*Block{ab}, DefaultMaxCells},
	} {
		if memo[c.maxCells] == nil {
			memo[c.maxCells] = newComparer(&m, c.maxCells)
		}
		got, plain := memo[c.maxCells], newComparer(nil, c.maxCells)
		got.degraded = false
		for round := range 2 { // made, then remembered
			lines, want := got.pairGroup(c.olds, c.news), plain.pairGroup(c.olds, c.news)
			if !reflect.DeepEqual(lines, want) {
				t.Errorf("%s, round %d: through the Memo\n%+v\nwithout\n%+v", c.name, round+1, lines, want)
			}
			if got.degraded != plain.degraded {
				t.Errorf("%s, round %d: degraded %v through the Memo, %v without", c.name, round+1, got.degraded, plain.degraded)
			}
		}
	}
	if len(m.groups.now) == 0 {
		t.Error("the Memo remembers no group")
	}
	// A group made by a comparer that degraded another before it is
	// remembered as it was made, not degraded.
	yes, no, both := block("p", "Ja, vi gjør."), block("p", "Nei."), block("p", "Ja, vi gjør. Nei.")
	c := newComparer(&m, 100)
	c.pairGroup([]*Block{a, b}, []*Block{ab})
	if !c.degraded {
		t.Fatal("a group of 1,600 cells under 100 is not degraded")
	}
	c.pairGroup([]*Block{yes, no}, []*Block{both})
	c = newComparer(&m, 100)
	c.pairGroup([]*Block{yes, no}, []*Block{both})
	if c.degraded {
		t.Error("a small group is degraded because the comparison that made it was")
	}
}
