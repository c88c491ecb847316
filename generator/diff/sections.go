package diff

import (
	"slices"
	"sort"
	"strings"
	"unicode"
)

// A section is a heading and the blocks up to the next heading. The blocks
// before the first heading form a section without a heading.
type section struct {
	heading  *Block
	body     []Block
	key      string // the heading's words without its number: what matches
	keyWords bag    // the key's words
	words    bag    // the body's words
	id       uint32 // the content's number in the Memo that prepared it, if one did
}

// A Doc is a revision prepared for comparison: its sections, with the words
// of each block counted once. A Doc is not changed by Compare, so one can
// take part in many comparisons at once.
type Doc struct {
	sections []*section
	memo     *Memo // that prepared it, if one did
}

// Prepare splits a revision's blocks into sections for Compare.
func Prepare(blocks []Block) *Doc {
	return &Doc{sections: splitSections(blocks, nil)}
}

func (s *section) title() string {
	if s.heading == nil {
		return ""
	}
	return s.heading.Text
}

func (s *section) blocks() []Block {
	if s.heading == nil {
		return s.body
	}
	return append([]Block{*s.heading}, s.body...)
}

func splitSections(blocks []Block, memo *Memo) []*section {
	blocks = slices.Clone(blocks)
	ids := make([]uint32, len(blocks))
	for i := range blocks {
		if memo == nil {
			blocks[i].words = bagOf(blocks[i].Text)
		} else {
			info := memo.block(&blocks[i])
			blocks[i].words, ids[i] = info.words, info.id
		}
	}
	var out []*section
	var from []int // where each section starts in blocks
	cur, start := &section{}, 0
	for i := range blocks {
		b := blocks[i]
		if b.heading() > 0 {
			if cur.heading != nil || len(cur.body) > 0 {
				out, from = append(out, cur), append(from, start)
			}
			cur, start = &section{heading: &blocks[i], key: headingKey(b.Text)}, i
			continue
		}
		cur.body = append(cur.body, b)
	}
	if cur.heading != nil || len(cur.body) > 0 {
		out, from = append(out, cur), append(from, start)
	}
	for i, s := range out {
		count := func() (words, keyWords bag) {
			for _, b := range s.body {
				words = append(words, b.words...)
			}
			slices.Sort(words)
			return words, bagOf(s.key)
		}
		if memo == nil {
			s.words, s.keyWords = count()
			continue
		}
		n := len(s.body)
		if s.heading != nil {
			n++
		}
		info := memo.section(s.heading != nil, ids[from[i]:from[i]+n], count)
		s.id, s.words, s.keyWords = info.id, info.words, info.keyWords
	}
	return out
}

// headingKey is a heading's text in lower case without a leading section
// number ("4", "2.1", "§ 3", "4."), so that "4 SÆRLIG OM BRUK" and
// "5 Særlig om bruk" are the same section.
func headingKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	rest := strings.TrimLeft(s, "§ ")
	i := 0
	for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
		i++
	}
	if i > 0 && i < len(rest) {
		s = rest[i:]
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// Thresholds for matching sections whose headings differ.
const (
	minHeadingSimilarity = 0.6 // a reworded heading over the same subject
	minBodySimilarity    = 0.7 // a renamed heading over much the same text
	minBodyWithHeading   = 0.2 // a reworded heading needs some of the same text too
	maxFuzzyPairs        = 250 * 250
)

// matchSections pairs the sections of two revisions: first those whose
// headings (numbers aside) are equal, in order, then, among the rest, those
// whose headings or bodies are similar enough, best pairs first. It returns,
// for each new section, the index of its old section or -1. A memo, if not
// nil, keeps the similarities of the sections' bodies.
func matchSections(old, new []*section, memo *Memo) []int {
	match := make([]int, len(new))
	used := make([]bool, len(old))
	// A heading of symbols alone ("## —") has the empty key, as the text
	// before the first heading has: only sections that both have a
	// heading, or both have none, are the same section by their keys.
	type key struct {
		heading bool
		key     string
	}
	byKey := map[key][]int{}
	for i, s := range old {
		k := key{s.heading != nil, s.key}
		byKey[k] = append(byKey[k], i)
	}
	for j, s := range new {
		match[j] = -1
		k := key{s.heading != nil, s.key}
		if cands := byKey[k]; len(cands) > 0 {
			match[j] = cands[0]
			used[cands[0]] = true
			byKey[k] = cands[1:]
		}
	}

	var oi, ni []int
	for i := range old {
		if !used[i] {
			oi = append(oi, i)
		}
	}
	for j := range new {
		if match[j] < 0 {
			ni = append(ni, j)
		}
	}
	if len(oi) == 0 || len(ni) == 0 || len(oi)*len(ni) > maxFuzzyPairs {
		return match
	}
	type cand struct {
		o, n  int
		score float64
	}
	var cands []cand
	for _, o := range oi {
		for _, n := range ni {
			if (old[o].heading == nil) != (new[n].heading == nil) {
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
			bs := memo.similarity(old[o], new[n])
			if hs >= minHeadingSimilarity && bs >= minBodyWithHeading || bs >= minBodySimilarity {
				cands = append(cands, cand{o, n, hs + bs})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	for _, c := range cands {
		if !used[c.o] && match[c.n] < 0 {
			used[c.o] = true
			match[c.n] = c.o
		}
	}
	return match
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
	// O(k²) in the number of matched sections, a few hundred at most.
	best := make([]int, len(seq))
	prev := make([]int, len(seq))
	top := -1
	for i, it := range seq {
		best[i], prev[i] = it.w, -1
		for j := 0; j < i; j++ {
			if seq[j].o < it.o && best[j]+it.w > best[i] {
				best[i], prev[i] = best[j]+it.w, j
			}
		}
		if top < 0 || best[i] > best[top] {
			top = i
		}
	}
	keep := make([]bool, len(match))
	for i := top; i >= 0; i = prev[i] {
		keep[seq[i].n] = true
	}
	return keep
}
