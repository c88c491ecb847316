package diff

import (
	"slices"
	"testing"
)

// identical pairs each new section with the first old one left of the same
// words under the same headings, all the way up.
func TestIdentical(t *testing.T) {
	kunder, søkere := &section{key: "kunder"}, &section{key: "søkere"}
	under := func(parent *section, key string) *section { return &section{key: key, parent: parent} }
	sec := func(parent *section, words ...uint64) *section { return &section{words: words, parent: parent} }
	for _, c := range []struct {
		name     string
		old, new []*section
		want     []int // for each new section, the old one it is paired with, or -1
	}{
		{"the same place", []*section{sec(kunder, 1, 2), sec(søkere, 1, 2)}, []*section{sec(søkere, 1, 2)}, []int{1}},
		{"crosswise", []*section{sec(kunder, 1, 2), sec(søkere, 1, 2)}, []*section{sec(søkere, 1, 2), sec(kunder, 1, 2)}, []int{1, 0}},
		{"no place and a place", []*section{sec(kunder, 1, 2), sec(nil, 1, 2)}, []*section{sec(nil, 1, 2)}, []int{1}},
		{"further up", []*section{sec(under(kunder, "lagring"), 1), sec(under(søkere, "lagring"), 1)}, []*section{sec(under(søkere, "lagring"), 1)}, []int{1}},
		{"in order", []*section{sec(nil, 1), sec(nil, 1), sec(nil, 1)}, []*section{sec(nil, 1), sec(nil, 1)}, []int{0, 1}},
		{"other words", []*section{sec(nil, 1, 2)}, []*section{sec(nil, 1, 3), sec(nil, 1)}, []int{-1, -1}},
		{"no words", []*section{sec(nil)}, []*section{sec(nil)}, []int{-1}},
		{"taken once", []*section{sec(nil, 5)}, []*section{sec(nil, 5), sec(nil, 5)}, []int{0, -1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			os, ns := make([]int, len(c.old)), make([]int, len(c.new))
			for i := range os {
				os[i] = i
			}
			for i := range ns {
				ns[i] = i
			}
			// With every class's hash the same, too: the sections are
			// then told apart by sameClass alone.
			for _, hash := range []func(*section) uint64{classHash, func(*section) uint64 { return 0 }} {
				match, used := slices.Repeat([]int{-1}, len(c.new)), make([]bool, len(c.old))
				identicalBy(hash, c.old, c.new, os, ns, match, used)
				if !slices.Equal(match, c.want) {
					t.Errorf("paired %v, want %v", match, c.want)
				}
				for _, o := range match {
					if o >= 0 && !used[o] {
						t.Errorf("old section %d paired but not marked used", o)
					}
				}
			}
		})
	}
}

// sameClass tells apart the sections whose classes' hashes meet, which
// identical's cases cannot reach: it alone must tell every class apart.
func TestSameClass(t *testing.T) {
	kunder, søkere := &section{key: "kunder"}, &section{key: "søkere"}
	lagring := func(parent *section) *section { return &section{key: "lagring", parent: parent} }
	sec := func(parent *section, words ...uint64) *section { return &section{words: words, parent: parent} }
	for _, c := range []struct {
		name string
		a, b *section
		want bool
	}{
		{"the same", sec(kunder, 1, 2), sec(&section{key: "kunder"}, 1, 2), true},
		{"at the top", sec(nil, 1), sec(nil, 1), true},
		{"other words", sec(nil, 1, 2), sec(nil, 2, 1), false},
		{"fewer words", sec(nil, 1, 2), sec(nil, 1), false},
		{"another place", sec(kunder, 1), sec(søkere, 1), false},
		{"a place and none", sec(kunder, 1), sec(nil, 1), false},
		{"none and a place", sec(nil, 1), sec(kunder, 1), false},
		{"further up", sec(lagring(kunder), 1), sec(lagring(søkere), 1), false},
		{"deeper", sec(lagring(kunder), 1), sec(lagring(nil), 1), false},
	} {
		if got := sameClass(c.a, c.b); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
