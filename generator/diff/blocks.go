// Package diff compares two rendered revisions the way a reader reads them.
//
// It works on the rendered HTML, not the Markdown source, so what it shows is
// what a reader sees. Blocks splits a revision into its leaf blocks
// (headings, paragraphs, list items, table rows), keeping what a reader sees
// of their structure: list depth, table cells, links and footnotes. Compare
// groups them into sections, pairs sections across the revisions by their
// headings, the headings above them and their text (so a renumbered or moved
// section is recognised, and two sections of the same name are told apart),
// and then diffs the blocks of each stretch between sections that kept their
// place as one sequence, so that a paragraph stays paired with itself when a
// heading is put above it or a section is split or merged. Changed blocks
// are diffed word by word with go-diff, tables row by row and links as
// (text, target) pairs. The result is rendered as HTML for diff pages and as
// text for the terminal, from the same model, and keeps the output
// contract's invariant: its text without <del> and notes is the newer
// revision, without <ins> and notes the older.
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
	Tag   string // the element a reader sees: p, h2, li (a list item's first block), tr, pre …
	Text  string // the text as a reader sees it, white space collapsed
	ID    string // a heading's id
	Links []Link // the links in the block, in order
	Cells []Cell // a table row's cells (Tag "tr"), empty ones included
	// List is the innermost list around the block ("ul", "ol" or
	// "lettered"), Depth the number of lists around it, and Item is set
	// on the first block of a list item, the one its bullet stands before.
	List  string
	Depth int
	Item  bool
	// Footnote is the id of the footnote the block belongs to ("fn:2"),
	// and Cites the footnotes it refers to, in order.
	Footnote string
	Cites    []string

	// Set by Prepare: the words, and the block's number in the Memo that
	// prepared it, or 0.
	words bag
	id    uint32
}

// A Link is a link's text and target.
type Link struct{ Text, Href string }

// A Cell is one cell of a table row.
type Cell struct {
	Header bool // a th
	// counted is set where Blocks counted the words of Text (words),
	// once for all the diffs that show the cell.
	counted bool
	words   int32
	Text    string
	Links   []Link
}

func (b *Block) heading() int {
	if len(b.Tag) == 2 && b.Tag[0] == 'h' && b.Tag[1] >= '1' && b.Tag[1] <= '6' {
		return int(b.Tag[1] - '0')
	}
	return 0
}

func (b *Block) row() bool { return b.Tag == "tr" }

// A blockKey is everything about a block that a reader sees or a
// comparison looks at, but a heading's id: two blocks with equal keys are
// the same block.
type blockKey struct {
	tag, text, list, footnote string
	depth                     int
	item                      bool
	links, cells, cites       string // each joined, "" for none
}

func (b *Block) key() blockKey {
	k := blockKey{tag: b.Tag, text: b.Text, list: b.List, footnote: b.Footnote, depth: b.Depth, item: b.Item}
	if len(b.Links) > 0 {
		var j strings.Builder
		for _, l := range b.Links {
			j.WriteString(l.Text)
			j.WriteByte(0)
			j.WriteString(l.Href)
			j.WriteByte(1)
		}
		k.links = j.String()
	}
	if len(b.Cells) > 0 {
		var j strings.Builder
		for _, c := range b.Cells {
			if c.Header {
				j.WriteByte('h')
			}
			j.WriteString(c.Text)
			j.WriteByte(1)
		}
		k.cells = j.String()
	}
	if len(b.Cites) > 0 {
		k.cites = strings.Join(b.Cites, "\x00")
	}
	return k
}

var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Caption: true, atom.Pre: true, atom.Blockquote: true, atom.Div: true, atom.Section: true,
	atom.Hr: true, atom.Figure: true, atom.Figcaption: true, atom.Details: true, atom.Summary: true,
}

// Blocks splits an HTML fragment into blocks of text, in document order. A
// new block starts wherever a block-level element starts or ends, but a
// table row is one block of cells; blocks with no visible text are left out.
// Footnote references and back-links are not counted as links: their
// targets follow the footnotes' numbers, which the text shows.
func Blocks(fragment []byte) []Block {
	p := blockParser{z: html.NewTokenizer(bytes.NewReader(fragment)), linkAt: -1}
	return p.parse()
}

type openBlock struct {
	a       atom.Atom
	id      string
	list    string // for ul and ol: "ul", "ol" or "lettered"
	started bool   // for li: its first block is out
}

type blockParser struct {
	z     *html.Tokenizer
	out   []Block
	stack []openBlock
	text  []byte
	links []Link
	cites []string
	// linkAt is where the text of the open link starts in text, or -1;
	// href is its target.
	linkAt int
	href   string
	row    *Block
	cell   *Cell
	// footnotes is the depth of the stack at the footnotes' <div>, or 0;
	// footnote the id of the footnote being read.
	footnotes int
	footnote  string
}

func (p *blockParser) parse() []Block {
	for {
		switch p.z.Next() {
		case html.ErrorToken:
			p.flush()
			return p.out
		case html.TextToken:
			p.text = append(p.text, p.z.Text()...)
		case html.StartTagToken, html.SelfClosingTagToken:
			p.start()
		case html.EndTagToken:
			name, _ := p.z.TagName()
			if a := atom.Lookup(name); a == atom.A {
				p.closeLink()
			} else if blockElements[a] {
				p.end(a)
			}
		}
	}
}

// attrs returns the current tag's id, href and class.
func (p *blockParser) attrs() (id, href, class string) {
	for more := true; more; {
		var k, v []byte
		k, v, more = p.z.TagAttr()
		switch string(k) {
		case "id":
			id = string(v)
		case "href":
			href = string(v)
		case "class":
			class = string(v)
		}
	}
	return id, href, class
}

func (p *blockParser) start() {
	name, hasAttr := p.z.TagName()
	a := atom.Lookup(name)
	var id, href, class string
	if hasAttr {
		id, href, class = p.attrs()
	}
	switch {
	case a == atom.Br:
		p.text = append(p.text, ' ')
	case a == atom.A && href != "":
		p.closeLink()
		switch class {
		case "footnote-ref":
			p.cites = append(p.cites, strings.TrimPrefix(href, "#"))
		case "footnote-backref":
		default:
			p.linkAt, p.href = len(p.text), href
		}
	case blockElements[a]:
		p.flush()
		if a == atom.Hr {
			return
		}
		o := openBlock{a: a, id: id}
		switch a {
		case atom.Ul, atom.Ol:
			o.list = a.String()
			if class == "lettered" {
				o.list = class
			}
		case atom.Div:
			if class == "footnotes" && p.footnotes == 0 {
				p.footnotes = len(p.stack) + 1
			}
		case atom.Li:
			if p.footnotes > 0 && len(p.stack) == p.footnotes+1 {
				p.footnote = id
			}
		case atom.Tr:
			p.row = &Block{Tag: "tr"}
		case atom.Td, atom.Th:
			p.cell = &Cell{Header: a == atom.Th}
		}
		p.stack = append(p.stack, o)
	}
}

func (p *blockParser) end(a atom.Atom) {
	p.flush()
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].a == a {
			p.stack = p.stack[:i]
			break
		}
	}
	switch a {
	case atom.Td, atom.Th:
		if p.row != nil && p.cell != nil {
			p.cell.words, p.cell.counted = int32(countWords(p.cell.Text)), true
			p.row.Cells = append(p.row.Cells, *p.cell)
		}
		p.cell = nil
	case atom.Tr:
		if r := p.row; r != nil {
			var texts []string
			for _, c := range r.Cells {
				if c.Text != "" {
					texts = append(texts, c.Text)
				}
				r.Links = append(r.Links, c.Links...)
			}
			if len(texts) > 0 {
				r.Text = strings.Join(texts, " ")
				p.place(r)
				p.out = append(p.out, *r)
			}
		}
		p.row = nil
	case atom.Li:
		if p.footnotes > 0 && len(p.stack) <= p.footnotes+1 {
			p.footnote = ""
		}
	case atom.Div:
		if len(p.stack) < p.footnotes {
			p.footnotes = 0
		}
	}
}

// closeLink ends the open link, if any, at the end of the text so far.
func (p *blockParser) closeLink() {
	if p.linkAt < 0 {
		return
	}
	p.links = append(p.links, Link{Text: collapse(p.text[p.linkAt:]), Href: p.href})
	p.linkAt = -1
}

// flush ends the text read so far: a block of its own, or part of the cell
// being read.
func (p *blockParser) flush() {
	p.closeLink()
	t := collapse(p.text)
	p.text = p.text[:0]
	links, cites := p.links, p.cites
	p.links, p.cites = nil, nil
	if c := p.cell; c != nil {
		if t != "" {
			if c.Text != "" {
				c.Text += " "
			}
			c.Text += t
		}
		c.Links = append(c.Links, links...)
		if p.row != nil {
			p.row.Cites = append(p.row.Cites, cites...)
		}
		return
	}
	if t == "" {
		return
	}
	b := Block{Tag: "p", Text: t, Links: links, Cites: cites}
	if len(p.stack) > 0 {
		top := p.stack[len(p.stack)-1]
		b.Tag = top.a.String()
		if b.heading() > 0 {
			b.ID = top.id
		}
	}
	p.place(&b)
	p.out = append(p.out, b)
}

// place sets where a block stands in lists and footnotes.
func (p *blockParser) place(b *Block) {
	b.Footnote = p.footnote
	item := -1
	for i := range p.stack {
		switch o := &p.stack[i]; {
		case o.list != "":
			b.List = o.list
			b.Depth++
		case o.a == atom.Li:
			item = i
		}
	}
	if item < 0 || b.heading() > 0 || b.row() {
		return
	}
	if o := &p.stack[item]; !o.started {
		o.started, b.Item, b.Tag = true, true, "li"
	} else if b.Tag == "li" {
		b.Tag = "p" // the item's text after a list inside it
	}
}

// collapse trims s and turns every run of white space into one space, as
// strings.Join(strings.Fields(string(s)), " ") would, in one pass; a byte
// that is not UTF-8 becomes U+FFFD. The text between spaces is copied a
// run at a time.
func collapse(s []byte) string {
	var b strings.Builder
	b.Grow(len(s))
	start, space := -1, false // the run being read, and whether white space came before it
	flush := func(end int) {
		if start < 0 {
			return
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(s[start:end])
		start, space = -1, false
	}
	for i := 0; i < len(s); {
		c, size := s[i], 1
		white := false
		if c < utf8.RuneSelf {
			white = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				flush(i)
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteRune(utf8.RuneError)
				space = false
				i++
				continue
			}
			white = unicode.IsSpace(r)
		}
		switch {
		case white:
			flush(i)
			space = true
		case start < 0:
			start = i
		}
		i += size
	}
	flush(len(s))
	return b.String()
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
