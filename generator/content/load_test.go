package content

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"policysite/generator/diag"
	"policysite/internal/sitegen"
)

var themeLangs = []string{"en", "nb", "nn"}

const okSite = "title: Test\nbaseURL: https://example.no/personvern\nlanguage: nb\nlanguages: [nb, en]\n"

// rev is a revision file; its text is its summary's, so that each
// revision of a test changes the text (see checkIdentical).
func rev(title, summary string, extra ...string) string {
	return "---\ntitle: " + title + "\nsummary: " + summary + "\n" + strings.Join(extra, "\n") + "---\nTekst: " + summary + "\n"
}

func TestLoad(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
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
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                           "title: Test\nbaseURL: example.no\nlanguages: [nb, de]\nbannerDays: many\n",
		"content/personvern/2024-01-01.md":    rev("A", "first"),
		"content/personvern/2024-01-01.nb.md": rev("A", "again"),
		"content/personvern/2024-02-30.md":    rev("A", "no such day"),
		"content/personvern/januar.md":        rev("A", "not a date"),
		"content/personvern/2024-03-01.fr.md": rev("A", "unknown language"),
		"content/personvern/notes.txt":        "notes",
		"content/Person Vern/2024-01-01.md":   rev("A", "bad slug"),
		"content/personvern/2024-04-01.md":    "---\ntitle: A\n---\n",
		"content/personvern/2024-05-01.EN.md": rev("A", "capital language"),
		"content/personvern/2024-05-02.MD":    rev("A", "capital extension"),
		"content/2024-06-01.md":               rev("A", "no document"),
		"content/personvern/0000-01-01.md":    rev("A", "year zero"),
		"content/personvern/1989-12-31.md":    rev("A", "too early"),
		"content/personvern/2201-01-01.md":    rev("A", "too late"),
		"content/personvern/2024-07-01.md":    rev("A", "published in year zero", "published: 0000-01-01\n"),
		"content/personvern/2024-08-01.md":    rev("A", "published too early", "published: 1989-12-31\n"),
		"content/en/2024-01-01.md":            rev("A", "a language of the theme as a document"),
	})
	_, err := Load(dir, Options{Languages: themeLangs})
	var errs diag.List
	if !errors.As(err, &errs) {
		t.Fatalf("want content errors, got %v", err)
	}
	for _, d := range errs {
		if d.Level != diag.Error { // check counts them by it
			t.Errorf("%s: level %q, want %q", d, d.Level, diag.Error)
		}
	}
	text := errs.Error()
	for _, want := range []string{
		"site.yaml:2: baseURL \"example.no\" is not an absolute web address",
		"site.yaml:3: the theme has no words for language \"de\"",
		"site.yaml:4: bannerDays must be a whole number",
		"Person Vern: \"Person Vern\" is not a valid document name",
		"2024-01-01.nb.md:1: two revisions of personvern take effect on 2024-01-01 in language nb",
		"2024-02-30.md:1: 2024-02-30 in the file name is not a real date",
		"2024-03-01.fr.md:1: language \"fr\" is not one of the site's languages",
		"2024-04-01.md:2: summary is missing",
		"2024-04-01.md:3: the revision has no text after the front matter",
		"januar.md:1: the file name \"januar.md\" is not a date",
		"notes.txt:1: not a revision file",
		"2024-05-01.EN.md:1: \"EN\" in the file name is not a language code",
		"2024-05-02.MD:1: the file name \"2024-05-02.MD\" must end in .md",
		"content/2024-06-01.md:1: a revision directly in content/ belongs to no document",
		"0000-01-01.md:1: 0000-01-01 in the file name is before 1990-01-01, earlier than any revision of a privacy policy can be",
		"1989-12-31.md:1: 1989-12-31 in the file name is before 1990-01-01",
		"2201-01-01.md:1: 2201-01-01 in the file name is after 2200-12-31, too far ahead to be meant",
		"2024-07-01.md:4: published 0000-01-01 is before 1990-01-01",
		"2024-08-01.md:4: published 1989-12-31 is before 1990-01-01",
		"content/en: the document name \"en\" is also a language code of the site or its theme",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	for _, d := range errs {
		if d.Fix.IsZero() {
			t.Errorf("no fix given for %s", d)
		}
	}
}

// The first and the last day content may give are days like any other.
func TestLoadDateRange(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/1990-01-01.md": rev("A", "first"),
		"content/personvern/2200-12-31.md": rev("B", "last", "published: 1990-01-01\n"),
	})
	if _, err := Load(dir, Options{Languages: themeLangs}); err != nil {
		t.Fatal(err)
	}
}

func TestLoadMissingSiteYAML(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{"content/personvern/2024-01-01.md": rev("A", "first")})
	_, err := Load(dir, Options{Languages: themeLangs})
	if err == nil || !strings.Contains(err.Error(), "there is no site.yaml") {
		t.Fatalf("got %v", err)
	}
}

// A site.yaml that cannot be read is the one error: the revisions of its
// other languages are not also said to be in a language it does not list.
func TestLoadUnreadableSiteYAML(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                           "title: T\nbaseURL: https://x.no/\nlanguages: [nb, en]\ncontact:\n\temail: a@x.no\n",
		"content/personvern/2024-01-01.md":    rev("A", "first"),
		"content/personvern/2024-01-01.en.md": rev("A", "first"),
	})
	_, err := Load(dir, Options{Languages: themeLangs})
	var errs diag.List
	if !errors.As(err, &errs) || len(errs) != 1 || !strings.Contains(err.Error(), "site.yaml") {
		t.Errorf("want the one error of site.yaml, got %v", err)
	}
}

func TestLoadUnknownSiteKey(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite + "baseUrl: https://x.no/\n",
		"content/personvern/2024-01-01.md": rev("A", "first"),
	})
	_, err := Load(dir, Options{Languages: themeLangs})
	if err == nil || !strings.Contains(err.Error(), `site.yaml:5: unknown key "baseUrl" in site.yaml — did you mean "baseURL"?`) {
		t.Fatalf("got %v", err)
	}
}

// site.yaml gets the same text checks as a revision: each names its line
// and how to save the file.
func TestLoadSiteYAMLText(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"latin-1", "title: Gr\xf8nn\nbaseURL: https://x.no/\n", "site.yaml:1: the file is not valid UTF-8 text — save it as UTF-8"},
		{"bom", "\xef\xbb\xbf" + okSite, "site.yaml:1: the file starts with a byte-order mark (BOM)"},
		{"bidi", okSite + "# \u202e\n", "site.yaml:5: the text contains an invisible direction control character (U+202E)"},
		{"escape", okSite + "# \x1b[2K\n", "site.yaml:5: the text contains a control character (U+001B, escape), which can rewrite what a terminal shows"},
		{"C1", "title: T\u009b\n" + okSite[len("title: Test\n"):], "site.yaml:1: the text contains a control character (U+009B, control sequence introducer)"},
		{"lone CR", okSite + "contact:\r  name: x\n", "site.yaml:5: the text contains a carriage return (U+000D) that is not part of a line end"},
		{"escape in quotes", okSite + "contact:\n  name: \"A\\e[8m\"\n", "site.yaml:6: name contains a control character (U+001B, escape)"},
	}
	for _, tt := range tests {
		dir := sitegen.Files(t, map[string]string{"site.yaml": tt.yaml, "content/personvern/2024-01-01.md": rev("A", "first")})
		_, err := Load(dir, Options{Languages: themeLangs})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
}

func day(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOn(t *testing.T) {
	revs := []*Revision{
		{Effective: day("2020-01-01"), NotBefore: day("2020-01-01")},
		{Effective: day("2022-01-01"), NotBefore: day("2021-11-01")},
		{Effective: day("2027-01-15"), NotBefore: day("2026-11-01")},
		{Effective: day("2027-06-01"), NotBefore: day("2027-04-01")},
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
		on := site.On(Clock{Day: day(tt.today)})
		var got []string
		for _, r := range revs {
			got = append(got, string(on.Of(r).Status))
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

// A pipe or a device under a revision's name must neither hang nor exhaust
// memory.
func TestLoadSpecialFiles(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2024-01-01.md": rev("A", "first"),
	})
	doc := filepath.Join(dir, "content", "personvern")
	if err := os.Symlink("/dev/zero", filepath.Join(doc, "2024-02-01.md")); err != nil {
		t.Skip("cannot make a symbolic link:", err)
	}
	if err := syscall.Mkfifo(filepath.Join(doc, "2024-03-01.md"), 0o644); err != nil {
		t.Skip("cannot make a pipe:", err)
	}
	if err := os.Symlink("loop.md", filepath.Join(doc, "loop.md")); err != nil {
		t.Fatal(err)
	}
	outsideFile := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outsideFile, []byte(rev("S", "secret")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outsideFile, filepath.Join(doc, "2024-04-01.md")); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir, Options{Languages: themeLangs})
	text := fmt.Sprint(err)
	for _, want := range []string{"2024-02-01.md:1: not a regular file", "2024-03-01.md:1: not a regular file", "loop.md:1: cannot read: too many levels of symbolic links", "2024-04-01.md:1: a link to a file outside the site folder"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
}

// A day given as such is that day wherever the site is, even east of UTC+12.
func TestClockDay(t *testing.T) {
	auckland, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	c := Clock{Day: day("2026-11-26")}
	if got := Date(c.Today(auckland)); got != "2026-11-26" {
		t.Errorf("Today = %s", got)
	}
	c = Clock{Now: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)}
	if got := Date(c.Today(auckland)); got != "2026-11-27" {
		t.Errorf("noon UTC in UTC+14 is %s", got)
	}
}

func TestLeadTime(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite + "leadDays: 30\n",
		"content/personvern/2020-01-01.md": rev("A", "in force long ago, published the same day"),
		"content/personvern/2027-01-10.md": rev("B", "too late", "published: 2026-12-31\n"),
		"content/personvern/2027-02-01.md": rev("C", "urgent", "published: 2026-12-31\nurgent: Datatilsynet påla oss å endre straks\n"),
		"content/personvern/2027-03-01.md": rev("D", "typos", "reason: editorial\npublished: 2027-02-28\n"),
		"content/personvern/2027-04-01.md": rev("E", "a draft, also too late", "reason: legal\n"),
		"content/personvern/2027-05-01.md": rev("F", "in time", "published: 2027-04-01\n"),
	})
	site, err := Load(dir, Options{Languages: themeLangs})
	if err != nil {
		t.Fatal(err)
	}
	clock := Clock{Day: day("2027-01-01"), Real: day("2027-01-01")}
	err = site.On(clock).Check()
	var errs diag.List
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	// The last day to publish B has passed: the advice is a later
	// effective day, never a publication day in the past.
	if !strings.Contains(errs[0].String(), "2027-01-10.md:4: this processing change is published on 2026-12-31, 10 days before it takes effect on 2027-01-10") ||
		!strings.Contains(errs[0].Fix.String(), "take effect on 2027-01-30 or later") || !strings.Contains(errs[0].Fix.String(), "2027-01-30.md") ||
		strings.Contains(errs[0].Fix.String(), "published:") || !strings.Contains(errs[0].Fix.String(), "urgent:") {
		t.Errorf("first error: %s", errs[0])
	}
	if !strings.HasSuffix(errs[1].File, "2027-04-01.md") || errs[1].Line != 2 ||
		!strings.Contains(errs[1].Message.String(), "this legal change has no published: line, so it is held back until the day it takes effect, 2027-04-01") ||
		!strings.Contains(errs[1].Fix.String(), "published: 2027-01-01, or any day up to 2027-03-02") {
		t.Errorf("second error: %s", errs[1])
	}
	// While the last day to publish is to come, the advice names it.
	early := Clock{Day: day("2026-12-01"), Real: day("2026-12-01")}
	if err := site.On(early).Check(); err == nil || !strings.Contains(err.Error(), "publish it on 2026-12-11 or earlier, but not before today (published: 2026-12-11)") {
		t.Errorf("before the last day: %v", err)
	}
	// Once in force, a revision is history and is not judged.
	late := Clock{Day: day("2027-06-01"), Real: day("2027-06-01")}
	if err := site.On(late).Check(); err != nil {
		t.Errorf("revisions in force judged: %v", err)
	}
}

// A document folder that is a link out of the site folder is refused file
// by file, as a file linked out of it is.
func TestLoadFolderLinkedOutside(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2024-01-01.md": rev("A", "first"),
	})
	elsewhere := t.TempDir()
	if err := os.WriteFile(filepath.Join(elsewhere, "2024-02-01.md"), []byte(rev("S", "secret")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(dir, "content", "vilkaar")); err != nil {
		t.Skip("cannot make a symbolic link:", err)
	}
	// A file there that links back into the site folder is the site's.
	inside := filepath.Join(dir, "vilkaar-2024-03-01.md")
	if err := os.WriteFile(inside, []byte(rev("V", "vilkår")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(inside, filepath.Join(elsewhere, "2024-03-01.md")); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir, Options{Languages: themeLangs})
	text := fmt.Sprint(err)
	if !strings.Contains(text, filepath.Join("vilkaar", "2024-02-01.md")+":1: a link to a file outside the site folder") {
		t.Errorf("a document folder linked outside: %s", text)
	}
	if strings.Contains(text, "2024-03-01.md") {
		t.Errorf("a file linked back into the site folder refused: %s", text)
	}
}
