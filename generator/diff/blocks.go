// Package diff compares two rendered revisions word by word.
//
// It works on the rendered HTML, not the Markdown source, so what it shows is
// what a reader sees: Blocks splits a fragment into its leaf blocks
// (headings, paragraphs, list items, table cells), Compare diffs their words
// with go-diff and renders <ins>/<del> markup that keeps the output contract's
// invariant: the diff's text without <del> is the newer text, without <ins>
// the older.
package diff

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A Block is a run of text inside one block-level element.
type Block struct {
	Tag  string // the innermost block element around the text: p, h2, li, td …
	Text string // the text as a reader sees it, whitespace collapsed
}

var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Caption: true, atom.Pre: true, atom.Blockquote: true, atom.Div: true, atom.Section: true,
	atom.Hr: true, atom.Br: false, atom.Figure: true, atom.Figcaption: true, atom.Details: true, atom.Summary: true,
}

// Blocks splits an HTML fragment into blocks of text, in document order. A
// new block starts wherever a block-level element starts or ends; blocks with
// no visible text are left out.
func Blocks(fragment []byte) []Block {
	z := html.NewTokenizer(bytes.NewReader(fragment))
	var (
		out   []Block
		stack []string // open block elements
		text  strings.Builder
	)
	flush := func() {
		t := collapse(text.String())
		text.Reset()
		if t == "" {
			return
		}
		tag := "p"
		if len(stack) > 0 {
			tag = stack[len(stack)-1]
		}
		out = append(out, Block{Tag: tag, Text: t})
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			flush()
			return out
		case html.TextToken:
			text.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Br {
				text.WriteByte(' ')
			}
			if blockElements[a] {
				flush()
				if a != atom.Hr {
					stack = append(stack, a.String())
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); blockElements[a] {
				flush()
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i] == a.String() {
						stack = stack[:i]
						break
					}
				}
			}
		}
	}
}

// collapse trims s and turns every run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
