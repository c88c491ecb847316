// Package diff compares two rendered revisions the way a reader reads them.
//
// It works on the rendered HTML, not the Markdown source, so what it shows is
// what a reader sees. Blocks splits a revision into its leaf blocks
// (headings, paragraphs, list items, table cells); Compare groups them into
// sections, matches sections across the revisions by their headings (so a
// renumbered or moved section is recognised), matches blocks inside each
// section, and diffs the words of changed blocks with go-diff. The result is
// rendered as HTML for diff pages and as text for the terminal, from the same
// model, and keeps the output contract's invariant: its text without <del>
// and notes is the newer revision, without <ins> and notes the older.
package diff

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A Block is a run of text inside one block-level element.
type Block struct {
	Tag   string   // the innermost block element around the text: p, h2, li, td …
	Text  string   // the text as a reader sees it, white space collapsed
	ID    string   // the element's id, for headings
	Links []string // the targets of the links in the block, in order

	words bag // set by Prepare
}

func (b Block) heading() int {
	if len(b.Tag) == 2 && b.Tag[0] == 'h' && b.Tag[1] >= '1' && b.Tag[1] <= '6' {
		return int(b.Tag[1] - '0')
	}
	return 0
}

// key identifies a block's content for matching: its kind, text and link
// targets.
func (b Block) key() string {
	return b.Tag + "\x00" + b.Text + "\x00" + strings.Join(b.Links, "\x00")
}

var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Caption: true, atom.Pre: true, atom.Blockquote: true, atom.Div: true, atom.Section: true,
	atom.Hr: true, atom.Figure: true, atom.Figcaption: true, atom.Details: true, atom.Summary: true,
}

// Blocks splits an HTML fragment into blocks of text, in document order. A
// new block starts wherever a block-level element starts or ends; blocks with
// no visible text are left out.
func Blocks(fragment []byte) []Block {
	z := html.NewTokenizer(bytes.NewReader(fragment))
	type open struct{ tag, id string }
	var (
		out   []Block
		stack []open
		text  []byte
		links []string
	)
	flush := func() {
		t := collapse(text)
		text = text[:0]
		if t == "" {
			links = nil
			return
		}
		b := Block{Tag: "p", Text: t, Links: links}
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			b.Tag, b.ID = top.tag, top.id
		}
		out = append(out, b)
		links = nil
	}
	// attrs calls f with each value of the current tag's attribute key.
	attrs := func(key string, f func(string)) {
		for more := true; more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			if string(k) == key {
				f(string(v))
			}
		}
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			flush()
			return out
		case html.TextToken:
			text = append(text, z.Text()...)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Br:
				text = append(text, ' ')
			case a == atom.A && hasAttr:
				attrs("href", func(v string) { links = append(links, v) })
			case blockElements[a]:
				flush()
				if a != atom.Hr {
					o := open{tag: a.String()}
					if hasAttr {
						attrs("id", func(v string) { o.id = v })
					}
					stack = append(stack, o)
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); blockElements[a] {
				flush()
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i].tag == a.String() {
						stack = stack[:i]
						break
					}
				}
			}
		}
	}
}

// collapse trims s and turns every run of white space into one space, as
// strings.Join(strings.Fields(string(s)), " ") would, in one pass.
func collapse(s []byte) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(s[i:])
		}
		i += size
		if r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
