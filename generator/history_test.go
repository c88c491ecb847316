package generator

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"policysite/internal/contract"
	"policysite/internal/sitegen"
)

// withClass returns the elements of page whose class attribute holds class.
func withClass(t *testing.T, page []byte, class string) []*html.Node {
	t.Helper()
	nodes, err := contract.Parse(page, "class")
	if err != nil {
		t.Fatal(err)
	}
	var out []*html.Node
	for _, n := range nodes {
		for _, a := range n.Attr {
			if a.Key == "class" && slices.Contains(strings.Fields(a.Val), class) {
				out = append(out, n)
			}
		}
	}
	return out
}

// TestHistoryPage: the history lists the revisions by year, newest first,
// under the form to compare two, with no hash in any entry: the hashes
// wait in a section of their own at the end, which says what they are for.
func TestHistoryPage(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	page := files["personvern/history/index.html"]
	s := string(page)
	var years []string
	for _, m := range regexp.MustCompile(`<h2 id="year-(\d{4})">`).FindAllStringSubmatch(s, -1) {
		years = append(years, m[1])
	}
	if want := []string{"2027", "2024", "2022", "2021", "2020", "2019"}; !slices.Equal(years, want) {
		t.Errorf("years %v, want %v", years, want)
	}
	if c, y := strings.Index(s, `id="compare-form"`), strings.Index(s, `class="history-year"`); c < 0 || y < 0 || c > y {
		t.Errorf("the compare form (at %d) is not above the list (at %d)", c, y)
	}
	entries := withClass(t, page, "history-entry")
	if len(entries) != 6 {
		t.Fatalf("%d entries, want 6", len(entries))
	}
	hex64 := regexp.MustCompile(`[0-9a-f]{64}`)
	for _, e := range entries {
		if text := contract.Text(e); hex64.MatchString(text) {
			t.Errorf("an entry shows a hash: %s", strings.Join(strings.Fields(text), " "))
		}
	}
	verify := withClass(t, page, "verify")
	if len(verify) != 1 {
		t.Fatalf("%d sections to check the hashes, want 1", len(verify))
	}
	text := contract.Text(verify[0])
	if n := len(hex64.FindAllString(text, -1)); n != 12 {
		t.Errorf("the section to check shows %d hashes, want 12 (a sha256 and a chain value for each of 6 revisions)", n)
	}
	for _, want := range []string{"For dem som vil kontrollere", "fingeravtrykk", "sha256sum", "Kjedesummen binder", "versions.json"} {
		if !strings.Contains(text, want) {
			t.Errorf("the section to check does not say %q", want)
		}
	}
	if !strings.HasSuffix(strings.TrimSpace(s[:strings.Index(s, "</main>")]), `<script src="../../compare.js" defer></script>`) ||
		strings.Index(s, `class="verify"`) < strings.LastIndex(s, `class="history-entry`) {
		t.Error("the section to check is not at the end of the page")
	}
}

// TestHistoryWithoutEditorial: a document with editorial revisions has a
// second history page without them (and with the first), and the two
// link to each other, the page shown marked as such; a document without
// any has neither that page nor the links.
func TestHistoryWithoutEditorial(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	all, material := files["personvern/history/index.html"], files["personvern/history/material/index.html"]
	if material == nil {
		t.Fatal("no personvern/history/material/")
	}
	for _, want := range []struct {
		page []byte
		name string
		text string
	}{
		{all, "history", `<a href="../../personvern/history/" aria-current="page">Alle (6)</a>`},
		{all, "history", `<a href="../../personvern/history/material/">Uten redaksjonelle endringer (5)</a>`},
		{material, "material", `<a href="../../../personvern/history/">Alle (6)</a>`},
		{material, "material", `<a href="../../../personvern/history/material/" aria-current="page">Uten redaksjonelle endringer (5)</a>`},
		{material, "material", `<title>Versjoner uten redaksjonelle endringer: Personvernerklæring for Fjordvarme AS`},
		{material, "material", `<a href="../../../personvern/history/#verify">Alle versjoner</a>`},
		{material, "material", `<a href="../../../personvern/2019-03-01/"><time datetime="2019-03-01">`}, // the first
	} {
		if !bytes.Contains(want.page, []byte(want.text)) {
			t.Errorf("the %s page does not have %s", want.name, want.text)
		}
	}
	if bytes.Contains(material, []byte("reason-editorial")) || !bytes.Contains(all, []byte("reason-editorial")) {
		t.Error("the page without editorial changes lists one, or the full history none")
	}
	if len(withClass(t, material, "history-entry")) != 5 {
		t.Errorf("%d entries without editorial changes, want 5", len(withClass(t, material, "history-entry")))
	}
	if regexp.MustCompile(`[0-9a-f]{64}`).Match(material) {
		t.Error("the page without editorial changes shows hashes; it links to the full history's")
	}
	if !bytes.Contains(files["sitemap.xml"], []byte("/personvern/history/material/</loc>")) {
		t.Error("the page without editorial changes is not in the sitemap")
	}
	if _, ok := files["informasjonskapsler/history/material/index.html"]; ok {
		t.Error("a document without editorial revisions has a page without them")
	}
	if bytes.Contains(files["informasjonskapsler/history/index.html"], []byte("history-filter")) {
		t.Error("a document without editorial revisions offers to leave them out")
	}
}

// TestRewrittenDiff: a diff where most of the text changed says so first
// and links to the newer revision's text; one that edits the text does not.
func TestRewrittenDiff(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	rewritten := plainSpaces(files["informasjonskapsler/2023-01-10/diff/index.html"])
	notice := strings.Index(rewritten, `class="notice notice-rewritten"`)
	if notice < 0 || notice > strings.Index(rewritten, `class="diff-summary"`) {
		t.Fatalf("the diff of a rewritten text does not say so first:\n%s", rewritten)
	}
	for _, want := range []string{"Det meste av teksten er endret.", `<a class="read-new" href="../../../informasjonskapsler/2023-01-10/">Les den nye teksten (versjonen av 10. januar 2023)</a>`} {
		if !strings.Contains(rewritten, want) {
			t.Errorf("the diff of a rewritten text does not have %s", want)
		}
	}
	for _, name := range []string{"personvern/2024-05-01/diff/index.html", "personvern/2021-02-10/diff/index.html", "personvern/compare/2021-02-10/2024-05-01/index.html"} {
		if bytes.Contains(files[name], []byte("notice-rewritten")) {
			t.Errorf("%s says most of the text changed", name)
		}
	}
}

// TestCompareBetween: a page comparing revisions that are not neighbours
// lists the revisions whose changes it shows, each with its date, a link
// and its summary, oldest first; a diff page has no such list.
func TestCompareBetween(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	page := files["personvern/compare/2019-03-01/2024-05-01/index.html"]
	lists := withClass(t, page, "between")
	if len(lists) != 1 {
		t.Fatalf("%d lists of the revisions between, want 1", len(lists))
	}
	var dates []string
	for li := lists[0].FirstChild; li != nil; li = li.NextSibling {
		if li.Type == html.ElementNode {
			dates = append(dates, strings.Fields(contract.Text(li))[0]+" "+strings.Fields(contract.Text(li))[1])
		}
	}
	if want := []string{"1. september", "10. februar", "1. august", "1. mai"}; !slices.Equal(dates, want) {
		t.Errorf("revisions between %v, want %v", dates, want)
	}
	for _, want := range []string{
		"Endringene kom i disse 4 versjonene:",
		`<li><a href="../../../../personvern/2021-02-10/"><time datetime="2021-02-10">10. februar 2021</time></a> <span class="reason reason-editorial">(Redaksjonell endring)</span>: Vi har rettet noen skrivefeil`,
	} {
		if !strings.Contains(plainSpaces(page), want) {
			t.Errorf("the compare page does not have %s", want)
		}
	}
	if len(withClass(t, files["personvern/2024-05-01/diff/index.html"], "between")) != 0 {
		t.Error("a diff page lists revisions between")
	}
}

// TestCompareBetweenLong: of more than 21 revisions between, a compare page
// lists the first and the last ten, numbered as in the whole list, and
// between them a line that counts the rest and links to the history: every
// page listing them all grew a long history with the square of its length.
func TestCompareBetweenLong(t *testing.T) {
	for _, tt := range []struct {
		revisions int
		lines     []string // of the page comparing the first with the current
	}{
		{22, []string{"2001", "2002", "2003", "2004", "2005", "2006", "2007", "2008", "2009", "2010", "2011",
			"2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019", "2020", "2021"}},
		{23, []string{"2001", "2002", "2003", "2004", "2005", "2006", "2007", "2008", "2009", "2010",
			"2 versjoner til: se alle i historikken", "13:2013", "2014", "2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022"}},
		{40, []string{"2001", "2002", "2003", "2004", "2005", "2006", "2007", "2008", "2009", "2010",
			"19 versjoner til: se alle i historikken", "30:2030", "2031", "2032", "2033", "2034", "2035", "2036", "2037", "2038", "2039"}},
	} {
		dir := filepath.Join(t.TempDir(), "site")
		bodies := []string{"Første versjon.\n"}
		for len(bodies) < tt.revisions {
			bodies = append(bodies, sitegen.Edit(bodies[len(bodies)-1]))
		}
		if err := sitegen.WriteRevisions(dir, bodies...); err != nil {
			t.Fatal(err)
		}
		files := generate(t, dir, "2100-01-01")
		name := fmt.Sprintf("personvern/compare/2000-01-01/%d-01-01/index.html", 2000+tt.revisions-1)
		page := files[name]
		lists := withClass(t, page, "between")
		if len(lists) != 1 {
			t.Fatalf("%s: %d lists of the revisions between, want 1", name, len(lists))
		}
		var lines []string
		for li := lists[0].FirstChild; li != nil; li = li.NextSibling {
			if li.Type != html.ElementNode {
				continue
			}
			line := strings.TrimSpace(contract.Text(li))
			if attr(li, "class") == "between-more" {
				if a := li.FirstChild; a == nil || a.Data != "a" || attr(a, "href") != "../../../../personvern/history/" {
					t.Errorf("%s: the line for the revisions left out does not link to the history", name)
				}
				lines = append(lines, line)
				continue
			}
			year := strings.Fields(line)[2]
			if v := attr(li, "value"); v != "" {
				year = v + ":" + year
			}
			lines = append(lines, year)
		}
		if !slices.Equal(lines, tt.lines) {
			t.Errorf("%s lists\n%q\nwant\n%q", name, lines, tt.lines)
		}
		if want := fmt.Sprintf("Endringene kom i disse %d versjonene:", tt.revisions-1); !strings.Contains(plainSpaces(page), want) {
			t.Errorf("%s does not say %q", name, want)
		}
	}
}

// plainSpaces is a page with its no-break spaces (inside dates) as plain
// ones, as the texts the tests look for are written.
func plainSpaces(page []byte) string {
	return strings.ReplaceAll(string(page), "\u00a0", " ")
}
