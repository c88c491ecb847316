package render

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"policysite/internal/sitegen"
)

// chunkCases are texts whose cuts, or the headings around them, a
// rendering in chunks could get wrong.
var chunkCases = []string{
	"",
	"\n\n# H\n",
	"# A\n\ntext\n\n# A\n\ntext\n",
	"# Tittel\n\n## Formål\n\n## Formål\n\n### Formål\n\n## Annet\n\n### Formål\n",
	"## A {#x}\n\ntext\n\n## B {#x}\n\n## x\n\n## X\n",
	"## a\n\n## Tittel {#a&b \"c\"}\n\n## a&b\n",
	"### a\n\n##### b\n\n### c\n\n# d\n",
	"#### deep\n\n# top\n\n###### deepest\n",
	"- item\n\n# H\n\n- item\n",
	"> quote\n\n# H\n\n> # quoted heading\n",
	"- # a heading in a list\n\n# H\n",
	"<!-- a comment\n\n# not a heading\n-->\n\n# H\n",
	"<!-- one line -->\n\n# H\n\n<!-- again -->\n",
	"<!--\n# not\n\n# not\n",
	"<div>\n\n# H\n</div>\n",
	"<pre>\n\n# not\n</pre>\n\n# H\n",
	"<PRE class=x>\n\n# not\n</Pre>\n\n# H\n",
	"<script>\n\n# not\n</script>\n\n# H\n",
	"<?php\n\n# not\n?>\n\n# H\n",
	"<!DOCTYPE\n\n# not\n>\n\n# H\n",
	"<![CDATA[\n\n# not\n]]>\n\n# H\n",
	"<!x\n\n# maybe\n\n# H\n",
	"text\n# H\n\n# I\n",
	"Setext\n===\n\n# H\n\nPara\n---\n\n# I\n",
	"#\n\n#\n\n# #\n",
	"# H #\n\n## H ##\n",
	"#\tH\n\n#\tH\n",
	"text\n\n#hashtag\n\n####### seven\n",
	"    code\n\n# H\n\n    # code\n",
	"# H\n\n```\n\n# in code\n```\n",
	"# H\n\n~~~\n\n# in code\n~~~\n",
	"# H\n\n- a\n\n  ```\n\n# H2\n```\n",
	"| a |\n|---|\n| b |\n\n# H\n\n| c |\n|---|\n| d |\n",
	"1. a\n2. b\n\n# H\n\na. x\nb. y\n\n# I\n\na) x\nb) y\n",
	"www.example.com\n\n# H\n\nhttps://example.org and someone@example.org\n",
	"# *A* `b` [c](/d)\n\n# A b c\n",
	"# A <sup>1</sup>\n\n# A1\n",
	"<a id=\"x\">a</a>\n\n# x\n",
	"# x\n\n<span id=\"x\">a</span>\n",
	"# Særlig om\n\n## Særlig om\n\n# Særlig om\n",
	"# main\n\n# Main\n\n# skip\n",
	"x[^1]\n\n# H\n\n[^1]: note\n",
	"[a]\n\n# H\n\n[a]: /x\n",
	"# H\r\n\r\n# I\r\n",
	"# H\n\n<span>\n\n# I\n",
	"- [ ] task\n\n# H\n\n- [x] done\n",
	"~~gone~~\n\n# H\n\n~~gone~~\n",
	"# H\n\ntext  \nbreak\n\n# I\n\n\n\n",
	"\n\n\n",
	"# only\n",
	"<div>\n# H\n\n# I\n",
	"# a\n\n## T {id=\"x<y\"}\n\n## U {id=\"a&b\"}\n",
	// Each kind of HTML block a blank line does not end, opened as
	// goldmark opens it (case folded as its expressions fold: ſ is s),
	// and ended as it ends it (İ is not i).
	"<pre/>\n\n# not\n</pre>\n\n# H\n",
	"<pre\f>\n\n# not\n</pre>\n\n# H\n",
	"<ſcript>\n\n# not\n</script>\n\n# H\n",
	"<ſtyle>\n\n# not\n</style>\n\n# H\n",
	"<script>\n\n# a\n</scrİpt>\n\n# H\n",
	"<script>x</scrİpt>\n\n# not\n</script>\n",
	"<textarea/>\n\n# not\n</TEXTAREA>\n\n# H\n",
	"<!--\n>\n\n# not\n-->\n\n# H\n",
	"<![CDATA[\n>\n\n# not\n]]>\n\n# H\n",
	"<!DOCTYPE\n\n# not\n>\n\n# H\n",
	"<!-->\n\n# H\n",
	"<?>\n\n# H\n",
	// Lines that look like one kind to a looser test, and hide another.
	"<![cdata[\n<!--\n]]>\n\n# not\n-->\n\n# H\n",
	"<!x\n<!--\n>\n\n# not\n-->\n\n# H\n",
	"<!\n\n<pre>\n\n# not\n</pre>\n",
	"<pre>\n</script>\n<!--\n</pre>\n\n# not\n-->\n\n# H\n",
	"<pre></style>\n<!--\n</pre>\n\n# not\n-->\n",
	"<pre>\n<script>alert(1)</script>\n<?php echo 1;\n</pre>\n\n# Neste\n",
	"<span>\n<script>\n\n<!--\n</script>\n\n# not\n-->\n",
	"para\n    <!--\n\n# not\n-->\n\n# H\n",
	"\uFEFF<!--\n\n# not\n-->\n\n# H\n",
	"a\x00\n\n# H\x00\n",
	"<pre\r\n\n# not\n</pre>\n",
	"a\rb\n\n# H\r\n\n# I\n",
	"   <!--\n\n# not\n-->\n\n# H\n",
	"<!--\n- ->\n\n# not\n-->\n\n# H\n",
	"- a\n\n  <!--\n<?x -->\n\n# H\n?>\n",
	"# A\n\n<!-- never closed\n\n# B\n",
}

// chunkLines are lines to make texts of at random (TestChunksRandomLines):
// each Markdown construct that can hold a line like a heading's, or end
// before one, and lines that look like them.
var chunkLines = []string{
	"", "", "", "# H", "## H", "# H {#x}", "### a", "#\tT", "#", "text", "more text", "  indented", "    code",
	"\tcode", "- item", "  - sub", "1. one", "> quote", ">", "a. x", "b. y", "***", "---", "===", "Setext",
	"<div>", "</div>", "<!--", "-->", "<!-- x -->", "<pre>", "</pre>", "<script>", "</script>", "<style>", "</style>",
	"<?", "?>", "<!DOC", ">", "<![CDATA[", "]]>", "<span>", "<a href=x>", "| a | b |", "|---|---|", "| 1 | 2 |",
	"- [ ] t", "~~s~~", "www.x.org", "<textarea>", "</textarea>", "# <span>x</span>", "   # H", "# H #", "text  ",
	"&amp; &#35;", "\\# esc", "<b>", "</b>", "  <!--", "- <!--", "> <pre>", "<p>", "<table>", " ", "\t", "#5",
	"# Formål", "## Formål", "<custom-el>", "</custom-el>", "<x y=\"1\">", "<hr/>", "* * *", "+ plus", "2) two",
	"<details>", "</details>", "# main", "# skip", "## {#main}", "# H\\", "#\\", "*a",
	"-\tx", ">\t# x", "#\t", "\v", "\f", "\f# H", "  # in", "- # h", "  ## h", "Title {#x}", "-", "1.", "   ", "> - a", ">> b",
	"    # code", "  \t# x", "\t# x", "[x]", "![i](/a.png)", "<http://a.b>", "`code", "code`", "**b", "b**", "# `c`", "# [l](/x)",
	"# a {.c #d}", "# a {id=5}", "# a {#}", "# {#a}", "## a\\{#b}", "|x|", "---|---", "- a\\", "a  ", "\\", "<", "<!", "<?x?>",
	"<pre/>", "<ſcript>", "</scrİpt>", "<![cdata[", "<!x", "<!DOCTYPE", "<pre\f>", "<!-->", "<?>", "<!--->", "<PRE>", "</PRE>",
	"<Script x>", "<textarea/>", "</style> x", "x -->", "x ]]>", "x ?>", "x >",
}

// equalRendering fails t where a text rendered in chunks by r is not the
// text rendered whole.
func equalRendering(t *testing.T, r *Renderer, src string) {
	t.Helper()
	got, err := r.Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want, _, _, err := New(WithReservedIDs("main", "skip")).render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if string(got.HTML) != string(want.HTML) {
		t.Errorf("%q in chunks:\n%s\nwhole:\n%s", src, got.HTML, want.HTML)
	}
	if !reflect.DeepEqual(got.Headings, want.Headings) || !reflect.DeepEqual(got.Parts, want.Parts) {
		t.Errorf("%q in chunks: headings %v parts %v\nwhole: headings %v parts %v", src, got.Headings, got.Parts, want.Headings, want.Parts)
	}
}

// A text rendered in chunks is the text rendered whole, byte for byte:
// the cases above, the golden files, the corpus (where present) and a
// synthetic history, all through one Renderer, whose chunks they share.
func TestChunksAsWhole(t *testing.T) {
	r := New(WithReservedIDs("main", "skip"))
	texts := append([]string{}, chunkCases...)
	files, _ := filepath.Glob("testdata/*.md")
	corpus, _ := filepath.Glob("../../../shared/corpora/*/content/*/*.md")
	if len(corpus) == 0 {
		t.Log("../shared/corpora is absent: the corpus is not rendered here")
	}
	for _, f := range append(files, corpus...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	site := t.TempDir()
	if err := sitegen.Write(site, 40); err != nil {
		t.Fatal(err)
	}
	synthetic, _ := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	if len(synthetic) == 0 {
		t.Fatal("sitegen wrote no revisions")
	}
	for _, f := range synthetic {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	for _, src := range texts {
		equalRendering(t, r, src)
	}
	// And again, every chunk now made: from the chunks alone.
	made := r.chunks.made
	for _, src := range texts[len(texts)-len(synthetic):] {
		equalRendering(t, r, src)
	}
	if r.chunks.made != made {
		t.Errorf("rendering the synthetic history again made %d chunks; all were made", r.chunks.made-made)
	}
}

// Revisions share chunks: a history renders far fewer chunks than its
// revisions have.
func TestChunksShared(t *testing.T) {
	site := t.TempDir()
	if err := sitegen.Write(site, 40); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	r := New()
	var asked int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		at := cuts(b)
		if at == nil {
			t.Fatalf("%s: not cut", f)
		}
		asked += len(at) + 1
		if _, err := r.Render(b); err != nil {
			t.Fatal(err)
		}
	}
	if r.chunks.made*2 > asked {
		t.Errorf("%d revisions: %d chunks rendered of %d", len(files), r.chunks.made, asked)
	}
}

// Texts of lines drawn at random from chunkLines, rendered in chunks and
// whole: the same. A few seconds of this found texts that an HTML block's
// looser tests cut wrongly.
func TestChunksRandomLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	r := New(WithReservedIDs("main", "skip"))
	n, checked := 20000, 0
	if testing.Short() {
		n = 2000
	}
	// Half the texts of lines that start no HTML block: a text with two
	// that do is mostly not cut.
	var plain []string
	for _, l := range chunkLines {
		if !strings.HasPrefix(strings.TrimLeft(l, " "), "<") {
			plain = append(plain, l)
		}
	}
	for i := range n {
		pool := chunkLines
		if i%2 == 1 {
			pool = plain
		}
		var b strings.Builder
		for range 2 + rng.IntN(14) {
			if rng.IntN(4) == 0 {
				b.WriteByte('\n') // a blank line, after which a heading is cut
			}
			b.WriteString(pool[rng.IntN(len(pool))])
			b.WriteByte('\n')
		}
		if cuts([]byte(b.String())) == nil {
			continue
		}
		checked++
		equalRendering(t, r, b.String())
		if t.Failed() {
			break
		}
	}
	t.Logf("%d of %d texts cut, and rendered both ways", checked, n)
	if checked < n/10 {
		t.Errorf("%d of %d texts were cut: too few to say much", checked, n)
	}
}

func TestCuts(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string // the chunks; nil for a text not cut
	}{
		{"# A\n\ntext\n\n## B\n\ntext\n", []string{"# A\n\ntext\n\n", "## B\n\ntext\n"}},
		{"intro\n\n# A\n", []string{"intro\n\n", "# A\n"}},
		{"text\n# A\n", []string{"text\n# A\n"}},
		{"text\n\n#A\n\n #A\n\n ## B\n", []string{"text\n\n#A\n\n #A\n\n ## B\n"}},
		{"<!-- x\n\n# A\n-->\n\n# B\n", []string{"<!-- x\n\n# A\n-->\n\n", "# B\n"}},
		{"<!-- x -->\n\n# B\n", []string{"<!-- x -->\n\n", "# B\n"}},
		{"<div>\n\n# B\n", []string{"<div>\n\n", "# B\n"}},
		{"# A\n\ntext\n\n# B\n\n<!-- never closed\n\n# C\n", []string{"# A\n\ntext\n\n", "# B\n\n<!-- never closed\n\n# C\n"}},
		{"# A\n\n```\n\n# B\n```\n", nil},
		{"# A\n\n   ~~~\n", nil},
		{"# A\n\nx[^1]\n\n# B\n", nil},
		{"# A\n\n[x]: /y\n\n# B\n", nil},
		{"# A\r\n\r\n# B\r\n", nil},
		{"<pre>\n<!-- x -->\n</pre>\n\n# B\n", nil},
		{"<!-- x\n-->\n\n# B\n", []string{"<!-- x\n-->\n\n", "# B\n"}},
		{"<Pre class=x>\n\n# A\n</PRE>\n\n# B\n", []string{"<Pre class=x>\n\n# A\n</PRE>\n\n", "# B\n"}},
	} {
		at := cuts([]byte(c.src))
		var got []string
		if at != nil {
			from := 0
			for _, to := range append(at, len(c.src)) {
				got = append(got, c.src[from:to])
				from = to
			}
		}
		if len(at) == 0 && len(c.want) == 1 {
			got = []string{c.src} // not cut, and nothing to cut
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("cuts(%q) = %q, want %q", c.src, got, c.want)
		}
	}
}

// A chunk is let go once two windows have passed without it.
func TestChunksSwept(t *testing.T) {
	r := New()
	src := []byte("# A\n\nfirst\n\n# B\n\nsecond\n")
	if _, err := r.Render(src); err != nil {
		t.Fatal(err)
	}
	for i := range 2 * chunkWindow {
		if _, err := r.Render([]byte("# A\n\nother " + strings.Repeat("x", i) + "\n\n# C\n")); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := r.chunks.now["# B\n\nsecond\n"]; ok {
		t.Error("a chunk unused for two windows is kept")
	}
	if _, ok := r.chunks.old["# B\n\nsecond\n"]; ok {
		t.Error("a chunk unused for two windows is kept")
	}
}

func FuzzChunks(f *testing.F) {
	for _, s := range chunkCases {
		f.Add(s)
	}
	r := New(WithReservedIDs("main", "skip"))
	f.Fuzz(func(t *testing.T, src string) {
		equalRendering(t, r, src)
	})
}
