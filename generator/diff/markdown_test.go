package diff

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"go.yaml.in/yaml/v3"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"policysite/generator/render"
	"policysite/generator/theme"
)

// TestWriteMarkdown writes diffs as Markdown and compares them with
// testdata/markdown/<name>.md (go test -run TestWriteMarkdown -update
// rewrites those; review them before committing): the demo site's
// personvern from 2022-08-01 to 2024-05-01 in full, as --stat does and cut
// short, and a revision of hostile text. Each must render, as GitHub or
// GitLab would, to no more than the elements WriteMarkdown means to make.
func TestWriteMarkdown(t *testing.T) {
	words := testStrings.T
	demo := func(t *testing.T) (older, newer []byte, summary string) {
		dir := "../../examples/demo/content/personvern/"
		return renderRevision(t, dir+"2022-08-01.md"), renderRevision(t, dir+"2024-05-01.md"), frontMatter(t, dir+"2024-05-01.md", "summary")
	}
	hostile := func(t *testing.T) (older, newer []byte, summary string) {
		_, o, n := readCase(t, "testdata/markdown/hostile.txtar")
		return o, n, "Ny @octocat-tekst, #12 og <b>fet</b>: se https://evil.example."
	}
	tests := []struct {
		name  string
		input func(*testing.T) (older, newer []byte, summary string)
		title string
		opts  MarkdownOptions
		shows []string // text the rendered Markdown shows, word joiners aside
	}{
		{"demo", demo, "personvern 2022-08-01 → 2024-05-01", MarkdownOptions{}, nil},
		{"demo-stat", demo, "personvern 2022-08-01 → 2024-05-01", MarkdownOptions{Stat: true}, nil},
		{"demo-cut", demo, "personvern 2022-08-01 → 2024-05-01", MarkdownOptions{Limit: 4000, Command: "policysite diff personvern 2022-08-01 2024-05-01"}, nil},
		{"hostile", hostile, "<b>Vilkår</b> @octocat #3 `x` | y", MarkdownOptions{Command: "policysite diff `x` @a #1"}, []string{
			"Endringer: <b>Vilkår</b> @octocat #3 `x` | y", "Ny @octocat-tekst, #12 og <b>fet</b>: se https://evil.example.",
			"<script>alert(1)</script>", "<img src=x onerror=alert(1)> & <b>fet</b>.", "1 Om oss @octocat #5 | viktig",
			"@everyone", "#34, !7, &3, GH-4 og owner/repo#9", "to ` tegn, | a | b |",
			"# Ikke en overskrift", "- ikke et punkt", "+ heller ikke", "1986. var et godt år. 2) også.", "Logg | spor",
			"personvern@example.no", "https://example.no/personvern", "www.example.no og https://auto.example. {+ikke+} [-dette-] $x$ ~~borte~~",
			"<!-- kommentar --> \\ slutt\\", "https://evil.example/@x%7Cy",
		}},
		{"hostile-cut", hostile, "hostile", MarkdownOptions{Limit: 1200, Command: "policysite diff `x` @a #1"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			older, newer, summary := tt.input(t)
			d := checkInvariant(t, tt.name, older, newer)
			opts := tt.opts
			opts.Title = fmt.Sprintf(words("diffTitle"), tt.title)
			opts.Summary = summary
			opts.Sections = d.SectionCounts(testLabels)
			var got bytes.Buffer
			if err := d.WriteMarkdown(&got, testLabels, opts); err != nil {
				t.Fatal(err)
			}
			if opts.Limit > 0 && got.Len() > opts.Limit {
				t.Errorf("%d bytes, more than the limit of %d", got.Len(), opts.Limit)
			}
			shown := checkMarkdown(t, got.String(), opts.Limit > 0)
			for _, w := range tt.shows {
				if !strings.Contains(shown, w) {
					t.Errorf("the Markdown does not show %q; it shows:\n%s", w, shown)
				}
			}
			golden := filepath.Join("testdata", "markdown", tt.name+".md")
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Errorf("differs from %s (go test -run TestWriteMarkdown -update rewrites it; review it):\n--- got\n%s--- want\n%s", golden, got.String(), want)
			}
		})
	}
}

// testStrings are the site's Norwegian words, as testLabels.
var testStrings = func() *theme.Strings {
	th, err := theme.Load("")
	if err != nil {
		panic(err)
	}
	return th.Strings("nb")
}()

func renderRevision(t *testing.T, path string) []byte {
	t.Helper()
	return renderFile(t, render.New(), path)
}

// frontMatter is the value of a key of a revision's front matter.
func frontMatter(t *testing.T, path, key string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	front, _, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
	var m map[string]string
	if err := yaml.Unmarshal([]byte(front), &m); err != nil {
		t.Fatal(err)
	}
	return m[key]
}

// markdownElements are the elements WriteMarkdown means to make.
var markdownElements = map[atom.Atom]bool{
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.P: true, atom.Ul: true, atom.Li: true, atom.Em: true, atom.Strong: true, atom.Code: true,
	atom.Ins: true, atom.Del: true,
	atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tr: true, atom.Th: true, atom.Td: true,
}

// linking are what GitHub or GitLab would make a mention, a reference or a
// link of, in text: @name, #12, !12, &12, GH-12, a scheme's :// and www.
var linking = regexp.MustCompile(`(?i)(^|[^\pL\pN_])@[\pL\pN_]|[#!&]\d|GH-\d|://|www\.`)

// checkMarkdown renders md as GFM, as GitHub and GitLab do (raw HTML kept:
// they keep <ins> and <del>), and checks that it holds only the elements
// WriteMarkdown makes, and no text that would link or notify; code aside,
// which neither host links in. It returns the text it shows, without the
// word joiners.
func checkMarkdown(t *testing.T, md string, cut bool) string {
	t.Helper()
	var out bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := gm.Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	nodes, err := xhtml.ParseFragment(&out, &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	var shown strings.Builder
	var walk func(n *xhtml.Node, inCode bool)
	walk = func(n *xhtml.Node, inCode bool) {
		switch n.Type {
		case xhtml.ElementNode:
			if !markdownElements[n.DataAtom] {
				t.Errorf("the Markdown makes a <%s>:\n%s", n.Data, out.String())
			}
			inCode = inCode || n.DataAtom == atom.Code
		case xhtml.TextNode:
			shown.WriteString(strings.ReplaceAll(n.Data, wordJoiner, ""))
			if m := linking.FindString(n.Data); m != "" && !inCode {
				t.Errorf("%q would link or notify, in %q", m, n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inCode)
		}
	}
	for _, n := range nodes {
		walk(n, false)
	}
	// The note's first words, which the note with a command shares.
	note, _, _ := strings.Cut(testLabels.Cut, ",")
	if cut != strings.Contains(md, note) {
		t.Errorf("cut: %t, but the Markdown says otherwise:\n%s", cut, md)
	}
	return shown.String()
}

// TestNotShownAndCut holds the lines the Markdown writes about what it
// leaves out to the page's language: the count of unchanged sections in
// the form for one or for more, and the note that ends a diff cut short,
// with the command as code.
func TestNotShownAndCut(t *testing.T) {
	th, err := theme.Load("")
	if err != nil {
		t.Fatal(err)
	}
	unchanged := func(n int) *Diff {
		d := &Diff{}
		for range n {
			d.Sections = append(d.Sections, Section{Kind: Unchanged, Title: "1 Om oss"})
		}
		return d
	}
	for _, tt := range []struct {
		lang    string
		n       int
		command string
		shown   string
		cut     string
	}{
		{"nb", 1, "", "*1 uendret punkt vises ikke.*", "*Resten av endringene er utelatt her, fordi kommentaren ellers ville blitt for lang. Alle endringene står på endringssiden i forhåndsvisningen av nettstedet.*"},
		{"nb", 10, "policysite diff personvern previous 2027-01-15", "*10 uendrede punkter vises ikke.*", "og kommandoen `policysite diff personvern previous 2027-01-15` viser dem også.*"},
		{"nn", 1, "", "*1 uendra punkt blir ikkje vist.*", "*Resten av endringane er ikkje med her, "},
		{"nn", 2, "policysite diff `x`", "*2 uendra punkt blir ikkje viste.*", "og kommandoen `` policysite diff `x` `` viser dei òg.*"},
		{"en", 1, "", "*1 unchanged section is not shown.*", "A preview of the site shows all of it on its diff page.*"},
		{"en", 4, "policysite diff personvern", "*4 unchanged sections are not shown.*", "on its diff page, as does `policysite diff personvern`.*"},
	} {
		l := LabelsFrom(th.Strings(tt.lang))
		var b bytes.Buffer
		if err := unchanged(tt.n).WriteMarkdown(&b, l, MarkdownOptions{Title: "x"}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "\n"+tt.shown+"\n") {
			t.Errorf("%s, %d unchanged: no line %q in\n%s", tt.lang, tt.n, tt.shown, b.String())
		}
		if got := cutNote(l, tt.command); !strings.Contains(got, tt.cut) || !strings.HasPrefix(got, "\n*") || !strings.HasSuffix(got, ".*\n") {
			t.Errorf("%s, cut note with %q: %q, want it to hold %q", tt.lang, tt.command, got, tt.cut)
		}
	}
}
