package diff

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// TestCleanupSemanticAsGoDiff holds cleanupSemantic to the result of
// go-diff's DiffCleanupSemantic, on diffs of random texts (as the word
// diff makes them) and on random lists of edits (as no diff makes them,
// but the clean-up takes).
func TestCleanupSemanticAsGoDiff(t *testing.T) {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	rng := rand.New(rand.NewPCG(1, 13))
	// Few letters, so that texts share much and edits sit close; runes of
	// three bytes, as tokens are.
	alphabets := [][]rune{[]rune("ab "), []rune("abcde "), {0x800, 0x801, 0x802, 0x803}}
	text := func(letters []rune, most int) []rune {
		out := make([]rune, rng.IntN(most+1))
		for i := range out {
			out[i] = letters[rng.IntN(len(letters))]
		}
		return out
	}
	check := func(t *testing.T, ds []diffmatchpatch.Diff) {
		t.Helper()
		want := dmp.DiffCleanupSemantic(slices.Clone(ds))
		if got := cleanupSemantic(dmp, slices.Clone(ds)); !slices.Equal(got, want) {
			t.Fatalf("cleanupSemantic(%q)\n got %q\nwant %q", ds, got, want)
		}
	}
	for range 20000 {
		letters := alphabets[rng.IntN(len(alphabets))]
		check(t, dmp.DiffMainRunes(text(letters, 40), text(letters, 40), false))
	}
	// Long texts far apart, as a paragraph compared with a version of it
	// many revisions older: many equalities made edits, each looked back
	// from.
	for range 1000 {
		letters := alphabets[rng.IntN(len(alphabets))]
		check(t, dmp.DiffMainRunes(text(letters, 400), text(letters, 400), false))
	}
	types := []diffmatchpatch.Operation{diffmatchpatch.DiffEqual, diffmatchpatch.DiffInsert, diffmatchpatch.DiffDelete}
	for range 20000 {
		letters := alphabets[rng.IntN(len(alphabets))]
		ds := make([]diffmatchpatch.Diff, rng.IntN(12))
		for i := range ds {
			ds[i] = diffmatchpatch.Diff{Type: types[rng.IntN(len(types))], Text: string(append(text(letters, 7), letters[0]))}
		}
		check(t, ds)
	}
}
