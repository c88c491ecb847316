// Package render turns the Markdown body of a revision into safe HTML.
//
// It configures goldmark for CommonMark + GFM with footnotes and explicit
// heading attributes, gives every heading an ID that is readable in Norwegian
// and stable across revisions (see headingid.go), neutralises link targets
// with unsafe schemes, and passes raw HTML through a small allowlist
// (see sanitize.go). A Renderer renders each distinct chunk of the texts it
// is given once, and puts each text together from its chunks, the same bytes
// as the text rendered whole (see chunks.go): a build's revisions share most
// of their text. A Renderer is safe for concurrent use.
package render

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Heading is one heading of a rendered document, in document order.
type Heading struct {
	Level int    // 1–6
	ID    string // the element ID, unique within the document
	Text  string // the heading's plain text
}

// Result is a rendered document.
type Result struct {
	HTML     []byte    // an HTML fragment: the document's body
	Headings []Heading // every heading, for tables of contents and diffs
	// Parts are the offsets in HTML where its top-level blocks begin.
	// Each part is whole elements (raw HTML too is rendered as one), so a
	// reader of the HTML can take it part by part, and revisions share
	// most of their parts.
	Parts []int
}

// Renderer renders Markdown bodies. The zero value is not usable; call New.
type Renderer struct {
	md     goldmark.Markdown
	ids    headingIDs
	chunks chunks // the chunks of the texts rendered (chunks.go)
}

// An Option configures a Renderer.
type Option func(*config)

type config struct {
	basePath string
	reserved []string
}

// WithBasePath makes links that start with "/" relative to the site's root
// at basePath (the path of its baseURL, e.g. "/personvern/"), so that an
// editor can link to another page of the site wherever it is published.
func WithBasePath(basePath string) Option {
	return func(c *config) { c.basePath = basePath }
}

// WithReservedIDs keeps element IDs that the page around the body uses
// (the theme's) from being given to headings or raw HTML.
func WithReservedIDs(ids ...string) Option {
	return func(c *config) { c.reserved = append(c.reserved, ids...) }
}

// New returns a Renderer with policysite's Markdown dialect.
func New(opts ...Option) *Renderer {
	var c config
	for _, o := range opts {
		o(&c)
	}
	policy := rawHTMLPolicy(true)
	md := goldmark.New(
		goldmark.WithExtensions(
			// GFM, with table alignment as classes: the style attributes
			// goldmark writes by default break a strict
			// Content-Security-Policy, and align is obsolete HTML.
			extension.Linkify,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.TaskList,
			extension.NewFootnote(),
		),
		goldmark.WithParserOptions(
			parser.WithHeadingAttribute(), // honour {#id} on headings
			parser.WithASTTransformers(
				// In this order: raw HTML claims its IDs before headings get theirs.
				util.Prioritized(rawHTML{policy: policy, reserved: c.reserved}, 100),
				util.Prioritized(headingIDs{reserved: c.reserved}, 101),
				util.Prioritized(links{basePath: strings.TrimSuffix(c.basePath, "/")}, 102),
				util.Prioritized(letteredLists{}, 103),
				util.Prioritized(alignClasses{}, 104),
			),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(
				util.Prioritized(&htmlBlockRenderer{policy: rawHTMLPolicy(false)}, 100),
				util.Prioritized(strikethrough{}, 100),
			),
		),
	)
	return &Renderer{md: md, ids: headingIDs{reserved: c.reserved}, chunks: chunks{now: map[string]*chunk{}, old: map[string]*chunk{}}}
}

// Render converts one Markdown body to HTML: from the chunks of it the
// Renderer has rendered before, where it can be cut (chunks.go), else
// whole.
func (r *Renderer) Render(src []byte) (Result, error) {
	if at := cuts(src); at != nil {
		defer r.chunks.done()
		chs := make([]*chunk, 0, len(at)+1)
		from := 0
		for _, to := range append(at, len(src)) {
			chs = append(chs, r.chunks.get(src[from:to], r.renderChunk))
			from = to
		}
		if res, ok := r.assemble(chs); ok {
			return res, nil
		}
	}
	res, _, _, err := r.render(src)
	return res, err
}

// renderChunk renders src, a chunk of a text, alone.
func (r *Renderer) renderChunk(src []byte) *chunk {
	res, ctx, heads, err := r.render(src)
	raw, _ := ctx.Get(rawIDsKey).(map[string]bool)
	written, _ := ctx.Get(writtenKey).([]writtenHeading)
	return &chunk{
		html: res.HTML, parts: res.Parts, heads: heads, written: written, alone: res.Headings,
		usable: err == nil && len(raw) == 0 && len(heads) == len(res.Headings),
	}
}

// render renders src whole. It returns the parser's context, and the
// indexes in Parts of the top-level blocks that are headings.
func (r *Renderer) render(src []byte) (Result, parser.Context, []int, error) {
	ctx := parser.NewContext()
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	w := bufio.NewWriterSize(&buf, 1024) // one per chunk: most are smaller
	var parts, heads []int
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == ast.KindHeading {
			heads = append(heads, len(parts))
		}
		parts = append(parts, buf.Len())
		if err := r.md.Renderer().Render(w, src, n); err != nil { // flushes w
			return Result{}, ctx, nil, fmt.Errorf("rendering Markdown: %w", err)
		}
	}
	headings, _ := ctx.Get(headingsKey).([]Heading)
	return Result{HTML: buf.Bytes(), Headings: headings, Parts: parts}, ctx, heads, nil
}
