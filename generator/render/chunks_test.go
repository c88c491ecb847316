package render

import (
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
		{"# A\n\n<!-- never closed\n\n# B\n", nil},
		{"# A\n\n```\n\n# B\n```\n", nil},
		{"# A\n\n   ~~~\n", nil},
		{"# A\n\nx[^1]\n\n# B\n", nil},
		{"# A\n\n[x]: /y\n\n# B\n", nil},
		{"# A\r\n\r\n# B\r\n", nil},
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
