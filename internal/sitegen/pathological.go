package sitegen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A Pathological is a revision body built to find work that grows faster
// than the text: Body(2n) is about twice the size of Body(n), so that a
// step that is linear takes about twice as long for 2n as for n.
type Pathological struct {
	Name string
	Body func(n int) string
}

// Pathologicals are the shapes of text that have made, or could make, a
// step compare each part of a revision with the parts before it.
var Pathologicals = []Pathological{
	// The same heading over and over: every one needs an ID of its own.
	{"headings", func(n int) string { return strings.Repeat("## Kontakt\n\nRing.\n\n", n) }},
	// Repeated headings under repeated headings: the qualified IDs
	// (#kontakt-kontakt) repeat too.
	{"subheadings", func(n int) string { return strings.Repeat("## Kontakt\n\n### Kontakt\n\nRing.\n\n", n/2) }},
	// One paragraph of links, each to a place on the page that does not
	// exist (each a finding of lint's) and to another site.
	{"links", func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "[punkt %d](#punkt-%d) og [side %d](https://example.no/%d)\n", i, i, i, i)
		}
		return "## Punkt\n\n" + b.String()
	}},
	// Lists inside lists, 32 deep, one after another. (Deeper and deeper
	// nesting is goldmark's to parse in time that grows as the square of
	// the depth: see BenchmarkRenderDepth.)
	{"deep-lists", func(n int) string {
		var b strings.Builder
		for i := range n / 8 {
			fmt.Fprintf(&b, "%sbunn %d\n", strings.Repeat("- ", nestedDepth), i)
		}
		return b.String()
	}},
	// One list of n items, each with a list of its own.
	{"wide-lists", func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "- punkt %d\n  - underpunkt %d\n", i, i)
		}
		return b.String()
	}},
	// Quotes inside quotes, 32 deep, one after another.
	{"blockquotes", func(n int) string {
		var b strings.Builder
		for i := range n / 8 {
			fmt.Fprintf(&b, "%ssitat %d\n\n", strings.Repeat("> ", nestedDepth), i)
		}
		return b.String()
	}},
	// A table of n rows.
	{"table", func(n int) string {
		var b strings.Builder
		b.WriteString("| Opplysning | Formål | Lagringstid |\n|---|:-:|--:|\n")
		for i := range n {
			fmt.Fprintf(&b, "| navn %d | levering | %d år |\n", i, i%10)
		}
		return b.String()
	}},
}

// nestedDepth is how deep the nested inputs nest: far deeper than a
// policy's lists and quotes.
const nestedDepth = 32

// Edit makes the next revision of a body: a sentence added at the start and
// one at the end, so that a diff has changes to place, and the rest to
// recognise as kept.
func Edit(body string) string {
	return "Ny innledning.\n\n" + body + "\nNy avslutning.\n"
}

// WriteRevisions makes a site of one document in dir (which it creates)
// whose revisions, oldest first, have the bodies given.
func WriteRevisions(dir string, bodies ...string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	site := "title: Syntetisk\nbaseURL: https://example.no/\nlanguage: nb\n"
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(site), 0o644); err != nil {
		return err
	}
	for i, body := range bodies {
		name := fmt.Sprintf("%d-01-01.md", 2000+i)
		if err := write(dir, "personvern", name, fmt.Sprintf("Versjon %d.", i), body); err != nil {
			return err
		}
	}
	return nil
}
