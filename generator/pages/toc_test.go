package pages

import (
	"html/template"
	"strings"
	"testing"
)

// Awkward texts for IDs and headings: letters outside ASCII, characters
// that HTML and URLs escape, and an escape that is already there.
var awkward = []string{"særlig-om", "a b", `"sitat" & <b> + 'x'`, "%41", "~._-", "日本", "", "æ/ø?å#1"}

// The tables of contents made in Go are what ranging over the entries in
// the default templates made, escaping included, but for '+', which needs
// no escaping and is left as the diff bodies leave it.
func TestTOCHTML(t *testing.T) {
	revision := template.Must(template.New("").Parse(`{{range .}}
<li><a href="#{{.ID}}">{{.Text}}</a>
{{- with .Sub}}
<ol>
{{- range .}}
<li><a href="#{{.ID}}">{{.Text}}</a></li>
{{- end}}
</ol>
{{- end}}
</li>
{{- end}}`))
	summary := template.Must(template.New("").Parse(`{{range .}}
<li class="toc-{{.Kind}}"><a href="#{{.Anchor}}">{{.Title}}</a>: {{.Label}}{{with .Was}} ({{.}}){{end}}{{with .Counts}} – {{.}}{{end}}</li>
{{- end}}`))

	var entries []TOCEntry
	var changes []DiffTOCEntry
	for i, a := range awkward {
		b := awkward[(i+1)%len(awkward)]
		e := TOCEntry{ID: a, Text: b}
		if i%2 == 0 {
			e.Sub = []TOCEntry{{ID: b, Text: a}, {ID: a + "-2", Text: b + b}}
		}
		entries = append(entries, e)
		changes = append(changes, DiffTOCEntry{Kind: b, Anchor: a, Title: b, Label: a, Was: awkward[i%3], Counts: awkward[(i+2)%len(awkward)]})
	}

	var want strings.Builder
	if err := revision.Execute(&want, entries); err != nil {
		t.Fatal(err)
	}
	plus := strings.NewReplacer("&#43;", "+")
	if got := string((&Page{TOC: entries}).TOCHTML()); got != plus.Replace(want.String()) {
		t.Errorf("revision contents:\n got %s\nwant %s", got, want.String())
	}
	want.Reset()
	if err := summary.Execute(&want, changes); err != nil {
		t.Fatal(err)
	}
	if got := string((&DiffInfo{TOC: changes}).TOCHTML()); got != plus.Replace(want.String()) {
		t.Errorf("summary of changes:\n got %s\nwant %s", got, want.String())
	}
}
