package diff

import (
	"fmt"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Kind says what happened to a section between two revisions.
type Kind string

// The kinds of section change.
const (
	Unchanged Kind = "unchanged"
	Changed   Kind = "changed"
	Added     Kind = "added"
	Removed   Kind = "removed"
	Moved     Kind = "moved"      // the section at its new place, changed or not
	MovedAway Kind = "moved-away" // the place it left
)

// A Section is one section of the diff, in reading order.
type Section struct {
	Kind     Kind
	Title    string // the heading in the newer revision (the older one for Removed and MovedAway); "" before the first heading
	OldTitle string // the heading in the older revision, where it differs from Title
	Anchor   string // the section's id on the diff page
	Peer     string // Moved and MovedAway: the anchor of the other place
	Inserted int    // words added in the section
	Deleted  int    // words removed from it
	Links    int    // links whose target changed while their text stayed
	// Renumbered is set on a Changed section whose only change is the
	// number in its heading.
	Renumbered bool
	lines      []line
}

// Listed reports whether the section belongs in a summary of changes: every
// section but unchanged ones and the places moved sections left.
func (s Section) Listed() bool { return s.Kind != Unchanged && s.Kind != MovedAway }

// Reworded reports whether the heading's words changed, not just its number.
func (s Section) Reworded() bool {
	return s.OldTitle != "" && headingKey(s.OldTitle) != headingKey(s.Title)
}

// Edited reports whether the section's text or links changed.
func (s Section) Edited() bool { return s.Inserted+s.Deleted+s.Links > 0 }

// Collapsed reports whether the section's text has nothing to show as
// changed: unchanged, the place a section left, or moved without an edit.
func (s Section) Collapsed() bool {
	return s.Kind == Unchanged || s.Kind == MovedAway || (s.Kind == Moved && !s.Edited())
}

// Stats sums up a diff.
type Stats struct {
	Inserted int // words only in the newer revision
	Deleted  int // words only in the older revision
	Changed  int // sections changed in place
	Added    int // sections only in the newer revision
	Removed  int // sections only in the older revision
	Moved    int // sections that moved, changed or not
	// Renumbered counts the Changed sections whose only change is their
	// number.
	Renumbered int
}

// Any reports whether anything differs.
func (s Stats) Any() bool { return s != Stats{} }

// Diff is the comparison of two revisions.
type Diff struct {
	Sections []Section
	Stats    Stats
	// Degraded is set when a stretch was too large to diff word by word
	// (see Options.MaxCells) and is shown as deleted and inserted whole:
	// still correct, but coarser than it should be. Pages must say so.
	Degraded bool
}

// Options tune Compare. The zero value is ready to use.
type Options struct {
	// MaxCells bounds each diff: when the product of the two sequences'
	// lengths (tokens or blocks) is larger, the stretch is shown as
	// deleted and inserted whole and the diff is Degraded. 0 means
	// DefaultMaxCells.
	MaxCells int
}

// DefaultMaxCells lets go-diff compare two paragraphs of some 3,000 words
// each, far beyond a real policy's; its O(ND) search stays well under a
// second there.
//
// go-diff's own DiffTimeout is turned off: when it runs out, go-diff
// silently returns "delete everything, insert everything", and whether it
// runs out depends on the machine's load, so the same content would give
// different pages. A bound on size decides the same way every time.
const DefaultMaxCells = 10_000_000

type op int

const (
	opEqual     op = iota
	opInsert       // only in the newer revision
	opDelete       // only in the older revision
	opMoved        // unchanged text at a moved section's new place: inserted here
	opMovedAway    // a moved section's text where it was: deleted here
	// opMovedDropped is text a moved section lost on the way, shown where
	// it arrived as a note: the text itself is deleted where it was.
	opMovedDropped
)

type run struct {
	op    op
	text  string
	words int // the words in text, counted once
}

type lineKind int

const (
	lineSame lineKind = iota
	lineChanged
	lineAdded
	lineRemoved
)

// A line is one block as the diff shows it.
type line struct {
	tag   string
	kind  lineKind
	runs  []run
	notes []linkChange
}

type linkChange struct{ old, new string }

// Compare diffs two revisions, prepared with Prepare or Memo.Prepare. Two
// Docs that one Memo prepared are compared through it: the section diffs
// it made before are not made again. (Another Memo's numbers mean other
// texts, so Docs of two Memos are compared afresh.)
func Compare(older, newer *Doc, opts Options) *Diff {
	c := &comparer{dmp: diffmatchpatch.New(), maxCells: opts.MaxCells}
	if older.memo == newer.memo {
		c.memo = older.memo // nil for Docs of Prepare
	}
	if c.maxCells <= 0 {
		c.maxCells = DefaultMaxCells
	}
	c.dmp.DiffTimeout = 0 // see DefaultMaxCells
	return c.compare(older, newer)
}

type comparer struct {
	dmp      *diffmatchpatch.DiffMatchPatch
	maxCells int
	memo     *Memo
	degraded bool
}

func (c *comparer) compare(older, newer *Doc) *Diff {
	os, ns := older.sections, newer.sections
	match := matchSections(os, ns, c.memo)
	// Keep as many sections in place as can be, and of equal counts the
	// longer ones: the fewest, shortest sections are shown as moved.
	keep := inPlace(match, func(n int) int { return 1<<20 + len(ns[n].words) })
	oldTo := make([]int, len(os))
	for i := range oldTo {
		oldTo[i] = -1
	}
	for n, o := range match {
		if o >= 0 {
			oldTo[o] = n
		}
	}

	// Anchors are decided first, so that the two places of a moved section
	// can link to each other whichever comes first.
	ids := anchors{}
	newAnchor := make([]string, len(ns))
	for n, s := range ns {
		newAnchor[n] = ids.take(s.heading, "")
	}
	oldAnchor := make([]string, len(os))
	for o, s := range os {
		if n := oldTo[o]; n < 0 {
			oldAnchor[o] = ids.take(s.heading, "")
		} else if !keep[n] {
			oldAnchor[o] = ids.take(s.heading, "was-")
		}
	}

	d := &Diff{}
	o, from := 0, 0
	for n := 0; n <= len(ns); n++ {
		if n < len(ns) && !keep[n] {
			continue
		}
		// Between two sections that kept their place: first what left the
		// older revision here, then what arrived in the newer one.
		stop := len(os)
		if n < len(ns) {
			stop = match[n]
		}
		for ; o < stop; o++ {
			if n := oldTo[o]; n < 0 {
				d.add(c.removed(os[o], oldAnchor[o]))
			} else {
				d.add(c.movedAway(os[o], oldAnchor[o], newAnchor[n]))
			}
		}
		for m := from; m < n; m++ {
			if match[m] < 0 {
				d.add(c.added(ns[m], newAnchor[m]))
			} else {
				d.add(c.moved(os[match[m]], ns[m], newAnchor[m], oldAnchor[match[m]]))
			}
		}
		if n < len(ns) {
			d.add(c.paired(os[o], ns[n], newAnchor[n]))
			o++
		}
		from = n + 1
	}
	d.Degraded = c.degraded
	return d
}

func (d *Diff) add(s Section) {
	for _, l := range s.lines {
		for _, r := range l.runs {
			switch r.op {
			case opInsert:
				s.Inserted += r.words
			case opDelete:
				s.Deleted += r.words
			}
		}
		s.Links += len(l.notes)
	}
	switch s.Kind {
	case Changed:
		d.Stats.Changed++
		if s.Renumbered {
			d.Stats.Renumbered++
		}
	case Added:
		d.Stats.Added++
	case Removed:
		d.Stats.Removed++
	case Moved:
		d.Stats.Moved++
	}
	d.Stats.Inserted += s.Inserted
	d.Stats.Deleted += s.Deleted
	d.Sections = append(d.Sections, s)
}

// anchors hands out unique ids for the sections of a diff page: the
// heading's own id where it has one, so that links into the policy and into
// its diff look alike.
type anchors map[string]bool

func (a anchors) take(h *Block, prefix string) string {
	base := "start"
	if h != nil {
		base = h.ID
		if base == "" {
			base = "section"
		}
	}
	id := prefix + base
	for i := 2; a[id]; i++ {
		id = fmt.Sprintf("%s%s-%d", prefix, base, i)
	}
	a[id] = true
	return id
}

func (c *comparer) removed(s *section, anchor string) Section {
	return Section{Kind: Removed, Title: s.title(), Anchor: anchor, lines: wholeLines(s, lineRemoved, opDelete)}
}

func (c *comparer) added(s *section, anchor string) Section {
	return Section{Kind: Added, Title: s.title(), Anchor: anchor, lines: wholeLines(s, lineAdded, opInsert)}
}

// movedAway is the place a moved section left: its old text, deleted here.
func (c *comparer) movedAway(s *section, anchor, peer string) Section {
	return Section{Kind: MovedAway, Title: s.title(), Anchor: anchor, Peer: peer, lines: wholeLines(s, lineRemoved, opMovedAway)}
}

// whole is a block shown as one run.
func whole(b Block, kind lineKind, o op) line {
	return line{tag: b.Tag, kind: kind, runs: []run{{o, b.Text, len(b.words)}}}
}

// wholeLines is every block of a section, each shown as one run.
func wholeLines(s *section, kind lineKind, o op) []line {
	out := make([]line, 0, len(s.body)+1)
	for _, b := range s.blocks() {
		out = append(out, whole(b, kind, o))
	}
	return out
}

// moved is a moved section at its new place: its new text, inserted here,
// with the words that changed on the way marked as insertions, and the words
// it lost shown as notes (they are deleted, with the rest of its old text,
// at the place it left).
func (c *comparer) moved(old, new *section, anchor, peer string) Section {
	p := c.paired(old, new, anchor)
	// A new number is part of moving: not an edit.
	renumbered := old.heading != nil && new.heading != nil && old.key == new.key
	out := Section{Kind: Moved, Title: p.Title, OldTitle: p.OldTitle, Anchor: anchor, Peer: peer}
	for i, l := range p.lines {
		if i == 0 && renumbered {
			l = whole(*new.heading, lineSame, opEqual)
		}
		// Words removed on the way count too, though they are shown
		// where the section was.
		for _, r := range l.runs {
			if r.op == opDelete {
				out.Deleted += r.words
			}
		}
		if l.kind == lineRemoved {
			continue
		}
		ml := line{tag: l.tag, kind: lineAdded, notes: l.notes}
		for _, r := range l.runs {
			switch r.op {
			case opEqual:
				ml.runs = append(ml.runs, run{opMoved, r.text, r.words})
			case opInsert:
				ml.runs = append(ml.runs, r)
			case opDelete:
				ml.runs = append(ml.runs, run{opMovedDropped, r.text, r.words})
			}
		}
		out.lines = append(out.lines, ml)
	}
	return out
}

// pair compares a section with its counterpart in the older revision.
func (c *comparer) pair(old, new *section, anchor string) Section {
	out := Section{Kind: Unchanged, Title: new.title(), Anchor: anchor}
	if old.title() != new.title() {
		out.OldTitle = old.title()
	}
	switch {
	case old.heading != nil && new.heading != nil:
		out.lines = append(out.lines, c.pairBlocks(*old.heading, *new.heading))
	case new.heading != nil:
		out.lines = append(out.lines, whole(*new.heading, lineAdded, opInsert))
	case old.heading != nil:
		out.lines = append(out.lines, whole(*old.heading, lineRemoved, opDelete))
	}
	out.lines = append(out.lines, c.blockLines(old.body, new.body)...)
	for _, l := range out.lines {
		if l.kind != lineSame {
			out.Kind = Changed
			break
		}
	}
	if out.Kind == Changed && out.OldTitle != "" && old.key == new.key {
		out.Renumbered = true
		for _, l := range out.lines[1:] {
			if l.kind != lineSame {
				out.Renumbered = false
			}
		}
	}
	return out
}

// blockLines diffs two runs of blocks: whole blocks first, then the words of
// the blocks that changed.
func (c *comparer) blockLines(old, new []Block) []line {
	var bm tokenMap
	ra := make([]rune, len(old))
	for i, b := range old {
		ra[i] = bm.id(b.key())
	}
	rb := make([]rune, len(new))
	for i, b := range new {
		rb[i] = bm.id(b.key())
	}
	var out []line
	oi, ni := 0, 0
	var dels, inss []Block
	flush := func() {
		out = append(out, c.pairRuns(dels, inss)...)
		dels, inss = nil, nil
	}
	for _, d := range c.diff(ra, rb, false) {
		n := utf8.RuneCountInString(d.Text) // a rune per block
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			for _, b := range new[ni : ni+n] {
				out = append(out, whole(b, lineSame, opEqual))
			}
			oi += n
			ni += n
		case diffmatchpatch.DiffDelete:
			dels = append(dels, old[oi:oi+n]...)
			oi += n
		case diffmatchpatch.DiffInsert:
			inss = append(inss, new[ni:ni+n]...)
			ni += n
		}
	}
	flush()
	return out
}

// Thresholds for pairing changed blocks.
const (
	minBlockSimilarity = 0.35      // below it, two blocks are a removal and an addition
	maxPairCells       = 200 * 200 // beyond it, a rewrite is shown as removal and addition
)

// pairRuns pairs the removed and added blocks of one changed stretch, in
// order, so that the sum of their similarities is greatest (a weighted
// longest common subsequence). Paired blocks are diffed word by word; the
// rest are shown as removed or added whole.
func (c *comparer) pairRuns(dels, inss []Block) []line {
	var out []line
	removed := func(b Block) { out = append(out, whole(b, lineRemoved, opDelete)) }
	added := func(b Block) { out = append(out, whole(b, lineAdded, opInsert)) }
	if len(dels) == 0 || len(inss) == 0 || len(dels)*len(inss) > maxPairCells {
		for _, b := range dels {
			removed(b)
		}
		for _, b := range inss {
			added(b)
		}
		return out
	}
	// A section's body has no headings (each starts a section), so any
	// two of its blocks may pair: a paragraph that became a list item is
	// shown as edited.
	score := func(i, j int) float64 {
		if dels[i].Text == inss[j].Text {
			return 1 // only the links differ
		}
		if !mayReach(len(dels[i].words), len(inss[j].words), minBlockSimilarity) {
			return 0
		}
		if s := similarity(dels[i].words, inss[j].words); s >= minBlockSimilarity {
			return s
		}
		return 0
	}
	D, I := len(dels), len(inss)
	best := make([][]float64, D+1)
	for i := range best {
		best[i] = make([]float64, I+1)
	}
	sc := make([][]float64, D)
	for i := range sc {
		sc[i] = make([]float64, I)
		for j := range sc[i] {
			sc[i][j] = score(i, j)
		}
	}
	for i := 1; i <= D; i++ {
		for j := 1; j <= I; j++ {
			b := max(best[i-1][j], best[i][j-1])
			if s := sc[i-1][j-1]; s > 0 {
				b = max(b, best[i-1][j-1]+s)
			}
			best[i][j] = b
		}
	}
	// Walk back, then emit in reading order.
	type step struct{ i, j int } // -1 for a side not taking part
	var steps []step
	for i, j := D, I; i > 0 || j > 0; {
		switch {
		case i > 0 && j > 0 && sc[i-1][j-1] > 0 && best[i][j] == best[i-1][j-1]+sc[i-1][j-1]:
			steps = append(steps, step{i - 1, j - 1})
			i, j = i-1, j-1
		case j > 0 && (i == 0 || best[i][j] == best[i][j-1]):
			steps = append(steps, step{-1, j - 1})
			j--
		default:
			steps = append(steps, step{i - 1, -1})
			i--
		}
	}
	var pendingAdds []Block
	for k := len(steps) - 1; k >= 0; k-- {
		s := steps[k]
		switch {
		case s.i >= 0 && s.j >= 0:
			for _, b := range pendingAdds {
				added(b)
			}
			pendingAdds = nil
			out = append(out, c.pairBlocks(dels[s.i], inss[s.j]))
		case s.i >= 0:
			removed(dels[s.i]) // removals before the additions beside them
		default:
			pendingAdds = append(pendingAdds, inss[s.j])
		}
	}
	for _, b := range pendingAdds {
		added(b)
	}
	return out
}

// pairBlocks diffs the words of a block with its counterpart.
func (c *comparer) pairBlocks(old, new Block) line {
	l := whole(new, lineSame, opEqual)
	if old.Text != new.Text {
		l.kind, l.runs = lineChanged, nil
		// Tokens are numbered afresh for each pair, so that its diff
		// depends on the two texts alone (go-diff's clean-up looks at the
		// characters it is given), whichever comparison makes it first.
		var tm tokenMap
		a, b := tm.split(old.Text), tm.split(new.Text)
		oi, ni := 0, 0 // tokens of each text diffed so far
		for _, d := range c.diff(a.ids, b.ids, true) {
			n := utf8.RuneCountInString(d.Text) // a rune per token
			var r run
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				r = run{opEqual, b.text(ni, n), b.words(ni, n)}
				oi, ni = oi+n, ni+n
			case diffmatchpatch.DiffInsert:
				r = run{opInsert, b.text(ni, n), b.words(ni, n)}
				ni += n
			case diffmatchpatch.DiffDelete:
				r = run{opDelete, a.text(oi, n), a.words(oi, n)}
				oi += n
			}
			l.runs = append(l.runs, r)
		}
	}
	// A link whose text stayed but whose target changed is invisible in the
	// text; say so. Emphasis and other markup changes are not shown.
	for i := 0; i < max(len(old.Links), len(new.Links)); i++ {
		var a, b string
		if i < len(old.Links) {
			a = old.Links[i]
		}
		if i < len(new.Links) {
			b = new.Links[i]
		}
		if a != b && a != "" && b != "" {
			l.notes = append(l.notes, linkChange{a, b})
		}
	}
	if len(l.notes) > 0 && l.kind == lineSame {
		l.kind = lineChanged
	}
	return l
}

// diff runs go-diff on two token sequences, or, beyond the size bound,
// deletes one and inserts the other and notes that the diff is degraded.
func (c *comparer) diff(a, b []rune, semantic bool) []diffmatchpatch.Diff {
	if len(a)*len(b) > c.maxCells {
		c.degraded = true
		return []diffmatchpatch.Diff{{Type: diffmatchpatch.DiffDelete, Text: string(a)}, {Type: diffmatchpatch.DiffInsert, Text: string(b)}}
	}
	ds := c.dmp.DiffMainRunes(a, b, false)
	if semantic {
		ds = c.dmp.DiffCleanupSemantic(ds)
	}
	return ds
}
