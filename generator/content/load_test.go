package content

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var themeLangs = []string{"en", "nb", "nn"}

const okSite = "title: Test\nbaseURL: https://example.no/personvern\nlanguage: nb\nlanguages: [nb, en]\n"

func rev(title, summary string, extra ...string) string {
	return "---\ntitle: " + title + "\nsummary: " + summary + "\n" + strings.Join(extra, "\n") + "---\nTekst.\n"
}

// writeSite creates a site folder from a map of relative paths to contents.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoad(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":                           okSite,
		"content/README.md":                   "for editors",
		"content/personvern/2024-01-01.md":    rev("A", "first"),
		"content/personvern/2025-01-01.md":    rev("B", "second", "published: 2024-11-01\n"),
		"content/personvern/2025-01-01.en.md": rev("B en", "second en"),
		"content/personvern/.2025.md.swp":     "editor swap file",
		"content/vilkar/2023-05-05.md":        rev("V", "terms"),
	})
	site, err := Load(dir, Options{Languages: themeLangs})
	if err != nil {
		t.Fatal(err)
	}
	if site.Config.BaseURL != "https://example.no/personvern/" {
		t.Errorf("baseURL not normalised: %q", site.Config.BaseURL)
	}
	var got []string
	for _, s := range site.Series {
		for _, r := range s.Revisions {
			got = append(got, s.Doc+"/"+s.Lang+"/"+Date(r.Effective))
		}
	}
	want := "personvern/nb/2024-01-01 personvern/nb/2025-01-01 personvern/en/2025-01-01 vilkar/nb/2023-05-05"
	if strings.Join(got, " ") != want {
		t.Errorf("series:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":                           "title: Test\nbaseURL: example.no\nlanguages: [nb, de]\nbannerDays: many\n",
		"content/personvern/2024-01-01.md":    rev("A", "first"),
		"content/personvern/2024-01-01.nb.md": rev("A", "again"),
		"content/personvern/2024-02-30.md":    rev("A", "no such day"),
		"content/personvern/januar.md":        rev("A", "not a date"),
		"content/personvern/2024-03-01.fr.md": rev("A", "unknown language"),
		"content/personvern/notes.txt":        "notes",
		"content/Person Vern/2024-01-01.md":   rev("A", "bad slug"),
		"content/personvern/2024-04-01.md":    "---\ntitle: A\n---\n",
	})
	_, err := Load(dir, Options{Languages: themeLangs})
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want content errors, got %v", err)
	}
	text := errs.Error()
	for _, want := range []string{
		"site.yaml:2: baseURL \"example.no\" is not an absolute web address",
		"site.yaml:3: the theme has no words for language \"de\"",
		"site.yaml:4: bannerDays must be a whole number",
		"Person Vern: \"Person Vern\" is not a valid document name",
		"2024-01-01.nb.md: two revisions of personvern take effect on 2024-01-01 in language nb",
		"2024-02-30.md: 2024-02-30 in the file name is not a real date",
		"2024-03-01.fr.md: language \"fr\" is not one of the site's languages",
		"2024-04-01.md:2: summary is missing",
		"januar.md: the file name \"januar.md\" is not a date",
		"notes.txt: not a revision file",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	for _, d := range errs {
		if d.Fix == "" {
			t.Errorf("no fix given for %s", d)
		}
	}
}

func TestLoadMissingSiteYAML(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/personvern/2024-01-01.md": rev("A", "first")})
	_, err := Load(dir, Options{Languages: themeLangs})
	if err == nil || !strings.Contains(err.Error(), "there is no site.yaml") {
		t.Fatalf("got %v", err)
	}
}

func TestLoadUnknownSiteKey(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":                        okSite + "baseUrl: https://x.no/\n",
		"content/personvern/2024-01-01.md": rev("A", "first"),
	})
	_, err := Load(dir, Options{Languages: themeLangs})
	if err == nil || !strings.Contains(err.Error(), `site.yaml:5: unknown key "baseUrl" in site.yaml — did you mean "baseURL"?`) {
		t.Fatalf("got %v", err)
	}
}

func day(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestClassify(t *testing.T) {
	revs := []*Revision{
		{Effective: day("2020-01-01"), Published: day("2020-01-01")},
		{Effective: day("2022-01-01"), Published: day("2021-11-01")},
		{Effective: day("2027-01-15"), Published: day("2026-11-01")},
		{Effective: day("2027-06-01"), Published: day("2027-04-01")},
	}
	site := &Site{Series: []*Series{{Doc: "d", Lang: "nb", Revisions: revs}}}
	tests := []struct {
		today string
		want  string
	}{
		{"2019-12-31", "draft draft draft draft"},
		{"2020-01-01", "current draft draft draft"},
		{"2021-11-01", "current upcoming draft draft"},
		{"2026-11-26", "archived current upcoming draft"},
		{"2027-01-15", "archived archived current draft"},
		{"2027-04-01", "archived archived current upcoming"},
		{"2030-01-01", "archived archived archived current"},
	}
	for _, tt := range tests {
		site.Classify(day(tt.today))
		var got []string
		for _, r := range revs {
			got = append(got, string(r.Status))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%s: got %v, want %s", tt.today, got, tt.want)
		}
	}
}

func TestToday(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	// 23:30 UTC on 25 November is already 26 November in Oslo.
	now := time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC)
	if got := Date(Today(now, oslo)); got != "2026-11-26" {
		t.Errorf("Today in Oslo = %s", got)
	}
	if got := Date(Today(now, time.UTC)); got != "2026-11-25" {
		t.Errorf("Today in UTC = %s", got)
	}
}
