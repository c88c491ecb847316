package diff

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// tokens splits text into words (runs of letters, digits and marks), runs of
// white space, and single other characters (punctuation, symbols): the units
// a word diff adds and removes.
func tokens(s string) []string {
	var out []string
	eachToken(s, func(t string) { out = append(out, t) })
	return out
}

// eachToken calls f with each token of s, in order, without allocating.
func eachToken(s string, f func(string)) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case isWord(r):
			j = scan(s, j, isWord)
		case unicode.IsSpace(r):
			j = scan(s, j, unicode.IsSpace)
		}
		f(s[i:j])
		i = j
	}
}

func scan(s string, j int, in func(rune) bool) int {
	for j < len(s) {
		if c := s[j]; c < utf8.RuneSelf { // ASCII, most of a Norwegian text
			if !in(rune(c)) {
				break
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if !in(r) {
			break
		}
		j += size
	}
	return j
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isWordToken(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return isWord(r)
}

// A numbering gives each distinct key (a token, a block, a cell) a rune of
// its own, in the order they are met, so that go-diff's character diff
// becomes a diff of tokens, blocks or cells.
type numbering[K comparable] map[K]rune

func (m numbering[K]) id(k K) rune {
	r, ok := m[k]
	if !ok {
		r = tokenRune(len(m))
		m[k] = r
	}
	return r
}

// surrogates are not valid in Go strings, which go-diff works on.
const surrogateLo, surrogateHi = 0xD800, 0xDFFF

// firstID is the first token's rune: the first of those UTF-8 writes in
// three bytes, so that the tokens in a diff of go-diff's are counted by
// their length (tokenCount).
const firstID = 0x800

// tokenRune is the rune of the n-th distinct token: above the ASCII
// controls and white space, which go-diff's clean-up treats specially, and
// apart from the surrogates, which Go strings cannot hold.
func tokenRune(n int) rune {
	r := rune(n + firstID)
	if r >= surrogateLo {
		r += surrogateHi - surrogateLo + 1
	}
	return r
}

// split is a text as tokens: their numbers, where each starts, and how
// many words come before each.
type split struct {
	s      string
	ids    []rune
	starts []int32 // len(ids)+1 of them: the last is len(s)
	before []int32 // len(ids)+1 of them
}

// splitTokens splits s into tokens numbered by ids, in the room of into.
func splitTokens(ids numbering[string], s string, into split) split {
	out := split{s: s, ids: into.ids[:0], starts: into.starts[:0], before: into.before[:0]}
	var at, words int32
	eachToken(s, func(t string) {
		out.ids = append(out.ids, ids.id(t))
		out.starts = append(out.starts, at)
		out.before = append(out.before, words)
		at += int32(len(t))
		if isWordToken(t) {
			words++
		}
	})
	out.starts = append(out.starts, at)
	out.before = append(out.before, words)
	return out
}

// text is the n tokens from token i on, as they stand in the text.
func (sp split) text(i, n int) string { return sp.s[sp.starts[i]:sp.starts[i+n]] }

// words counts the words among the n tokens from token i on.
func (sp split) words(i, n int) int32 { return sp.before[i+n] - sp.before[i] }

// A bag is the words of a text as sorted hashes, lower-cased, without white
// space and punctuation: what similarity compares. Hashing once per
// revision makes comparing two bags a merge without allocation.
type bag []uint64

func bagOf(s string) bag {
	out := bag(appendWords(nil, s))
	slices.Sort(out)
	return out
}

// appendWords appends the words of s to dst in order, hashed as a bag's.
func appendWords(dst []uint64, s string) []uint64 {
	eachToken(s, func(t string) {
		if isWordToken(t) {
			dst = append(dst, hashWord(t))
		}
	})
	return dst
}

// FNV-1a's 64-bit offset basis and prime, for hashWord and classHash.
const fnvOffset, fnvPrime = 14695981039346656037, 1099511628211

// hashWord is FNV-1a over the lower-cased word.
func hashWord(w string) uint64 {
	h := uint64(fnvOffset)
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(w); {
		if c := w[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h = (h ^ uint64(c)) * fnvPrime
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		n := utf8.EncodeRune(buf[:], unicode.ToLower(r))
		for _, c := range buf[:n] {
			h = (h ^ uint64(c)) * fnvPrime
		}
		i += size
	}
	return h
}

// mayReach reports whether two texts of a and b words can have a
// similarity of at least least: at most all of the shorter one is shared.
func mayReach(a, b int, least float64) bool {
	if a+b == 0 {
		return true
	}
	return 2*float64(min(a, b))/float64(a+b) >= least
}

// similarity is the share of words two texts have in common (the Dice
// coefficient over word multisets), from 0 to 1.
func similarity(a, b bag) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	return 2 * float64(common(a, b)) / float64(len(a)+len(b))
}

// common is the number of words two texts share, counted as often as
// both have them.
func common(a, b bag) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// mergeBags is the words of two texts.
func mergeBags(a, b bag) bag {
	out := make(bag, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] <= b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// union is the words of several texts.
func union(bags ...bag) bag {
	out := slices.Concat(bags...)
	slices.Sort(out)
	return out
}

// A sketch is the set of a text's words, each as one of 1,024 bits: a
// word whose bit is not set is not in the text.
type sketch [16]uint64

func sketchOf(words bag) *sketch {
	var s sketch
	for _, w := range words {
		s[w>>6&15] |= 1 << (w & 63)
	}
	return &s
}

// hits counts the words whose bits are set in s: at least as many as s's
// text has in common with them.
func (s *sketch) hits(words bag) int {
	n := 0
	for _, w := range words {
		if s[w>>6&15]&(1<<(w&63)) != 0 {
			n++
		}
	}
	return n
}

// tokenCount is the number of tokens in a text of go-diff's: three bytes
// each, but in a text of more than 61,000 distinct tokens.
func tokenCount(s string) int {
	for i := 0; i < len(s); i += 3 {
		if s[i] >= 0xF0 { // a rune of four bytes: count them all
			return utf8.RuneCountInString(s)
		}
	}
	return len(s) / 3
}
