package generator

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"policysite/generator/content"
	"policysite/internal/sitegen"
)

// A material revision whose text is its predecessor's is refused wherever
// it is in a series, each text normalised once (checkIdentical): after an
// editorial one and after another refused one alike.
func TestIdenticalTextsInASeries(t *testing.T) {
	site := t.TempDir()
	rev := func(summary, reason, text string) string {
		return "---\ntitle: Personvern\nsummary: " + summary + "\nreason: " + reason + "\npublished: 2020-01-01\n---\n" + text + "\n"
	}
	sitegen.FilesIn(t, site, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\ncontact:\n  email: post@example.no\n",
		"content/personvern/2021-01-01.md": rev("Første.", "processing", "## 1 Om oss\n\nTekst A."),
		"content/personvern/2021-02-01.md": rev("Samme.", "processing", "## 1 Om oss  \n\nTekst A.\n\n"), // A again
		"content/personvern/2021-03-01.md": rev("Samme igjen.", "legal", "## 1 Om oss\n\nTekst A."),      // A again
		"content/personvern/2021-04-01.md": rev("Retting.", "editorial", "## 1 Om oss\n\nTekst B."),
		"content/personvern/2021-05-01.md": rev("Samme som B.", "processing", "## 1 Om oss\n\nTekst B."), // B again
		"content/personvern/2021-06-01.md": rev("Ny.", "processing", "## 1 Om oss\n\nTekst C."),
	})
	day, _ := time.Parse(content.DateLayout, "2026-11-26")
	findings, err := Check(site, content.Clock{Day: day, Real: day})
	var refused []string
	for _, line := range strings.Split(fmt.Sprint(findings, err), "\n") {
		if strings.Contains(line, "identical") {
			refused = append(refused, filepath.Base(strings.SplitN(line, ":", 2)[0]))
		}
	}
	if want := []string{"2021-02-01.md", "2021-03-01.md", "2021-05-01.md"}; !slices.Equal(refused, want) {
		t.Errorf("refused as identical: %v, want %v (%v)", refused, want, err)
	}
}
