package diff

import (
	"math"
	"slices"
	"strings"
)

// An assembly lays out a comparison's sections in reading order, from the
// pairing of its sections: the sections that kept their place start the
// stretches between them, whose lines are diffed as one sequence and cut
// into sections again at their headings; moved sections are shown whole
// where they left and where they arrived.
type assembly struct {
	c            *comparer
	older, newer *Doc
	match        []int  // for each new section, its old one, or -1
	keep         []bool // for each new section, whether it kept its place
	oldTo        []int  // for each old section, its new one, or -1
	ids          anchors
	// The anchors of the sections whose headings the diff shows.
	newAnchor, oldAnchor []string
	pairs                map[int][]line // a moved section's lines, by its new index
	out                  []Section
	// The lines of the open section, out[cur], cut from stretches; cur is
	// -1 when lines start a section of their own. The section takes a
	// copy when it closes, of the size it needs, and the room is used
	// again for the next.
	lines   []line
	cur     int
	started bool // the text before the first heading has its section
}

// anchorBit marks a section's number in a stretch's key where only its
// body takes part; side separates the older revision's part of the key
// from the newer's.
const (
	anchorBit = 1 << 31
	side      = 1<<32 - 1
)

func (a *assembly) anchorSections() {
	os, ns := a.older.sections, a.newer.sections
	a.newAnchor, a.oldAnchor = make([]string, len(ns)), make([]string, len(os))
	a.pairs, a.cur = map[int][]line{}, -1
	// Most sections take their lines shared (sectionLines); the lines
	// of the rest grow here.
	a.out = make([]Section, 0, max(len(os), len(ns))+2)
	for n, s := range ns {
		a.newAnchor[n] = a.ids.take(s.heading, "start", "")
	}
	for o, s := range os {
		switch n := a.oldTo[o]; {
		case n < 0:
			a.oldAnchor[o] = a.ids.take(s.heading, "start", "")
		case !a.keep[n]:
			a.oldAnchor[o] = a.ids.take(s.heading, "start", "was-")
		}
	}
}

// open starts a section cut from a stretch, with its first lines.
func (a *assembly) open(s Section, first ...line) {
	a.close()
	a.out = append(a.out, s)
	a.cur = len(a.out) - 1
	a.lines = append(a.lines[:0], first...)
}

// close gives the open section its lines.
func (a *assembly) close() {
	if a.cur >= 0 {
		a.out[a.cur].lines = slices.Clone(a.lines)
		a.lines = a.lines[:0]
	}
	a.cur = -1
}

// whole adds a section shown whole: lines that follow it start a section
// of their own.
func (a *assembly) whole(s Section) {
	a.close()
	a.out = append(a.out, s)
}

// pairedStart opens the section of a pair that kept its place; its
// heading and body are diffed with the stretch that follows (stretch).
func (a *assembly) pairedStart(older, newer *section, n int) {
	s := Section{Title: newer.title(), Context: newer.context, Anchor: a.newAnchor[n], pair: [2]*section{older, newer}}
	if older.title() != newer.title() {
		s.OldTitle = older.title()
	}
	s.touch(0, older.clause)
	s.touch(1, newer.clause)
	a.open(s)
}

// touch notes that the section shows text of the clause c of the older
// (side 0) or the newer revision (side 1).
func (s *Section) touch(side int, c int32) {
	if c >= 0 && !slices.Contains(s.clauses[side], c) {
		s.clauses[side] = append(s.clauses[side], c)
	}
}

// touchLine notes the clauses whose blocks a line of a stretch shows.
func (a *assembly) touchLine(l line, oldSeq, newSeq *seq) {
	s := &a.out[a.cur]
	if l.oi >= 0 {
		if i := oldSeq.section[l.oi]; i >= 0 {
			s.touch(0, a.older.sections[i].clause)
		}
	}
	if l.ni >= 0 {
		if i := newSeq.section[l.ni]; i >= 0 {
			s.touch(1, a.newer.sections[i].clause)
		}
	}
}

type barrier struct {
	at int // the place in the diffed sequence it stands before
	s  Section
}

// stretch diffs the blocks from the body of the old section prevO and the
// new section prevN (-1 for the start) up to the old section o and the new
// section n, and adds them, cut into sections at their headings, with the
// moved sections in between where they stand.
func (a *assembly) stretch(prevO, o, prevN, n int) {
	os, ns := a.older.sections, a.newer.sections
	if prevO >= 0 {
		older, newer := os[prevO], ns[prevN]
		if o == prevO+1 && n == prevN+1 {
			// The section alone, as most are: its lines, shared by
			// every comparison of the same two texts.
			a.out[a.cur].lines = a.c.sectionLines(older, newer)
			a.cur = -1
			return
		}
		if older.heading != nil && newer.heading != nil {
			a.lines = append(a.lines, a.c.pairBlocks(older.heading, newer.heading))
		}
	}
	oldSeq, key, oldBars := gather(os, prevO, o, nil, func(i int) bool { return a.oldTo[i] >= 0 }, a.movedAway)
	newSeq, key, newBars := gather(ns, prevN, n, append(key, side), func(j int) bool { return a.match[j] >= 0 }, a.movedHere)
	lines := a.c.seqLines(key, oldSeq.blocks, newSeq.blocks)
	// A moved section stands where its neighbours put it: before the first
	// block after it in its revision, which is a heading, so that no text
	// of another section follows it.
	bo, bn := 0, 0
	place := func(bars []barrier, b *int, before int) {
		for ; *b < len(bars) && bars[*b].at <= before; *b++ {
			a.whole(bars[*b].s)
		}
	}
	for _, l := range lines {
		if l.oi >= 0 {
			place(oldBars, &bo, int(l.oi))
		}
		if l.ni >= 0 {
			place(newBars, &bn, int(l.ni))
		}
		a.line(l, oldSeq, newSeq)
	}
	place(oldBars, &bo, math.MaxInt)
	place(newBars, &bn, math.MaxInt)
}

// A seq is one side of a stretch: its blocks, in order, and the section
// of its revision each is in (its place in Doc.sections, -1 for the
// footnotes). The blocks are the Memo's, shared by every revision that
// has them, so the section is the seq's to know, not the block's.
type seq struct {
	blocks  []*Block
	section []int32
}

// add adds blocks of the section i.
func (s *seq) add(i int32, blocks ...*Block) {
	s.blocks = append(s.blocks, blocks...)
	for range blocks {
		s.section = append(s.section, i)
	}
}

// gather is one side of a stretch: the body of the section prev (none if
// -1) and the sections after it up to end, but those shown elsewhere
// (moved), which stand as barriers made by moved; and the numbers of the
// sections, added to key.
func gather(secs []*section, prev, end int, key []uint32, elsewhere func(int) bool, moved func(int) Section) (s *seq, _ []uint32, bars []barrier) {
	s = &seq{}
	if prev >= 0 {
		s.add(int32(prev), secs[prev].body...)
		key = append(key, secs[prev].id|anchorBit)
	}
	for i := prev + 1; i < end; i++ {
		if elsewhere(i) {
			bars = append(bars, barrier{len(s.blocks), moved(i)})
			continue
		}
		if h := secs[i].heading; h != nil {
			s.add(int32(i), h)
		}
		s.add(int32(i), secs[i].body...)
		key = append(key, secs[i].id)
	}
	return s, key, bars
}

// line adds a line of a stretch: a heading starts a section.
func (a *assembly) line(l line, oldSeq, newSeq *seq) {
	if !l.heading() {
		if a.cur < 0 {
			a.open(a.unheaded(l, oldSeq))
		}
		a.lines = append(a.lines, l)
		a.touchLine(l, oldSeq, newSeq)
		return
	}
	var s Section
	if l.ni >= 0 {
		n := newSeq.section[l.ni]
		sec := a.newer.sections[n]
		s = Section{Title: sec.title(), Context: sec.context, Anchor: a.newAnchor[n]}
		s.pair[1] = sec
		if ob := oldSeq.blocks; l.oi >= 0 && ob[l.oi].heading() > 0 {
			s.pair[0] = a.older.sections[oldSeq.section[l.oi]]
			if ob[l.oi].Text != s.Title {
				s.OldTitle = ob[l.oi].Text
			}
		}
	} else {
		o := oldSeq.section[l.oi]
		sec := a.older.sections[o]
		s = Section{Title: sec.title(), Context: sec.context, Anchor: a.oldAnchor[o]}
		s.pair[0] = sec
	}
	a.open(s, l)
	a.touchLine(l, oldSeq, newSeq)
}

// unheaded is the section that text without a heading of its own starts:
// the text before the first heading, or text whose heading was made part
// of it (a merged group that begins with an old heading), which may follow
// a section shown whole.
func (a *assembly) unheaded(l line, oldSeq *seq) Section {
	if l.oi >= 0 && oldSeq.blocks[l.oi].heading() > 0 {
		o := oldSeq.section[l.oi]
		sec := a.older.sections[o]
		return Section{Title: sec.title(), Context: sec.context, Anchor: a.oldAnchor[o], pair: [2]*section{sec, nil}}
	}
	if !a.started {
		// The text before the first heading, if no pair took its anchor.
		a.started = true
		if ns := a.newer.sections; len(ns) > 0 && ns[0].heading == nil && a.match[0] < 0 {
			return Section{Anchor: a.newAnchor[0]}
		}
		if os := a.older.sections; len(os) > 0 && os[0].heading == nil && a.oldTo[0] < 0 {
			return Section{Anchor: a.oldAnchor[0]}
		}
	}
	return Section{Anchor: a.ids.take(nil, "start", "")}
}

// pairLines is a moved section diffed with its old self.
func (a *assembly) pairLines(n int) []line {
	if lines, ok := a.pairs[n]; ok {
		return lines
	}
	lines := a.c.sectionLines(a.older.sections[a.match[n]], a.newer.sections[n])
	a.pairs[n] = lines
	return lines
}

// movedHere is a moved section at its new place.
func (a *assembly) movedHere(n int) Section {
	o := a.match[n]
	older, newer := a.older.sections[o], a.newer.sections[n]
	lines := movedLines(a.pairLines(n))
	if older.heading != nil && newer.heading != nil && renumbered(older.title(), newer.title()) {
		// A new number is part of moving, not an edit.
		lines[0].runs = []run{{op: opMoved, text: newer.title(), words: int32(len(newer.heading.words))}}
	}
	s := Section{Kind: Moved, Title: newer.title(), Context: newer.context, Anchor: a.newAnchor[n], Peer: a.oldAnchor[o], lines: lines, pair: [2]*section{older, newer}}
	if older.title() != newer.title() {
		s.OldTitle = older.title()
	}
	s.touch(0, older.clause)
	s.touch(1, newer.clause)
	return s
}

// movedAway is the place a moved section left.
func (a *assembly) movedAway(o int) Section {
	n := a.oldTo[o]
	old := a.older.sections[o]
	lines := awayLines(a.pairLines(n))
	if old.heading != nil && len(lines) > 0 && renumbered(old.title(), a.newer.sections[n].title()) {
		lines[0] = whole(old.heading, lineRemoved, opMovedAway)
	}
	s := Section{Kind: MovedAway, Title: old.title(), Context: old.context, Anchor: a.oldAnchor[o], Peer: a.newAnchor[n], lines: lines}
	s.touch(0, old.clause)
	return s
}

// footnotes adds the document's footnotes, diffed, as a section of their
// own at the end.
func (a *assembly) footnotes() {
	of, nf := a.older.footnotes, a.newer.footnotes
	if of == nil && nf == nil {
		return
	}
	var oldSeq, newSeq []*Block
	var key []uint32
	if of != nil {
		oldSeq = of.body
		key = append(key, of.id|anchorBit)
	}
	key = append(key, side)
	if nf != nil {
		newSeq = nf.body
		key = append(key, nf.id|anchorBit)
	}
	a.whole(Section{Footnotes: true, Anchor: a.ids.take(nil, "footnotes", ""), lines: a.c.seqLines(key, oldSeq, newSeq)})
}

// finish settles each section's kind and counts, and the diff's.
func (a *assembly) finish() *Diff {
	a.close()
	a.renames()
	a.parents()
	a.citeFootnotes()
	d := &Diff{Sections: a.out, Degraded: a.c.degraded}
	for i := range d.Sections {
		s := &d.Sections[i]
		if s.Kind == "" { // not yet said: moved sections are
			s.classify()
		}
		s.count()
	}
	d.sum()
	d.clauses = make([]int32, len(a.newer.clauses))
	for i := range d.clauses {
		d.clauses[i] = -1
	}
	paired := make([]bool, len(a.older.clauses))
	for _, s := range d.Sections {
		if o, n := s.pair[0], s.pair[1]; o != nil && n != nil && o.parent == nil && n.parent == nil && o.kind() == n.kind() {
			d.clauses[n.clause], paired[o.clause] = o.clause, true
		}
	}
	// A clause's new heading over its text, where the old heading is
	// gone and the text stands under no other clause's heading now: the
	// clause renamed, though the diff shows the heading replaced (Split),
	// since it moved too, or its text changed too much to pair them.
	for _, s := range d.Sections {
		if n := s.pair[1]; s.Kind == Split && n != nil && n.parent == nil && d.clauses[n.clause] < 0 && len(s.clauses[0]) == 1 && !paired[s.clauses[0][0]] {
			d.clauses[n.clause], paired[s.clauses[0][0]] = s.clauses[0][0], true
		}
	}
	return d
}

// sum counts the diff's sections and words.
func (d *Diff) sum() {
	d.Stats = Stats{}
	for i := range d.Sections {
		s := &d.Sections[i]
		switch s.Kind {
		case Changed:
			d.Stats.Changed++
			if s.Renumbered {
				d.Stats.Renumbered++
			}
		case Added, Split:
			d.Stats.Added++
		case Removed, Merged:
			d.Stats.Removed++
		case Moved:
			d.Stats.Moved++
		}
		d.Stats.Inserted += s.Inserted
		d.Stats.Deleted += s.Deleted
		d.Stats.Kept += s.kept()
		d.Stats.Links += s.Links
		d.Stats.Headings += s.Headings
	}
}

// renames joins a section whose heading and any text of its own are gone
// and the new heading right after it over text that was there: the
// heading was reworded, and the text beneath it, which stood under the old
// heading, is the evidence.
func (a *assembly) renames() {
	out := a.out[:0]
	for i := 0; i < len(a.out); i++ {
		s := a.out[i]
		if i+1 < len(a.out) && s.Kind == "" && len(s.lines) > 0 && s.lines[0].heading() && allKind(s.lines, lineRemoved) {
			t := &a.out[i+1]
			if t.Kind == "" && t.lines[0].heading() && t.lines[0].kind == lineAdded && keeps(t.lines[1:], minBodyWithHeading) {
				h := a.c.pairBlocks(s.lines[0].old, t.lines[0].new)
				t.lines = append(append([]line{h}, s.lines[1:]...), t.lines[1:]...)
				t.pair[0] = s.pair[0]
				for side := range t.clauses {
					for _, c := range s.clauses[side] {
						t.touch(side, c)
					}
				}
				if s.Title != t.Title {
					t.OldTitle = s.Title
				}
				continue
			}
		}
		out = append(out, s)
	}
	a.out = out
}

func allKind(lines []line, k lineKind) bool {
	for _, l := range lines {
		if l.kind != k {
			return false
		}
	}
	return true
}

// parents notes, on the heading of each section shown with its old self,
// that it now stands under another heading: a sub-section moved from one
// section to another, though its text stayed, belongs to something else.
// A heading above it that was reworded is the same heading.
func (a *assembly) parents() {
	same := map[*section]*section{} // old section → new
	for _, s := range a.out {
		if s.pair[0] != nil && s.pair[1] != nil {
			same[s.pair[0]] = s.pair[1]
		}
	}
	for i := range a.out {
		s := &a.out[i]
		older, newer := s.pair[0], s.pair[1]
		if older == nil || newer == nil || s.Kind == MovedAway || len(s.lines) == 0 || !s.lines[0].heading() {
			continue
		}
		if (older.parent == nil && newer.parent == nil) || older.parent != nil && same[older.parent] == newer.parent {
			continue
		}
		n := note{kind: noteParent}
		if older.parent != nil {
			n.old = older.parent.title()
		}
		if newer.parent != nil {
			n.new = newer.parent.title()
		}
		s.lines = slices.Clone(s.lines) // they may be shared with other comparisons
		h := &s.lines[0]
		h.notes = append(slices.Clip(h.notes), n)
		if h.kind == lineSame {
			h.kind = lineChanged
		}
	}
}

// citeFootnotes notes, in each section, the changes of the footnotes its
// text cites, in either revision.
func (a *assembly) citeFootnotes() {
	var notes *Section
	for i := range a.out {
		if a.out[i].Footnotes {
			notes = &a.out[i]
		}
	}
	if notes == nil {
		return
	}
	for i := range a.out {
		s := &a.out[i]
		if s.Footnotes || s.Kind == MovedAway {
			continue
		}
		newCites, oldCites := map[string]bool{}, map[string]bool{}
		for _, l := range s.lines {
			if l.new != nil {
				for _, c := range l.new.Cites {
					newCites[c] = true
				}
			}
			if l.old != nil {
				for _, c := range l.old.Cites {
					oldCites[c] = true
				}
			}
		}
		if len(newCites)+len(oldCites) == 0 {
			continue
		}
		for _, l := range notes.lines {
			if l.kind == lineSame {
				continue
			}
			if (l.new == nil || !newCites[l.new.Footnote]) && (l.old == nil || !oldCites[l.old.Footnote]) {
				continue
			}
			number := strings.TrimPrefix(l.block().Footnote, "fn:")
			if k := len(s.notes) - 1; k >= 0 && s.notes[k].number == number {
				s.notes[k].lines = append(s.notes[k].lines, l)
			} else {
				s.notes = append(s.notes, footnoteChange{number: number, lines: []line{l}})
			}
		}
	}
}

// classify settles the kind of a section cut from a stretch.
func (s *Section) classify() {
	headed := !s.Footnotes && len(s.lines) > 0 && s.lines[0].heading()
	body := s.lines
	if headed {
		body = s.lines[1:]
	}
	switch {
	case headed && (s.lines[0].kind == lineAdded || s.lines[0].old.heading() == 0):
		s.Kind = Split
		if allKind(body, lineAdded) {
			s.Kind = Added
		}
	case headed && s.lines[0].kind == lineRemoved:
		s.Kind = Merged
		if allKind(body, lineRemoved) {
			s.Kind = Removed
		}
	case !headed && len(body) > 0 && allKind(body, lineAdded):
		s.Kind = Added
	case !headed && len(body) > 0 && allKind(body, lineRemoved):
		s.Kind = Removed
	case !allKind(s.lines, lineSame) || len(s.notes) > 0:
		s.Kind = Changed
		s.Renumbered = headed && renumbered(s.OldTitle, s.Title) && len(s.lines[0].notes) == 0 && allKind(body, lineSame) && len(s.notes) == 0
	default:
		s.Kind = Unchanged
	}
}

// count counts the words, links and heading levels a section changes.
// kept counts the words of the section that are in both revisions: its
// common text, and a moved section's text at its new place.
func (s *Section) kept() int {
	n := 0
	add := func(runs []run) {
		for _, r := range runs {
			if r.op == opEqual || r.op == opMoved {
				n += int(r.words)
			}
		}
	}
	for _, l := range s.lines {
		add(l.runs)
		for _, c := range l.cells {
			add(c.runs)
		}
	}
	return n
}

func (s *Section) count() {
	s.Inserted, s.Deleted, s.Links, s.Headings = 0, 0, 0, 0
	add := func(runs []run) {
		for _, r := range runs {
			switch r.op {
			case opInsert:
				s.Inserted += int(r.words)
			case opDelete, opMovedDropped:
				s.Deleted += int(r.words)
			}
		}
	}
	for _, l := range s.lines {
		add(l.runs)
		for _, c := range l.cells {
			add(c.runs)
		}
		heading := false // one heading may have a new level and a new parent
		for _, n := range l.notes {
			if n.link() {
				s.Links++
			} else {
				heading = true
			}
		}
		if heading {
			s.Headings++
		}
	}
}
