package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokens splits text into words (runs of letters, digits and marks), runs of
// white space, and single other characters (punctuation, symbols): the units
// a word diff adds and removes.
func Tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case isWord(r):
			j = scan(s, j, isWord)
		case unicode.IsSpace(r):
			j = scan(s, j, unicode.IsSpace)
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func scan(s string, j int, in func(rune) bool) int {
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !in(r) {
			break
		}
		j += size
	}
	return j
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// countWords counts the words in a piece of text.
func countWords(s string) int {
	n := 0
	for _, t := range Tokens(s) {
		if r, _ := utf8.DecodeRuneInString(t); isWord(r) {
			n++
		}
	}
	return n
}

// tokenMap gives each distinct token a rune of its own, so that go-diff's
// character diff becomes a diff of tokens: words, or whole blocks.
type tokenMap struct {
	ids    map[string]rune
	tokens []string
}

// surrogates are not valid in Go strings, which go-diff works on.
const surrogateLo, surrogateHi = 0xD800, 0xDFFF

const firstID = 0x100

func (tm *tokenMap) id(tok string) rune {
	if tm.ids == nil {
		tm.ids = map[string]rune{}
	}
	if r, ok := tm.ids[tok]; ok {
		return r
	}
	// Start above the ASCII controls and white space, which go-diff's
	// clean-up treats specially.
	r := rune(len(tm.tokens) + firstID)
	if r >= surrogateLo {
		r += surrogateHi - surrogateLo + 1
	}
	tm.ids[tok] = r
	tm.tokens = append(tm.tokens, tok)
	return r
}

func (tm *tokenMap) token(r rune) string {
	i := int(r) - firstID
	if r > surrogateHi {
		i -= surrogateHi - surrogateLo + 1
	}
	return tm.tokens[i]
}

func (tm *tokenMap) words(s string) []rune {
	toks := Tokens(s)
	out := make([]rune, len(toks))
	for i, t := range toks {
		out[i] = tm.id(t)
	}
	return out
}

// similarity is the share of words two texts have in common (the Dice
// coefficient over word multisets), from 0 to 1.
func similarity(a, b []string) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	counts := make(map[string]int, len(a))
	for _, w := range a {
		counts[w]++
	}
	common := 0
	for _, w := range b {
		if counts[w] > 0 {
			counts[w]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// wordsOf returns the words of s, lower-cased, without white space and
// punctuation: what similarity compares.
func wordsOf(s string) []string {
	var out []string
	for _, t := range Tokens(s) {
		if r, _ := utf8.DecodeRuneInString(t); isWord(r) {
			out = append(out, strings.ToLower(t))
		}
	}
	return out
}
