package diff

import (
	"slices"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// deletedAndInserted marks, in cleanupSemantic's first pass, an equality
// made an edit.
const deletedAndInserted diffmatchpatch.Operation = 2

// cleanupSemantic gives what go-diff's DiffCleanupSemantic gives, counting
// the runes of each equality once. DiffCleanupSemantic counts the last
// equality again at every edit after it, three times over; a paragraph
// diffed word by word has a long equality before its edits, and those
// counts were most of the time its clean-up took. The two are held equal
// by TestCleanupSemanticAsGoDiff.
func cleanupSemantic(dmp *diffmatchpatch.DiffMatchPatch, ds []diffmatchpatch.Diff) []diffmatchpatch.Diff {
	// First, an equality no longer than the edits on both sides of it is
	// made an edit too: what stays between two larger changes reads
	// better as part of them. Each such equality is marked as both
	// deleted and inserted where it stands, and made the two edits after
	// the pass: inserted into the list at once, each shifted the rest, and
	// counted again at each look back, a paragraph diffed word by word
	// against one far from it took most of its clean-up over that.
	marks := make([]span, len(ds))
	for i, d := range ds {
		marks[i] = span{op: d.Type, n: utf8.RuneCountInString(d.Text)}
	}
	made := markSmallEqualities(marks)
	for i := range ds {
		ds[i].Type = marks[i].op
	}
	if made > 0 {
		out := make([]diffmatchpatch.Diff, 0, len(ds)+made)
		for _, d := range ds {
			if d.Type == deletedAndInserted {
				out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffDelete, Text: d.Text}, diffmatchpatch.Diff{Type: diffmatchpatch.DiffInsert, Text: d.Text})
				continue
			}
			out = append(out, d)
		}
		ds = dmp.DiffCleanupMerge(out)
	}
	ds = dmp.DiffCleanupSemanticLossless(ds)

	// Then a deletion and an insertion that overlap by half of either
	// keep the overlap as an equality. As in go-diff, DiffCommonOverlap's
	// bytes are weighed against half the runes: kept so, for the same
	// result (a rune is three bytes here, see tokenCount).
	for i := 1; i < len(ds); i++ {
		if ds[i-1].Type != diffmatchpatch.DiffDelete || ds[i].Type != diffmatchpatch.DiffInsert {
			continue
		}
		del, ins := ds[i-1].Text, ds[i].Text
		half := func(n int) bool {
			return float64(n) >= float64(utf8.RuneCountInString(del))/2 ||
				float64(n) >= float64(utf8.RuneCountInString(ins))/2
		}
		if after, before := dmp.DiffCommonOverlap(del, ins), dmp.DiffCommonOverlap(ins, del); after >= before {
			if half(after) {
				ds = slices.Insert(ds, i, diffmatchpatch.Diff{Type: diffmatchpatch.DiffEqual, Text: ins[:after]})
				ds[i-1].Text = del[:len(del)-after]
				ds[i+1].Text = ins[after:]
				i++
			}
		} else if half(before) {
			ds = slices.Insert(ds, i, diffmatchpatch.Diff{Type: diffmatchpatch.DiffEqual, Text: del[:before]})
			ds[i-1] = diffmatchpatch.Diff{Type: diffmatchpatch.DiffInsert, Text: ins[:len(ins)-before]}
			ds[i+1] = diffmatchpatch.Diff{Type: diffmatchpatch.DiffDelete, Text: del[before:]}
			i++
		}
		i++
	}
	return ds
}

// markSmallEqualities is cleanupSemantic's first pass over edits of n
// runes each: it marks each equality it makes an edit deletedAndInserted,
// and returns how many it marked.
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
