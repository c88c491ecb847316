package diff

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// semanticAsGoDiff fails t when the spans semantic makes of a and b are
// not go-diff's DiffCleanupSemantic of its DiffMainRunes, edit for edit,
// each span a stretch of a or b that holds the edit's text.
func semanticAsGoDiff(t *testing.T, dmp *diffmatchpatch.DiffMatchPatch, d *differ, a, b []rune) {
	t.Helper()
	want := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(a, b, false))
	spans := d.semantic(a, b)
	got := make([]diffmatchpatch.Diff, len(spans))
	oa, ob := 0, 0 // where the script stands in a and b
	for i, s := range spans {
		var text []rune
		switch s.op {
		case diffmatchpatch.DiffEqual:
			if s.a != oa || s.b != ob || !slices.Equal(a[s.a:s.a+s.n], b[s.b:s.b+s.n]) {
				t.Fatalf("semantic(%q, %q): equality %d %+v is not where the script stands (%d, %d), or not equal", string(a), string(b), i, s, oa, ob)
			}
			text, oa, ob = a[s.a:s.a+s.n], oa+s.n, ob+s.n
		case diffmatchpatch.DiffDelete:
			if s.a != oa {
				t.Fatalf("semantic(%q, %q): deletion %d %+v is not at %d", string(a), string(b), i, s, oa)
			}
			text, oa = a[s.a:s.a+s.n], oa+s.n
		case diffmatchpatch.DiffInsert:
			if s.b != ob {
				t.Fatalf("semantic(%q, %q): insertion %d %+v is not at %d", string(a), string(b), i, s, ob)
			}
			text, ob = b[s.b:s.b+s.n], ob+s.n
		}
		got[i] = diffmatchpatch.Diff{Type: s.op, Text: string(text)}
	}
	if oa != len(a) || ob != len(b) {
		t.Fatalf("semantic(%q, %q): the script ends at (%d, %d)", string(a), string(b), oa, ob)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("semantic(%q, %q)\n got %q\nwant %q", string(a), string(b), got, want)
	}
}

// TestSemanticAsGoDiff holds the word diff's clean-up on spans to go-diff's
// on strings, for texts of tokens (runes of three bytes, and of four, as a
// diff of more than 61,000 distinct tokens has) of few kinds, so that they
// share much and the clean-up has equalities to drop, edits to move and
// overlaps to find: short and long, alike and far apart, through one
// differ, as a comparer diffs.
func TestSemanticAsGoDiff(t *testing.T) {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	rng := rand.New(rand.NewPCG(5, 8))
	alphabets := [][]rune{
		{0x800, 0x801},
		{0x800, 0x801, 0x802},
		{0x800, 0x801, 0x802, 0x803, 0x804, 0x805, 0x806},
		{0xFFFD, 0xFFFF, 0xE000, 0x800},
		{0x10000, 0x10001, 0x10FFFF},
		{0x800, 0x10000, 0x801, 0x10001},
	}
	text := func(letters []rune, most int) []rune { return randomRunes(rng, letters, most) }
	edited := func(s, letters []rune) []rune {
		out := slices.Clone(s)
		for range rng.IntN(8) {
			i := rng.IntN(len(out) + 1)
			switch rng.IntN(4) {
			case 0:
				if i < len(out) {
					out = slices.Delete(out, i, min(len(out), i+1+rng.IntN(4)))
				}
			case 1:
				out = slices.Insert(out, i, text(letters, 5)...)
			case 2: // a stretch repeated, which edits can slide along
				if i < len(out) {
					out = slices.Insert(out, i, out[i:min(len(out), i+1+rng.IntN(4))]...)
				}
			default:
				if i < len(out) {
					out[i] = letters[rng.IntN(len(letters))]
				}
			}
		}
		return out
	}
	// The comparer's differ diffs blocks (diff) between its word diffs
	// (semantic), each in the rooms the other left: both are checked.
	var d differ
	check := func(a, b []rune) {
		semanticAsGoDiff(t, dmp, &d, a, b)
		if got, want := d.diff(a, b), dmp.DiffMainRunes(a, b, false); !slices.Equal(got, want) {
			t.Fatalf("diff(%q, %q) after semantic\n got %q\nwant %q", string(a), string(b), got, want)
		}
	}
	for range 30000 {
		letters := alphabets[rng.IntN(len(alphabets))]
		a := text(letters, 30)
		check(a, text(letters, 30))
		check(a, edited(a, letters))
	}
	for range 1500 {
		letters := alphabets[rng.IntN(len(alphabets))]
		a := text(letters, 400)
		check(a, text(letters, 400))
		check(a, edited(a, letters))
	}
	// The last: an overlap each way, of a token of three bytes and of
	// four; go-diff keeps the one of more bytes.
	for _, c := range [][2][]rune{{nil, nil}, {{0x800}, nil}, {nil, {0x800}}, {{0x800, 0x801}, {0x801, 0x800}}, {{0x10000, 0x800}, {0x800, 0x10000}}} {
		semanticAsGoDiff(t, dmp, &d, c[0], c[1])
	}
}
