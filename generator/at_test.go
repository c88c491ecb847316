package generator

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/generator/pages"
	"policysite/internal/contract"
)

// atSite is a site as of a day with what the version at a date is read
// from: each document's page of the version at a date and versions.json,
// made by the plan alone (no diff), by path.
type atSite struct {
	site  *content.Site
	day   *content.Day
	clock content.Clock
	files map[string][]byte
}

func planAt(t *testing.T, source, now string) *atSite {
	t.Helper()
	site, th, err := Load(source)
	if err != nil {
		t.Fatal(err)
	}
	clock := day(now)
	d := site.On(clock)
	out, err := pages.Plan(pages.Input{Day: d, Theme: th})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for name, data := range out.Files {
		if strings.HasSuffix(name, "versions.json") {
			files[name] = data
		}
	}
	for _, p := range out.Pages {
		if p.Kind != "at" {
			continue
		}
		var buf bytes.Buffer
		if err := th.Execute(&buf, p.Kind, p); err != nil {
			t.Fatal(err)
		}
		files[p.File()] = buf.Bytes()
	}
	return &atSite{site: site, day: d, clock: clock, files: files}
}

// atPeriod is a period as the page lists it: its days (last "" for the
// newest) and the revision it links to, as a path from the site's root.
type atPeriod struct{ from, last, path string }

// atPeriods reads the periods the page at path lists, in its order.
func atPeriods(t *testing.T, data []byte, path string) []atPeriod {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://x.invalid/" + path)
	var out []atPeriod
	var walk func(n *html.Node, in *atPeriod)
	walk = func(n *html.Node, in *atPeriod) {
		if n.Type == html.ElementNode && n.Data == "li" && attr(n, "data-from") != "" {
			out = append(out, atPeriod{from: attr(n, "data-from"), last: attr(n, "data-last")})
			in = &out[len(out)-1]
		}
		if n.Type == html.ElementNode && n.Data == "a" && in != nil && in.path == "" {
			ref, err := base.Parse(attr(n, "href"))
			if err != nil {
				t.Fatal(err)
			}
			in.path = strings.TrimPrefix(ref.Path, "/")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, nil)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// direct is the revision of ser that applies on d by the rule, computed
// straight from the content: of the revisions not drafts on the site's
// day, the one with the latest effective date on or before d; nil before
// the first.
func (s *atSite) direct(ser *content.Series, d time.Time) *content.Revision {
	var found *content.Revision
	for _, r := range ser.Revisions {
		if s.day.Of(r).Status == content.StatusDraft {
			continue
		}
		if !r.Effective.After(d) && (found == nil || r.Effective.After(found.Effective)) {
			found = r
		}
	}
	return found
}

// check compares, for every day from two before the first revision to a
// year after the last, the page's periods, versions.json and At (what
// policysite at answers) with the direct computation, for every document
// and language; it returns the number of days checked.
func (s *atSite) check(t *testing.T) int {
	t.Helper()
	days := 0
	for _, ser := range s.site.Series {
		links := pages.LinksOf(s.day, ser)
		if len(links.Periods()) == 0 {
			continue
		}
		docPath := links.Doc.Path
		periods := atPeriods(t, s.files[pages.AtPath(docPath)+"index.html"], pages.AtPath(docPath))
		v, err := contract.ReadVersions(s.files[docPath+"versions.json"])
		if err != nil {
			t.Fatalf("%sversions.json: %v", docPath, err)
		}
		// The page lists newest first, each period ending the day before
		// the next begins; the newest alone has no end.
		for i, p := range periods {
			if i == 0 {
				if p.last != "" {
					t.Errorf("%s: the newest period ends on %s", docPath, p.last)
				}
				continue
			}
			from, _ := time.Parse(content.DateLayout, periods[i-1].from)
			if want := content.Date(from.AddDate(0, 0, -1)); p.last != want {
				t.Errorf("%s: the period from %s ends on %s, want %s", docPath, p.from, p.last, want)
			}
		}
		if len(periods) != len(v.Revisions) {
			t.Fatalf("%s: %d periods on the page, %d revisions in versions.json", docPath, len(periods), len(v.Revisions))
		}
		first := ser.Revisions[0].Effective
		last := ser.Revisions[len(ser.Revisions)-1].Effective
		for d := first.AddDate(0, 0, -2); !d.After(last.AddDate(1, 0, 0)); d = d.AddDate(0, 0, 1) {
			days++
			iso := content.Date(d)
			want := s.direct(ser, d)
			wantPath := ""
			if want != nil {
				wantPath = links.Revision(want).Path
			}
			// The page: the one period that holds the day.
			gotPage := ""
			for _, p := range periods {
				if p.from <= iso && (p.last == "" || iso <= p.last) {
					if gotPage != "" {
						t.Fatalf("%s: two periods hold %s", docPath, iso)
					}
					gotPage = p.path
				}
			}
			// versions.json: effective and effective_until, the first day
			// the revision no longer applies.
			gotJSON := ""
			for _, r := range v.Revisions {
				if r.Effective <= iso && (r.EffectiveUntil == "" || iso < r.EffectiveUntil) {
					if gotJSON != "" {
						t.Fatalf("%s: two revisions of versions.json hold %s", docPath, iso)
					}
					gotJSON = strings.TrimPrefix(r.URL, s.site.Config.BasePath())
				}
			}
			// At, the answer of policysite at.
			gotAt := ""
			a, err := At(s.site, AtRequest{Doc: ser.Doc, Lang: ser.Lang, Day: d, Clock: s.clock})
			switch {
			case err == nil:
				gotAt = strings.TrimPrefix(a.URL, s.site.Config.BaseURL)
				if a.Period.Revision != want || a.Period.Path != wantPath {
					t.Errorf("%s on %s: At gives the revision of %s", docPath, iso, a.Period.EffectiveISO())
				}
			case want != nil:
				t.Errorf("%s on %s: At: %v", docPath, iso, err)
			default:
				var e *msg.Error
				if !errors.As(err, &e) || e.ID != "at.before-first" {
					t.Errorf("%s on %s, before the first: At: %v", docPath, iso, err)
				}
			}
			if gotPage != wantPath || gotJSON != wantPath || gotAt != wantPath {
				t.Fatalf("%s on %s: the page says %q, versions.json %q, at %q; want %q", docPath, iso, gotPage, gotJSON, gotAt, wantPath)
			}
		}
	}
	return days
}

// TestAtDemo: which revision applied on a day, for every day of the demo's
// documents, by the page of the version at a date, versions.json and
// policysite at alike; and a table of the days where it matters: before
// the first revision, the day before a change, the change day itself, an
// editorial revision, the announced revision and a day far ahead. A
// draft is not counted until it is published.
func TestAtDemo(t *testing.T) {
	s := planAt(t, "../examples/demo", "2026-11-26")
	if n := s.check(t); n < 365*8 {
		t.Errorf("only %d days checked", n)
	}
	for _, tt := range []struct{ doc, lang, day, want string }{
		{"personvern", "", "2019-02-28", ""},
		{"personvern", "", "2019-03-01", "2019-03-01"},
		{"personvern", "", "2020-08-31", "2019-03-01"},
		{"personvern", "", "2020-09-01", "2020-09-01"},
		{"personvern", "", "2021-02-10", "2021-02-10"}, // editorial: a text that applied
		{"personvern", "", "2026-11-26", "2024-05-01"},
		{"personvern", "", "2027-01-14", "2024-05-01"},
		{"personvern", "", "2027-01-15", "2027-01-15"}, // announced, not yet in force
		{"personvern", "", "2027-06-01", "2027-01-15"}, // a draft takes effect then: not counted
		{"personvern", "", "2100-01-01", "2027-01-15"},
		{"personvern", "en", "2024-04-30", ""},
		{"personvern", "en", "2024-05-01", "2024-05-01"},
	} {
		a, err := At(s.site, AtRequest{Doc: tt.doc, Lang: tt.lang, Day: mustDay(tt.day), Clock: s.clock})
		got := ""
		if err == nil {
			got = a.Period.EffectiveISO()
		}
		if got != tt.want {
			t.Errorf("%s %s on %s: %q (%v), want %q", tt.doc, tt.lang, tt.day, got, err, tt.want)
		}
	}
	// The page says the rule, and marks nothing but the periods.
	page := plainSpaces(s.files["personvern/at/index.html"])
	for _, want := range []string{
		"Hver versjon gjelder fra og med dagen den trer i kraft, til og med dagen før neste versjon trer i kraft.",
		`<a href="../../personvern/2020-09-01/"><time datetime="2020-09-01">1. september 2020</time> – <time datetime="2021-02-09">9. februar 2021</time></a>`,
		`<a href="../../personvern/2027-01-15/">Fra <time datetime="2027-01-15">15. januar 2027</time></a>`,
		`<script src="../../at.js" defer></script>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("personvern/at/ does not say %s", want)
		}
	}
	if en := string(s.files["en/personvern/at/index.html"]); !strings.Contains(en, "Each version applies from the day it takes effect") {
		t.Error("the English page of the version at a date does not state the rule in English")
	}
	// Published later, the draft counts from its publication day.
	later := planAt(t, "../examples/demo", "2027-05-20")
	later.check(t)
	if a, err := At(later.site, AtRequest{Doc: "personvern", Day: mustDay("2027-06-01"), Clock: later.clock}); err != nil || a.Period.EffectiveISO() != "2027-06-01" {
		t.Errorf("once published, the revision of 2027-06-01 is not the answer for its day: %v", err)
	}
}

// TestAtCorpus is TestAtDemo's comparison over a long real history, every
// day of it.
func TestAtCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("checks every day of the corpus: skipped with -short (TestAtDemo checks the demo)")
	}
	src := "../../shared/corpora/github-privacy"
	if _, err := os.Stat(src); err != nil {
		t.Skip("../shared/corpora is absent; skipping the version at a date over the corpus")
	}
	s := planAt(t, src, "2026-11-26")
	if n := s.check(t); n < 365*5 {
		t.Errorf("only %d days checked", n)
	}
}

func mustDay(s string) time.Time {
	d, err := time.Parse(content.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}
