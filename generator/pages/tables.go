package pages

import (
	"bytes"
	"html"
	"html/template"
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The container a table of a policy or a diff scrolls sideways in, where
// the screen is narrower than the table: it takes focus, so that it can be
// scrolled from the keyboard, and is a region named after the table's
// caption, else the nearest heading before it, else the word for a table
// in the page's language.
const (
	scrollClass = "table-scroll"
	scrollOpen  = `<div class="` + scrollClass + `" tabindex="0" role="region" `
	scrollClose = "</div>"
)

// scrollTables puts every table of an HTML fragment (a policy's body, a
// diff's) into the scrolling container. The pages do so as they are made,
// after every diff: the blocks the diff compares, and what a diff shows as
// changed, never see the container. A heading with an ID names the table
// by aria-labelledby; one without (a diff's) by its text as it reads now,
// what a <del> holds left out. generic names a table with neither.
func scrollTables(fragment []byte, generic string) []byte {
	if !bytes.Contains(fragment, []byte("<table")) {
		return fragment
	}
	var (
		inserts []insert
		z       = nethtml.NewTokenizer(bytes.NewReader(fragment))
		offset  int
		// the nearest heading so far: its ID and its text
		headingID, headingText string
		inHeading              atom.Atom
		text                   strings.Builder
		deleted                int // depth of <del> in the heading
		// the open table: where it starts, and its caption
		table     = -1
		depth     int // of tables
		caption   bool
		captionID string
		capText   strings.Builder
	)
	for {
		tt := z.Next()
		raw := len(z.Raw())
		start := offset
		offset += raw
		switch tt {
		case nethtml.ErrorToken:
			return apply(fragment, inserts)
		case nethtml.TextToken:
			switch {
			case caption:
				capText.Write(z.Text())
			case inHeading != 0 && deleted == 0:
				text.Write(z.Text())
			}
		case nethtml.StartTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			id := ""
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "id" {
					id = string(v)
				}
			}
			switch a {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				if depth == 0 {
					inHeading, headingID, deleted = a, id, 0
					text.Reset()
				}
			case atom.Del:
				if inHeading != 0 {
					deleted++
				}
			case atom.Table:
				if depth++; depth == 1 { // a table in a table scrolls with it
					table, captionID = start, ""
					capText.Reset()
				}
			case atom.Caption:
				if depth == 1 {
					caption, captionID = true, id
				}
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case a != 0 && a == inHeading:
				headingText = strings.Join(strings.Fields(text.String()), " ")
				inHeading = 0
			case a == atom.Del:
				if deleted > 0 {
					deleted--
				}
			case a == atom.Caption:
				caption = false
			case a == atom.Table && depth > 1:
				depth--
			case a == atom.Table && depth == 1:
				depth = 0
				var name string
				switch c := strings.Join(strings.Fields(capText.String()), " "); {
				case captionID != "":
					name = `aria-labelledby="` + html.EscapeString(captionID) + `"`
				case c != "":
					name = `aria-label="` + html.EscapeString(c) + `"`
				case headingID != "":
					name = `aria-labelledby="` + html.EscapeString(headingID) + `"`
				case headingText != "":
					name = `aria-label="` + html.EscapeString(headingText) + `"`
				default:
					name = `aria-label="` + html.EscapeString(generic) + `"`
				}
				inserts = append(inserts, insert{table, scrollOpen + name + ">"}, insert{offset, scrollClose})
				table = -1
			}
		}
	}
}

// insert is text to put into a fragment at an offset.
type insert struct {
	at   int
	text string
}

// apply writes fragment with each text inserted at its offset, in order.
func apply(fragment []byte, inserts []insert) []byte {
	if len(inserts) == 0 {
		return fragment
	}
	n := len(fragment)
	for _, in := range inserts {
		n += len(in.text)
	}
	out := make([]byte, 0, n)
	last := 0
	for _, in := range inserts {
		out = append(out, fragment[last:in.at]...)
		out = append(out, in.text...)
		last = in.at
	}
	return append(out, fragment[last:]...)
}

// scrollTablesHTML is scrollTables for a page's HTML.
func scrollTablesHTML(h template.HTML, generic string) template.HTML {
	return template.HTML(scrollTables([]byte(h), generic))
}
