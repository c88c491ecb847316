package generator

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"policysite/generator/content"
	"policysite/internal/htmlcheck"
	"policysite/internal/sitegen"
)

// hostileText is text a revision may hold, and that must come out of
// every output file harmless: markup (xssVectors), references that are
// not controls or not references at all, characters that XML or
// JavaScript treat specially, tabs and non-characters.
var hostileText = append(append([]string(nil), xssVectors...),
	"&#xFEFF; &#xD800; &#x110000; &#99999999999; &#27 &#x1b &amp;#27; &#xFFFE &#xFDD0", "\ufeff mid \U000E0001 tags \U0010FFFD",
	"line\u2028separator\u2029paragraph", "tab\there", "`<\\x1b[31m>` in code", "<kbd>&#x41;</kbd>", `<a href="https://x.no/%1B">x</a>`,
	`[x](https://x.no/%1B%9B "t")`, "[^1]\n\n[^1]: \u2028 in a footnote", "| a\u2029 | b |\n|---|---|\n| \ufeff | c |", "]]> <![CDATA[ x ]]>", "\\u0000 \\x00")

// fuzzSeeds are the revisions of content's fuzz corpus that load: what a
// fuzzer found hostile and the loader accepts.
func fuzzSeeds(t *testing.T) []string {
	t.Helper()
	dir := filepath.Join("content", "testdata", "fuzz", "FuzzParseRevision")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, content.MaxFileSize)
		for sc.Scan() {
			if lit, ok := strings.CutPrefix(sc.Text(), "[]byte("); ok {
				if s, err := strconv.Unquote(strings.TrimSuffix(lit, ")")); err == nil {
					out = append(out, s)
				}
			}
		}
		f.Close()
	}
	return out
}

// A site full of hostile content that the loader accepts builds into
// files that every reader can read: the feeds and the sitemap are XML, the
// JSON files JSON, and no file holds a control character.
func TestHostileOutput(t *testing.T) {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) } // JSON is YAML
	one := strings.Join(xssVectors, " ")
	files := map[string]string{
		"site.yaml": "title: " + q("Site &#27; \u2028 "+one) + "\nbaseURL: https://example.no/personvern/\nlanguages: [nb, en]\ncontact:\n  name: " + q("&#27;[2J "+one) +
			"\n  email: " + q("a@b.no") + "\n  phone: " + q("&#x9b; 22 33") + "\n  address: " + q("Gate 1\n0150 Oslo &#13;") + "\n  url: https://example.no/?a=%1B&b=<x>\n",
		"content/personvern/2026-01-01.md":    "---\ntitle: " + q("T \u2028 ]]> "+one) + "\nsummary: " + q("S \u2029 "+one) + "\n---\n" + strings.Join(hostileText, "\n\n") + "\n",
		"content/personvern/2026-01-01.en.md": "---\ntitle: " + q("T en") + "\nsummary: " + q("S en \u2029") + "\n---\n# \ufeff\n\n" + strings.Join(hostileText, "\n\n") + "\n",
		"content/personvern/2026-12-01.md": "---\ntitle: " + q("T2 "+one) + "\nsummary: " + q("S2 \u2028 "+one) + "\npublished: 2026-11-20\nurgent: " + q("U \u2028 "+one) +
			"\n---\n" + strings.Join(hostileText, "\n\n") + "\n\nNy \ufeff.\n",
	}
	// Each seed of the fuzz corpus that loads is a document of its own.
	dir := sitegen.Files(t, files)
	seeds := 0
	for i, seed := range fuzzSeeds(t) {
		doc := "fuzz" + strconv.Itoa(i)
		sitegen.FilesIn(t, dir, map[string]string{"content/" + doc + "/2026-01-01.md": seed})
		if _, err := content.Load(dir, content.Options{Languages: []string{"en", "nb", "nn"}}); err != nil {
			os.RemoveAll(filepath.Join(dir, "content", doc))
			continue
		}
		seeds++
	}
	if seeds == 0 {
		t.Error("no seed of the fuzz corpus loads: the test builds none of them")
	}
	out := generate(t, dir, "2026-11-26")
	seen := map[string]int{}
	for name, data := range out {
		seen[filepath.Ext(name)]++
		switch filepath.Ext(name) {
		case ".xml":
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := d.Token(); err != nil {
					if !errors.Is(err, io.EOF) {
						t.Errorf("%s is not XML: %v", name, err)
					}
					break
				}
			}
		case ".json":
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				t.Errorf("%s is not JSON: %v", name, err)
			}
		case ".tsr", ".wasm":
			continue // DER, WebAssembly
		}
		if !utf8.Valid(data) {
			t.Errorf("%s is not UTF-8", name)
			continue
		}
		for i, r := range string(data) {
			if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7F && r <= 0x9F) {
				t.Errorf("%s:%d holds the control character U+%04X", name, bytes.Count(data[:i], []byte("\n"))+1, r)
				break
			}
		}
	}
	if seen[".xml"] < 2 || seen[".json"] < 2 || seen[".html"] == 0 {
		t.Errorf("the site has too few files to judge: %v", seen)
	}
	t.Run("valid HTML", func(t *testing.T) { htmlcheck.Validate(t, htmlcheck.WriteHTML(t, out)) })
}

// No page refers to a file by a protocol-relative address ("//x/…"),
// which a browser loads from the host x, whatever baseURL's path is; a
// baseURL that would make one is refused.
func TestNoProtocolRelativeLinks(t *testing.T) {
	for _, base := range []string{"https://example.no", "https://example.no/personvern/", "https://example.no/a/b", "http://example.no:8080/p/"} {
		t.Run(base, func(t *testing.T) {
			dir := sitegen.Files(t, map[string]string{
				"site.yaml":                        "title: T\nbaseURL: " + base + "\ncontact:\n  url: https://example.no/kontakt\n",
				"content/personvern/2026-01-01.md": "---\ntitle: P\nsummary: S\n---\n## Om\n\n[vilkår](/vilkar/) [her](#om) [der](../)\n",
				"content/personvern/2026-10-01.md": "---\ntitle: P\nsummary: S2\n---\n## Om\n\nNy [vilkår](/vilkar/).\n",
			})
			for name, data := range generate(t, dir, "2026-11-26") {
				if filepath.Ext(name) != ".html" && filepath.Ext(name) != ".inc" {
					continue
				}
				doc, err := html.Parse(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				var walk func(*html.Node)
				walk = func(n *html.Node) {
					for _, a := range n.Attr {
						if (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.HasPrefix(strings.TrimSpace(a.Val), "//") {
							t.Errorf("%s: <%s %s=%q> loads from another host", name, n.Data, a.Key, a.Val)
						}
					}
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						walk(c)
					}
				}
				walk(doc)
			}
		})
	}
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://www.akershusenergi.no//personvern/\n",
		"content/personvern/2026-01-01.md": "---\ntitle: P\nsummary: S\n---\nTekst.\n",
	})
	_, err := Build(Options{Source: dir, Dest: filepath.Join(t.TempDir(), "public"), Clock: day("2026-11-26")})
	if want := "site.yaml:2: baseURL \"https://www.akershusenergi.no//personvern/\" has an empty"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}
