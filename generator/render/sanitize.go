package render

import (
	"bytes"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// rawHTMLPolicy is the small set of raw HTML a policy may use: line breaks,
// super- and subscripts, a few phrase elements, abbreviations, and anchors
// that name a place or link with a safe scheme. Everything else, comments and
// scripts included, is dropped; the text between dropped tags stays as text.
//
// ids allows id attributes (inline HTML). Blocks of raw HTML are sanitised
// without them: such a block is rendered on its own, where the IDs already
// taken cannot be checked, and a repeated id breaks in-page links and the
// skip link.
func rawHTMLPolicy(ids bool) *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	// Not <ins> and <del>: on a diff page they mean inserted and deleted
	// text, and screen readers announce them so on every page.
	p.AllowElements("br", "sup", "sub", "b", "i", "em", "strong", "small", "u", "s", "mark", "kbd", "code", "abbr", "span")
	p.AllowAttrs("title").OnElements("abbr")
	if ids {
		p.AllowAttrs("id").Matching(bluemonday.SpaceSeparatedTokens).OnElements("a", "span")
	} else {
		// A block's dropped tags are mostly block elements (cells, rows,
		// paragraphs) whose words must not run together. Inline, a tag
		// is sanitised alone and may sit inside a word.
		p.AddSpaceWhenStrippingTag(true)
	}
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireNoFollowOnLinks(false)
	return p
}

// rawHTML sanitises the raw HTML inside paragraphs, headings and other
// blocks. goldmark gives each inline tag as a node of its own, so a tag is
// sanitised alone; a per-block stack then keeps the result balanced: the end
// tag of a dropped element is dropped too, and elements left open are closed
// at the end of the block.
type rawHTML struct {
	policy   *bluemonday.Policy
	reserved []string // IDs of the page around the body
}

// rawIDsKey holds the IDs raw HTML claimed, for headingIDs to avoid.
var rawIDsKey = parser.NewContextKey()

func (t rawHTML) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	ids := map[string]bool{}
	for _, id := range t.reserved {
		ids[id] = true
	}
	defer func() {
		for _, id := range t.reserved {
			delete(ids, id)
		}
		pc.Set(rawIDsKey, ids)
	}()
	var blocks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
			blocks = append(blocks, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		t.block(b, src, ids)
	}
}

func (t rawHTML) block(b ast.Node, src []byte, ids map[string]bool) {
	var raws []*ast.RawHTML
	_ = ast.Walk(b, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if r, ok := n.(*ast.RawHTML); ok && entering {
			raws = append(raws, r)
		}
		return ast.WalkContinue, nil
	})
	if len(raws) == 0 {
		return
	}
	var open []string           // allowed elements open now
	dropped := map[string]int{} // elements whose start tag was dropped
	for _, r := range raws {
		var raw bytes.Buffer
		for i := 0; i < r.Segments.Len(); i++ {
			seg := r.Segments.At(i)
			raw.Write(seg.Value(src))
		}
		out := ""
		z := html.NewTokenizer(&raw)
		switch z.Next() {
		case html.StartTagToken:
			tok := z.Token()
			out = t.policy.Sanitize(uniqueRawID(anchorNameToID(tok), ids).String())
			switch {
			case out == "":
				dropped[tok.Data]++
			case !voidElement(tok.DataAtom):
				open = append(open, tok.Data)
			}
		case html.SelfClosingTagToken:
			out = t.policy.Sanitize(uniqueRawID(anchorNameToID(z.Token()), ids).String())
		case html.EndTagToken:
			tok := z.Token()
			if dropped[tok.Data] > 0 {
				dropped[tok.Data]--
				break
			}
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == tok.Data {
					// Close what was opened inside it, then it.
					for j := len(open) - 1; j >= i; j-- {
						out += "</" + open[j] + ">"
					}
					open = open[:i]
					break
				}
			}
		}
		replace(r, out)
	}
	for i := len(open) - 1; i >= 0; i-- {
		s := ast.NewString([]byte("</" + open[i] + ">"))
		s.SetCode(true)
		b.AppendChild(b, s)
	}
}

// replace puts sanitised HTML in the place of a raw HTML node.
func replace(r *ast.RawHTML, out string) {
	parent := r.Parent()
	if out == "" {
		parent.RemoveChild(parent, r)
		return
	}
	s := ast.NewString([]byte(out))
	s.SetCode(true) // written as it is
	parent.ReplaceChild(parent, r, s)
}

// anchorNameToID turns the obsolete <a name="x"> into <a id="x">, so that
// old in-page anchors keep working in valid HTML.
func anchorNameToID(tok html.Token) html.Token {
	if tok.DataAtom != atom.A {
		return tok
	}
	name, hasID := -1, false
	for i, a := range tok.Attr {
		switch a.Key {
		case "name":
			name = i
		case "id":
			hasID = true
		}
	}
	if name >= 0 {
		if !hasID {
			tok.Attr = append(tok.Attr, html.Attribute{Key: "id", Val: tok.Attr[name].Val})
		}
		tok.Attr = append(tok.Attr[:name:name], tok.Attr[name+1:]...)
	}
	return tok
}

// uniqueRawID drops an id that is already taken, so that no two elements
// of a page share one; the first keeps it.
func uniqueRawID(tok html.Token, ids map[string]bool) html.Token {
	for i, a := range tok.Attr {
		if a.Key != "id" {
			continue
		}
		if ids[a.Val] {
			tok.Attr = append(tok.Attr[:i:i], tok.Attr[i+1:]...)
		} else {
			ids[a.Val] = true
		}
		break
	}
	return tok
}

func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.Wbr, atom.Img, atom.Hr, atom.Input, atom.Meta, atom.Link, atom.Area, atom.Base, atom.Col, atom.Embed, atom.Source, atom.Track:
		return true
	}
	return false
}

// htmlBlockRenderer renders a block of raw HTML through rawHTMLPolicy
// instead of omitting it (goldmark's safe mode) or passing it on (unsafe),
// then parses and re-serialises the result so that it is balanced.
type htmlBlockRenderer struct {
	policy *bluemonday.Policy
}

func (r *htmlBlockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
}

func (r *htmlBlockRenderer) renderHTMLBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	blk := n.(*ast.HTMLBlock)
	var b strings.Builder
	for i := 0; i < blk.Lines().Len(); i++ {
		seg := blk.Lines().At(i)
		b.Write(seg.Value(src))
	}
	if blk.HasClosure() {
		b.Write(blk.ClosureLine.Value(src))
	}
	clean := strings.TrimSpace(r.policy.Sanitize(b.String()))
	if clean == "" {
		return ast.WalkContinue, nil
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(clean), body)
	if err != nil {
		return ast.WalkContinue, nil // drop what cannot be parsed
	}
	// Loose text at the top of the policy body would not be inside any
	// block; give it a paragraph.
	_, _ = w.WriteString("<p>")
	for _, node := range nodes {
		if err := html.Render(w, node); err != nil {
			return ast.WalkStop, err
		}
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

// links makes the link targets of a revision safe to publish: a link whose
// scheme is not http, https, mailto or tel is unwrapped, keeping its text, so
// that javascript:, data: and the like never reach the page as a working
// link, however they are spelled; a link from the site's root ("/x") is
// put under the site's base path. Images become links to the image: a page
// never loads anything, from this host or another, that the site does not
// publish itself.
type links struct {
	basePath string // without the final "/"
}

func (t links) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var unsafe []ast.Node
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !SafeURL(string(n.Destination)) {
				unsafe = append(unsafe, n)
			} else {
				n.Destination = t.rooted(n.Destination)
			}
		case *ast.Image:
			images = append(images, n)
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && !SafeURL(string(n.URL(src))) {
				unsafe = append(unsafe, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		parent := img.Parent()
		if !SafeURL(string(img.Destination)) {
			unwrap(img)
			continue
		}
		l := ast.NewLink()
		l.Destination, l.Title = t.rooted(img.Destination), img.Title
		for c := img.FirstChild(); c != nil; c = img.FirstChild() {
			l.AppendChild(l, c)
		}
		if l.FirstChild() == nil {
			l.AppendChild(l, ast.NewString(img.Destination))
		}
		parent.ReplaceChild(parent, img, l)
	}
	for _, n := range unsafe {
		if al, ok := n.(*ast.AutoLink); ok {
			n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(al.Label(src)))
			continue
		}
		unwrap(n)
	}
}

// unwrap replaces n by its children.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; c = n.FirstChild() {
		parent.InsertBefore(parent, n, c)
	}
	parent.RemoveChild(parent, n)
}

func (t links) rooted(dest []byte) []byte {
	if t.basePath == "" || len(dest) == 0 || dest[0] != '/' || (len(dest) > 1 && dest[1] == '/') {
		return dest
	}
	return append([]byte(t.basePath), dest...)
}

// strikethrough renders ~~text~~ as <s> (text no longer accurate), not as
// <del>, which on this site means text deleted between revisions.
type strikethrough struct{}

func (strikethrough) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindStrikethrough, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<s>")
		} else {
			_, _ = w.WriteString("</s>")
		}
		return ast.WalkContinue, nil
	})
}

// SafeURL reports whether u is relative or uses an allowed scheme. Character
// references are decoded first, as a browser would, and ASCII tabs,
// newlines and leading spaces, which browsers ignore in a URL, are removed
// before the scheme is read.
func SafeURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, html.UnescapeString(u))
	colon := strings.IndexByte(u, ':')
	if colon < 0 {
		return true
	}
	if i := strings.IndexAny(u, "/?#"); i >= 0 && i < colon {
		return true // the colon is in the path, query or fragment
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}
