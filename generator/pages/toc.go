package pages

import (
	"html/template"
	"strings"

	"policysite/generator/diffview"
	"policysite/generator/render"
)

// The tables of contents of a long policy are a hundred entries on every
// revision page, and the summary of a comparison with the current revision
// up to as many: executing a template for each entry was a tenth of a
// build. So the default theme prints them as HTML made here, the same as
// ranging over the entries in the template would give. A theme that wants
// other markup ranges over TOC itself.

// TOCEntry is a section in a table of contents; Sub are its subsections.
type TOCEntry struct {
	ID, Text string
	Sub      []TOCEntry
}

// TOCHTML is TOC as the list items of the default revision.html's <ol>.
func (p *Page) TOCHTML() template.HTML {
	var b strings.Builder
	for _, e := range p.TOC {
		tocItem(&b, e)
		if len(e.Sub) > 0 {
			b.WriteString("\n<ol>")
			for _, s := range e.Sub {
				tocItem(&b, s)
				b.WriteString("</li>")
			}
			b.WriteString("\n</ol>")
		}
		b.WriteString("\n</li>")
	}
	return template.HTML(b.String())
}

// tocItem opens the list item of a section, linking to it.
func tocItem(b *strings.Builder, e TOCEntry) {
	b.WriteString("\n<li><a href=\"#")
	b.WriteString(fragment(e.ID))
	b.WriteString(`">`)
	b.WriteString(escape(e.Text))
	b.WriteString("</a>")
}

// escape is HTML escaping, as diff pages' bodies are escaped. (It leaves
// '+', which html/template's escaping in the templates writes as &#43;.)
var escape = template.HTMLEscapeString

// fragment escapes an element ID for after the # of an href as
// html/template does there: each byte but the unreserved ones of RFC 3986
// as %xx, in lower case. (template.URLQueryEscaper is url.QueryEscape,
// which differs.) The result needs no escaping as an attribute.
func fragment(id string) string { return diffview.Fragment(id) }

// tocFrom is the number of top-level sections from which a revision's page
// gets a table of contents.
const tocFrom = 4

// toc lists the top-level sections of a revision and their subsections.
func toc(headings []render.Heading) []TOCEntry {
	top := 7
	for _, h := range headings {
		top = min(top, h.Level)
	}
	var out []TOCEntry
	for _, h := range headings {
		switch {
		case h.Level == top:
			out = append(out, TOCEntry{ID: h.ID, Text: h.Text})
		case h.Level == top+1 && len(out) > 0:
			last := &out[len(out)-1]
			last.Sub = append(last.Sub, TOCEntry{ID: h.ID, Text: h.Text})
		}
	}
	if len(out) < tocFrom {
		return nil
	}
	return out
}

// DiffTOCEntry is a changed section in a diff page's summary
// (diffview.TOCEntry).
type DiffTOCEntry = diffview.TOCEntry

// TOCHTML is TOC as the list items of the default diff.html's summary:
// each entry as the terminal's diff --stat writes it (diffview.TOCHTML).
func (d *DiffInfo) TOCHTML() template.HTML { return template.HTML(diffview.TOCHTML(d.TOC)) }
