package content

import (
	"strings"
	"testing"

	"policysite/generator/diag"
	"policysite/internal/sitegen"
)

// A material change not yet in force that a language the document has
// revisions in lacks is a warning, on the original's summary line, with
// the file to create; a language the document was never in, an editorial
// change, one already translated or one in force is not.
func TestUntranslated(t *testing.T) {
	const site = "title: Test\nbaseURL: https://example.no/\nlanguage: nb\nlanguages: [nb, nn, en]\n"
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"upcoming, not translated", map[string]string{
			"content/p/2027-01-15.md":    rev("P", "ny", "published: 2026-11-01\n"),
			"content/p/2026-01-01.en.md": rev("P", "first en"),
		}, []string{"p/2027-01-15.md:3: this processing change, in force from 2027-01-15, has no translation into en, though p has revisions in en: readers of those pages would be told of it with the summary untranslated" +
			" — create content/p/2027-01-15.en.md with the translation, e.g. with policysite new p --lang en --effective 2027-01-15"}},
		{"a draft, legal, in two languages", map[string]string{
			"content/p/2027-06-01.md":    rev("P", "lov", "reason: legal\n"),
			"content/p/2026-01-01.en.md": rev("P", "first en"),
			"content/p/2026-01-01.nn.md": rev("P", "fyrst nn"),
		}, []string{"p/2027-06-01.md:3: this legal change, in force from 2027-06-01, has no translation into en",
			"p/2027-06-01.md:3: this legal change, in force from 2027-06-01, has no translation into nn"}},
		{"translated", map[string]string{
			"content/p/2027-01-15.md":    rev("P", "ny", "published: 2026-11-01\n"),
			"content/p/2026-01-01.en.md": rev("P", "first en"),
			"content/p/2027-01-15.en.md": rev("P", "new", "published: 2026-11-01\n"),
		}, nil},
		{"editorial", map[string]string{
			"content/p/2027-01-15.md":    rev("P", "skrivefeil", "reason: editorial\n"),
			"content/p/2026-01-01.en.md": rev("P", "first en"),
		}, nil},
		{"in force", map[string]string{
			"content/p/2026-06-01.md":    rev("P", "ny"),
			"content/p/2026-01-01.en.md": rev("P", "first en"),
		}, nil},
		{"no revision in the language", map[string]string{
			"content/p/2027-01-15.md": rev("P", "ny", "published: 2026-11-01\n"),
		}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"site.yaml": site, "content/p/2026-01-01.md": rev("P", "først")}
			for k, v := range tt.files {
				files[k] = v
			}
			site, err := Load(sitegen.Files(t, files), Options{Languages: themeLangs})
			if err != nil {
				t.Fatal(err)
			}
			got := site.On(Clock{Day: day("2026-11-26"), Real: day("2026-11-26")}).Untranslated()
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %d warnings", got, len(tt.want))
			}
			all := ""
			for _, g := range got {
				if g.Level != diag.Warning {
					t.Errorf("not a warning: %s", g)
				}
				all += g.String() + "\n"
			}
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("got %s\nwant %s", all, w)
				}
			}
		})
	}
}
