package diff

import (
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

type op int8

const (
	opEqual     op = iota
	opInsert       // only in the newer revision
	opDelete       // only in the older revision
	opMoved        // unchanged text at a moved section's new place: inserted here
	opMovedAway    // a moved section's text where it was: deleted here
	// opMovedDropped is text a moved section lost on the way, shown where
	// it arrived as a note: the text itself is deleted where it was.
	opMovedDropped
	// opLostAway is that text where the section was: deleted there, and
	// counted where the section went.
	opLostAway
)

type run struct {
	text  string
	words int32 // the words in text, counted once
	op    op
}

type lineKind uint8

const (
	lineSame lineKind = iota
	lineChanged
	lineAdded
	lineRemoved
)

// A line is one block as the diff shows it: a paragraph, heading or list
// item as runs of text, a table row as cells.
type line struct {
	runs  []run
	cells []cell
	notes []note
	// old and new are the blocks it shows (old nil for an added block, new
	// nil for a removed one), oi and ni their places in the sequences
	// a stretch diffed (read while the stretch is cut into sections), or
	// -1.
	old, new *Block
	oi, ni   int32
	kind     lineKind
}

// block is the block whose place and kind the line shows: the newer one.
func (l *line) block() *Block {
	if l.new != nil {
		return l.new
	}
	return l.old
}

func (l *line) heading() bool { return l.block().heading() > 0 }

// A cell is one cell of a table row as the diff shows it.
type cell struct {
	header bool
	kind   lineKind
	runs   []run
}

type noteKind int

const (
	noteLinkChanged noteKind = iota // a link's target changed; old and new are the targets
	noteLinkAdded                   // new is the target
	noteLinkRemoved                 // old is the target
	noteLevel                       // a heading's level changed; old and new are the levels
	noteHeadingText                 // a heading that is now part of the text; old is the heading
	noteParent                      // a section under another heading; old and new are the headings, "" for none
)

// A note is a change the text does not show.
type note struct {
	kind     noteKind
	old, new string
}

func (n note) link() bool { return n.kind < noteLevel }

// whole is a block shown as one run, and, for an added or removed one, the
// targets of its links, which its text does not show.
func whole(b *Block, kind lineKind, o op) line {
	l := line{kind: kind, oi: -1, ni: -1}
	switch kind {
	case lineAdded:
		l.new = b
	case lineRemoved:
		l.old = b
	default:
		l.old, l.new = b, b
	}
	if b.row() {
		for k, c := range b.Cells {
			l.cells = append(l.cells, cell{header: c.Header, kind: kind, runs: wholeRuns(c.Text, o, b.cellWordCount(k))})
		}
	} else {
		l.runs = wholeRuns(b.Text, o, len(b.words))
	}
	for _, k := range b.Links {
		switch o {
		case opInsert:
			l.notes = append(l.notes, note{kind: noteLinkAdded, new: k.Href})
		case opDelete:
			l.notes = append(l.notes, note{kind: noteLinkRemoved, old: k.Href})
		}
	}
	return l
}

func wholeRuns(text string, o op, words int) []run {
	if text == "" {
		return nil
	}
	return []run{{op: o, text: text, words: int32(words)}}
}

// cellWordCount is the words of the row's cell k: counted by Blocks, or
// now for a row it did not make.
func (b *Block) cellWordCount(k int) int {
	if c := &b.Cells[k]; c.counted {
		return int(c.words)
	}
	return countWords(b.Cells[k].Text)
}

func countWords(s string) int {
	n := 0
	eachToken(s, func(t string) {
		if isWordToken(t) {
			n++
		}
	})
	return n
}

// blockLines diffs two sequences of blocks, pairing them so that they
// share the most words, equal blocks and edited ones alike (pairRuns): a
// long paragraph kept outweighs a short heading that stayed, as in a word
// diff of the text. Equal blocks at both ends stay paired; in between,
// go-diff finds the equal blocks, and those that weigh (minAnchorWords)
// hold apart the stretches between them, which are paired by words. The
// sequences may span several sections, so that a paragraph that a new
// heading put in a section of its own still pairs with itself.
func (c *comparer) blockLines(old, new []*Block) []line {
	ra, rb := blockRunes(old, new)
	out := make([]line, 0, max(len(old), len(new)))
	same := func(oi, ni int) {
		l := whole(new[ni], lineSame, opEqual)
		l.old, l.oi, l.ni = old[oi], int32(oi), int32(ni)
		out = append(out, l)
	}
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		same(p, p)
		p++
	}
	s := 0
	for s < len(ra)-p && s < len(rb)-p && ra[len(ra)-1-s] == rb[len(rb)-1-s] {
		s++
	}
	var dels, inss []int
	flush := func() {
		out = c.pairRuns(out, old, new, ra, rb, dels, inss)
		dels, inss = dels[:0], inss[:0]
	}
	oi, ni := p, p
	for _, d := range c.diff(ra[p:len(ra)-s], rb[p:len(rb)-s]) {
		n := tokenCount(d.Text) // a rune per block
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			weight := 0
			for _, b := range new[ni : ni+n] {
				weight += len(b.words)
			}
			if weight >= minAnchorWords || (len(dels)+n)*(len(inss)+n) > maxPairCells {
				flush()
				for k := range n {
					same(oi+k, ni+k)
				}
			} else {
				for k := range n {
					dels, inss = append(dels, oi+k), append(inss, ni+k)
				}
			}
			oi += n
			ni += n
		case diffmatchpatch.DiffDelete:
			for k := range n {
				dels = append(dels, oi+k)
			}
			oi += n
		case diffmatchpatch.DiffInsert:
			for k := range n {
				inss = append(inss, ni+k)
			}
			ni += n
		}
	}
	flush()
	for k := s; k > 0; k-- {
		same(len(ra)-k, len(rb)-k)
	}
	return out
}

// blockRunes gives each distinct block of two sequences a rune of its own,
// for go-diff: by its number where a Memo numbered them all (equal numbers
// are equal blocks), else by its key.
func blockRunes(old, new []*Block) (ra, rb []rune) {
	if slices.ContainsFunc(old, unnumbered) || slices.ContainsFunc(new, unnumbered) {
		return runesBy(old, new, (*Block).key)
	}
	return runesBy(old, new, func(b *Block) uint32 { return b.id })
}

// runesBy gives each distinct key of the blocks a rune of its own.
func runesBy[K comparable](old, new []*Block, key func(*Block) K) (ra, rb []rune) {
	runes := numbering[K]{}
	of := func(bs []*Block) []rune {
		out := make([]rune, len(bs))
		for i, b := range bs {
			out[i] = runes.id(key(b))
		}
		return out
	}
	return of(old), of(new)
}

func unnumbered(b *Block) bool { return b.id == 0 }

// Thresholds for pairing changed blocks.
const (
	minBlockSimilarity = 0.35    // below it, two blocks are a removal and an addition
	maxPairCells       = 12 * 12 // beyond it, a stretch is cut at its anchors (anchorPairs)
	maxGroup           = 8       // the most blocks one block is split into or merged from
	// maxAllWordsCells bounds the stretches whose anchors are looked for
	// among all their words when the first few of each block find none.
	maxAllWordsCells = 40 * 40
	// minAnchorSimilarity is how alike two blocks must be to cut a large
	// stretch: much the same text, cheap to diff.
	minAnchorSimilarity = 0.7
	// anchorSample is how many words of each block anchorPairs looks at.
	anchorSample = 8
	minContained = 0.5 // the share of a split or merged block's words the other must have
	// minAnchorWords is the fewest words a run of equal blocks needs to
	// keep the changes around it apart: fewer, and it is paired with the
	// changes, so that a heading that stayed does not part a paragraph
	// from itself.
	minAnchorWords = 12
)

// pairable reports whether two blocks may be shown as one edited block: a
// heading only with a heading of the same words (numbers, case and
// punctuation aside: what else would pair two sections without their
// text), a table row only with a row, a footnote only with a footnote.
// Any other two may: a paragraph that became a list item is edited.
func pairable(a, b *Block) bool {
	ha, hb := a.heading() > 0, b.heading() > 0
	if ha || hb {
		return ha && hb && (a.Text == b.Text || headingKey(a.Text) == headingKey(b.Text))
	}
	return a.row() == b.row() && (a.Footnote == "") == (b.Footnote == "")
}

// groupable reports whether a block may be one of several that one block
// was split into or merged from: a paragraph or list item, or a heading as
// the first of them (a paragraph's first words made a heading, or the
// other way round).
func groupable(b *Block, first bool) bool {
	return !b.row() && (first || b.heading() == 0)
}

// pairGain is what showing two blocks as one edited block gains, given the
// words they share: those words, if the blocks are alike enough, else 0.
func pairGain(a, b *Block, shared int) int {
	if a.Text == b.Text {
		return len(a.words) + 1 // only the links or the place differ
	}
	if float64(2*shared) < minBlockSimilarity*float64(len(a.words)+len(b.words)) {
		return 0
	}
	return shared
}

// A pairStep is a step of pairRuns: dels from i and inss from j, n and m
// of them (0 for a side not taking part).
type pairStep struct{ i, j, n, m int }

// pairRuns pairs the blocks old[dels] with the blocks new[inss] (whose
// keys are ra and rb), in order, so that they share the most words (a
// weighted longest common subsequence): one with one, or one with several
// in a row, where a paragraph was split or paragraphs merged. Equal blocks
// stay as they are; other pairs are diffed word by word; the rest are
// shown as removed or added whole. The lines are appended to out.
func (c *comparer) pairRuns(out []line, old, new []*Block, ra, rb []rune, dels, inss []int) []line {
	removed := func(i int) {
		l := whole(old[i], lineRemoved, opDelete)
		l.oi = int32(i)
		out = append(out, l)
	}
	added := func(j int) {
		l := whole(new[j], lineAdded, opInsert)
		l.ni = int32(j)
		out = append(out, l)
	}
	if len(dels) > 0 && len(inss) > 0 && len(dels)*len(inss) > maxPairCells {
		if anchors := c.anchors(old, new, dels, inss); len(anchors) > 0 {
			return c.pairAround(out, old, new, ra, rb, dels, inss, anchors)
		}
	}
	if len(dels) == 0 || len(inss) == 0 || len(dels)*len(inss) > maxPairCells {
		// A rewrite too large to pair, or only removals or additions: the
		// blocks are removed and added, but those that stayed as they were
		// (a short paragraph kept between rewritten ones) stay.
		sa, sb := make([]rune, len(dels)), make([]rune, len(inss))
		for k, i := range dels {
			sa[k] = ra[i]
		}
		for k, j := range inss {
			sb[k] = rb[j]
		}
		k, m := 0, 0
		for _, d := range c.diff(sa, sb) {
			for range tokenCount(d.Text) {
				switch d.Type {
				case diffmatchpatch.DiffEqual:
					l := whole(new[inss[m]], lineSame, opEqual)
					l.old, l.oi, l.ni = old[dels[k]], int32(dels[k]), int32(inss[m])
					out = append(out, l)
					k, m = k+1, m+1
				case diffmatchpatch.DiffDelete:
					removed(dels[k])
					k++
				case diffmatchpatch.DiffInsert:
					added(inss[m])
					m++
				}
			}
		}
		return out
	}
	if len(dels) == 1 && len(inss) == 1 {
		// One block for another, as most edits are: no choice to make.
		a, b := old[dels[0]], new[inss[0]]
		if pairable(a, b) && pairGain(a, b, common(a.words, b.words)) > 0 {
			l := c.pairBlocks(a, b)
			l.oi, l.ni = int32(dels[0]), int32(inss[0])
			return append(out, l)
		}
		removed(dels[0])
		added(inss[0])
		return out
	}
	D, I := len(dels), len(inss)
	// sh(i, j) is the words dels[i] and inss[j] share, counted when first
	// asked for: most pairs are never looked at so closely.
	shared := make([]int32, D*I)
	for k := range shared {
		shared[k] = -1
	}
	sh := func(i, j int) int {
		k := i*I + j
		if shared[k] < 0 {
			shared[k] = int32(common(old[dels[i]].words, new[inss[j]].words))
		}
		return int(shared[k])
	}
	// contained reports whether a block of a group is mostly words of the
	// one it pairs with: words alone in common (the, of, and) make no
	// split.
	contained := func(b *Block, shared int) bool {
		return shared > 0 && float64(shared) >= minContained*float64(len(b.words))
	}
	// mayContain is contained for a word count that is at least the words
	// shared, from the sketches of the words in each block: most blocks
	// are not parts of another, and this says so without counting.
	oldSketch, newSketch := make([]*sketch, D), make([]*sketch, I)
	for i, k := range dels {
		oldSketch[i] = sketchOf(old[k].words)
	}
	for j, k := range inss {
		newSketch[j] = sketchOf(new[k].words)
	}
	mayContain := func(part bag, whole *sketch) bool {
		return float64(whole.hits(part)) >= minContained*float64(len(part))
	}
	best := make([][]int, D+1)
	step := make([][]pairStep, D+1)
	for i := range best {
		best[i] = make([]int, I+1)
		step[i] = make([]pairStep, I+1)
	}
	for i := 0; i <= D; i++ {
		for j := 0; j <= I; j++ {
			if i == 0 && j == 0 {
				continue
			}
			top, st := -1, pairStep{}
			try := func(s pairStep, gain int) {
				if v := best[s.i][s.j] + gain; v > top {
					top, st = v, s
				}
			}
			if j > 0 {
				try(pairStep{i, j - 1, 0, 1}, 0) // an addition
			}
			if i > 0 {
				try(pairStep{i - 1, j, 1, 0}, 0) // a removal
			}
			if i == 0 || j == 0 {
				best[i][j], step[i][j] = top, st
				continue
			}
			a, b := old[dels[i-1]], new[inss[j-1]]
			if ra[dels[i-1]] == rb[inss[j-1]] {
				try(pairStep{i - 1, j - 1, 1, 1}, len(a.words)+1)
				best[i][j], step[i][j] = top, st
				continue
			}
			if pairable(a, b) && (a.Text == b.Text || mayReach(len(a.words), len(b.words), minBlockSimilarity)) {
				if g := pairGain(a, b, sh(i-1, j-1)); g > 0 {
					try(pairStep{i - 1, j - 1, 1, 1}, g)
				}
			}
			if !groupable(a, false) || !groupable(b, false) || (a.Footnote == "") != (b.Footnote == "") {
				best[i][j], step[i][j] = top, st
				continue
			}
			// One old block split into the m new ones before j, or the n
			// old ones before i merged into one: consecutive in both
			// sequences, so that the text between stays in order. Each
			// block of the group must be mostly words of the one; the
			// group grows towards the start, each block's words merged in.
			if len(a.words) > len(b.words) && mayContain(b.words, oldSketch[i-1]) && contained(b, sh(i-1, j-1)) {
				acc, n := b.words, len(b.words)
				for m := 2; m <= min(maxGroup, j); m++ {
					from := j - m
					first := new[inss[from]]
					if inss[j-1]-inss[from] != m-1 || !groupable(first, true) || !mayContain(first.words, oldSketch[i-1]) || !contained(first, sh(i-1, from)) {
						break
					}
					acc, n = mergeBags(acc, first.words), n+len(first.words)
					if cm := common(a.words, acc); float64(2*cm) >= minBlockSimilarity*float64(len(a.words)+n) {
						try(pairStep{i - 1, from, 1, m}, cm)
					}
					if first.heading() > 0 {
						break // a heading is the first of a group
					}
				}
			}
			if len(b.words) > len(a.words) && mayContain(a.words, newSketch[j-1]) && contained(a, sh(i-1, j-1)) {
				acc, n := a.words, len(a.words)
				for m := 2; m <= min(maxGroup, i); m++ {
					from := i - m
					first := old[dels[from]]
					if dels[i-1]-dels[from] != m-1 || !groupable(first, true) || !mayContain(first.words, newSketch[j-1]) || !contained(first, sh(from, j-1)) {
						break
					}
					acc, n = mergeBags(acc, first.words), n+len(first.words)
					if cm := common(acc, b.words); float64(2*cm) >= minBlockSimilarity*float64(len(b.words)+n) {
						try(pairStep{from, j - 1, m, 1}, cm)
					}
					if first.heading() > 0 {
						break
					}
				}
			}
			best[i][j], step[i][j] = top, st
		}
	}
	// Walk back, then emit in reading order.
	var steps []pairStep
	for i, j := D, I; i > 0 || j > 0; {
		s := step[i][j]
		steps = append(steps, s)
		i, j = s.i, s.j
	}
	var pendingAdds []int
	for k := len(steps) - 1; k >= 0; k-- {
		s := steps[k]
		switch {
		case s.n > 0 && s.m > 0:
			for _, j := range pendingAdds {
				added(j)
			}
			pendingAdds = pendingAdds[:0]
			olds, news := make([]*Block, s.n), make([]*Block, s.m)
			for x := range olds {
				olds[x] = old[dels[s.i+x]]
			}
			for x := range news {
				news[x] = new[inss[s.j+x]]
			}
			ls := c.pairGroup(olds, news)
			for x := range ls {
				ls[x].oi, ls[x].ni = int32(dels[s.i]), int32(inss[s.j+x])
			}
			out = append(out, ls...)
		case s.n > 0:
			removed(dels[s.i]) // removals before the additions beside them
		default:
			pendingAdds = append(pendingAdds, inss[s.j])
		}
	}
	for _, j := range pendingAdds {
		added(j)
	}
	return out
}

// A stretch too large to pair block by block with every other is cut
// where a removed and an added block share words that no other block of
// the stretch has (as a patience diff cuts a text at its unique lines):
// such pairs, similar enough and in order, hold the stretch apart, and the
// smaller stretches between them are paired as any.

// eachFirst calls f with the first most distinct words of a bag: those of
// the smallest hashes.
func eachFirst(ws bag, most int, f func(uint64)) {
	n := 0
	for x, w := range ws {
		if x > 0 && ws[x-1] == w {
			continue
		}
		if n == most {
			return
		}
		f(w)
		n++
	}
}

// An anchorWord is, for a word, in how many removed and added blocks it
// stands, and in which last: a word in one of each links them.
type anchorWord struct{ inOld, inNew, atOld, atNew int32 }

// anchors finds those pairs: indices into dels and inss, in order. Each
// block is known first by its anchorSample words of the smallest
// hashes (the first of its sorted bag): blocks much alike have most of
// those in common, and looking at a few words of each keeps this cheap in
// a stretch of thousands. Where those find no pair in a stretch of a few
// blocks (blocks that share all words but one, say), all words are looked
// at; a larger stretch that has none is a rewrite, and looking costs more
// than it finds.
func (c *comparer) anchors(old, new []*Block, dels, inss []int) [][2]int {
	if a := c.anchorPairs(old, new, dels, inss, anchorSample); len(a) > 0 || len(dels)*len(inss) > maxAllWordsCells {
		return a
	}
	return c.anchorPairs(old, new, dels, inss, math.MaxInt)
}

// anchorPairs finds the pairs by the first most words of each block. A
// pair is only taken if its blocks are alike.
func (c *comparer) anchorPairs(old, new []*Block, dels, inss []int, most int) [][2]int {
	if c.anchorWords == nil {
		c.anchorWords, c.anchorVotes = map[uint64]anchorWord{}, map[[2]int32]int32{}
	}
	words, votes := c.anchorWords, c.anchorVotes
	clear(words)
	clear(votes)
	for k, i := range dels {
		eachFirst(old[i].words, most, func(w uint64) {
			e := words[w]
			e.inOld++
			e.atOld = int32(k)
			words[w] = e
		})
	}
	for k, j := range inss {
		eachFirst(new[j].words, most, func(w uint64) {
			if e, ok := words[w]; ok {
				e.inNew++
				e.atNew = int32(k)
				words[w] = e
			}
		})
	}
	for _, e := range words {
		if e.inOld == 1 && e.inNew == 1 {
			votes[[2]int32{e.atOld, e.atNew}]++
		}
	}
	type cand struct {
		pair   [2]int
		shared int
	}
	var cands []cand
	for p := range votes {
		a, b := old[dels[p[0]]], new[inss[p[1]]]
		if pairable(a, b) && mayReach(len(a.words), len(b.words), minAnchorSimilarity) && similarity(a.words, b.words) >= minAnchorSimilarity {
			cands = append(cands, cand{[2]int{int(p[0]), int(p[1])}, common(a.words, b.words)})
		}
	}
	slices.SortFunc(cands, func(x, y cand) int {
		if x.pair[0] != y.pair[0] {
			return x.pair[0] - y.pair[0]
		}
		return x.pair[1] - y.pair[1]
	})
	// The heaviest run increasing in both: the pairs that keep their order.
	chain := heaviestChain(len(cands), func(i int) int { return cands[i].shared }, func(i int) (x, y int) { return cands[i].pair[0], cands[i].pair[1] })
	out := make([][2]int, len(chain))
	for k, i := range chain {
		out[k] = cands[i].pair
	}
	return out
}

// pairAround pairs the anchors found in a large stretch, and the stretches
// between them as any (pairRuns). The lines are appended to out.
func (c *comparer) pairAround(out []line, old, new []*Block, ra, rb []rune, dels, inss []int, anchors [][2]int) []line {
	pd, pi := 0, 0
	for _, a := range anchors {
		out = c.pairRuns(out, old, new, ra, rb, dels[pd:a[0]], inss[pi:a[1]])
		l := c.pairBlocks(old[dels[a[0]]], new[inss[a[1]]])
		l.oi, l.ni = int32(dels[a[0]]), int32(inss[a[1]])
		out = append(out, l)
		pd, pi = a[0]+1, a[1]+1
	}
	return c.pairRuns(out, old, new, ra, rb, dels[pd:], inss[pi:])
}

// pairGroup diffs one block with one, several merged into one, or one split
// into several: the old text against the new, then cut at the new blocks'
// bounds. Each line keeps the old block it came from (a merged one stands
// for several), so that the old text is shown once, in order.
//
// Comparing every revision with the current one splits or merges the same
// paragraphs again and again, and the Memo remembers the lines by the
// blocks' numbers, as pairBlocks does a pair: 10,000 synthetic revisions
// asked for 40,726 groups, 9,477 of them distinct.
func (c *comparer) pairGroup(olds, news []*Block) []line {
	if c.memo == nil || len(olds)+len(news) == 2 || slices.ContainsFunc(olds, unnumbered) || slices.ContainsFunc(news, unnumbered) {
		// Without a Memo, or a pair, which pairBlocks remembers.
		return c.groupLines(olds, news)
	}
	k := make([]byte, 0, 4*(1+len(olds)+len(news))+8)
	k = binary.LittleEndian.AppendUint32(k, uint32(len(olds)))
	for _, b := range olds {
		k = binary.LittleEndian.AppendUint32(k, b.id)
	}
	for _, b := range news {
		k = binary.LittleEndian.AppendUint32(k, b.id)
	}
	k = binary.LittleEndian.AppendUint64(k, uint64(c.maxCells))
	shared := remembered(c, &c.memo.groups, string(k), func() []line {
		lines := c.groupLines(olds, news)
		for i := range lines {
			lines[i].old, lines[i].new = nil, nil // each caller's own blocks, below
		}
		return lines
	})
	// The lines are shared: the caller's are copies, with its own blocks
	// (a merged block is made again: it holds the place of the first
	// that is no heading), and what is added to them goes elsewhere.
	old := olds[0]
	if len(olds) > 1 {
		old = merged(olds)
	}
	lines := make([]line, len(shared))
	for i, l := range shared {
		l.old, l.new = old, news[i]
		l.runs, l.cells, l.notes = slices.Clip(l.runs), slices.Clip(l.cells), slices.Clip(l.notes)
		lines[i] = l
	}
	return lines
}

// groupLines is pairGroup, made.
func (c *comparer) groupLines(olds, news []*Block) []line {
	old := olds[0]
	if len(olds) > 1 {
		old = merged(olds)
	}
	if len(news) == 1 {
		l := c.pairBlocks(old, news[0])
		if h := olds[0]; len(olds) > 1 && h.heading() > 0 {
			l.kind = lineChanged
			l.notes = append(l.notes, note{kind: noteHeadingText, old: h.Text})
		}
		return []line{l}
	}
	texts := make([]string, len(news))
	ends := make([]int, len(news))
	var links []Link
	at := 0
	for k, b := range news {
		texts[k] = b.Text
		at += len(b.Text)
		ends[k] = at
		at++ // the separator
		links = append(links, b.Links...)
	}
	joined := strings.Join(texts, "\n")
	lines := make([]line, len(news))
	for k, b := range news {
		lines[k] = line{kind: lineSame, old: old, new: b}
	}
	k, pos := 0, 0
	for _, r := range c.words(old.Text, joined) {
		if r.op == opDelete {
			lines[k].runs = append(lines[k].runs, r)
			continue
		}
		end := pos + len(r.text)
		for pos < end {
			for k < len(news)-1 && pos >= ends[k] {
				k++
			}
			if start := ends[k] - len(news[k].Text); pos < start {
				pos = min(start, end) // the separator
				continue
			}
			e := min(end, ends[k])
			piece := joined[pos:e]
			lines[k].runs = append(lines[k].runs, run{op: r.op, text: piece, words: int32(countWords(piece))})
			pos = e
		}
	}
	for k := range lines {
		for _, r := range lines[k].runs {
			if r.op != opEqual {
				lines[k].kind = lineChanged
			}
		}
	}
	last := &lines[len(lines)-1]
	last.notes = linkNotes(old.Links, links)
	if len(last.notes) > 0 {
		last.kind = lineChanged
	}
	return lines
}

// merged is several blocks as one: their texts, links and citations, in
// the place of the first that is not a heading.
func merged(blocks []*Block) *Block {
	m := *blocks[0]
	if m.heading() > 0 {
		m = *blocks[1]
	}
	texts := make([]string, len(blocks))
	bags := make([]bag, len(blocks))
	m.Links, m.Cites = nil, nil
	for k, b := range blocks {
		texts[k], bags[k] = b.Text, b.words
		m.Links = append(m.Links, b.Links...)
		m.Cites = append(m.Cites, b.Cites...)
	}
	m.Text, m.words, m.id = strings.Join(texts, " "), union(bags...), 0
	return &m
}

// pairBlocks diffs a block with its counterpart: the words of its text, a
// table row cell by cell, its links, and a heading's level.
func (c *comparer) pairBlocks(old, new *Block) line {
	if old.id != 0 && old.id == new.id {
		l := whole(new, lineSame, opEqual)
		l.old = old
		return l
	}
	if c.memo == nil || old.id == 0 || new.id == 0 {
		return c.diffBlocks(old, new)
	}
	// Comparing every revision with the current one diffs the same
	// paragraphs again and again, each time in a stretch a little
	// different: remembered by the pair, they are diffed once.
	l := remembered(c, &c.memo.pairs, placedKey{old.id, new.id, c.maxCells}, func() []line {
		l := c.diffBlocks(old, new)
		l.old, l.new = nil, nil // each caller's own blocks, below
		return []line{l}
	})[0]
	// The line is shared: what is added to it goes elsewhere.
	l.old, l.new = old, new
	l.runs, l.cells, l.notes = slices.Clip(l.runs), slices.Clip(l.cells), slices.Clip(l.notes)
	return l
}

func (c *comparer) diffBlocks(old, new *Block) line {
	l := line{kind: lineSame, old: old, new: new, oi: -1, ni: -1}
	switch {
	case old.row() && new.row():
		l.cells = c.pairCells(old, new)
		for _, k := range l.cells {
			if k.kind != lineSame {
				l.kind = lineChanged
			}
		}
	case old.Text != new.Text:
		l.kind, l.runs = lineChanged, c.words(old.Text, new.Text)
	default: // the same text, other links or another level
		w := whole(new, lineSame, opEqual)
		l.runs, l.cells = w.runs, w.cells
	}
	l.notes = linkNotes(old.Links, new.Links)
	if a, b := old.heading(), new.heading(); a > 0 && b > 0 && a != b {
		l.notes = append(l.notes, note{kind: noteLevel, old: strconv.Itoa(a - 1), new: strconv.Itoa(b - 1)})
	}
	if len(l.notes) > 0 {
		l.kind = lineChanged
	}
	return l
}

// words diffs two texts word by word.
func (c *comparer) words(old, new string) []run {
	// Tokens are numbered afresh for each pair, so that its diff depends on
	// the two texts alone (go-diff's clean-up looks at the characters it is
	// given), whichever comparison makes it first.
	if c.tokens == nil {
		c.tokens = numbering[string]{}
	}
	clear(c.tokens) // the room stays
	c.splitA, c.splitB = splitTokens(c.tokens, old, c.splitA), splitTokens(c.tokens, new, c.splitB)
	a, b := c.splitA, c.splitB
	var runs []run
	oi, ni := 0, 0 // tokens of each text diffed so far
	for _, d := range c.wordEdits(a.ids, b.ids) {
		n := d.n
		var r run
		switch d.op {
		case diffmatchpatch.DiffEqual:
			r = run{op: opEqual, text: b.text(ni, n), words: b.words(ni, n)}
			oi, ni = oi+n, ni+n
		case diffmatchpatch.DiffInsert:
			r = run{op: opInsert, text: b.text(ni, n), words: b.words(ni, n)}
			ni += n
		case diffmatchpatch.DiffDelete:
			r = run{op: opDelete, text: a.text(oi, n), words: a.words(oi, n)}
			oi += n
		}
		if strings.TrimSpace(r.text) == "" {
			// White space alone is no change a reader sees: a space
			// removed where a paragraph was split, or added after a comma.
			if r.op == opDelete {
				continue
			}
			r.op = opEqual
		}
		runs = append(runs, r)
	}
	return runs
}

// A counter numbers the items of an ordered list as a diff shows them:
// each item with its number in its own revision.
type counter struct{ old, new int }

func (c *counter) next(l *line) int {
	if l.old != nil {
		c.old++
	}
	if l.new != nil && l.kind != lineRemoved {
		c.new++
		return c.new
	}
	return c.old
}

// A cellKey is what makes two cells equal to pairCells.
type cellKey struct {
	header bool
	text   string
}

// pairCells diffs two table rows: equal cells first, then the cells
// between them in order, word by word; cells left over were added or
// removed (a column).
func (c *comparer) pairCells(a, b *Block) []cell {
	old, new := a.Cells, b.Cells
	if c.cells == nil {
		c.cells = numbering[cellKey]{}
	}
	clear(c.cells)
	key := func(k Cell) rune { return c.cells.id(cellKey{k.Header, k.Text}) }
	ra, rb := make([]rune, len(old)), make([]rune, len(new))
	for i, k := range old {
		ra[i] = key(k)
	}
	for i, k := range new {
		rb[i] = key(k)
	}
	var out []cell
	var dels, inss []int // indices into old and new
	flush := func() {
		for i := range max(len(dels), len(inss)) {
			switch {
			case i < len(dels) && i < len(inss):
				o, n := old[dels[i]], new[inss[i]]
				out = append(out, cell{header: n.Header, kind: lineChanged, runs: c.words(o.Text, n.Text)})
			case i < len(dels):
				o := old[dels[i]]
				out = append(out, cell{header: o.Header, kind: lineRemoved, runs: wholeRuns(o.Text, opDelete, a.cellWordCount(dels[i]))})
			default:
				n := new[inss[i]]
				out = append(out, cell{header: n.Header, kind: lineAdded, runs: wholeRuns(n.Text, opInsert, b.cellWordCount(inss[i]))})
			}
		}
		dels, inss = dels[:0], inss[:0]
	}
	oi, ni := 0, 0
	for _, d := range c.diff(ra, rb) {
		n := tokenCount(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			for k := ni; k < ni+n; k++ {
				out = append(out, cell{header: new[k].Header, runs: wholeRuns(new[k].Text, opEqual, b.cellWordCount(k))})
			}
			oi += n
			ni += n
		case diffmatchpatch.DiffDelete:
			for k := oi; k < oi+n; k++ {
				dels = append(dels, k)
			}
			oi += n
		case diffmatchpatch.DiffInsert:
			for k := ni; k < ni+n; k++ {
				inss = append(inss, k)
			}
			ni += n
		}
	}
	flush()
	return out
}

// linkNotes compares the links of two versions of a block as (text,
// target) pairs: the longest run of equal ones in order stays, the rest are
// paired by their text (a target changed) or by their target (the text
// changed, which the text shows), and what is left was added or removed.
func linkNotes(old, new []Link) []note {
	if len(old) == 0 && len(new) == 0 {
		return nil
	}
	// Common links in order: a longest common subsequence; blocks have few.
	n, m := len(old), len(new)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if old[i] == new[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var gone, came []Link
	for i, j := 0, 0; i < n || j < m; {
		switch {
		case i < n && j < m && old[i] == new[j]:
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			came = append(came, new[j])
			j++
		default:
			gone = append(gone, old[i])
			i++
		}
	}
	var notes []note
	taken := make([]bool, len(came))
	pairBy := func(same func(a, b Link) bool, changed bool) {
		kept := gone[:0]
		for _, g := range gone {
			found := false
			for j, k := range came {
				if !taken[j] && same(g, k) {
					taken[j], found = true, true
					if changed {
						notes = append(notes, note{kind: noteLinkChanged, old: g.Href, new: k.Href})
					}
					break
				}
			}
			if !found {
				kept = append(kept, g)
			}
		}
		gone = kept
	}
	pairBy(func(a, b Link) bool { return a.Text == b.Text }, true)
	pairBy(func(a, b Link) bool { return a.Href == b.Href }, false)
	for _, g := range gone {
		notes = append(notes, note{kind: noteLinkRemoved, old: g.Href})
	}
	for j, k := range came {
		if !taken[j] {
			notes = append(notes, note{kind: noteLinkAdded, new: k.Href})
		}
	}
	return notes
}

// wordEdits diffs two token sequences word by word (differ.semantic), or,
// beyond the size bound, deletes one and inserts the other and notes that
// the diff is degraded. Only the kind and the length of each edit are read,
// before the next diff.
func (c *comparer) wordEdits(a, b []rune) []span {
	if len(a)*len(b) > c.maxCells {
		c.degraded = true
		return []span{{op: diffmatchpatch.DiffDelete, n: len(a)}, {op: diffmatchpatch.DiffInsert, a: len(a), n: len(b)}}
	}
	return c.runes.semantic(a, b)
}

// diff runs go-diff on two token sequences, or, beyond the size bound,
// deletes one and inserts the other and notes that the diff is degraded.
func (c *comparer) diff(a, b []rune) []diffmatchpatch.Diff {
	if len(a)*len(b) > c.maxCells {
		c.degraded = true
		return []diffmatchpatch.Diff{{Type: diffmatchpatch.DiffDelete, Text: string(a)}, {Type: diffmatchpatch.DiffInsert, Text: string(b)}}
	}
	return c.runes.diff(a, b) // go-diff's DiffMainRunes(a, b, false)
}

// keeps reports whether lines keep at least the share least of the words
// on either side (counted as the Dice coefficient counts them): text both
// revisions have in common, and enough of it to show two blocks or
// sections as one.
func keeps(lines []line, least float64) bool {
	kept, old, new := countKept(lines)
	return kept > 0 && 2*float64(kept) >= least*float64(old+new)
}

// countKept counts the words lines keep, and those they show of each
// revision, kept or not.
func countKept(lines []line) (kept, old, new int) {
	count := func(runs []run) {
		for _, r := range runs {
			switch r.op {
			case opEqual:
				kept += int(r.words)
				old += int(r.words)
				new += int(r.words)
			case opInsert:
				new += int(r.words)
			case opDelete:
				old += int(r.words)
			}
		}
	}
	for _, l := range lines {
		count(l.runs)
		for _, k := range l.cells {
			count(k.runs)
		}
	}
	return kept, old, new
}

// movedLines turns the lines of a section diffed with its old self into
// the lines of its new place: unchanged text as moved here, new text as
// inserted, and text it lost on the way as notes of deleted text (the text
// itself is deleted where the section was).
func movedLines(pair []line) []line {
	out := make([]line, 0, len(pair))
	for _, l := range pair {
		m := l
		m.kind = lineAdded
		m.runs = movedRuns(l.runs, opMoved, opInsert, opMovedDropped)
		m.cells = nil
		for _, k := range l.cells {
			m.cells = append(m.cells, cell{header: k.header, kind: lineAdded, runs: movedRuns(k.runs, opMoved, opInsert, opMovedDropped)})
		}
		out = append(out, m)
	}
	return out
}

// awayLines turns the lines of a section diffed with its old self into the
// lines of the place it left: its old text, as moved away, but the text it
// lost on the way as deleted.
func awayLines(pair []line) []line {
	var out []line
	for _, l := range pair {
		if l.old == nil {
			continue
		}
		m := line{kind: lineRemoved, old: l.old, oi: -1, ni: -1}
		m.runs = movedRuns(l.runs, opMovedAway, -1, opLostAway)
		for _, k := range l.cells {
			if k.kind != lineAdded {
				m.cells = append(m.cells, cell{header: k.header, kind: lineRemoved, runs: movedRuns(k.runs, opMovedAway, -1, opLostAway)})
			}
		}
		out = append(out, m)
	}
	return out
}

// movedRuns maps the ops of runs: equal to same, insert to ins, delete to
// del; an op of -1 drops the run.
func movedRuns(runs []run, same, ins, del op) []run {
	out := make([]run, 0, len(runs))
	for _, r := range runs {
		switch r.op {
		case opEqual:
			r.op = same
		case opInsert:
			r.op = ins
		case opDelete:
			r.op = del
		}
		if r.op >= 0 {
			out = append(out, r)
		}
	}
	return out
}
