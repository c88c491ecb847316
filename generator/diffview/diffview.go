// Package diffview is what a page that shows a diff makes of it in Go: the
// body with its tables in their scrolling containers, the totals and the
// list of changed sections of the summary. The static diff pages
// (generator/pages) and the compare page's WebAssembly (compare.wasm, built
// from ./wasm) both show a diff through it, so that a comparison reads the
// same wherever it is made.
//
// It imports the diff package and little else: the WebAssembly holds it
// whole.
package diffview

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"policysite/generator/diff"
)

// Text is a revision's text.json: its rendered HTML, as its page shows it
// before its tables are put in their containers, and the offsets at which
// the HTML's top-level parts begin (render.Result.Parts), which the diff
// splits into blocks (diff.Memo.PrepareHTML).
type Text struct {
	HTML  string `json:"html"`
	Parts []int  `json:"parts"`
}

// Result is a diff as a page shows it, in the words of the page's language.
type Result struct {
	Body          string `json:"body"`     // the diff's body (diff.Diff.HTML), its tables scrolling
	Total         string `json:"total"`    // "12 words added and 3 removed, 1 link changed"
	SectionCounts string `json:"sections"` // "7 sections changed and 1 new section."
	TOC           string `json:"toc"`      // the list items of the changed sections (TOCHTML)
	Any           bool   `json:"any"`      // anything differs
	Rewritten     bool   `json:"rewritten"`
	Degraded      bool   `json:"degraded"`
}

// Compare diffs two revisions' texts as the static diff pages do and
// shows the diff: l are the diff's words, table the word for a table, in
// the page's language.
func Compare(older, newer Text, l diff.Labels, table string) Result {
	var m diff.Memo
	a := m.PrepareHTML([]byte(older.HTML), older.Parts)
	b := m.PrepareHTML([]byte(newer.HTML), newer.Parts)
	return Show(diff.Compare(a, b, diff.Options{}), l, table)
}

// Show is a diff as a page shows it.
func Show(d *diff.Diff, l diff.Labels, table string) Result {
	var body bytes.Buffer
	d.WriteHTML(&body, l, 2)
	ScrollTablesAfter(&body, 0, table)
	return Result{
		Body:          body.String(),
		Total:         d.Total(l),
		SectionCounts: d.SectionCounts(l),
		TOC:           TOCHTML(TOC(d, l)),
		Any:           d.Stats.Any(),
		Rewritten:     d.Stats.Rewritten(),
		Degraded:      d.Degraded,
	}
}

// TOCEntry is a changed section in a diff's summary, its words ready in the
// page's language (a diff page lists dozens; preparing them here keeps the
// template simple and fast).
type TOCEntry struct {
	Kind, Anchor, Title string
	Label               string // changed, new, removed, moved, new number …
	Was                 string // the heading before, if it was reworded
	Counts              string // words added and removed, links, headings and footnotes changed
}

// TOC lists the changed sections of a diff for its summary, in the words
// the diff's sections and the terminal use.
func TOC(d *diff.Diff, l diff.Labels) []TOCEntry {
	var out []TOCEntry
	for i := range d.Sections {
		s := &d.Sections[i]
		if !s.Listed() {
			continue
		}
		out = append(out, TOCEntry{Kind: string(s.Kind), Anchor: s.Anchor, Title: s.Heading(l), Label: s.Label(l), Was: s.WasLabel(l), Counts: s.Counts(l)})
	}
	return out
}

// TOCHTML is a diff's TOC as the list items of the default diff.html's
// summary: each entry as the terminal's diff --stat writes it
// (diff.SummaryLine).
func TOCHTML(toc []TOCEntry) string {
	var b strings.Builder
	for _, e := range toc {
		b.WriteString("\n<li class=\"toc-")
		b.WriteString(escape(e.Kind))
		b.WriteString(`"><a href="#`)
		b.WriteString(Fragment(e.Anchor))
		b.WriteString(`">`)
		b.WriteString(escape(e.Title))
		b.WriteString("</a>: ")
		b.WriteString(escape(diff.SummaryLine(e.Label, e.Was, e.Counts)))
		b.WriteString("</li>")
	}
	return b.String()
}

// escape is HTML escaping, as diff pages' bodies are escaped. (It leaves
// '+', which html/template's escaping in the templates writes as &#43;.)
var escape = template.HTMLEscapeString

// Fragment escapes an element ID for after the # of an href as
// html/template does there: each byte but the unreserved ones of RFC 3986
// as %xx, in lower case. (template.URLQueryEscaper is url.QueryEscape,
// which differs.) The result needs no escaping as an attribute.
func Fragment(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02x", c)
		}
	}
	return b.String()
}

// Words are the words of one language a diff is shown in, by the theme's
// keys (diff.*), as theme.Strings gives them: a word with plural forms is
// key.one, key.other and so on. The compare page passes them to the
// WebAssembly.
type Words struct {
	Lang  string            `json:"lang"`
	Words map[string]string `json:"words"`
}

// T is the word for key, or the key in brackets.
func (w Words) T(key string) string {
	if s, ok := w.Words[key]; ok {
		return s
	}
	return "[" + key + "]"
}

// N is the word for key in the form for the count n, as theme.Strings.N.
func (w Words) N(key string, n int) string {
	if s, ok := w.Words[key+"."+PluralForm(w.Lang, n)]; ok {
		return s
	}
	if s, ok := w.Words[key+".other"]; ok {
		return s
	}
	return w.T(key)
}

// PluralForm is the plural form (CLDR's category) the rule of the
// language lang gives the count n: "one" or "other" in bokmål, nynorsk and
// English. An unknown language has the rules of none: every count is
// "other".
func PluralForm(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	tag, _ := language.Parse(lang)
	return pluralForms[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
}

var pluralForms = map[plural.Form]string{
	plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many",
}
