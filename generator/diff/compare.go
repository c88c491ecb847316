package diff

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"policysite/generator/render"
)

// Kind says what happened to a section between two revisions.
type Kind string

// The kinds of section change.
const (
	Unchanged Kind = "unchanged"
	Changed   Kind = "changed"
	Added     Kind = "added"   // a heading and its text, both new
	Removed   Kind = "removed" // a heading and its text, both gone
	// Split is a new heading over text that was there before: a section
	// split in two, or a heading put above text.
	Split Kind = "split"
	// Merged is a heading that is gone while its text stays, now part of
	// the section before it.
	Merged    Kind = "merged"
	Moved     Kind = "moved"      // the section at its new place, changed or not
	MovedAway Kind = "moved-away" // the place it left
)

// A Section is one section of the diff, in reading order.
type Section struct {
	Kind     Kind
	Title    string // the heading in the newer revision (the older one for Removed, Merged and MovedAway); "" before the first heading
	OldTitle string // the heading in the older revision, where it differs from Title
	// Context is the heading above this one where the revision has more
	// than one heading worded as Title ("Lagring" under "Kunder" and under
	// "Søkere"), so that a summary can tell them apart.
	Context string
	// Footnotes is set on the section that holds the document's footnotes.
	Footnotes bool
	Anchor    string // the section's id on the diff page
	Peer      string // Moved and MovedAway: the anchor of the other place
	Inserted  int    // words added in the section
	Deleted   int    // words removed from it, on the way too if it moved
	Links     int    // links added, removed or given another target
	Headings  int    // headings whose level or parent changed, or that became text
	// Renumbered is set on a Changed section whose only change is the
	// number in its heading.
	Renumbered bool
	lines      []line
	notes      []footnoteChange // changes of the footnotes it cites
	// pair is the sections of the two revisions it shows, as the old and
	// the new one, or nil.
	pair [2]*section
	// clauses are the clauses (Doc.Clauses) of the older and the newer
	// revision whose text the section shows, each once.
	clauses [2][]int32
}

// A footnoteChange is a changed footnote as shown in a section that cites
// it: a note, since the footnote's text stands with the footnotes.
type footnoteChange struct {
	number string
	lines  []line
}

// Listed reports whether the section belongs in a summary of changes: every
// section but unchanged ones and the places moved sections left.
func (s Section) Listed() bool { return s.Kind != Unchanged && s.Kind != MovedAway }

// Reworded reports whether the heading's words changed, not just its number.
func (s Section) Reworded() bool {
	return s.OldTitle != "" && headingKey(s.OldTitle) != headingKey(s.Title)
}

// Edited reports whether the section's text, links, heading levels or
// cited footnotes changed.
func (s Section) Edited() bool {
	return s.Inserted+s.Deleted+s.Links+s.Headings+len(s.notes) > 0
}

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
	Added    int // sections only in the newer revision, a heading put above text there before included
	Removed  int // sections only in the older revision, a heading whose text stays included
	Moved    int // sections that moved, changed or not
	Links    int // links added, removed or given another target
	Headings int // headings whose level or parent changed, or that became text
	// Renumbered counts the Changed sections whose only change is their
	// number.
	Renumbered int
	// Kept counts the words in both revisions, where they were or moved:
	// the older revision has Kept+Deleted words, the newer Kept+Inserted.
	// Unlike the other counts it says nothing of a change: Any leaves it
	// out.
	Kept int
}

// Any reports whether anything differs.
func (s Stats) Any() bool { return s != Stats{Kept: s.Kept} }

// Rewritten reports whether most of the text changed: fewer than half the
// words of the longer revision are in both. A reader is then better served
// by the newer text, read as it is, than by a page of struck and underlined
// words. Half, because below it the changes outweigh what stays. In the
// 51 diffs of a real history of 52 revisions (GitHub's privacy statement)
// the two rewrites keep 28 and 31 per cent of the longer text, the largest
// edits 69 per cent or more; the text that grew from 3,400 words to 5,100
// keeps 52 per cent of it. A text that doubled is not rewritten by this
// rule: half of what there is to read was there before.
func (s Stats) Rewritten() bool {
	longer := s.Kept + max(s.Inserted, s.Deleted)
	return s.Inserted+s.Deleted > 0 && 2*s.Kept < longer
}

// Diff is the comparison of two revisions.
type Diff struct {
	Sections []Section
	Stats    Stats
	// clauses is, for each clause of the newer revision, the clause of
	// the older one it continues, or -1 (see ClausePairs).
	clauses []int32
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

// DefaultMaxCells lets go-diff compare two paragraphs of about 1,500 words
// each (a word and the space after it are two tokens), far beyond a real
// policy's; its O(ND) search stays well under a second there.
//
// go-diff's own DiffTimeout is turned off: when it runs out, go-diff
// silently returns "delete everything, insert everything", and whether it
// runs out depends on the machine's load, so the same content would give
// different pages. A bound on size decides the same way every time.
const DefaultMaxCells = 10_000_000

// Compare diffs two revisions, prepared with Prepare or Memo.Prepare. Two
// Docs that one Memo prepared are compared through it: the diffs it made
// before are not made again. (Another Memo's numbers mean other texts, so
// Docs of two Memos are compared afresh.)
func Compare(older, newer *Doc, opts Options) *Diff {
	r := rooms.Get().(*room)
	c := &comparer{maxCells: opts.MaxCells, room: *r}
	if older.memo == newer.memo {
		c.memo = older.memo // nil for Docs of Prepare
	}
	if c.maxCells <= 0 {
		c.maxCells = DefaultMaxCells
	}
	d := c.compare(older, newer)
	*r = c.room // as it grew
	rooms.Put(r)
	return d
}

type comparer struct {
	maxCells int
	memo     *Memo
	degraded bool
	room
}

// rooms keep comparers' room from one comparison to the next: a build
// compares every revision with the newest, and 10,000 revisions' comparers,
// each growing its room afresh, allocated 0.8 of the 6.5 GB it allocated
// in all. Nothing a diff holds is in a room: its texts are the blocks',
// its edits made anew.
var rooms = sync.Pool{New: func() any { return new(room) }}

// A room is what words, anchorPairs, pairCells, diff and cannotKeep work
// in, kept from one call to the next.
type room struct {
	tokens      numbering[string]
	splitA      split
	splitB      split
	anchorWords map[uint64]anchorWord
	anchorVotes map[[2]int32]int32
	cells       numbering[cellKey] // pairCells's numbers of the cells of a row
	runes       differ             // diff's
	bound       keepBound          // cannotKeep's
}

// compare pairs the sections, finds those that kept their place, and
// diffs the stretches between them: each stretch is the body of the
// section that starts it and the sections up to the next one that kept its
// place, less those that moved, which are shown whole where they left and
// where they arrived.
func (c *comparer) compare(older, newer *Doc) *Diff {
	os, ns := older.sections, newer.sections
	match := matchSections(os, ns, c.memo)
	keep := c.settle(os, ns, match)
	a := &assembly{c: c, older: older, newer: newer, match: match, keep: keep, oldTo: make([]int, len(os))}
	for i := range a.oldTo {
		a.oldTo[i] = -1
	}
	for n, o := range match {
		if o >= 0 {
			a.oldTo[o] = n
		}
	}
	a.anchorSections()

	prevO, prevN := -1, -1
	for n := 0; n <= len(ns); n++ {
		if n < len(ns) && (match[n] < 0 || !keep[n]) {
			continue
		}
		o := len(os)
		if n < len(ns) {
			o = match[n]
		}
		a.stretch(prevO, o, prevN, n)
		if n < len(ns) {
			a.pairedStart(os[o], ns[n], n)
		}
		prevO, prevN = o, n
	}
	a.footnotes()
	return a.finish()
}

// settle decides which pairs keep their place: as many words as can be,
// so that the fewest are marked as moved, though a move costs a reader more
// than its words, so of a long section and a few short ones the short ones
// stay. A pair shown as moved must show text in common, or it is undone:
// one section was removed and another added. A pair that kept its place
// under a reworded heading is undone too: its blocks pair inside the
// stretch around it, with the text around it, which may have crossed its
// heading (two sections merged under a new name), and a heading replaced
// over text that stayed is shown as reworded (assembly.renames).
func (c *comparer) settle(os, ns []*section, match []int) []bool {
	shows := make([]bool, len(match)) // pairs found to show text in common: they still do
	for {
		keep := inPlace(match, func(n int) int { return moveCost + len(ns[n].words) + len(ns[n].keyWords) })
		undone := false
		for n, o := range match {
			if o < 0 || keep[n] || shows[n] {
				continue
			}
			if shows[n] = c.showsCommon(os[o], ns[n]); !shows[n] {
				match[n], undone = -1, true
			}
		}
		if undone {
			continue
		}
		for n, o := range match {
			if o >= 0 && keep[n] && os[o].key != ns[n].key {
				match[n], keep[n] = -1, false
			}
		}
		return keep
	}
}

// showsCommon reports whether the diff of two sections' bodies shows at
// least minMoveEvidence of their words as kept.
func (c *comparer) showsCommon(old, new *section) bool {
	if !evidence(old, new, c.memo.similarity(old, new)) {
		return false // not even the words in common, in any order
	}
	if c.cannotKeep(old, new) {
		return false // not enough of them in the same order
	}
	return keeps(c.bodyLines(old, new), minMoveEvidence)
}

// sectionLines diffs two sections that kept their place, heading and
// body, once for every comparison of the same two texts; the lines are
// shared, and never changed.
func (c *comparer) sectionLines(old, new *section) []line {
	diff := func() []line {
		var lines []line
		if old.heading != nil && new.heading != nil {
			lines = append(lines, c.pairBlocks(old.heading, new.heading))
		}
		return append(lines, c.bodyLines(old, new)...)
	}
	if c.memo == nil || old.id == 0 || new.id == 0 {
		return diff()
	}
	return remembered(c, &c.memo.placed, placedKey{old.id, new.id, c.maxCells}, func() []line { return slices.Clip(diff()) })
}

// bodyLines diffs the bodies of two sections.
func (c *comparer) bodyLines(old, new *section) []line {
	return c.seqLines([]uint32{old.id | anchorBit, side, new.id | anchorBit}, old.body, new.body)
}

// moveCost is what showing a section as moved costs beyond its words.
const moveCost = 16

// anchors hands out unique ids for the sections of a diff page: the
// heading's own id where it has one, so that links into the policy and into
// its diff look alike.
type anchors struct {
	used map[string]bool
	// next is, for an id that needed a number, the first number its last
	// search did not find taken: the numbers from 2 below it are taken
	// and stay so, and the next search starts there.
	next map[string]int
}

func (a *anchors) take(h *Block, base, prefix string) string {
	if h != nil {
		base = h.ID
		if base == "" {
			base = "section"
		}
	}
	if a.used == nil {
		a.used, a.next = map[string]bool{}, map[string]int{}
	}
	id := prefix + base
	if a.used[id] {
		i := max(a.next[id], 2)
		for a.used[prefix+base+"-"+strconv.Itoa(i)] {
			i++
		}
		a.next[id] = i + 1
		id = prefix + base + "-" + strconv.Itoa(i)
	}
	a.used[id] = true
	return id
}

// renumbered reports whether two headings differ in their section number
// alone: not in its full stop ("4" and "4."), not in their words' case.
func renumbered(old, new string) bool {
	on, or := render.SplitNumber(old)
	nn, nr := render.SplitNumber(new)
	return bareNumber(on) != bareNumber(nn) && or == nr && or != ""
}

func bareNumber(n string) string {
	return strings.TrimRight(strings.ReplaceAll(n, " ", ""), ".)")
}
