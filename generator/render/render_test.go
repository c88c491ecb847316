package render

import (
	"bytes"
	"flag"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.md")
	if err != nil || len(inputs) == 0 {
		t.Fatal("no inputs in testdata/", err)
	}
	r := New()
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			res, err := r.Render(src)
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".md") + ".html"
			if *update {
				if err := os.WriteFile(golden, res.HTML, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./... -update to create it)", err)
			}
			if string(res.HTML) != string(want) {
				t.Errorf("%s differs from %s:\n%s", in, golden, res.HTML)
			}
		})
	}
}

func TestHeadingIDs(t *testing.T) {
	src, err := os.ReadFile("testdata/norwegian.md")
	if err != nil {
		t.Fatal(err)
	}
	res, err := New().Render(src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Headings {
		got = append(got, h.ID)
	}
	want := []string{
		"behandlingsansvarlig",
		"registrering-og-innsamling-av-personopplysninger",
		"særlig-om-bruk-av-personopplysninger",
		"rettigheter",
		"kontakt",
		"kontakt-kontakt",
		"kontakt-2",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("IDs\n got %v\nwant %v", got, want)
	}
}

// A repeated heading is numbered with the first number from 2 that no
// other ID of the page has, whichever came first: explicit IDs, raw HTML's,
// the theme's, or an earlier heading whose words end in that number.
func TestRepeatedHeadingIDs(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"numbered", "## Kontakt\n## Kontakt\n## Kontakt\n## Kontakt\n", "kontakt kontakt-2 kontakt-3 kontakt-4"},
		{"explicit id taken first", "## Kontakt\n## Kontakt\n## Kontakt {#kontakt-3}\n## Kontakt\n", "kontakt kontakt-2 kontakt-3 kontakt-4"},
		{"explicit id before", "## Kontakt {#kontakt-2}\n## Kontakt\n## Kontakt\n", "kontakt-2 kontakt kontakt-3"},
		{"words end in a number", "## Kontakt\n## Kontakt\n## Kontakt 3\n## Kontakt\n## Kontakt 2\n", "kontakt kontakt-2 kontakt-3 kontakt-4 kontakt-2-2"},
		{"repeated explicit id", "## A {#x}\n## B {#x}\n## C {#x}\n## x\n", "x x-2 x-3 x-4"},
		{"qualified by the heading above", "## Kontakt\n### Kontakt\n## Kontakt\n### Kontakt\n", "kontakt kontakt-kontakt kontakt-2 kontakt-2-kontakt"},
		{"qualified one taken", "## Kontakt\n### Kontakt\n### Kontakt\n### Kontakt\n", "kontakt kontakt-kontakt kontakt-2 kontakt-3"},
		{"raw HTML's id", "<span id=\"kontakt-2\">x</span>\n\n## Kontakt\n## Kontakt\n## Kontakt\n", "kontakt kontakt-3 kontakt-4"},
		{"the page's id", "## Main\n## Main\n", "main-2 main-3"},
	}
	r := New(WithReservedIDs("main"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.Render([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Headings {
				got = append(got, h.ID)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("IDs %s, want %s", g, tt.want)
			}
		})
	}
}

// An ID depends on its heading's words only: adding a section before it or
// renumbering it keeps every link to it working.
func TestHeadingIDsStable(t *testing.T) {
	r := New()
	a, _ := r.Render([]byte("## 4 SÆRLIG OM BRUK\n\n## 5 OPPBEVARING\n"))
	b, _ := r.Render([]byte("## 1 NY SEKSJON\n\n## 5 SÆRLIG OM BRUK\n\n## 6 OPPBEVARING\n"))
	ids := map[string]bool{}
	for _, h := range b.Headings {
		ids[h.ID] = true
	}
	for _, h := range a.Headings {
		if !ids[h.ID] {
			t.Errorf("%q (%s) is gone after renumbering", h.ID, h.Text)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"4 SÆRLIG OM BRUK", "særlig-om-bruk"},
		{"2.1 Hva personopplysningene brukes til", "hva-personopplysningene-brukes-til"},
		{"§ 3 Formål", "formål"},
		{"6 UTLEVERING AV PERSONOPPLYSNINGER - TAUSHETSPLIKT", "utlevering-av-personopplysninger-taushetsplikt"},
		{"Åpenhet og «innsyn»", "åpenhet-og-innsyn"},
		{"2024", "2024"},
		{"!!!", "section"},
		{"What's new in `v2`?", "whats-new-in-v2"},
		{"GitHub’s use of U.S. data", "githubs-use-of-us-data"},
		{"2.1 Hva skjer. Og så", "hva-skjer-og-så"},
		{"2a Lagring av data", "lagring-av-data"},
		{"2.1b) Lagring", "lagring"},
		{"§3 Formål", "formål"},
		{"3D-skriving", "3d-skriving"},
		{strings.Repeat("langt ord ", 20), "langt-ord-langt-ord-langt-ord-langt-ord-langt-ord-langt-ord"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A heading's section number is what renumbering changes; the rest is the
// section.
func TestSplitNumber(t *testing.T) {
	tests := []struct{ in, number, rest string }{
		{"4 SÆRLIG OM BRUK", "4", "SÆRLIG OM BRUK"},
		{"4. Særlig", "4.", "Særlig"},
		{"4.Særlig", "4.", "Særlig"},
		{"2.1.3 Formål", "2.1.3", "Formål"},
		{"2a Lagring", "2a", "Lagring"},
		{"2a. Lagring", "2a.", "Lagring"},
		{"10b) Klage", "10b)", "Klage"},
		{"§ 3 Formål", "§ 3", "Formål"},
		{"  7 Dine rettigheter ", "7", "Dine rettigheter"},
		{"10-årsregelen", "", "10-årsregelen"},
		{"24/7-vakt", "", "24/7-vakt"},
		{"2024", "2024", ""},
		{"2A Lagring", "", "2A Lagring"},
		{"3D-skriving", "", "3D-skriving"},
		{"4x4", "", "4x4"},
		{"2æ Lagring", "", "2æ Lagring"},
		{"Formål", "", "Formål"},
		{"§ Formål", "", "§ Formål"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if number, rest := SplitNumber(tt.in); number != tt.number || rest != tt.rest {
			t.Errorf("SplitNumber(%q) = %q, %q; want %q, %q", tt.in, number, rest, tt.number, tt.rest)
		}
	}
}

func TestSanitised(t *testing.T) {
	src, err := os.ReadFile("testdata/hostile.md")
	if err != nil {
		t.Fatal(err)
	}
	res, err := New().Render(src)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.ToLower(string(res.HTML))
	for _, bad := range []string{"<script", "<style", "<iframe", "<img", "<!--", "onerror", "onclick", "onmouseover", "javascript:", "data:text", "style=", "target="} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q:\n%s", bad, res.HTML)
		}
	}
	for _, good := range []string{"<br>", "<sup>2</sup>", "<sub>2</sub>", `id="anker"`, `<abbr title="personvernforordningen">`, `href="https://example.no"`, `href="../2020-01-01/"`, `href="mailto:a@b.no"`, "tekst i div"} {
		if !strings.Contains(out, good) {
			t.Errorf("output lacks %q:\n%s", good, res.HTML)
		}
	}
}

// The words of a block of raw HTML whose tags are dropped stay apart.
func TestHTMLBlockWords(t *testing.T) {
	res, err := New().Render([]byte("Før.\n\n<div><table><tr><td>Navn</td><td>5 år</td></tr><tr><td>Adresse</td><td>10 år</td></tr></table></div>\n\nEtter.\n"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(res.HTML)), " ")
	if !strings.Contains(text, "Navn 5 år Adresse 10 år") {
		t.Errorf("the cells' words ran together: %s", res.HTML)
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		safe bool
	}{
		{"https://example.no", true},
		{"http://example.no", true},
		{"mailto:a@b.no", true},
		{"tel:+4763823350", true},
		{"#rettigheter", true},
		{"../2020-01-01/", true},
		{"side?x=a:b", true},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{" java\tscript:alert(1)", false},
		{"data:text/html,x", false},
		{"vbscript:x", false},
		{"file:///etc/passwd", false},
	}
	for _, tt := range tests {
		if got := SafeURL(tt.url); got != tt.safe {
			t.Errorf("SafeURL(%q) = %v", tt.url, got)
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"## Tittel\n\ntekst", "<script>x</script>", "[a](javascript:x)", "| a |\n|---|\n| <b> |", "x[^1]\n\n[^1]: y"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		res, err := r.Render([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if problem := unsafeHTML(res.HTML); problem != "" {
			t.Fatalf("%s in the output of %q:\n%s", problem, src, res.HTML)
		}
		seen := map[string]bool{}
		for _, h := range res.Headings {
			if seen[h.ID] && h.ID != "" {
				t.Fatalf("duplicate heading ID %q in %q", h.ID, src)
			}
			seen[h.ID] = true
		}
	})
}

// unsafeHTML parses a fragment as a browser would and reports the first
// element or attribute that could run a script or load from elsewhere.
func unsafeHTML(fragment []byte) string {
	nodes, err := html.ParseFragment(bytes.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return "unparsable HTML"
	}
	var walk func(*html.Node) string
	walk = func(n *html.Node) string {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Iframe, atom.Object, atom.Embed, atom.Img, atom.Link, atom.Meta, atom.Base, atom.Form, atom.Svg, atom.Math:
				return "a <" + n.Data + "> element"
			}
			for _, a := range n.Attr {
				switch {
				case strings.HasPrefix(strings.ToLower(a.Key), "on"), a.Key == "style", a.Key == "srcset":
					return "attribute " + a.Key
				case (a.Key == "href" || a.Key == "src" || a.Key == "action") && !SafeURL(a.Val):
					return a.Key + "=" + a.Val
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if p := walk(c); p != "" {
				return p
			}
		}
		return ""
	}
	for _, n := range nodes {
		if p := walk(n); p != "" {
			return p
		}
	}
	return ""
}

func TestOutline(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"### a\n\n##### b\n\n### c\n", "<h2 id=\"a\">a</h2>\n<h3 id=\"b\">b</h3>\n<h2 id=\"c\">c</h2>\n"},
		{"# a\n\n## b\n\n#### c\n", "<h2 id=\"a\">a</h2>\n<h3 id=\"b\">b</h3>\n<h4 id=\"c\">c</h4>\n"},
		{"## a\n\n## b\n", "<h2 id=\"a\">a</h2>\n<h2 id=\"b\">b</h2>\n"},
	}
	r := New()
	for _, tt := range tests {
		res, err := r.Render([]byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if string(res.HTML) != tt.want {
			t.Errorf("%q rendered as\n%s\nwant\n%s", tt.src, res.HTML, tt.want)
		}
	}
}

func TestLinksAndIDs(t *testing.T) {
	src := "## Tittel {#main style=\"background:url(https://tracker.example/x.png)\" class=x}\n\n" +
		"## Tittel {#dup}\n\n## Annet {#dup}\n\n" +
		"<span id=\"raw\">a</span> <span id=\"raw\">b</span>\n\n## raw\n\n" +
		"![Kart over nettet](https://tracker.example/map.png) ![](/bilder/kart.png) [Vilkår](/vilkar/) [ekstern](//example.no/x)\n\n" +
		"[a](&#106;avascript:alert(1)) ~~gammel~~ <ins>x</ins><del>y</del>\n\n<span id=\"main\">\nblokk\n</span>\n"
	res, err := New(WithBasePath("/personvern/"), WithReservedIDs("main")).Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.HTML)
	for _, bad := range []string{"style=", "class=\"x\"", "<img", "javascript", "<ins>", "<del>", `id="main"`} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q:\n%s", bad, out)
		}
	}
	for _, good := range []string{
		`<h2 id="main-2">Tittel</h2>`, `<h2 id="dup">Tittel</h2>`, `<h2 id="dup-2">Annet</h2>`,
		`<span id="raw">a</span> <span>b</span>`, `<h2 id="raw-2">raw</h2>`,
		`<a href="https://tracker.example/map.png">Kart over nettet</a>`, `<a href="/personvern/bilder/kart.png">/bilder/kart.png</a>`,
		`<a href="/personvern/vilkar/">Vilkår</a>`, `<a href="//example.no/x">ekstern</a>`, "<s>gammel</s>",
	} {
		if !strings.Contains(out, good) {
			t.Errorf("output lacks %q:\n%s", good, out)
		}
	}
}
