package diff

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"policysite/generator/contract"
	"policysite/generator/render"
)

// checkInvariant checks the output contract's diff invariant for one pair of
// rendered revisions.
func checkInvariant(t *testing.T, name string, older, newer []byte) Result {
	t.Helper()
	res := Compare(Blocks(older), Blocks(newer))
	nodes, err := html.ParseFragment(strings.NewReader(string(res.HTML)), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	body := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	gotNew, gotOld, _ := contract.DiffTextsOf(body)
	if want := contract.FragmentText(newer); gotNew != want {
		t.Errorf("%s: the diff without <del> is not the newer text:\n%s", name, firstDifference(gotNew, want))
	}
	if want := contract.FragmentText(older); gotOld != want {
		t.Errorf("%s: the diff without <ins> is not the older text:\n%s", name, firstDifference(gotOld, want))
	}
	return res
}

func firstDifference(got, want string) string {
	g, w := []rune(got), []rune(want)
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	lo := max(0, i-40)
	return "got  …" + string(g[lo:min(len(g), i+40)]) + "…\nwant …" + string(w[lo:min(len(w), i+40)]) + "…"
}

func renderFile(t *testing.T, r *render.Renderer, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if strings.HasPrefix(s, "---\n") {
		if i := strings.Index(s[4:], "\n---\n"); i >= 0 {
			s = s[4+i+5:]
		}
	}
	res, err := r.Render([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return res.HTML
}

// TestInvariantCorpora diffs every adjacent pair of revisions in the real
// histories of ../shared/corpora and in examples/demo.
func TestInvariantCorpora(t *testing.T) {
	dirs, _ := filepath.Glob("../../../shared/corpora/*/content/*")
	demo, _ := filepath.Glob("../../examples/demo/content/*")
	if len(dirs) == 0 {
		t.Log("../shared/corpora is absent: checking examples/demo only")
	}
	r := render.New()
	pairs := 0
	for _, dir := range append(dirs, demo...) {
		files, _ := filepath.Glob(filepath.Join(dir, "????-??-??.md"))
		for i := 1; i < len(files); i++ {
			checkInvariant(t, files[i], renderFile(t, r, files[i-1]), renderFile(t, r, files[i]))
			pairs++
		}
	}
	if pairs == 0 {
		t.Fatal("no pairs of revisions found")
	}
}

func TestCompareOneWord(t *testing.T) {
	res := checkInvariant(t, "one word",
		[]byte("<h2>1 Om oss</h2>\n<p>Vi lagrer opplysningene i fem år.</p>\n<p>Uendret avsnitt.</p>"),
		[]byte("<h2>1 Om oss</h2>\n<p>Vi lagrer opplysningene i tre år.</p>\n<p>Uendret avsnitt.</p>"))
	if res.Stats != (Stats{Inserted: 1, Deleted: 1}) {
		t.Errorf("stats %+v, want one word each way", res.Stats)
	}
	if !strings.Contains(string(res.HTML), "<del>fem</del><ins>tre</ins>") {
		t.Errorf("one-word change not shown as one word:\n%s", res.HTML)
	}
	if strings.Count(string(res.HTML), "<del>") != 1 {
		t.Errorf("unchanged blocks marked as changed:\n%s", res.HTML)
	}
}

func TestCompareIdentical(t *testing.T) {
	page := []byte("<p>Samme tekst.</p><ul><li>a</li></ul>")
	res := checkInvariant(t, "identical", page, page)
	if res.Stats.Changed() || strings.Contains(string(res.HTML), "<ins>") {
		t.Errorf("identical texts show changes: %+v\n%s", res.Stats, res.HTML)
	}
}

func TestTokens(t *testing.T) {
	got := strings.Join(Tokens("Særlig om «SMS», e-post og 63 82 33 50."), "|")
	want := "Særlig| |om| |«|SMS|»|,| |e|-|post| |og| |63| |82| |33| |50|."
	if got != want {
		t.Errorf("Tokens:\n got %s\nwant %s", got, want)
	}
}

func TestBlocks(t *testing.T) {
	got := Blocks([]byte("<h2 id=x>Tittel</h2>\n<p>Et <em>avsnitt</em>\nmed to linjer.</p><ul><li>punkt <b>en</b></li><li><p>løst</p></li></ul><table><tr><td>celle</td></tr></table>"))
	want := []Block{{"h2", "Tittel"}, {"p", "Et avsnitt med to linjer."}, {"li", "punkt en"}, {"p", "løst"}, {"td", "celle"}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d: got %v, want %v", i, got[i], want[i])
		}
	}
}

// FuzzCompare applies random word edits to a real policy and checks the
// invariant on the result.
func FuzzCompare(f *testing.F) {
	base, err := os.ReadFile("../../content/personvern/2026-11-26.md")
	if err != nil {
		f.Skip("no seed policy:", err)
	}
	f.Add(int64(1), uint8(3))
	f.Add(int64(42), uint8(40))
	r := render.New()
	older, _ := r.Render(base)
	words := strings.Fields(string(base))
	f.Fuzz(func(t *testing.T, seed int64, edits uint8) {
		rng := rand.New(rand.NewSource(seed))
		w := append([]string(nil), words...)
		for i := 0; i < int(edits); i++ {
			j := rng.Intn(len(w))
			switch rng.Intn(4) {
			case 0:
				w = append(w[:j], w[j+1:]...)
			case 1:
				w = append(w[:j], append([]string{"NYTT"}, w[j:]...)...)
			case 2:
				w[j], w[len(w)-1-j] = w[len(w)-1-j], w[j]
			case 3:
				w = append(w[:j], append([]string{"\n\n## Ny seksjon\n\n"}, w[j:]...)...)
			}
		}
		newer, err := r.Render([]byte(strings.Join(w, " ")))
		if err != nil {
			t.Fatal(err)
		}
		checkInvariant(t, "fuzz", older.HTML, newer.HTML)
	})
}
