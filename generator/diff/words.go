package diff

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Stats counts the words a diff adds and removes.
type Stats struct {
	Inserted int // words only in the newer revision
	Deleted  int // words only in the older revision
}

// Changed reports whether the two revisions differ in their words.
func (s Stats) Changed() bool { return s.Inserted+s.Deleted > 0 }

// Result is a rendered diff.
type Result struct {
	HTML  template.HTML // block elements with <ins> and <del>, for data-diff-body
	Stats Stats
}

// boundary marks the start of a block in the token stream; the tag follows.
const boundary = "\x00"

// Compare diffs the words of two revisions' blocks.
//
// Blocks are matched first, each whole block as one unit, so that the word
// diff, whose cost grows with the product of the lengths it compares, only
// runs over the stretches of blocks that changed.
func Compare(older, newer []Block) Result {
	var bm tokenMap
	a := make([]rune, len(older))
	for i, b := range older {
		a[i] = bm.id(b.Tag + boundary + b.Text)
	}
	bb := make([]rune, len(newer))
	for i, b := range newer {
		bb[i] = bm.id(b.Tag + boundary + b.Text)
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // never trade correctness for time
	blockDiffs := dmp.DiffMainRunes(a, bb, false)

	var tm tokenMap
	var all []diffmatchpatch.Diff
	var delRun, insRun []Block
	oi, ni := 0, 0
	flush := func() {
		if len(delRun)+len(insRun) == 0 {
			return
		}
		words := dmp.DiffMainRunes(tm.runes(delRun), tm.runes(insRun), false)
		all = append(all, dmp.DiffCleanupSemantic(words)...)
		delRun, insRun = nil, nil
	}
	for _, d := range blockDiffs {
		n := len([]rune(d.Text))
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			all = append(all, diffmatchpatch.Diff{Type: diffmatchpatch.DiffEqual, Text: string(tm.runes(older[oi : oi+n]))})
			oi += n
			ni += n
		case diffmatchpatch.DiffDelete:
			delRun = append(delRun, older[oi:oi+n]...)
			oi += n
		case diffmatchpatch.DiffInsert:
			insRun = append(insRun, newer[ni:ni+n]...)
			ni += n
		}
	}
	flush()
	return tm.render(all)
}

// tokenMap gives each distinct token (a word, a punctuation mark, a run of
// white space, a block boundary) a rune of its own, so that go-diff's
// character diff becomes a word diff.
type tokenMap struct {
	ids    map[string]rune
	tokens []string // indexed by rune - 1, skipping the surrogate range
}

func (tm *tokenMap) id(tok string) rune {
	if tm.ids == nil {
		tm.ids = map[string]rune{}
	}
	if r, ok := tm.ids[tok]; ok {
		return r
	}
	r := rune(len(tm.tokens) + 1)
	if r >= 0xD800 {
		r += 0x800 // utf8.ValidRune is false on surrogates; go-diff works on strings
	}
	tm.ids[tok] = r
	tm.tokens = append(tm.tokens, tok)
	return r
}

func (tm *tokenMap) token(r rune) string {
	i := int(r) - 1
	if r >= 0xE000 {
		i -= 0x800
	}
	return tm.tokens[i]
}

func (tm *tokenMap) runes(blocks []Block) []rune {
	var out []rune
	for _, b := range blocks {
		out = append(out, tm.id(boundary+b.Tag))
		for _, t := range Tokens(b.Text) {
			out = append(out, tm.id(t))
		}
	}
	return out
}

// Tokens splits text into words (runs of letters, digits and marks), runs of
// white space, and single other characters (punctuation, symbols).
func Tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case isWord(r):
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !isWord(r) {
					break
				}
				j += size
			}
		case unicode.IsSpace(r):
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r) {
					break
				}
				j += size
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isWordToken(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return isWord(r)
}

// render writes the diff as block elements. Every boundary opens a new block;
// runs of inserted or deleted tokens inside a block become <ins> or <del>.
func (tm *tokenMap) render(diffs []diffmatchpatch.Diff) Result {
	var (
		b     strings.Builder
		st    Stats
		block string // the element open now, "" if none
		level = 1    // of the latest heading, so that none is skipped
		run   diffmatchpatch.Operation
		inRun bool
	)
	closeRun := func() {
		if inRun {
			if run == diffmatchpatch.DiffInsert {
				b.WriteString("</ins>")
			} else {
				b.WriteString("</del>")
			}
			inRun = false
		}
	}
	closeBlock := func() {
		closeRun()
		if block != "" {
			b.WriteString("</" + block + ">\n")
			block = ""
		}
	}
	for _, d := range diffs {
		for _, r := range d.Text {
			tok := tm.token(r)
			if strings.HasPrefix(tok, boundary) {
				closeBlock()
				block = openBlock(&b, tok[len(boundary):], d.Type, &level)
				continue
			}
			if d.Type != diffmatchpatch.DiffEqual {
				if isWordToken(tok) {
					if d.Type == diffmatchpatch.DiffInsert {
						st.Inserted++
					} else {
						st.Deleted++
					}
				}
			}
			if !inRun || run != d.Type {
				closeRun()
				switch d.Type {
				case diffmatchpatch.DiffInsert:
					b.WriteString("<ins>")
					inRun, run = true, d.Type
				case diffmatchpatch.DiffDelete:
					b.WriteString("<del>")
					inRun, run = true, d.Type
				}
			}
			b.WriteString(template.HTMLEscapeString(tok))
		}
	}
	closeBlock()
	return Result{HTML: template.HTML(b.String()), Stats: st}
}

// openBlock writes the start tag that shows a block of kind tag, and returns
// the element's name. Headings stay headings (below the page's h1) so that a
// screen reader can jump between sections; other blocks become paragraphs
// classed by what they were.
func openBlock(b *strings.Builder, tag string, op diffmatchpatch.Operation, level *int) string {
	el, class := "p", "d-"+tag
	switch tag {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		*level = min(max(int(tag[1]-'0'), 2), *level+1)
		el, class = "h"+string(rune('0'+*level)), ""
	case "pre":
		el, class = "pre", ""
	}
	switch op {
	case diffmatchpatch.DiffInsert:
		class = strings.TrimSpace(class + " d-added")
	case diffmatchpatch.DiffDelete:
		class = strings.TrimSpace(class + " d-removed")
	}
	b.WriteString("<" + el)
	if class != "" {
		b.WriteString(` class="` + class + `"`)
	}
	b.WriteString(">")
	return el
}
