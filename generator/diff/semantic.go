package diff

import (
	"slices"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// The word diff of two paragraphs is go-diff's diff of their tokens, one
// rune each (tokenRune), cleaned up as DiffCleanupSemantic cleans it up,
// on spans of the two token lists rather than strings. Made as strings,
// each edit became a string, then runes again to be counted, and the
// clean-up's merges and shifts built new strings at every step: of the
// comparisons of a long history's old revisions with the current one, a
// tenth of the processor time and of what they allocated. DiffCleanupSemantic
// also counts the last equality again at every edit after it, three times
// over, which a paragraph diffed word by word, a long equality before its
// edits, paid most of its clean-up for; here each is counted once.
//
// Tokens make the clean-up simpler than a text's: go-diff scores a
// boundary by the characters on either side of it (a letter or digit of
// ASCII, white space, a line break), and a token is none of those, so a
// boundary scores as one at the edge of its text, or as any other; and
// DiffCommonOverlap's bytes are a token's three or four. TestSemanticAsGoDiff
// holds the spans to go-diff's strings, edit for edit.

// deletedAndInserted marks, in the clean-up's first pass, an equality made
// an edit.
const deletedAndInserted diffmatchpatch.Operation = 2

// semantic is go-diff's DiffCleanupSemantic of DiffMainRunes(a, b, false),
// as spans. a and b are tokens (tokenRune), as words makes them: of ASCII,
// whose boundaries go-diff scores otherwise, the spans would differ.
func (d *differ) semantic(a, b []rune) []span {
	d.a, d.b = a, b
	d.spans = d.main(d.spans[:0], 0, len(a), 0, len(b))
	d.spans = d.cleanupSemantic(d.spans, len(a), len(b))
	d.a, d.b = nil, nil
	return d.spans
}

// cleanupSemantic is DiffCleanupSemantic on the spans of a diff that ends
// at a[ea] and b[eb]; the spans must be d's texts'. First, an equality no
// longer than the edits on both sides of it is made an edit too: what
// stays between two larger changes reads better as part of them.
func (d *differ) cleanupSemantic(s []span, ea, eb int) []span {
	const (
		equal  = diffmatchpatch.DiffEqual
		insert = diffmatchpatch.DiffInsert
		del    = diffmatchpatch.DiffDelete
	)
	made := markSmallEqualities(s)
	if made > 0 {
		// Rewritten into the other room, and the two swapped: s is
		// d.spans, whose room the next diff takes (semantic). One
		// more span than the edits, for cleanupMerge's dummy.
		out := slices.Grow(d.other[:0], len(s)+made+1)
		for _, x := range s {
			if x.op == deletedAndInserted {
				out = append(out, span{del, x.a, x.b, x.n}, span{insert, x.a + x.n, x.b, x.n})
				continue
			}
			out = append(out, x)
		}
		d.other = s[:0]
		s = d.cleanupMerge(out, ea, eb)
	}
	s = d.cleanupLossless(s)

	// A deletion and an insertion that overlap by half of either keep the
	// overlap as an equality. As in go-diff, DiffCommonOverlap's bytes are
	// what the two overlaps are weighed by, each against half the runes.
	bytes := func(over []rune) int {
		n := 0
		for _, r := range over {
			n += utf8.RuneLen(r)
		}
		return n
	}
	half := func(b, n1, n2 int) bool { return float64(b) >= float64(n1)/2 || float64(b) >= float64(n2)/2 }
	for i := 1; i < len(s); i++ {
		if s[i-1].op != del || s[i].op != insert {
			continue
		}
		x, y := s[i-1], s[i]
		dt, it := d.text(x), d.text(y)
		after, before := overlap(dt, it), overlap(it, dt)
		if ab, bb := bytes(it[:after]), bytes(dt[:before]); ab >= bb {
			if half(ab, x.n, y.n) {
				s = spliceSpans(s, i, 0, span{equal, x.a + x.n - after, y.b, after})
				s[i-1].n = x.n - after
				s[i+1] = span{insert, x.a + x.n, y.b + after, y.n - after}
				i++
			}
		} else if half(bb, x.n, y.n) {
			s = spliceSpans(s, i, 0, span{equal, x.a, y.b + y.n - before, before})
			s[i-1] = span{insert, x.a, y.b, y.n - before}
			s[i+1] = span{del, x.a + before, y.b + y.n, x.n - before}
			i++
		}
		i++
	}
	return s
}

// cleanupLossless is go-diff's DiffCleanupSemanticLossless on spans of
// tokens: each single edit between two equalities is moved as far right
// as the text lets it. go-diff moves it as far left as it can first, and
// then right, one character at a time, keeping the place whose two
// boundaries score best, the last of the best (its >=); between tokens
// every boundary scores the same but at the edge of the text, which the
// edit can reach only at the right, as far as it goes. (go-diff's move
// left counts tokens and cuts bytes, and its moves right, a byte at a time
// where that leaves a token cut, come back to where the edit stood before
// going on: the tests hold the two equal.)
func (d *differ) cleanupLossless(s []span) []span {
	const equal = diffmatchpatch.DiffEqual
	for p := 1; p < len(s)-1; p++ {
		if s[p-1].op != equal || s[p+1].op != equal {
			continue
		}
		e1, x, e2 := s[p-1], s[p], s[p+1]
		by := 0
		if x.n > 0 {
			et, nt := d.text(x), d.text(e2)
			for by < len(nt) && et[by%len(et)] == nt[by] {
				by++
			}
		}
		if by == 0 {
			continue
		}
		e1.n += by
		x.a += by
		x.b += by
		e2.a += by
		e2.b += by
		e2.n -= by
		s[p-1], s[p] = e1, x
		if e2.n > 0 {
			s[p+1] = e2
		} else {
			s = spliceSpans(s, p+1, 1)
			p--
		}
	}
	return s
}

// overlap is go-diff's DiffCommonOverlap of two texts of tokens, in
// tokens: the longest end of a that begins b.
func overlap(a, b []rune) int {
	n := min(len(a), len(b))
	for k := n; k > 0; k-- {
		if equalRunes(a[len(a)-k:], b[:k]) {
			return k
		}
	}
	return 0
}

// markSmallEqualities is cleanupSemantic's first pass: it marks each
// equality it makes an edit deletedAndInserted, and returns how many it
// marked. Each is marked where it stands, and made the two edits after the
// pass: inserted into the list at once, each shifted the rest.
func markSmallEqualities(s []span) int {
	made := 0
	var equalities []int // indices in s, the last the one before the edits being counted
	lastLen := 0
	var ins1, del1, ins2, del2 int // runes inserted and deleted before and after the last equality
	for i := 0; i < len(s); i++ {
		switch s[i].op {
		case diffmatchpatch.DiffEqual:
			equalities = append(equalities, i)
			ins1, del1, ins2, del2 = ins2, del2, 0, 0
			lastLen = s[i].n
			continue
		case diffmatchpatch.DiffInsert:
			ins2 += s[i].n
		case diffmatchpatch.DiffDelete:
			del2 += s[i].n
		case deletedAndInserted:
			// As the deletion and the insertion it stands for: the look
			// that follows would find what it finds after either.
			ins2 += s[i].n
			del2 += s[i].n
		}
		if lastLen == 0 || lastLen > max(ins1, del1) || lastLen > max(ins2, del2) {
			continue
		}
		s[equalities[len(equalities)-1]].op = deletedAndInserted
		made++
		// The equality before may now be small enough too: count again
		// from the one before that.
		equalities = equalities[:len(equalities)-1]
		if len(equalities) > 0 {
			equalities = equalities[:len(equalities)-1]
		}
		i = -1
		if len(equalities) > 0 {
			i = equalities[len(equalities)-1]
		}
		ins1, del1, ins2, del2 = 0, 0, 0, 0
		lastLen = 0
	}
	return made
}
