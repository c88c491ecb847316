package generator

import (
	"errors"
	"testing"

	"policysite/internal/sitegen"
)

// A document or revision that is not there is a NotFound (a mistake in
// the call), and the message names what there is to choose from.
func TestCompareNotFound(t *testing.T) {
	site, th, err := Load("testdata/basic")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		doc, lang, older, want string
	}{
		{"vilkar", "", "2025-01-01", `there is no document "vilkar" in language nb; the documents are: personvern`},
		{"personvern", "de", "2025-01-01", "de is not one of the site's languages (nb, en)"},
		{"personvern", "", "2024-01-01", "personvern has no revision that takes effect on 2024-01-01; its revisions are: 2025-01-01, 2026-03-01, 2027-01-01"},
		{"personvern", "en", "2025-01-01", "personvern has no revision that takes effect on 2025-01-01; its revisions are: 2026-03-01"},
	}
	for _, tt := range tests {
		_, _, err := Compare(site, th, CompareRequest{Doc: tt.doc, Lang: tt.lang, Older: tt.older, Newer: "current", Clock: day("2026-11-26")})
		var nf NotFound
		if !errors.As(err, &nf) || err.Error() != tt.want {
			t.Errorf("%s %s %s: got %v, want NotFound %q", tt.doc, tt.lang, tt.older, err, tt.want)
		}
	}
}

// A document asked for in a language it has no revisions in points to
// the languages it has.
func TestCompareOtherLanguage(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://t.example/\nlanguages: [nb, en]\ncontact:\n  name: T\n  email: p@t.example\n",
		"content/personvern/2026-01-01.md": "---\ntitle: Personvern\nsummary: Første.\nreason: processing\n---\n\n## Om oss\n\nTekst.\n",
	})
	site, th, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Compare(site, th, CompareRequest{Doc: "personvern", Lang: "en", Older: "2026-01-01", Newer: "current", Clock: day("2026-11-26")})
	if want := "personvern has no revisions in language en; it has revisions in nb: choose one with --lang"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}
