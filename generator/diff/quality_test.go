package diff

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A quality is what a lawyer reading a diff would hold against it, measured.
type quality struct {
	marked  int // words inside <ins> and <del>, notes aside
	minimal int // words a minimal word diff of the two texts marks
	// unevidenced are sections shown as moved or reworded that have no
	// text in common with what they are paired with.
	unevidenced []string
	// falseChanges are sections labelled changed whose text, links,
	// headings and cited footnotes did not change, and notes that claim a
	// link change the blocks do not have.
	falseChanges []string
	// falseSame is set when the diff says nothing changed though the text
	// or a link target differs.
	falseSame bool
	// anchors are the section anchors the page has more than once.
	anchors []string
}

// Bounds a diff must keep: marked words at most markedFactor times the
// minimal word diff plus markedSlack, and none of the rest.
const (
	markedFactor = 1.5
	markedSlack  = 20
)

func (q quality) tooMarked() bool {
	return float64(q.marked) > markedFactor*float64(q.minimal)+markedSlack
}

func (q quality) problems() []string {
	var out []string
	if q.tooMarked() {
		out = append(out, fmt.Sprintf("%d words marked, the minimal word diff marks %d", q.marked, q.minimal))
	}
	for _, s := range q.unevidenced {
		out = append(out, "paired without text in common: "+s)
	}
	for _, s := range q.falseChanges {
		out = append(out, "labelled changed, but is not: "+s)
	}
	if q.falseSame {
		out = append(out, "says nothing changed, but the text or a link differs")
	}
	for _, a := range q.anchors {
		out = append(out, "two sections have the id "+a)
	}
	return out
}

// measure measures a diff of two rendered revisions. It reads the page as
// HTML, the texts and links by Blocks, and the pairings from the model.
func measure(d *Diff, older, newer []byte) quality {
	var q quality
	q.marked = markedWords(string(d.HTML(testLabels)))
	ob, nb := Blocks(older), Blocks(newer)
	ow, nw := blockWords(ob), blockWords(nb)
	q.minimal = len(ow) + len(nw) - 2*lcsLength(ow, nw)
	q.falseSame = !d.Stats.Any() && (q.minimal > 0 || linkList(ob) != linkList(nb))
	seen := map[string]bool{}
	for _, s := range d.Sections {
		if seen[s.Anchor] {
			q.anchors = append(q.anchors, s.Anchor)
		}
		seen[s.Anchor] = true
		name := string(s.Kind) + " " + s.Heading(testLabels)
		if (s.Kind == Moved || s.Reworded()) && !sharesBody(s) {
			q.unevidenced = append(q.unevidenced, name)
		}
		if s.Kind == Changed || s.Kind == Moved && s.Edited() {
			if bad := falseChange(s); bad != "" {
				q.falseChanges = append(q.falseChanges, name+": "+bad)
			}
		}
	}
	return q
}

// markedWords counts the words inside <ins> and <del> of a diff body,
// outside notes.
func markedWords(body string) int {
	nodes, _ := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	n := 0
	var walk func(*html.Node, bool)
	walk = func(x *html.Node, marked bool) {
		if x.Type == html.ElementNode {
			for _, a := range x.Attr {
				if a.Key == "data-diff-note" {
					return
				}
			}
			marked = marked || x.Data == "ins" || x.Data == "del"
		}
		if x.Type == html.TextNode && marked {
			n += countWords(x.Data)
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c, marked)
		}
	}
	for _, x := range nodes {
		walk(x, false)
	}
	return n
}

// blockWords is the words of a text, each as its number in one numbering
// for both texts.
var wordNumbers = map[string]uint64{}

func blockWords(blocks []Block) []uint64 {
	var out []uint64
	for _, b := range blocks {
		eachToken(b.Text, func(t string) {
			if !isWordToken(t) {
				return
			}
			id, ok := wordNumbers[t]
			if !ok {
				id = uint64(len(wordNumbers))
				wordNumbers[t] = id
			}
			out = append(out, id)
		})
	}
	return out
}

func linkList(blocks []Block) string {
	var b strings.Builder
	for _, k := range blocks {
		for _, l := range k.Links {
			b.WriteString(l.Text + "\x00" + l.Href + "\x01")
		}
	}
	return b.String()
}

// lcsLength is the length of the longest common subsequence of a and b.
func lcsLength(a, b []uint64) int { return new(lcsRoom).length(a, b) }

// sharesBody reports whether a moved or reworded section has text in
// common with what it was paired with: body words in both, or, for
// sections with no text, the same heading.
func sharesBody(s Section) bool {
	kept, old, new := 0, 0, 0
	for i, l := range s.lines {
		if i == 0 && l.heading() {
			continue
		}
		count := func(runs []run) {
			for _, r := range runs {
				switch r.op {
				case opEqual, opMoved:
					kept += int(r.words)
					old += int(r.words)
					new += int(r.words)
				case opInsert:
					new += int(r.words)
				case opDelete, opMovedDropped:
					old += int(r.words)
				}
			}
		}
		count(l.runs)
		for _, c := range l.cells {
			count(c.runs)
		}
	}
	if old+new == 0 {
		return !s.Reworded()
	}
	return kept > 0
}

// falseChange says why a section labelled changed did not change, by its
// blocks, or which of its notes claims a link change its blocks do not
// have; "" if it did change and its notes are true. A note is checked
// against the blocks of its line, or of the lines that share its old block
// (a paragraph split in several).
func falseChange(s Section) string {
	changed := len(s.notes) > 0
	if old, new := s.pair[0], s.pair[1]; old != nil && new != nil && len(s.lines) > 0 {
		for _, n := range s.lines[0].notes {
			if n.kind != noteParent {
				continue
			}
			title := func(p *section) string {
				if p == nil {
					return ""
				}
				return p.title()
			}
			if n.old != title(old.parent) || n.new != title(new.parent) || old.parent == nil && new.parent == nil {
				return fmt.Sprintf("a note that is not true: %+v", n)
			}
			changed = true
		}
	}
	for _, l := range s.lines {
		if l.old == nil || l.new == nil || l.old.Text != l.new.Text || l.old.heading() != l.new.heading() ||
			linkList([]Block{*l.old}) != linkList([]Block{*l.new}) || l.old.row() && l.old.key() != l.new.key() {
			changed = true
		}
	}
	if !changed {
		return "the same text, links and headings"
	}
	for i, l := range s.lines {
		olds, news := map[string]int{}, map[string]int{}
		if l.old != nil {
			for _, k := range l.old.Links {
				olds[k.Href]++
			}
		}
		for j, m := range s.lines {
			// The lines of one old block cut into several: the same block
			// at the same place (a block's text may recur elsewhere, and
			// the Memo's blocks are shared).
			if m.new != nil && (j == i || l.old != nil && m.old == l.old && m.oi == l.oi) {
				for _, k := range m.new.Links {
					news[k.Href]++
				}
			}
		}
		for _, n := range l.notes {
			switch {
			case n.kind == noteLinkAdded && news[n.new] <= olds[n.new],
				n.kind == noteLinkRemoved && olds[n.old] <= news[n.old],
				n.kind == noteLinkChanged && (olds[n.old] <= news[n.old] || news[n.new] <= olds[n.new]):
				return fmt.Sprintf("a note that is not true: %+v", n)
			}
		}
	}
	return ""
}

// A comparison the quality test makes: two revisions of a history.
type comparison struct {
	name         string
	older, newer []byte
	diff         *Diff
}

// siteComparisons are the comparisons a site shows of a history: each
// revision with the next and with the newest, made through one Memo as a
// build makes them.
func siteComparisons(t *testing.T, h history) []comparison {
	var m Memo
	docs := make([]*Doc, len(h.revs))
	for i, rev := range h.revs {
		docs[i] = m.PrepareHTML(rev, h.parts[i])
	}
	var out []comparison
	last := len(docs) - 1
	for i := range last {
		out = append(out, comparison{fmt.Sprintf("%d → %d", i, i+1), h.revs[i], h.revs[i+1], Compare(docs[i], docs[i+1], Options{})})
		if i+1 < last {
			out = append(out, comparison{fmt.Sprintf("%d → %d", i, last), h.revs[i], h.revs[last], Compare(docs[i], docs[last], Options{})})
		}
	}
	return out
}

// TestDiffQuality measures every diff page of the real histories in
// ../shared/corpora and of examples/demo against a minimal word diff of the
// same two texts, and checks what a lawyer would hold against a diff: no
// pairing without text in common, no section labelled changed that did not
// change, no page saying nothing changed when something did. It prints the
// measure for each history (go test -run TestDiffQuality -v).
func TestDiffQuality(t *testing.T) {
	t.Logf("%-46s %5s %9s %9s %6s %6s %s", "history", "pages", "marked", "minimal", "ratio", "worst", "problems (worst: marked / its bound, 1.5 × minimal + 20)")
	for _, h := range realHistories(t) {
		var marked, minimal, problems int
		worst, worstName := 0.0, ""
		cs := siteComparisons(t, h)
		for _, c := range cs {
			q := measure(c.diff, c.older, c.newer)
			marked, minimal = marked+q.marked, minimal+q.minimal
			if ratio := float64(q.marked) / (markedFactor*float64(q.minimal) + markedSlack); ratio > worst {
				worst, worstName = ratio, c.name
			}
			for _, p := range q.problems() {
				problems++
				t.Errorf("%s %s: %s", h.name, c.name, p)
			}
		}
		t.Logf("%-46s %5d %9d %9d %6.2f %6.2f %d (worst: %s)", strings.TrimPrefix(h.name, "../"), len(cs), marked, minimal,
			float64(marked)/float64(max(minimal, 1)), worst, problems, worstName)
	}
}

func TestLCSLength(t *testing.T) {
	words := func(s string) []uint64 { return blockWords([]Block{{Text: s}}) }
	long := strings.Repeat("a b c ", 50)
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"a b c", "a b c", 3},
		{"a b c", "c b a", 1},
		{"a x b y c", "a b c z", 3},
		{long, long + "d", 150},
		{long + "e", "e " + long, 150},
	} {
		if got := lcsLength(words(tt.a), words(tt.b)); got != tt.want {
			t.Errorf("lcsLength(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
