package content

import (
	"os"
	"strings"
	"testing"
	"time"

	"policysite/internal/sitegen"
)

// new makes only what the loader reads: no document named after a
// language, no day outside the range content may give.
func TestCreateRevisionRefuses(t *testing.T) {
	tests := []struct {
		doc, lang, effective string
		want                 string // part of the error; "" if made
	}{
		{"personvern", "", "", ""},
		{"faq", "", "", ""}, // three letters, and no language of the site or theme
		{"nb", "", "", `"nb" is a language code, and cannot name a document: /nb/ is where the pages in that language live`},
		{"en", "", "", `"en" is a language code`},                                      // a language of the site
		{"nn", "", "", `"nn" is a language code`},                                      // of the theme only: the site may add it
		{"en", "en", "", `"en" is a language code`},                                    // a translation of it too
		{"personvern", "", "2201-01-01", "--effective 2201-01-01 is after 2200-12-31"}, // a typo for 2021 or 2026
	}
	for _, tt := range tests {
		t.Run(tt.doc+" "+tt.effective, func(t *testing.T) {
			dir := sitegen.Files(t, map[string]string{"site.yaml": okSite, "content/personvern/2024-01-01.md": rev("A", "first")})
			site, err := Load(dir, Options{Languages: themeLangs})
			if err != nil {
				t.Fatal(err)
			}
			var eff time.Time
			if tt.effective != "" {
				eff = day(tt.effective)
			}
			rev, err := site.CreateRevision(tt.doc, tt.lang, eff, day("2026-11-26"), nil)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := os.Stat(rev.Path); err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(dir + "/content"); len(entries) != 1 {
				t.Errorf("made a folder: %v", entries)
			}
		})
	}
}
