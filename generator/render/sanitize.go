package render

import (
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// rawHTMLPolicy is the small set of raw HTML a policy may use: line breaks,
// super- and subscripts, abbreviations, and anchors that name a place or link
// with a safe scheme. Everything else, comments and scripts included, is
// dropped; the text between dropped tags stays as text.
func rawHTMLPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("br", "sup", "sub", "b", "i", "em", "strong", "small", "u", "s", "del", "ins", "mark", "kbd", "code")
	p.AllowAttrs("title").OnElements("abbr")
	p.AllowElements("abbr")
	p.AllowAttrs("id", "name").Matching(bluemonday.SpaceSeparatedTokens).OnElements("a", "span")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireNoFollowOnLinks(false)
	return p
}

// rawHTMLRenderer renders raw HTML, inline and block, through rawHTMLPolicy
// instead of omitting it (goldmark's safe mode) or passing it on (unsafe).
// Sanitising only the raw parts keeps the cost proportional to the raw HTML,
// not to the document.
type rawHTMLRenderer struct {
	policy *bluemonday.Policy
}

func newRawHTMLRenderer() renderer.NodeRenderer {
	return &rawHTMLRenderer{policy: rawHTMLPolicy()}
}

func (r *rawHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
}

func (r *rawHTMLRenderer) renderRawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	raw := n.(*ast.RawHTML)
	var b strings.Builder
	for i := 0; i < raw.Segments.Len(); i++ {
		seg := raw.Segments.At(i)
		b.Write(seg.Value(src))
	}
	_, _ = w.WriteString(r.policy.Sanitize(b.String()))
	return ast.WalkSkipChildren, nil
}

func (r *rawHTMLRenderer) renderHTMLBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
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
	out := strings.TrimSpace(r.policy.Sanitize(b.String()))
	if out != "" {
		_, _ = w.WriteString(out)
		_ = w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

// safeLinks empties the destination of every link and image whose scheme is
// not http, https, mailto or tel, so that javascript:, data: and the like
// never reach the page as a working link, however they are spelled.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var unsafeAutoLinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !SafeURL(string(n.Destination)) {
				n.Destination = nil
			}
		case *ast.Image:
			if !SafeURL(string(n.Destination)) {
				n.Destination = nil
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && !SafeURL(string(n.URL(src))) {
				unsafeAutoLinks = append(unsafeAutoLinks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// An autolink's URL is its text: keep the text, drop the link.
	for _, n := range unsafeAutoLinks {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(src)))
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
