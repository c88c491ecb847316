package diff

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"policysite/generator/render"
)

// A section is a heading and the blocks up to the next heading. The blocks
// before the first heading form a section without a heading, and the
// document's footnotes one of their own.
type section struct {
	heading   *Block
	body      []*Block
	footnotes bool
	key       string // the heading's words without its number: what matches
	keyWords  bag    // the key's words
	words     bag    // the body's words
	id        uint32 // the content's number in the Memo that prepared it, if one did
	// parent is the section whose heading is right above it, or nil, and
	// context its heading where the section's own is not the only one of
	// its wording in the revision ("Lagring" under "Kunder" and under
	// "Søkere").
	parent  *section
	context string
	// clause is the number of the clause the section belongs to in its
	// revision (Doc.Clauses): its top-level section's.
	clause int32
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// samePlace reports whether two sections stand under headings of the same
// words, all the way up.
func samePlace(a, b *section) bool {
	for a, b = a.parent, b.parent; a != nil && b != nil; a, b = a.parent, b.parent {
		if a.key != b.key {
			return false
		}
	}
	return a == nil && b == nil
}

// A Doc is a revision prepared for comparison: its sections, with the words
// of each block counted once. A Doc is not changed by Compare, so one can
// take part in many comparisons at once.
type Doc struct {
	sections  []*section // in reading order, the footnotes aside
	footnotes *section   // nil if it has none
	memo      *Memo      // that prepared it, if one did
	clauses   []*section // the top-level sections (see Clauses)
}

// Prepare splits a revision's blocks into sections for Compare.
func Prepare(blocks []Block) *Doc {
	return splitSections(pointers(slices.Clone(blocks)), nil)
}

// pointers are the blocks' addresses.
func pointers(blocks []Block) []*Block {
	out := make([]*Block, len(blocks))
	for i := range blocks {
		out[i] = &blocks[i]
	}
	return out
}

func (s *section) title() string {
	if s.heading == nil {
		return ""
	}
	return s.heading.Text
}

// blocks is the section's blocks, its heading first.
func (s *section) blocks() []*Block {
	out := make([]*Block, 0, len(s.body)+1)
	if s.heading != nil {
		out = append(out, s.heading)
	}
	return append(out, s.body...)
}

// The kinds of section, as a Memo numbers them apart.
const (
	kindStart byte = iota
	kindHeading
	kindFootnotes
)

func (s *section) kind() byte {
	switch {
	case s.footnotes:
		return kindFootnotes
	case s.heading != nil:
		return kindHeading
	}
	return kindStart
}

// splitSections prepares blocks, which it may reorder. The blocks
// themselves it changes only where no Memo numbered them: a Memo's are
// numbered and counted once, and shared by every revision that has them
// (Memo.PrepareParts).
func splitSections(blocks []*Block, memo *Memo) *Doc {
	// The blocks, footnotes last (where goldmark puts them), so that each
	// section is a stretch of them.
	text := len(blocks)
	for text > 0 && blocks[text-1].Footnote != "" {
		text--
	}
	for i := range text {
		if blocks[i].Footnote != "" { // not where goldmark puts them
			slices.SortStableFunc(blocks, func(a, b *Block) int { return cmpBool(a.Footnote != "", b.Footnote != "") })
			text = slices.IndexFunc(blocks, func(b *Block) bool { return b.Footnote != "" })
			break
		}
	}
	ids := make([]uint32, len(blocks))
	keys := make([]string, len(blocks)) // of the headings
	for i, b := range blocks {
		switch {
		case memo == nil:
			b.words = bagOf(b.Text)
		case b.id == 0: // this call's own (Memo.Prepare)
			memo.number(b)
		}
		ids[i] = b.id
		if b.heading() > 0 {
			keys[i] = headingKey(b.Text)
		}
	}
	doc := &Doc{memo: memo}
	type part struct {
		s        *section
		from, to int // its blocks
	}
	var parts []part
	start := 0
	end := func(to int) {
		if to == start {
			return
		}
		s := &section{body: blocks[start:to]}
		if b := blocks[start]; b.heading() > 0 {
			s.heading, s.key, s.body = b, keys[start], blocks[start+1:to]
		}
		parts = append(parts, part{s, start, to})
		start = to
	}
	for i := range text {
		if blocks[i].heading() > 0 {
			end(i)
		}
	}
	end(text)
	if text < len(blocks) {
		parts = append(parts, part{&section{footnotes: true, body: blocks[text:]}, text, len(blocks)})
	}

	// Where each heading stands: the headings above it, and whether its
	// wording recurs.
	seen := map[string]int{}
	for _, p := range parts {
		seen[p.s.title()]++
	}
	type open struct {
		level int
		s     *section
	}
	var above []open
	for _, p := range parts {
		s := p.s
		if s.heading == nil {
			continue
		}
		level := s.heading.heading()
		for len(above) > 0 && above[len(above)-1].level >= level {
			above = above[:len(above)-1]
		}
		if len(above) > 0 {
			s.parent = above[len(above)-1].s
			if seen[s.title()] > 1 {
				s.context = s.parent.title()
			}
		}
		above = append(above, open{level, s})
	}

	for _, p := range parts {
		s := p.s
		count := func() (words, keyWords bag) {
			for _, b := range s.body {
				words = append(words, b.words...)
			}
			slices.Sort(words)
			return words, bagOf(s.key)
		}
		if memo == nil {
			s.words, s.keyWords = count()
		} else {
			info := memo.section(s.kind(), ids[p.from:p.to], count)
			s.id, s.words, s.keyWords = info.id, info.words, info.keyWords
		}
		if s.footnotes {
			doc.footnotes = s
			continue
		}
		doc.sections = append(doc.sections, s)
	}
	for _, s := range doc.sections {
		top := s
		for top.parent != nil {
			top = top.parent
		}
		if top == s {
			s.clause = int32(len(doc.clauses))
			doc.clauses = append(doc.clauses, s)
		} else {
			s.clause = top.clause // a parent comes before its sections
		}
	}
	return doc
}

// headingKey is a heading's text in lower case without a leading section
// number ("4", "2.1", "2a", "§ 3", "4."), so that "4 SÆRLIG OM BRUK" and
// "5 Særlig om bruk" are the same section.
func headingKey(s string) string {
	if number, rest := render.SplitNumber(s); number != "" && rest != "" {
		s = rest
	}
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// Thresholds for pairing sections.
const (
	minHeadingSimilarity = 0.6 // a reworded heading over the same subject
	minBodySimilarity    = 0.7 // a renamed heading over much the same text
	minBodyWithHeading   = 0.2 // a reworded heading needs some of the same text too
	// minMoveEvidence is the share of its text a section must keep to be
	// shown as the same section somewhere else: under other headings, or
	// moved. Below it, one was removed and another added.
	minMoveEvidence = 0.25
	maxFuzzyPairs   = 40 * 40
	// maxSamePairs bounds the pairs tried among the sections of one
	// heading (numbers aside) that are not the same text in the same
	// place: far more than a policy's repeated headings make.
	maxSamePairs = 200 * 200
)

// evidence reports whether two sections with the same heading may be the
// same section though they do not stand in the same place: their text must
// say so.
func evidence(old, new *section, bodySimilarity float64) bool {
	return len(old.words) > 0 && len(new.words) > 0 && bodySimilarity >= minMoveEvidence
}

// matchSections pairs the sections of two revisions. Sections whose
// headings (numbers aside) are equal pair first: by the headings above them
// and their text, so that of two sections named alike each finds its own;
// where the headings above differ, only with text in common. (Past
// maxSamePairs under one heading, only the same text in the same place.)
// Then, among the rest, sections with text in common and a similar
// heading, or much text in common, pair, best pairs first. It returns, for
// each new section, the index of its old section or -1. A memo, if not
// nil, keeps the similarities of the sections' bodies.
func matchSections(old, new []*section, memo *Memo) []int {
	match := make([]int, len(new))
	for i := range match {
		match[i] = -1
	}
	used := make([]bool, len(old))
	type key struct {
		kind byte
		key  string
	}
	olds := map[key][]int{}
	for i, s := range old {
		k := key{s.kind(), s.key}
		olds[k] = append(olds[k], i)
	}
	news := map[key][]int{}
	var order []key
	for j, s := range new {
		k := key{s.kind(), s.key}
		if news[k] == nil {
			order = append(order, k)
		}
		news[k] = append(news[k], j)
	}
	// Headings without text of their own hold nothing in place: they pair
	// by their words inside the stretches, so that one that changed place
	// costs its words, not the text around it.
	empty := func(o, n int) bool { return len(old[o].words) == 0 && len(new[n].words) == 0 }
	var cands []candidate
	for _, k := range order {
		os, ns := olds[k], news[k]
		if len(os) == 1 && len(ns) == 1 && samePlace(old[os[0]], new[ns[0]]) {
			if !empty(os[0], ns[0]) {
				match[ns[0]], used[os[0]] = os[0], true
			}
			continue
		}
		// Sections of one key pair among themselves only, so each key's
		// pairs are assigned on their own, as they would be among all.
		// The best pairs are those of the same text in the same place:
		// each new section takes the first such old one left, found by
		// its text, so that a heading repeated a thousand times costs a
		// thousand lookups, not a million pairs.
		identical(old, new, os, ns, match, used)
		os = slices.DeleteFunc(slices.Clone(os), func(o int) bool { return used[o] })
		ns = slices.DeleteFunc(slices.Clone(ns), func(n int) bool { return match[n] >= 0 })
		var full []int // of os, those with words
		for _, o := range os {
			if len(old[o].words) > 0 {
				full = append(full, o)
			}
		}
		pairs := 0
		for _, n := range ns {
			if len(new[n].words) > 0 {
				pairs += len(os)
			} else {
				pairs += len(full)
			}
		}
		if pairs > maxSamePairs {
			// Many sections of one name, most with texts of their own:
			// they pair inside the stretches, block by block.
			continue
		}
		cands = cands[:0]
		for _, n := range ns {
			of := os
			if len(new[n].words) == 0 {
				of = full
			}
			for _, o := range of {
				same := samePlace(old[o], new[n])
				if !same && !mayReach(len(old[o].words), len(new[n].words), minMoveEvidence) && len(old[o].words)+len(new[n].words) > 0 {
					continue
				}
				bs := memo.similarity(old[o], new[n])
				if !same && !evidence(old[o], new[n], bs) {
					continue
				}
				score := 1 + bs
				if same {
					score += 0.5
				}
				cands = append(cands, candidate{o, n, score})
			}
		}
		assign(cands, match, used)
	}

	var oi, ni []int
	for i := range old {
		if !used[i] && len(old[i].words) > 0 {
			oi = append(oi, i)
		}
	}
	for j := range new {
		if match[j] < 0 && len(new[j].words) > 0 {
			ni = append(ni, j)
		}
	}
	if len(oi) == 0 || len(ni) == 0 || len(oi)*len(ni) > maxFuzzyPairs {
		return match
	}
	cands = cands[:0]
	for _, o := range oi {
		// What words the old section has, as bits: a bound on the words
		// it can share with each new one, known before counting them.
		bits := sketchOf(old[o].words)
		for _, n := range ni {
			if old[o].kind() != new[n].kind() {
				continue
			}
			hs := similarity(old[o].keyWords, new[n].keyWords)
			need := minBodySimilarity
			if hs >= minHeadingSimilarity {
				need = minBodyWithHeading
			}
			if !mayReach(len(old[o].words), len(new[n].words), need) {
				continue
			}
			if float64(2*bits.hits(new[n].words)) < need*float64(len(old[o].words)+len(new[n].words)) {
				continue
			}
			if bs := memo.similarity(old[o], new[n]); bs >= need {
				cands = append(cands, candidate{o, n, hs + bs})
			}
		}
	}
	assign(cands, match, used)
	return match
}

// identical pairs each of the new sections ns, in order, with the first
// old section of os left that has the same text in the same place. No
// pair scores higher (1 + 1 + 0.5), and assign takes equal scores in
// order, so that pairing these first is what assigning all pairs by score
// does.
func identical(old, new []*section, os, ns []int, match []int, used []bool) {
	identicalBy(classHash, old, new, os, ns, match, used)
}

// identicalBy is identical, with hash the hash of a section's class (the
// tests give one under which every class's meets).
func identicalBy(hash func(*section) uint64, old, new []*section, os, ns []int, match []int, used []bool) {
	// The old sections not yet taken, in order, by the hash of their class;
	// those of two classes whose hashes meet are told apart by sameClass.
	// (Classes as strings, of the places' keys and 8 bytes a word, were
	// made again for every comparison: 6% of what a build of 10,000
	// revisions allocated.)
	at := map[uint64][]int{}
	for _, o := range os {
		if len(old[o].words) > 0 {
			h := hash(old[o])
			at[h] = append(at[h], o)
		}
	}
	if len(at) == 0 {
		return
	}
	for _, n := range ns {
		if len(new[n].words) == 0 {
			continue
		}
		h := hash(new[n])
		left := at[h]
		for k, o := range left {
			if sameClass(old[o], new[n]) {
				match[n], used[o] = o, true
				if k == 0 {
					at[h] = left[1:] // mostly: the first of its hash
				} else {
					at[h] = slices.Delete(left, k, k+1)
				}
				break
			}
		}
	}
}

// classHash is a hash of a section's class, FNV-1a's way: the bytes of the
// keys of the sections it is under, and its words, each a 64-bit value.
func classHash(s *section) uint64 {
	h := uint64(fnvOffset)
	for p := s.parent; p != nil; p = p.parent {
		for i := 0; i < len(p.key); i++ {
			h = (h ^ uint64(p.key[i])) * fnvPrime
		}
		h = (h ^ 0x100) * fnvPrime // the end of a key, which no byte is
	}
	for _, w := range s.words {
		h = (h ^ w) * fnvPrime
	}
	return h
}

// sameClass reports whether two sections have the same text (their words)
// in the same place (the keys of the sections they are under).
func sameClass(a, b *section) bool {
	if !slices.Equal(a.words, b.words) {
		return false
	}
	p, q := a.parent, b.parent
	for p != nil && q != nil {
		if p.key != q.key {
			return false
		}
		p, q = p.parent, q.parent
	}
	return p == nil && q == nil
}

type candidate struct {
	o, n  int
	score float64
}

// assign pairs the candidates best first; of equal ones, the first listed.
// (A comparison of a long history's old revision with the current one
// sorts hundreds of candidates: sort.SliceStable's swaps through
// reflection were a third of matchSections.)
func assign(cands []candidate, match []int, used []bool) {
	slices.SortStableFunc(cands, func(a, b candidate) int { return cmp.Compare(b.score, a.score) })
	for _, c := range cands {
		if !used[c.o] && match[c.n] < 0 {
			used[c.o] = true
			match[c.n] = c.o
		}
	}
}

// inPlace returns, for the matched pairs, which stay in the same order in
// both revisions: the heaviest increasing run of old indices, taken in new
// order, by the weight of each new section. Matched sections outside it
// have moved.
func inPlace(match []int, weight func(n int) int) []bool {
	type item struct{ n, o, w int }
	var seq []item
	for n, o := range match {
		if o >= 0 {
			seq = append(seq, item{n, o, weight(n)})
		}
	}
	keep := make([]bool, len(match))
	chain := heaviestChain(len(seq), func(i int) int { return seq[i].w }, func(i int) (x, y int) { return i, seq[i].o })
	for _, i := range chain {
		keep[seq[i].n] = true
	}
	return keep
}

// heaviestChain is the heaviest of the chains of n items by the weights w:
// the indices of its items, in order. Item j can come before item i in a
// chain if both its coordinates (at) are smaller; the items are in order
// of x. Of equally heavy ways to reach an item, the one through the first
// item is taken, and of equally heavy chains, the one that ends first.
//
// Each item's best predecessor is found in a Fenwick tree over the ranks
// of y, which keeps for each prefix of them the best item so far: O(n log n)
// where trying every earlier item took O(n²), a minute for the 16,000
// sections of a revision that repeats one heading.
func heaviestChain(n int, w func(i int) int, at func(i int) (x, y int)) []int {
	xs, ys := make([]int, n), make([]int, n)
	for i := range n {
		xs[i], ys[i] = at(i)
	}
	ranks := slices.Clone(ys)
	slices.Sort(ranks)
	ranks = slices.Compact(ranks)
	best, prev := make([]int, n), make([]int, n)
	// better reports whether a chain ending at item a beats one ending at
	// b (-1 for none): heavier, or as heavy and ending first.
	better := func(a, b int) bool {
		return b < 0 || best[a] > best[b] || best[a] == best[b] && a < b
	}
	tree := make([]int, len(ranks)+1) // 1-based; tree[k] is the best item of its range, or -1
	for k := range tree {
		tree[k] = -1
	}
	top := -1
	for start := 0; start < n; {
		// Items of equal x cannot precede one another: all of them look
		// before any of them is added.
		end := start + 1
		for end < n && xs[end] == xs[start] {
			end++
		}
		for i := start; i < end; i++ {
			best[i], prev[i] = w(i), -1
			r, _ := slices.BinarySearch(ranks, ys[i])
			j := -1 // the best item of y below ys[i]
			for k := r; k > 0; k -= k & -k {
				if c := tree[k]; c >= 0 && better(c, j) {
					j = c
				}
			}
			if j >= 0 && best[j] > 0 {
				best[i], prev[i] = best[j]+w(i), j
			}
			if top < 0 || best[i] > best[top] {
				top = i
			}
		}
		for i := start; i < end; i++ {
			r, _ := slices.BinarySearch(ranks, ys[i])
			for k := r + 1; k < len(tree); k += k & -k {
				if better(i, tree[k]) {
					tree[k] = i
				}
			}
		}
		start = end
	}
	var out []int
	for i := top; i >= 0; i = prev[i] {
		out = append(out, i)
	}
	slices.Reverse(out)
	return out
}
