package diff

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"policysite/generator/render"
)

// lcsTable is the longest common subsequence's length by the table of
// lengths, row by row: what lcsRoom.length computes 64 cells at a time.
func lcsTable(a, b []uint64) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestLCS(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var k lcsRoom // one for all, as a comparer keeps one
	for i := range 3000 {
		// Lengths across the 64-bit words' edges, and alphabets from a
		// couple of words to more than either text has.
		na, nb := rng.Intn(200), rng.Intn(200)
		if i%10 == 0 {
			na, nb = 64*(1+rng.Intn(3))+rng.Intn(3)-1, rng.Intn(300)
		}
		alphabet := 1 + rng.Intn(80)
		seq := func(n int) []uint64 {
			s := make([]uint64, n)
			for j := range s {
				s[j] = uint64(rng.Intn(alphabet))
			}
			return s
		}
		a, b := seq(na), seq(nb)
		want := lcsTable(a, b)
		if got := k.length(a, b); got != want {
			t.Fatalf("length(%v, %v) = %d, want %d", a, b, got, want)
		}
	}
}

// TestCannotKeepSound checks, for every pair of sections of many pairs of
// revisions, what cannotKeep rests on: a diff of the two bodies keeps no
// more of their words than their longest common subsequence of words, and
// counts all their words, so that a pair it turns down is one showsCommon
// would have turned down after diffing. The revisions are the real
// histories, the demo's, and made-up ones of few words, whose sections
// share many words in another order: pairs on either side of the line.
func TestCannotKeepSound(t *testing.T) {
	hs := append(histories(t), fewWords(t), fewWords(t))
	turned, near, smallTurned := 0, 0, 0
	for _, h := range hs {
		var m Memo
		docs := make([]*Doc, len(h.revs))
		for i, rev := range h.revs {
			docs[i] = m.PrepareHTML(rev, h.parts[i])
		}
		last := len(docs) - 1
		for i := 0; i < last; i += max(3, last/6) { // a long history's every pair would take seconds
			for _, j := range []int{i + 1, last} {
				c := &comparer{maxCells: DefaultMaxCells, memo: &m}
				for _, os := range docs[i].sections {
					for _, ns := range docs[j].sections {
						// Where a diff of the two would be degraded, by a
						// bound a few blocks reach, they are not turned
						// down: the page would say so.
						small := &comparer{maxCells: 5000}
						if small.cannotKeep(os, ns) {
							if small.bodyLines(os, ns); small.degraded {
								t.Fatalf("%s, revisions %d and %d: %q and %q turned down, where a diff is degraded", h.name, i, j, os.title(), ns.title())
							}
							smallTurned++
						}
						a, b := bodyWords(nil, os.body), bodyWords(nil, ns.body)
						l := new(lcsRoom).length(a, b)
						lines := c.bodyLines(os, ns)
						kept, old, new := countKept(lines)
						if kept > l || old != len(a) || new != len(b) {
							t.Fatalf("%s, revisions %d and %d: a diff keeps %d of %d and %d words, where the subsequence is %d of %d and %d\nold: %q\nnew: %q",
								h.name, i, j, kept, old, new, l, len(a), len(b), os.title(), ns.title())
						}
						turn := c.cannotKeep(os, ns)
						if turn && keeps(lines, minMoveEvidence) {
							t.Fatalf("%s, revisions %d and %d: %q and %q turned down, but their diff keeps enough", h.name, i, j, os.title(), ns.title())
						}
						switch {
						case turn:
							turned++
						case !keeps(lines, minMoveEvidence):
							near++
						}
					}
				}
			}
		}
	}
	t.Logf("%d pairs turned down without a diff, %d after one; %d under a small bound", turned, near, smallTurned)
	if turned == 0 || near == 0 || smallTurned == 0 || smallTurned == turned {
		t.Fatalf("%d pairs turned down without a diff, %d after one, %d under a small bound: the test needs pairs of each kind, and some the small bound does not turn down", turned, near, smallTurned)
	}
}

// fewWords is a made-up history of sections written with a dozen words,
// rewritten a paragraph at a time: most pairs of its sections share words,
// fewer in the same order. Some are tables, lists and footnotes, and some
// words change only their case or their link.
func fewWords(t *testing.T) history {
	t.Helper()
	rng := rand.New(rand.NewSource(int64(len(t.Name()))))
	words := strings.Fields("vi lagrer navn og adresse deler ikke data med andre du kan")
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.Intn(len(words))]
			if rng.Intn(12) == 0 {
				w[i] = strings.ToUpper(w[i][:1]) + w[i][1:]
			}
		}
		return strings.Join(w, " ")
	}
	block := func() string {
		switch rng.Intn(6) {
		case 0:
			return "| " + text(3) + " | " + text(2) + " |\n|---|---|\n| " + text(4) + " | " + text(3) + " |"
		case 1:
			return "- " + text(6) + "\n- " + text(5) + "\n- " + text(7)
		case 2:
			return text(8) + " [" + text(2) + "](https://example.no/" + strconv.Itoa(rng.Intn(3)) + ")."
		case 3:
			return text(10) + "[^1]\n\n[^1]: " + text(5)
		}
		return text(5+rng.Intn(30)) + "."
	}
	secs := make([][]string, 8)
	for s := range secs {
		for range 1 + rng.Intn(3) {
			secs[s] = append(secs[s], block())
		}
	}
	h := history{name: "few words"}
	r := render.New()
	for range 12 {
		s := rng.Intn(len(secs))
		secs[s][rng.Intn(len(secs[s]))] = block()
		if rng.Intn(3) == 0 {
			o := rng.Intn(len(secs))
			secs[s], secs[o] = secs[o], secs[s]
		}
		var b strings.Builder
		for i, sec := range secs {
			fmt.Fprintf(&b, "## %d Om %s\n\n%s\n\n", i+1, words[i], strings.Join(sec, "\n\n"))
		}
		h.add(t, r, b.String())
	}
	return h
}

// TestCannotKeepEdges checks the two places where cannotKeep must hold
// back: at the share keeps asks for exactly, and where a diff of the
// two would be degraded by a row's cells, which its text does not count
// (empty cells have none).
func TestCannotKeepEdges(t *testing.T) {
	section := func(t *testing.T, markdown string) *section {
		t.Helper()
		var h history
		h.add(t, render.New(), markdown)
		d := Prepare(Blocks(h.revs[0]))
		return d.sections[len(d.sections)-1]
	}
	t.Run("at the share", func(t *testing.T) {
		// One word of eight in common, a paragraph of its own: twice
		// it is a quarter.
		old, new := section(t, "## A\n\nalfa\n\nbeta gamma delta\n"), section(t, "## A\n\nalfa\n\nepsilon zeta eta\n")
		c := &comparer{maxCells: DefaultMaxCells}
		if !keeps(c.bodyLines(old, new), minMoveEvidence) {
			t.Fatal("the diff does not keep a quarter: the case tests nothing")
		}
		if c.cannotKeep(old, new) {
			t.Fatal("turned down a pair whose diff keeps just enough")
		}
	})
	t.Run("empty cells", func(t *testing.T) {
		row := func(last string, n int) string {
			cells := make([]string, n)
			cells[0], cells[n-1] = "a", last
			return "| h |" + strings.Repeat("  |", n-1) + "\n|" + strings.Repeat("---|", n) + "\n| " + strings.Join(cells, " | ") + " |"
		}
		words := func(reversed bool) string {
			w := make([]string, 20)
			for i := range w {
				k := i
				if reversed {
					k = 19 - i
				}
				w[i] = "w" + strconv.Itoa(k)
			}
			return strings.Join(w, " ")
		}
		old := section(t, "## A\n\n"+row("", 100)+"\n\n"+words(false)+"\n")
		new := section(t, "## A\n\n"+row("b", 101)+"\n\n"+words(true)+"\n")
		// A bound the texts' bytes would pass, the cells not.
		texts := func(body []*Block) int {
			n := 0
			for _, b := range body {
				n += len(b.Text) + 1
			}
			return n
		}
		bound := texts(old.body) * texts(new.body)
		c := &comparer{maxCells: bound}
		if c.bodyLines(old, new); !c.degraded {
			t.Fatal("the diff is not degraded: the case tests nothing")
		}
		if (&comparer{maxCells: bound}).cannotKeep(old, new) {
			t.Fatal("turned down a pair whose diff is degraded")
		}
	})
}
