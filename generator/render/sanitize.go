package render

import (
	"bytes"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
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
func rawHTMLPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("br", "sup", "sub", "b", "i", "em", "strong", "small", "u", "s", "del", "ins", "mark", "kbd", "code", "abbr", "span")
	p.AllowAttrs("title").OnElements("abbr")
	p.AllowAttrs("id").Matching(bluemonday.SpaceSeparatedTokens).OnElements("a", "span")
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
	policy *bluemonday.Policy
}

func (t rawHTML) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var blocks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
			blocks = append(blocks, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		t.block(b, src)
	}
}

func (t rawHTML) block(b ast.Node, src []byte) {
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
			out = t.policy.Sanitize(anchorNameToID(tok).String())
			switch {
			case out == "":
				dropped[tok.Data]++
			case !voidElement(tok.DataAtom):
				open = append(open, tok.Data)
			}
		case html.SelfClosingTagToken:
			out = t.policy.Sanitize(anchorNameToID(z.Token()).String())
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

// safeLinks unwraps every link whose target has a scheme other than http,
// https, mailto or tel, keeping its text, and empties such image sources, so
// that javascript:, data: and the like never reach the page as a working
// link, however they are spelled.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var links []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !SafeURL(string(n.Destination)) {
				links = append(links, n)
			}
		case *ast.Image:
			if !SafeURL(string(n.Destination)) {
				n.Destination = nil
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && !SafeURL(string(n.URL(src))) {
				links = append(links, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range links {
		parent := n.Parent()
		if al, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(al.Label(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; c = n.FirstChild() {
			parent.InsertBefore(parent, n, c)
		}
		parent.RemoveChild(parent, n)
	}
}

// SafeURL reports whether u is relative or uses an allowed scheme. Browsers
// ignore ASCII tabs, newlines and leading spaces in a URL, so those are
// removed before the scheme is read.
func SafeURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, u)
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
