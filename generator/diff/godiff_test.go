package diff

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffRunesAsGoDiff fails t when diffRunes does not give go-diff's diff of
// a and b, edit for edit; nor a differ that made every diff before (as a
// comparer keeps one), in the room the last left.
func diffRunesAsGoDiff(t *testing.T, dmp *diffmatchpatch.DiffMatchPatch, a, b []rune) {
	t.Helper()
	want := dmp.DiffMainRunes(a, b, false)
	if got := diffRunes(a, b); !slices.Equal(got, want) {
		t.Fatalf("diffRunes(%q, %q)\n got %q\nwant %q", string(a), string(b), got, want)
	}
	if got := reused.diff(a, b); !slices.Equal(got, want) {
		t.Fatalf("a differ used before: diff(%q, %q)\n got %q\nwant %q", string(a), string(b), got, want)
	}
}

// reused is the differ of every diffRunesAsGoDiff.
var reused differ

func newDMP() *diffmatchpatch.DiffMatchPatch {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // as the comparer has it
	return dmp
}

// TestDiffRunesAsGoDiff holds diffRunes to go-diff's DiffMainRunes on
// random texts of few letters (so that they share much, and the clean-up
// has edits to merge and shift), short and long, alike and far apart, and
// on every pair of versions of the corpus's paragraphs' tokens.
func TestDiffRunesAsGoDiff(t *testing.T) {
	dmp := newDMP()
	rng := rand.New(rand.NewPCG(7, 21))
	alphabets := [][]rune{[]rune("ab"), []rune("abc "), []rune("abcdefgh "), {0x800, 0x801, 0x802, 0x803, 0x804}}
	text := func(letters []rune, most int) []rune { return randomRunes(rng, letters, most) }
	// edited is s with a few runes deleted, inserted or changed, as
	// revisions edit.
	edited := func(s, letters []rune) []rune {
		out := slices.Clone(s)
		for range rng.IntN(6) {
			i := rng.IntN(len(out) + 1)
			switch rng.IntN(3) {
			case 0:
				if i < len(out) {
					out = slices.Delete(out, i, i+1)
				}
			case 1:
				out = slices.Insert(out, i, letters[rng.IntN(len(letters))])
			default:
				if i < len(out) {
					out[i] = letters[rng.IntN(len(letters))]
				}
			}
		}
		return out
	}
	for range 30000 {
		letters := alphabets[rng.IntN(len(alphabets))]
		a := text(letters, 30)
		diffRunesAsGoDiff(t, dmp, a, text(letters, 30))
		diffRunesAsGoDiff(t, dmp, a, edited(a, letters))
	}
	for range 1000 {
		letters := alphabets[rng.IntN(len(alphabets))]
		a := text(letters, 400)
		diffRunesAsGoDiff(t, dmp, a, text(letters, 400))
		diffRunesAsGoDiff(t, dmp, a, edited(a, letters))
	}
	for _, c := range [][2]string{{"", ""}, {"a", ""}, {"", "a"}, {"abc", "abc"}, {"abc", "xabcx"}, {"xabcx", "abc"}, {"ab", "ba"}, {"a", "b"}} {
		diffRunesAsGoDiff(t, dmp, []rune(c[0]), []rune(c[1]))
	}
}

// randomRunes is a text of at most most runes drawn from letters.
func randomRunes(rng *rand.Rand, letters []rune, most int) []rune {
	out := make([]rune, rng.IntN(most+1))
	for i := range out {
		out[i] = letters[rng.IntN(len(letters))]
	}
	return out
}

// FuzzDiffRunes holds diffRunes to go-diff on any two texts.
func FuzzDiffRunes(f *testing.F) {
	f.Add("the cat sat", "the hat sat on")
	f.Add("abab", "baba")
	f.Add("", "x")
	dmp := newDMP()
	f.Fuzz(func(t *testing.T, a, b string) {
		ra, rb := []rune(a), []rune(b)
		if len(ra)*len(rb) > 1<<16 {
			return
		}
		// As Go strings hold them: go-diff's texts are strings.
		ra, rb = []rune(string(ra)), []rune(string(rb))
		diffRunesAsGoDiff(t, dmp, ra, rb)
	})
}
