package diff

import (
	"slices"
	"strings"
)

// A clause is what a reader of a policy calls a section ("clause 4"): a
// top-level section, its heading at the highest level the revision uses,
// with every section below it (4.1, 4.2 …); or the text before the first
// heading. A change of a subsection is a change of its clause. Each
// clause's history follows the diff's pairing of sections from revision
// to revision (Threads), so that a clause renumbered, renamed or moved
// keeps one history.

// Clause is one clause of a revision.
type Clause struct {
	ID    string // its heading's id; "" for the text before the first heading
	Title string // its heading's text; "" for the text before the first heading
}

// Clauses lists the revision's clauses in reading order.
func (d *Doc) Clauses() []Clause {
	out := make([]Clause, len(d.clauses))
	for i, s := range d.clauses {
		if s.heading != nil {
			out[i] = Clause{ID: s.heading.ID, Title: s.heading.Text}
		}
	}
	return out
}

// ClausePairs gives, for each clause of the newer revision, the clause of
// the older one it continues (the diff paired their headings: the same
// heading, renumbered, reworded or moved), or -1 for a clause that is new.
// The text before the first heading continues the text before the first
// heading.
func (d *Diff) ClausePairs() []int {
	out := make([]int, len(d.clauses))
	for i, o := range d.clauses {
		out[i] = int(o)
	}
	return out
}

// ChangedClauses reports which clauses of the older and of the newer
// revision the diff shows a change in: a section listed in its summary
// (Section.Listed: changed, new, removed, split, merged or moved) holds
// text of the clause.
func (d *Diff) ChangedClauses(older, newer int) (old, new []bool) {
	old, new = make([]bool, older), make([]bool, newer)
	for _, s := range d.Sections {
		if !s.Listed() {
			continue
		}
		for _, c := range s.clauses[0] {
			if int(c) < older {
				old[c] = true
			}
		}
		for _, c := range s.clauses[1] {
			if int(c) < newer {
				new[c] = true
			}
		}
	}
	return old, new
}

// Part is the diff of one clause: the sections that hold text of the
// clause older of the older revision or newer of the newer one (-1 for
// none), in reading order, with the other place of each moved one, so
// that its link leads somewhere, and counted anew. Its sections are the
// diff's own: a Part is read, never changed.
func (d *Diff) Part(older, newer int) *Diff {
	in := make([]bool, len(d.Sections))
	anchors := map[string]int{}
	for i, s := range d.Sections {
		anchors[s.Anchor] = i
		in[i] = older >= 0 && slices.Contains(s.clauses[0], int32(older)) || newer >= 0 && slices.Contains(s.clauses[1], int32(newer))
	}
	for i, s := range d.Sections {
		if in[i] && s.Peer != "" {
			if j, ok := anchors[s.Peer]; ok {
				in[j] = true
			}
		}
	}
	p := &Diff{Degraded: d.Degraded}
	for i, s := range d.Sections {
		if in[i] {
			p.Sections = append(p.Sections, s)
		}
	}
	p.sum()
	return p
}

// Thread is one clause's history: the clause it is in each revision from
// the one it first appears in to the last that has it, and the revisions
// that changed it.
type Thread struct {
	First   int   // the revision it first appears in
	Clauses []int // its clause in revision First+i
	// Changes are the revisions that changed it, oldest first: First when
	// it is not the first revision (the clause was added, or split from
	// another), each later one whose diff from the revision before it
	// shows a change of the clause, and the revision after its last, the
	// one that removed it, if there is one.
	Changes []int
}

// Last is the last revision the clause is in.
func (t *Thread) Last() int { return t.First + len(t.Clauses) - 1 }

// In gives the clause in revision r, or -1 when the revision does not
// have it.
func (t *Thread) In(r int) int {
	if r < t.First || r > t.Last() {
		return -1
	}
	return t.Clauses[r-t.First]
}

// Threads follows each clause through a document's revisions, oldest
// first: diffs[i] compares docs[i] with docs[i+1]. The threads are in the
// order they begin: by the revision they first appear in, then in reading
// order.
func Threads(docs []*Doc, diffs []*Diff) []*Thread {
	return ExtendThreads(nil, docs, diffs, 0)
}

// ExtendThreads is Threads of docs for threads followed through the first
// from of them already: the same threads as Threads of all docs, the
// given ones extended (in place) and the new ones after. Only the diffs
// from docs[from-1] on are read: a history kept from an earlier build is
// so followed through a revision added.
func ExtendThreads(threads []*Thread, docs []*Doc, diffs []*Diff, from int) []*Thread {
	all := threads
	var open []*Thread // the thread of each clause of the revision before
	if from > 0 {
		open = make([]*Thread, len(docs[from-1].clauses))
		for _, t := range threads {
			if t.Last() == from-1 {
				open[t.Clauses[len(t.Clauses)-1]] = t
			}
		}
	}
	for r := from; r < len(docs); r++ {
		doc := docs[r]
		n := len(doc.clauses)
		next := make([]*Thread, n)
		if r > 0 {
			d := diffs[r-1]
			prev := docs[r-1]
			pairs := d.ClausePairs()
			taken := make([]bool, len(prev.clauses))
			for c, o := range pairs {
				if o >= 0 && o < len(taken) && !taken[o] {
					taken[o] = true
					next[c] = open[o]
				}
			}
			// The text before the first heading is one clause, however
			// much of it changed.
			if n > 0 && len(prev.clauses) > 0 && doc.clauses[0].heading == nil && prev.clauses[0].heading == nil && next[0] == nil && !taken[0] {
				taken[0] = true
				next[0] = open[0]
			}
			changedOld, changedNew := d.ChangedClauses(len(prev.clauses), n)
			for c, t := range next {
				if t != nil {
					t.Clauses = append(t.Clauses, c)
					if changedNew[c] || changedOld[t.In(r-1)] {
						t.Changes = append(t.Changes, r)
					}
				}
			}
			for o, t := range open {
				if !taken[o] {
					t.Changes = append(t.Changes, r) // removed, or merged into another
				}
			}
		}
		for c := range next {
			if next[c] == nil {
				t := &Thread{First: r, Clauses: []int{c}}
				if r > 0 {
					t.Changes = []int{r}
				}
				next[c] = t
				all = append(all, t)
			}
		}
		open = next
	}
	return all
}

// ClauseText is the text of clause c as the diff compares it: its blocks'
// text and link targets and its headings' levels, its subsections'
// included, then the footnotes they cite. (A block's kind aside: a list
// item that became a paragraph reads the same.) Two revisions of a clause
// with the same ClauseText read the same. For checks: the diff never
// compares it.
func (d *Doc) ClauseText(c int) string {
	var b strings.Builder
	cites := map[string]bool{}
	add := func(bl *Block) {
		if bl.heading() > 0 {
			b.WriteString(bl.Tag + " ")
		}
		b.WriteString(bl.Text)
		for _, cell := range bl.Cells {
			b.WriteString(" | ")
			b.WriteString(cell.Text)
			for _, l := range cell.Links {
				b.WriteString(" <" + l.Href + ">")
			}
		}
		for _, l := range bl.Links {
			b.WriteString(" <" + l.Href + ">")
		}
		b.WriteByte('\n')
		for _, f := range bl.Cites {
			cites[f] = true
		}
	}
	for _, s := range d.sections {
		if int(s.clause) != c {
			continue
		}
		for _, bl := range s.blocks() {
			add(bl)
		}
	}
	if d.footnotes != nil {
		for _, bl := range d.footnotes.body {
			if cites[bl.Footnote] {
				add(bl)
			}
		}
	}
	return b.String()
}
