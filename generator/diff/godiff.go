package diff

import (
	"slices"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffRunes returns go-diff's DiffMainRunes(a, b, false) with no deadline
// (DiffTimeout 0, as the comparer sets it): the same diffs, edit for edit,
// empty ones included. go-diff works on strings, and at each step of its
// recursion turns runes into strings and back, and joins them; the long
// paragraphs of a history far apart were diffed more in that than in the
// search itself. Here every edit is a stretch of a or b, named by where it
// starts in each and its length, and made a string once, at the end.
// TestDiffRunesAsGoDiff and FuzzDiffRunes hold it to go-diff, for runes
// Go strings can hold: go-diff would read a rune past U+10FFFF (the
// 1,112,064th distinct token of one diff, which only a hostile text of
// that many distinct words brings) as U+FFFD, as all others past it;
// diffRunes tells them apart.
func diffRunes(a, b []rune) []diffmatchpatch.Diff {
	var d differ
	return d.diff(a, b)
}

// diff is diffRunes, with d's room (the bisection's vectors and the
// edits) kept for the next: a comparison diffs hundreds of paragraphs.
func (d *differ) diff(a, b []rune) []diffmatchpatch.Diff {
	d.a, d.b = a, b
	d.spans = d.main(d.spans[:0], 0, len(a), 0, len(b))
	out := make([]diffmatchpatch.Diff, len(d.spans))
	for i, s := range d.spans {
		out[i] = diffmatchpatch.Diff{Type: s.op, Text: string(d.text(s))}
	}
	d.a, d.b = nil, nil // the room is kept, not the texts
	return out
}

// A span is one edit of a diff of a and b: an equality, a deletion or an
// insertion of n runes, at a[a:] and b[b:] (a deletion's text is a's, an
// insertion's b's, an equality's both). Each diff a differ makes is a
// valid edit script, so the spans stay stretches of a and b however the
// clean-up moves text between them.
type span struct {
	op   diffmatchpatch.Operation
	a, b int
	n    int
}

type differ struct {
	a, b  []rune
	v     []int  // the bisection's two vectors, reused
	spans []span // the edits of the last diff, whose room is reused
	other []span // the room the semantic clean-up rewrites spans into, reused
}

func (d *differ) text(s span) []rune {
	if s.op == diffmatchpatch.DiffInsert {
		return d.b[s.b : s.b+s.n]
	}
	return d.a[s.a : s.a+s.n]
}

// main is go-diff's diffMainRunes of a[a0:a1] and b[b0:b1], appended to
// dst. Each step of the recursion appends its edits to the one slice and
// cleans up its own stretch of it in place: joined level by level, the
// halves of a long diff were copied at every level (a sixth of what a
// build of 10,000 revisions allocated).
func (d *differ) main(dst []span, a0, a1, b0, b1 int) []span {
	if equalRunes(d.a[a0:a1], d.b[b0:b1]) {
		if a1 > a0 {
			return append(dst, span{diffmatchpatch.DiffEqual, a0, b0, a1 - a0})
		}
		return dst
	}
	start := len(dst)
	p := prefixLen(d.a[a0:a1], d.b[b0:b1])
	s := suffixLen(d.a[a0+p:a1], d.b[b0+p:b1])
	if p != 0 {
		dst = append(dst, span{diffmatchpatch.DiffEqual, a0, b0, p})
	}
	dst = d.compute(dst, a0+p, a1-s, b0+p, b1-s)
	if s != 0 {
		dst = append(dst, span{diffmatchpatch.DiffEqual, a1 - s, b1 - s, s})
	}
	// Room for the clean-up's dummy at the end: a stretch that fills
	// the slice was copied whole to add it.
	dst = slices.Grow(dst, 1)
	return append(dst[:start], d.cleanupMerge(dst[start:], a1, b1)...)
}

// compute is go-diff's diffCompute, appended to dst: the texts have no
// common prefix or suffix. (Its half match is for diffs with a deadline
// alone.)
func (d *differ) compute(dst []span, a0, a1, b0, b1 int) []span {
	la, lb := a1-a0, b1-b0
	switch {
	case la == 0:
		return append(dst, span{diffmatchpatch.DiffInsert, a0, b0, lb})
	case lb == 0:
		return append(dst, span{diffmatchpatch.DiffDelete, a0, b0, la})
	}
	if la > lb { // the shorter inside the longer
		if i := indexRunes(d.a[a0:a1], d.b[b0:b1]); i != -1 {
			return append(dst,
				span{diffmatchpatch.DiffDelete, a0, b0, i},
				span{diffmatchpatch.DiffEqual, a0 + i, b0, lb},
				span{diffmatchpatch.DiffDelete, a0 + i + lb, b1, la - i - lb},
			)
		}
	} else if i := indexRunes(d.b[b0:b1], d.a[a0:a1]); i != -1 {
		return append(dst,
			span{diffmatchpatch.DiffInsert, a0, b0, i},
			span{diffmatchpatch.DiffEqual, a0, b0 + i, la},
			span{diffmatchpatch.DiffInsert, a1, b0 + i + la, lb - i - la},
		)
	}
	if min(la, lb) == 1 {
		return append(dst, span{diffmatchpatch.DiffDelete, a0, b0, la}, span{diffmatchpatch.DiffInsert, a1, b0, lb})
	}
	return d.bisect(dst, a0, a1, b0, b1)
}

// bisect is go-diff's diffBisect (Myers' middle snake), its vectors kept
// for the next. Its loops are most of what a diff of paragraphs far apart
// costs, so they are written for the compiler to drop their bounds checks:
// the snakes compare unsigned against the lengths, and each step's
// diagonals are a window of the vectors, checked once.
func (d *differ) bisect(dst []span, a0, a1, b0, b1 int) []span {
	r1, r2 := d.a[a0:a1], d.b[b0:b1]
	n1, n2 := len(r1), len(r2)
	maxD := (n1 + n2 + 1) / 2
	vOffset, vLength := maxD, 2*maxD
	// Each vector has a diagonal beyond each end, never written, so
	// that a step's window may take one either side of its diagonals.
	// A diagonal not yet reached holds -1, so that the furthest x of the
	// diagonals beside k (go-diff's test of k against the step, and of
	// the two against each other) is the greater of the two, without a
	// branch a processor cannot foresee.
	if cap(d.v) < 2*vLength+4 {
		d.v = make([]int, 2*vLength+4)
	}
	v1, v2 := d.v[:vLength+2:vLength+2], d.v[vLength+2:2*vLength+4:2*vLength+4]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[vOffset+1], v2[vOffset+1] = 0, 0
	delta := n1 - n2
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for step := 0; step < maxD; step++ {
		// w is the step's diagonals from k1 = -step+k1start, with one
		// each side; the loop's bound moves as k1end grows.
		lo := vOffset - step + k1start
		w := v1[lo-1 : vOffset+step-k1end+2]
		for i, k1 := 1, lo-vOffset; i < len(w)-1 && k1 <= step-k1end; i, k1 = i+2, k1+2 {
			x1 := max(w[i-1]+1, w[i+1])
			y1 := x1 - k1
			for uint(x1) < uint(len(r1)) && uint(y1) < uint(len(r2)) && r1[x1] == r2[y1] {
				x1++
				y1++
			}
			w[i] = x1
			if x1 > n1 {
				k1end += 2
			} else if y1 > n2 {
				k1start += 2
			} else if front {
				if k2Offset := vOffset + delta - k1; uint(k2Offset) < uint(len(v2)) && v2[k2Offset] != -1 {
					if x1 >= n1-v2[k2Offset] {
						return d.split(dst, a0, a1, b0, b1, x1, y1)
					}
				}
			}
		}
		lo = vOffset - step + k2start
		w = v2[lo-1 : vOffset+step-k2end+2]
		for i, k2 := 1, lo-vOffset; i < len(w)-1 && k2 <= step-k2end; i, k2 = i+2, k2+2 {
			x2 := max(w[i-1]+1, w[i+1])
			// The snake runs back from the ends: a and b are the runes
			// x2 and y2 before them.
			a, b := n1-x2-1, n2-x2+k2-1
			for uint(a) < uint(len(r1)) && uint(b) < uint(len(r2)) && r1[a] == r2[b] {
				a--
				b--
			}
			x2 = n1 - 1 - a
			y2 := x2 - k2
			w[i] = x2
			if x2 > n1 {
				k2end += 2
			} else if y2 > n2 {
				k2start += 2
			} else if !front {
				if k1Offset := vOffset + delta - k2; uint(k1Offset) < uint(len(v1)) && v1[k1Offset] != -1 {
					x1 := v1[k1Offset]
					y1 := vOffset + x1 - k1Offset
					if x1 >= n1-x2 {
						return d.split(dst, a0, a1, b0, b1, x1, y1)
					}
				}
			}
		}
	}
	return append(dst, span{diffmatchpatch.DiffDelete, a0, b0, n1}, span{diffmatchpatch.DiffInsert, a1, b0, n2})
}

// split is go-diff's diffBisectSplit: the two halves diffed in turn.
func (d *differ) split(dst []span, a0, a1, b0, b1, x, y int) []span {
	return d.main(d.main(dst, a0, a0+x, b0, b0+y), a0+x, a1, b0+y, b1)
}

// cleanupMerge is go-diff's DiffCleanupMerge of a diff that ends at a[ea]
// and b[eb], step for step: it reorders and merges like edits and factors
// out what they have in common, then shifts single edits sideways where
// that removes an equality, and again while that changes anything.
func (d *differ) cleanupMerge(diffs []span, ea, eb int) []span {
	const (
		equal  = diffmatchpatch.DiffEqual
		insert = diffmatchpatch.DiffInsert
		del    = diffmatchpatch.DiffDelete
	)
	diffs = append(diffs, span{equal, ea, eb, 0}) // the dummy at the end
	pointer, countDelete, countInsert := 0, 0, 0
	// The edits since the last equality: their texts are a[da:da+nd] and
	// b[ib:ib+ni], and they start at a[ra] and b[rb].
	ra, rb, nd, ni := 0, 0, 0, 0
	for pointer < len(diffs) {
		cur := diffs[pointer]
		if cur.op != equal && countDelete+countInsert == 0 {
			ra, rb, nd, ni = cur.a, cur.b, 0, 0
		}
		switch cur.op {
		case insert:
			countInsert++
			ni += cur.n
			pointer++
		case del:
			countDelete++
			nd += cur.n
			pointer++
		case equal:
			if countDelete+countInsert > 1 {
				da, ib := ra, rb
				if countDelete != 0 && countInsert != 0 {
					if c := prefixLen(d.b[ib:ib+ni], d.a[da:da+nd]); c != 0 {
						x := pointer - countDelete - countInsert
						if x > 0 && diffs[x-1].op == equal {
							diffs[x-1].n += c
						} else {
							diffs = append([]span{{equal, da, ib, c}}, diffs...)
							pointer++
						}
						da, ib, nd, ni = da+c, ib+c, nd-c, ni-c
					}
					if c := suffixLen(d.b[ib:ib+ni], d.a[da:da+nd]); c != 0 {
						diffs[pointer].a -= c
						diffs[pointer].b -= c
						diffs[pointer].n += c
						nd, ni = nd-c, ni-c
					}
				}
				var room [2]span
				merged := room[:0]
				if countDelete != 0 {
					merged = append(merged, span{del, da, ib, nd})
				}
				if countInsert != 0 {
					merged = append(merged, span{insert, da + nd, ib, ni})
				}
				start := pointer - countDelete - countInsert
				diffs = spliceSpans(diffs, start, countDelete+countInsert, merged...)
				pointer = start + len(merged) + 1
			} else if pointer != 0 && diffs[pointer-1].op == equal {
				diffs[pointer-1].n += cur.n
				diffs = append(diffs[:pointer], diffs[pointer+1:]...)
			} else {
				pointer++
			}
			countInsert, countDelete = 0, 0
		}
	}
	if diffs[len(diffs)-1].n == 0 {
		diffs = diffs[:len(diffs)-1]
	}

	changes := false
	pointer = 1
	for pointer < len(diffs)-1 {
		prev, edit, next := diffs[pointer-1], diffs[pointer], diffs[pointer+1]
		if prev.op == equal && next.op == equal {
			et := d.text(edit)
			if hasSuffixRunes(et, d.text(prev)) {
				l := prev.n
				diffs[pointer].a -= l
				diffs[pointer].b -= l
				diffs[pointer+1].a -= l
				diffs[pointer+1].b -= l
				diffs[pointer+1].n += l
				diffs = spliceSpans(diffs, pointer-1, 1)
				changes = true
			} else if hasPrefixRunes(et, d.text(next)) {
				l := next.n
				diffs[pointer-1].n += l
				diffs[pointer].a += l
				diffs[pointer].b += l
				diffs = spliceSpans(diffs, pointer+1, 1)
				changes = true
			}
		}
		pointer++
	}
	if changes { // the script still ends where it did
		diffs = d.cleanupMerge(diffs, ea, eb)
	}
	return diffs
}

// spliceSpans removes n spans at i and puts in those given.
func spliceSpans(s []span, i, n int, in ...span) []span {
	return slices.Replace(s, i, i+n, in...)
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func prefixLen(a, b []rune) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

func suffixLen(a, b []rune) int {
	n := min(len(a), len(b))
	for i := 1; i <= n; i++ {
		if a[len(a)-i] != b[len(b)-i] {
			return i - 1
		}
	}
	return n
}

// indexRunes is where sub first stands in s, or -1.
func indexRunes(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if equalRunes(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func hasSuffixRunes(s, suffix []rune) bool {
	return len(s) >= len(suffix) && equalRunes(s[len(s)-len(suffix):], suffix)
}

func hasPrefixRunes(s, prefix []rune) bool {
	return len(s) >= len(prefix) && equalRunes(s[:len(prefix)], prefix)
}
