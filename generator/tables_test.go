package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// scrollers returns, for every table of an HTML page, the container it
// scrolls in: its accessible name, or a problem that says what is wrong.
func scrollers(t *testing.T, page []byte) (names, problems []string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]*html.Node{}
	var tables []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "id" {
					ids[a.Val] = n
				}
			}
			if n.DataAtom == atom.Table {
				tables = append(tables, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, tb := range tables {
		p := tb.Parent
		attr := map[string]string{}
		for _, a := range p.Attr {
			attr[a.Key] = a.Val
		}
		if p.DataAtom != atom.Div || attr["class"] != "table-scroll" || attr["tabindex"] != "0" || attr["role"] != "region" {
			problems = append(problems, "a table not in a container that scrolls and takes focus: <"+p.Data+" "+attr["class"]+">")
			continue
		}
		switch {
		case attr["aria-labelledby"] != "":
			by := ids[attr["aria-labelledby"]]
			if by == nil {
				problems = append(problems, "aria-labelledby names no element: "+attr["aria-labelledby"])
				continue
			}
			names = append(names, textOf(by))
		case strings.TrimSpace(attr["aria-label"]) != "":
			names = append(names, attr["aria-label"])
		default:
			problems = append(problems, "a container without a name")
		}
	}
	return names, problems
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestTablesScroll: every table of the demo, on its policy, diff and
// compare pages, scrolls sideways in a container that takes focus and is a
// region named by the heading above the table.
func TestTablesScroll(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	for _, want := range []struct{ page, name string }{
		{"personvern/index.html", "Hvor lenge vi lagrer opplysningene"},
		{"personvern/2019-03-01/index.html", "Hvor lenge vi lagrer opplysningene"},
		{"en/personvern/index.html", "How long we keep the data"},
		{"informasjonskapsler/index.html", ""},
		{"personvern/compare/2019-03-01/2024-05-01/index.html", "7 Hvor lenge vi lagrer opplysningene"},
	} {
		names, problems := scrollers(t, files[want.page])
		for _, p := range problems {
			t.Errorf("%s: %s", want.page, p)
		}
		if len(names) == 0 {
			t.Errorf("%s: no table", want.page)
		}
		if want.name != "" && len(names) > 0 && !strings.HasSuffix(names[0], want.name) {
			t.Errorf("%s: the table is named %q, not after its heading %q", want.page, names[0], want.name)
		}
	}
	tables := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		names, problems := scrollers(t, data)
		tables += len(names)
		for _, p := range problems {
			t.Errorf("%s: %s", name, p)
		}
	}
	if tables < 10 {
		t.Errorf("only %d tables in the demo", tables)
	}
}

// TestTablesScrollNotAChange: the container is added after the diff, so
// a table whose heading is renamed, and which is named after it, is not
// shown as changed; a table without a heading is named by the word for a
// table in the page's language.
func TestTablesScrollNotAChange(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/basic", dir)
	if err := os.RemoveAll(filepath.Join(dir, "content", "personvern")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "content", "personvern"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content.lock")); err != nil {
		t.Fatal(err)
	}
	const table = "\n| Opplysninger | Lagringstid |\n|---|---|\n| Navn | Tre år etter at avtalen er avsluttet |\n"
	overwrite(t, dir, "content/personvern/2025-01-01.md", "---\ntitle: Personvern\nsummary: Første versjon.\n---\n"+table+"\n## Lagring\n"+table)
	overwrite(t, dir, "content/personvern/2025-06-01.md", "---\ntitle: Personvern\nsummary: Et nytt navn på punktet om lagring.\nreason: editorial\n---\n"+table+"\n## Hvor lenge vi lagrer\n"+table)
	files := generate(t, dir, "2025-07-01")
	names, problems := scrollers(t, files["personvern/index.html"])
	if len(problems) > 0 || strings.Join(names, "|") != "Tabell|Hvor lenge vi lagrer" {
		t.Errorf("the tables are named %q (%v)", names, problems)
	}
	diffPage := files["personvern/2025-06-01/diff/index.html"]
	names, problems = scrollers(t, diffPage)
	if len(problems) > 0 || len(names) == 0 {
		t.Errorf("the diff's tables: %q (%v)", names, problems)
	}
	body := diffPage[bytes.Index(diffPage, []byte("data-diff-body")):]
	for _, tb := range bytes.Split(body, []byte("<table"))[1:] {
		tb = tb[:bytes.Index(tb, []byte("</table>"))]
		if bytes.Contains(tb, []byte("<ins")) || bytes.Contains(tb, []byte("<del")) || bytes.Contains(tb, []byte("d-added")) || bytes.Contains(tb, []byte("d-removed")) {
			t.Errorf("a table whose heading alone changed is shown as changed:\n%s", tb)
		}
	}
}
