package diff

import (
	"bytes"
	"fmt"
	"html/template"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"policysite/generator/render"
	"policysite/generator/theme"
	"policysite/internal/contract"
)

// testLabels are the labels the site writes in Norwegian (bokmål), so
// that the cases' readings are what a lawyer reads.
var testLabels = func() Labels {
	th, err := theme.Load("")
	if err != nil {
		panic(err)
	}
	return LabelsFrom(th.Strings("nb"))
}()

// checkInvariant checks the output contract's diff invariant for one pair of
// rendered revisions.
func checkInvariant(t *testing.T, name string, older, newer []byte) *Diff {
	t.Helper()
	res := Compare(Prepare(Blocks(older)), Prepare(Blocks(newer)), Options{})
	checkDiff(t, name, older, newer, res)
	return res
}

// checkDiff checks the invariant for a diff made with any options.
func checkDiff(t *testing.T, name string, older, newer []byte, res *Diff) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(string(res.HTML(testLabels))), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	body := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	gotNew, gotOld := contract.DiffTextsOf(body)
	if want := contract.FragmentText(newer); gotNew != want {
		t.Errorf("%s: the diff without <del> is not the newer text:\n%s", name, firstDifference(gotNew, want))
	}
	if want := contract.FragmentText(older); gotOld != want {
		t.Errorf("%s: the diff without <ins> is not the older text:\n%s", name, firstDifference(gotOld, want))
	}
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
	res, err := r.Render([]byte(body(string(data))))
	if err != nil {
		t.Fatal(err)
	}
	return res.HTML
}

// body is a revision's Markdown without its front matter.
func body(s string) string {
	if strings.HasPrefix(s, "---\n") {
		if i := strings.Index(s[4:], "\n---\n"); i >= 0 {
			return s[4+i+5:]
		}
	}
	return s
}

// TestInvariantCorpora diffs every adjacent pair of revisions in the real
// histories of ../shared/corpora and in examples/demo, and each revision
// with the newest, as the pages comparing a revision with the current one
// do, through one Memo as a build does.
func TestInvariantCorpora(t *testing.T) {
	dirs := corpora(t)
	demo, _ := filepath.Glob("../../examples/demo/content/*")
	r := render.New()
	pairs := 0
	for _, dir := range append(dirs, demo...) {
		files, _ := filepath.Glob(filepath.Join(dir, "????-??-??.md"))
		html := make([][]byte, len(files))
		for i, f := range files {
			html[i] = renderFile(t, r, f)
		}
		for i := 1; i < len(files); i++ {
			checkInvariant(t, files[i], html[i-1], html[i])
			pairs++
		}
		var m Memo
		docs := make([]*Doc, len(files))
		for i := range files {
			docs[i] = m.Prepare(Blocks(html[i]))
		}
		last := len(files) - 1
		for i := 0; i < last-1; i++ {
			checkDiff(t, files[i]+" → "+files[last], html[i], html[last], Compare(docs[i], docs[last], Options{}))
			pairs++
		}
	}
	if pairs == 0 {
		t.Fatal("no pairs of revisions found")
	}
}

func md(t *testing.T, src string) []byte {
	t.Helper()
	res, err := render.New().Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return res.HTML
}

func kinds(d *Diff) string {
	var out []string
	for _, s := range d.Sections {
		out = append(out, string(s.Kind))
	}
	return strings.Join(out, " ")
}

func TestCompareOneWord(t *testing.T) {
	d := checkInvariant(t, "one word",
		md(t, "## 1 Om oss\n\nVi lagrer opplysningene i fem år.\n\nUendret avsnitt.\n\n## 2 Annet\n\nTekst."),
		md(t, "## 1 Om oss\n\nVi lagrer opplysningene i tre år.\n\nUendret avsnitt.\n\n## 2 Annet\n\nTekst."))
	if d.Stats != (Stats{Inserted: 1, Deleted: 1, Changed: 1, Kept: 13}) { // "1 Om oss Vi lagrer …": 13 words stay
		t.Errorf("stats %+v, want one word each way in one section", d.Stats)
	}
	out := string(d.HTML(testLabels))
	if !strings.Contains(out, "<del>fem</del><ins>tre</ins>") {
		t.Errorf("one-word change not shown as one word:\n%s", out)
	}
	if strings.Count(out, "<del>") != 1 || kinds(d) != "changed unchanged" {
		t.Errorf("unchanged text marked as changed (%s):\n%s", kinds(d), out)
	}
}

func TestCompareIdentical(t *testing.T) {
	page := md(t, "Innledning.\n\n## 1 A\n\n- a\n- b\n")
	d := checkInvariant(t, "identical", page, page)
	if d.Stats.Any() || kinds(d) != "unchanged unchanged" {
		t.Errorf("identical texts show changes: %+v %s", d.Stats, kinds(d))
	}
	if out := string(d.HTML(testLabels)); strings.Contains(out, "<ins") || strings.Count(out, "<details>") != 2 {
		t.Errorf("identical sections not collapsed:\n%s", out)
	}
}

// A heading of symbols alone has no words to match it by, like the text
// before the first heading: added or removed, it stays in the diff.
func TestCompareSymbolHeading(t *testing.T) {
	with, without := md(t, "## !!!\n\nInnledning."), md(t, "Innledning.")
	checkInvariant(t, "symbol heading removed", with, without)
	checkInvariant(t, "symbol heading added", without, with)
	checkInvariant(t, "symbol heading kept", md(t, "Innledning.\n\n## —\n\nTekst."), md(t, "Innledning.\n\n## —\n\nTekst endret."))
}

// A renumbered section shows as changed in its heading only.
func TestCompareRenumbered(t *testing.T) {
	d := checkInvariant(t, "renumbered",
		md(t, "## 4 SÆRLIG OM BRUK\n\nTekst om bruk.\n\n## 5 OPPBEVARING\n\nTekst om lagring."),
		md(t, "## 1 NY SEKSJON\n\nNy tekst.\n\n## 5 SÆRLIG OM BRUK\n\nTekst om bruk.\n\n## 6 OPPBEVARING\n\nTekst om lagring."))
	if got := kinds(d); got != "added changed changed" {
		t.Fatalf("sections %s", got)
	}
	for _, s := range d.Sections[1:] {
		if s.Inserted != 1 || s.Deleted != 1 || len(s.lines) != 2 || s.lines[0].kind != lineChanged || s.lines[1].kind != lineSame {
			t.Errorf("%s: want a changed heading number only, got +%d -%d %+v", s.Title, s.Inserted, s.Deleted, s.lines)
		}
	}
	if d.Stats.Renumbered != 2 || !d.Sections[1].Renumbered {
		t.Errorf("renumbering not recognised: %+v", d.Stats)
	}
	if out := string(d.HTML(testLabels)); !strings.Contains(out, "<del>4</del><ins>5</ins> SÆRLIG OM BRUK") || !strings.Contains(out, "Nytt nummer") {
		t.Errorf("heading diff:\n%s", out)
	}
}

// A section that moved and got a new number with it is moved, not edited:
// the number is part of the move.
func TestCompareMovedRenumbered(t *testing.T) {
	d := checkInvariant(t, "moved and renumbered",
		md(t, "## 1 Lagring\n\nVi lagrer i fem år.\n\n## 2 Formål\n\nFakturering.\n\n## 3 Rettigheter\n\nInnsyn.\n\n## 4 Kontakt\n\nRing oss."),
		md(t, "## 2 Formål\n\nFakturering.\n\n## 3 Rettigheter\n\nInnsyn.\n\n## 4 Lagring\n\nVi lagrer i fem år.\n\n## 5 Kontakt\n\nRing oss."))
	for _, s := range d.Sections {
		if s.Kind == Moved && (s.Inserted != 0 || s.Deleted != 0) {
			t.Errorf("the moved section's new number counts as an edit: %d words added, %d removed", s.Inserted, s.Deleted)
		}
	}
	if d.Stats.Moved != 1 {
		t.Errorf("stats %+v, want one section moved", d.Stats)
	}
}

// A moved section shows as moved, not as removed and added.
func TestCompareMoved(t *testing.T) {
	d := checkInvariant(t, "moved",
		md(t, "## Lagring\n\nVi lagrer i fem år.\n\n## Formål\n\nFakturering.\n\n## Rettigheter\n\nInnsyn.\n\n## Kontakt\n\nRing oss."),
		md(t, "## Formål\n\nFakturering.\n\n## Rettigheter\n\nInnsyn.\n\n## Lagring\n\nVi lagrer i tre år.\n\n## Kontakt\n\nRing oss."))
	if got := kinds(d); got != "moved-away unchanged unchanged moved unchanged" {
		t.Fatalf("sections %s", got)
	}
	if d.Stats.Moved != 1 || d.Stats.Added+d.Stats.Removed != 0 || d.Stats.Inserted != 1 || d.Stats.Deleted != 1 {
		t.Errorf("stats %+v", d.Stats)
	}
	away, moved := d.Sections[0], d.Sections[3]
	if away.Peer != moved.Anchor || moved.Peer != away.Anchor || away.Anchor == moved.Anchor {
		t.Errorf("the two places do not link to each other: %q→%q, %q→%q", away.Anchor, away.Peer, moved.Anchor, moved.Peer)
	}
	out := string(d.HTML(testLabels))
	for _, want := range []string{`<del class="d-moved">Vi lagrer i </del><del>fem</del><del class="d-moved"> år.</del>`, `<ins class="d-moved">Vi lagrer i </ins><span class="d-note" data-diff-note><del>fem</del></span><ins>tre</ins>`, `href="#` + moved.Anchor + `"`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// A section whose heading was reworded but whose text stayed is matched by
// its text.
func TestCompareRenamed(t *testing.T) {
	body := "Vi bruker opplysningene til å levere fjernvarme, fakturere forbruket og svare på henvendelser fra kunder."
	d := checkInvariant(t, "renamed",
		md(t, "## 2 Formål\n\n"+body),
		md(t, "## 2 Hva vi bruker opplysningene til\n\n"+body))
	if got := kinds(d); got != "changed" {
		t.Errorf("sections %s, want one changed section", got)
	}
}

func TestCompareLinkTarget(t *testing.T) {
	d := checkInvariant(t, "link",
		md(t, "Se [Datatilsynet](http://www.datatilsynet.no)."),
		md(t, "Se [Datatilsynet](https://www.datatilsynet.no)."))
	if d.Sections[0].Links != 1 || d.Sections[0].Kind != Changed {
		t.Fatalf("link change not seen: %+v", d.Sections[0])
	}
	if out := string(d.HTML(testLabels)); !strings.Contains(out, "(lenken er endret fra <code>http://www.datatilsynet.no</code> til <code>https://www.datatilsynet.no</code>)") {
		t.Errorf("link note missing:\n%s", out)
	}
}

// A stretch too large to diff word by word is shown whole, correctly, and
// the diff says so; the decision depends on size only, never on time.
func TestCompareDegraded(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&a, "ord%d ", i*7%400)
		fmt.Fprintf(&b, "ord%d ", i*13%400)
	}
	oldHTML, newHTML := []byte("<p>"+a.String()+"</p>"), []byte("<p>"+b.String()+"</p>")
	older, newer := Prepare(Blocks(oldHTML)), Prepare(Blocks(newHTML))
	d := Compare(older, newer, Options{MaxCells: 1000})
	if !d.Degraded {
		t.Error("not marked as degraded")
	}
	checkDiff(t, "degraded", oldHTML, newHTML, d) // coarser, still true
	if d := Compare(older, newer, Options{}); d.Degraded {
		t.Error("degraded with the default bound")
	}
}

// The README promises word-by-word diffs of paragraphs of about 1,500
// words under the default bound, and says when a paragraph is too large.
func TestMaxCellsInWords(t *testing.T) {
	paragraph := func(words int, changed string) []byte {
		var b strings.Builder
		b.WriteString("<p>")
		for i := range words {
			if i == words/2 {
				b.WriteString(changed + " ")
				continue
			}
			fmt.Fprintf(&b, "ord%d ", i)
		}
		b.WriteString("</p>")
		return []byte(b.String())
	}
	for _, tt := range []struct {
		words    int
		degraded bool
	}{{1500, false}, {1700, true}} {
		d := Compare(Prepare(Blocks(paragraph(tt.words, "fem"))), Prepare(Blocks(paragraph(tt.words, "tre"))), Options{})
		if d.Degraded != tt.degraded {
			t.Errorf("two paragraphs of %d words: degraded %v, want %v", tt.words, d.Degraded, tt.degraded)
		}
		if !tt.degraded && (d.Stats.Inserted != 1 || d.Stats.Deleted != 1) {
			t.Errorf("two paragraphs of %d words, one word changed: %+v", tt.words, d.Stats)
		}
	}
}

// The terminal diff is the page's diff: in every section it shows, the
// same newer text (and the same older text, but where a moved section
// arrived, whose lost words the page shows as notes), and the same notes,
// on every comparison of the histories and the cases.
func TestTextMatchesHTML(t *testing.T) {
	labels := testLabels
	for _, f := range []*string{&labels.LinkChanged, &labels.LinkAdded, &labels.LinkRemoved, &labels.Level, &labels.HeadingText, &labels.Parent} {
		*f = "NOTE " + *f + " ETON"
	}
	for _, f := range []*string{&labels.Footnote, &labels.FootnoteAdded, &labels.FootnoteRemoved} {
		*f = "FOOTNOTE " + *f
	}
	var all []comparison
	for _, h := range histories(t) {
		all = append(all, siteComparisons(t, h)...)
	}
	for _, file := range caseFiles(t) {
		_, older, newer := readCase(t, file)
		all = append(all, comparison{file, older, newer, Compare(Prepare(Blocks(older)), Prepare(Blocks(newer)), Options{})})
	}
	var (
		termNotes = regexp.MustCompile(`(?m) \(NOTE .*? ETON\)|^  \(FOOTNOTE .*\)$`)
		prefix    = regexp.MustCompile(`(?m)^(#+ |\s*(• |\d+\. ))`)
		deleted   = regexp.MustCompile(`(?s)\[-.*?-\]|\[<.*?>\]`)
		inserted  = regexp.MustCompile(`(?s)\{\+.*?\+\}|\{>.*?<\}`)
		marks     = strings.NewReplacer("{+", "", "+}", "", "{>", "", "<}", "", "[-", "", "-]", "", "[<", "", ">]", "", "|", "")
		squeeze   = func(s string) string { return strings.Join(strings.Fields(marks.Replace(s)), "") }
	)
	sections, marked := 0, 0
	for _, c := range all {
		for _, s := range c.diff.Sections {
			if s.Collapsed() {
				continue
			}
			sections++
			one := &Diff{Sections: []Section{s}}
			var sb bytes.Buffer
			if err := one.WriteText(&sb, labels, TextOptions{}); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimRight(sb.String(), "\n"), "\n")
			body := strings.Join(lines[1:len(lines)-1], "\n") // without its header and the totals
			var gotNotes []string
			for _, m := range termNotes.FindAllString(body, -1) {
				gotNotes = append(gotNotes, strings.Join(strings.Fields(marks.Replace(m)), " "))
			}
			body = prefix.ReplaceAllString(termNotes.ReplaceAllString(body, " "), "")
			root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
			nodes, _ := html.ParseFragment(strings.NewReader(string(one.HTML(labels))), root)
			var wantNotes []string
			for _, n := range nodes {
				root.AppendChild(n)
			}
			var notes func(*html.Node)
			notes = func(n *html.Node) {
				if n.Type == html.ElementNode && slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == "data-diff-note" }) {
					if text := strings.Join(strings.Fields(contract.Text(n)), " "); strings.HasPrefix(text, "(NOTE ") {
						wantNotes = append(wantNotes, text)
					} else if strings.HasPrefix(text, "FOOTNOTE ") {
						wantNotes = append(wantNotes, "("+text+")")
					}
					return
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					notes(c)
				}
			}
			notes(root)
			wantNew, wantOld := contract.DiffTextsOf(root)
			name := c.name + ": " + s.Heading(labels)
			// Text with brackets of its own cannot be read back from the
			// terminal, whose marks are brackets ("[" deleted is "[-[-]");
			// its notes still are compared.
			if strings.ContainsAny(wantNew+wantOld, "[]{}") {
				marked++
			} else {
				if got := squeeze(deleted.ReplaceAllString(body, "")); got != strings.ReplaceAll(wantNew, "|", "") {
					t.Errorf("%s: the newer text differs between the terminal and the page:\n%s", name, firstDifference(got, wantNew))
				}
				if got := squeeze(inserted.ReplaceAllString(body, "")); s.Kind != Moved && got != strings.ReplaceAll(wantOld, "|", "") {
					t.Errorf("%s: the older text differs between the terminal and the page:\n%s", name, firstDifference(got, wantOld))
				}
			}
			if strings.Join(gotNotes, "\n") != strings.Join(wantNotes, "\n") {
				t.Errorf("%s: the notes differ between the terminal and the page:\n%s\n--\n%s", name, strings.Join(gotNotes, "\n"), strings.Join(wantNotes, "\n"))
			}
		}
	}
	if sections == 0 || marked*4 > sections {
		t.Fatalf("%d changed sections compared, %d of them by their notes alone", sections, marked)
	}
	t.Logf("%d changed sections compared, %d of them by their notes alone (their text holds brackets)", sections, marked)
}

func TestTokens(t *testing.T) {
	got := strings.Join(tokens("Særlig om «SMS», e-post og 63 82 33 50."), "|")
	want := "Særlig| |om| |«|SMS|»|,| |e|-|post| |og| |63| |82| |33| |50|."
	if got != want {
		t.Errorf("Tokens:\n got %s\nwant %s", got, want)
	}
}

func TestBlocks(t *testing.T) {
	got := Blocks([]byte("<h2 id=x>Tittel</h2>\n<p>Et <em>avsnitt</em>\nmed <a href=\"#x\">to</a> linjer.</p><ul><li>punkt <b>en</b></li><li><p>løst</p><p>mer</p></li></ul><table><tr><th>A</th><th></th></tr><tr><td>celle</td><td><a href=\"/b\">b</a></td></tr></table>"))
	want := []Block{
		{Tag: "h2", Text: "Tittel", ID: "x"},
		{Tag: "p", Text: "Et avsnitt med to linjer.", Links: []Link{{"to", "#x"}}},
		{Tag: "li", Text: "punkt en", List: "ul", Depth: 1, Item: true},
		{Tag: "li", Text: "løst", List: "ul", Depth: 1, Item: true},
		{Tag: "p", Text: "mer", List: "ul", Depth: 1},
		{Tag: "tr", Text: "A", Cells: []Cell{{Header: true, Text: "A"}, {Header: true}}},
		{Tag: "tr", Text: "celle b", Links: []Link{{"b", "/b"}}, Cells: []Cell{{Text: "celle"}, {Text: "b", Links: []Link{{"b", "/b"}}}}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].key() != want[i].key() || got[i].ID != want[i].ID {
			t.Errorf("block %d: got %+v, want %+v", i, got[i], want[i])
		}
		for k, c := range got[i].Cells {
			if !c.counted || int(c.words) != countWords(c.Text) {
				t.Errorf("block %d, cell %d: %d words counted (%v), %d in %q", i, k, c.words, c.counted, countWords(c.Text), c.Text)
			}
		}
	}
}

// FuzzCompare applies random word edits to a real policy and checks the
// invariant on the result. Line breaks are tokens of their own, so that
// headings, lists and paragraphs survive the edits that spare them and the
// comparison reaches the word level.
func FuzzCompare(f *testing.F) {
	base, err := os.ReadFile("../../content/personvern/2026-11-26.md")
	if err != nil {
		f.Skip("no seed policy:", err)
	}
	f.Add(int64(1), uint8(3))
	f.Add(int64(42), uint8(40))
	r := render.New()
	text := body(string(base))
	older, _ := r.Render([]byte(text))
	var words []string
	for line := range strings.Lines(text) {
		words = append(words, strings.Fields(line)...)
		words = append(words, "\n")
	}
	join := func(w []string) []byte { return []byte(strings.ReplaceAll(strings.Join(w, " "), " \n ", "\n")) }
	if same, _ := r.Render(join(words)); !bytes.Equal(same.HTML, older.HTML) {
		f.Fatal("the policy taken apart into words and put together again renders differently: the edits would not be word edits")
	}
	f.Fuzz(func(t *testing.T, seed int64, edits uint8) {
		rng := rand.New(rand.NewSource(seed))
		w := append([]string(nil), words...)
		for i := 0; i < int(edits); i++ {
			j := rng.Intn(len(w))
			switch rng.Intn(8) {
			case 0:
				w = append(w[:j], w[j+1:]...)
			case 1:
				w = append(w[:j], append([]string{"NYTT"}, w[j:]...)...)
			case 2:
				w[j], w[len(w)-1-j] = w[len(w)-1-j], w[j]
			case 3:
				w = append(w[:j], append([]string{"\n", "##", "Ny", "seksjon", "\n"}, w[j:]...)...)
			case 4: // a heading with no words to match it by
				w = append(w[:j], append([]string{"\n", "##", "—", "\n"}, w[j:]...)...)
			case 5: // a paragraph split in two
				w = append(w[:j], append([]string{"\n", "\n"}, w[j:]...)...)
			case 6: // a stretch of text moved elsewhere: sections, paragraphs
				k := rng.Intn(len(w))
				from, to := min(j, k), max(j, k)
				moved := slices.Clone(w[from:to])
				rest := append(slices.Clone(w[:from]), w[to:]...)
				at := rng.Intn(len(rest) + 1)
				w = append(rest[:at], append(moved, rest[at:]...)...)
			case 7: // a paragraph made a list item, a heading a level down
				w = append(w[:j], append([]string{"\n", "-"}, w[j:]...)...)
			}
		}
		newer, err := r.Render(join(w))
		if err != nil {
			t.Fatal(err)
		}
		d := checkInvariant(t, "fuzz", older.HTML, newer.HTML)
		// Random edits may mark more words than a minimal diff would;
		// they may never pair without evidence or claim a false change.
		q := measure(d, older.HTML, newer.HTML)
		q.marked = 0
		for _, p := range q.problems() {
			t.Error(p)
		}
	})
}

// Colour is for terminals only: the same text, with ANSI codes around the
// changes when asked, and none otherwise.
func TestTextColour(t *testing.T) {
	d := Compare(Prepare(Blocks(md(t, "Vi lagrer i fem år."))), Prepare(Blocks(md(t, "Vi lagrer i tre år."))), Options{})
	var plain, colour bytes.Buffer
	_ = d.WriteText(&plain, testLabels, TextOptions{})
	_ = d.WriteText(&colour, testLabels, TextOptions{Color: true})
	if strings.Contains(plain.String(), "\x1b[") || !strings.Contains(colour.String(), "\x1b[31m[-fem-]\x1b[0m") || !strings.Contains(colour.String(), "\x1b[32m{+tre+}\x1b[0m") {
		t.Errorf("plain:\n%q\ncolour:\n%q", plain.String(), colour.String())
	}
	stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(colour.String(), "")
	if stripped != plain.String() {
		t.Errorf("colour changes the text:\n%q\n%q", stripped, plain.String())
	}
}

// The diff body escapes text as html/template does.
func TestEscape(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&amp;</a>`, "it's \"quoted\"", "nul\x00byte", "æøå <&> ÆØÅ", "&&&", "<", "tail>"} {
		var b bytes.Buffer
		w := htmlWriter{Buffer: &b}
		w.text(s)
		if want := template.HTMLEscapeString(s); b.String() != want {
			t.Errorf("text(%q) = %q, want %q", s, b.String(), want)
		}
	}
}

// collapse is strings.Fields joined by single spaces, in one pass, with
// U+FFFD for a byte that is not UTF-8.
func TestCollapse(t *testing.T) {
	for _, s := range []string{"", " ", "a", "  a  b  ", "a\n\tb\r\nc", "non\u00a0breaking", "line\u2028separator", "æ ø  å", "\u3000wide\u3000", "x\u0085y"} {
		if got, want := collapse([]byte(s)), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
	// Every text of up to four pieces, against the rune-by-rune way.
	ref := func(s string) string {
		var b strings.Builder
		space := false
		for _, r := range s {
			if unicode.IsSpace(r) {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	pieces := []string{"a", "bc", " ", "  ", "\t\n", "\u00a0", "\u2003", "æ", "\xff", "\xc3", "é", "."}
	var walk func(s string, depth int)
	walk = func(s string, depth int) {
		if got, want := collapse([]byte(s)), ref(s); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
		if depth < 4 {
			for _, p := range pieces {
				walk(s+p, depth+1)
			}
		}
	}
	walk("", 0)
}

// Headings named in notes are text, escaped like the rest of the page.
func TestNotesEscaped(t *testing.T) {
	for _, tt := range []struct{ name, older, newer, want string }{
		{"heading made text",
			"## Deling\n\n### Med 1 < 2 & \"ja\"\n\nVi deler opplysninger med andre når du har sagt ja.",
			"## Deling\n\nMed 1 < 2 & \"ja\": Vi deler opplysninger med andre når du har sagt ja.",
			"«Med 1 &lt; 2 &amp; &#34;ja&#34;»"},
		{"new parent",
			"## A < B\n\nTekst.\n\n### Lagring\n\nVi lagrer i fem år etter at kundeforholdet er avsluttet.\n\n## C & D\n\nMer.",
			"## A < B\n\nTekst.\n\n## C & D\n\nMer.\n\n### Lagring\n\nVi lagrer i fem år etter at kundeforholdet er avsluttet.",
			"«C &amp; D»"},
	} {
		d := checkInvariant(t, tt.name, md(t, tt.older), md(t, tt.newer))
		if out := string(d.HTML(testLabels)); !strings.Contains(out, tt.want) {
			t.Errorf("%s: %q not in\n%s", tt.name, tt.want, out)
		}
	}
}

// tokenCount counts the runes of token texts, three bytes each until
// there are more tokens than three bytes hold.
func TestTokenCount(t *testing.T) {
	for _, n := range []int{0, 1, 5, 61000, 70000} {
		var runes []rune
		for i := range n {
			runes = append(runes, tokenRune(i))
		}
		s := string(runes)
		if got := tokenCount(s); got != n {
			t.Errorf("%d tokens counted as %d", n, got)
		}
		if n < 70000 {
			continue
		}
		if got := tokenCount(s[3:]); got != n-1 {
			t.Errorf("%d tokens, the first aside, counted as %d", n, got)
		}
	}
}

// TestLinkNoteAsText holds the notes on links that the page writes
// directly to the text notes are formatted as, escaped, for labels with
// verbs the direct way takes and labels with others.
func TestLinkNoteAsText(t *testing.T) {
	notes := []note{
		{kind: noteLinkAdded, new: "https://example.no/?a=1&b=<2>"},
		{kind: noteLinkRemoved, old: `https://example.no/"x"`},
		{kind: noteLinkChanged, old: "https://a.example/", new: "https://b.example/?q='1'"},
	}
	labels := []Labels{
		testLabels,
		{LinkChanged: "<%s> & <%s>", LinkAdded: "%s", LinkRemoved: "fjernet: %s."},
		{LinkChanged: "fra %[2]s til %[1]s", LinkAdded: "100 %% ny: %s", LinkRemoved: "%q"},
	}
	for _, l := range labels {
		for _, n := range notes {
			var b bytes.Buffer
			w := htmlWriter{Buffer: &b}
			if !w.linkNote(n, l) {
				w.WriteString(n.text(l, esc, code, esc))
			}
			if got, want := b.String(), n.text(l, esc, code, esc); got != want {
				t.Errorf("note %v under %q: got %q, want %q", n.kind, l.LinkAdded, got, want)
			}
		}
	}
}

// TestCountsAsSprintf holds the counts a section is summed up with, which
// replace %d themselves, to fmt.Sprintf's, for labels with %d alone and
// with other verbs.
func TestCountsAsSprintf(t *testing.T) {
	s := Section{Inserted: 12, Deleted: 3, Links: 3, Headings: 1, notes: make([]footnoteChange, 2)}
	for _, l := range []Labels{
		testLabels,
		{Words: Forms("", "+%d −%d"), Links: Forms("", "%d"), Headings: Forms("100 %% %d", ""), FootnoteCount: Forms("", "%[1]d notes")},
		{Words: Forms("", "%d words added, %d removed"), Links: Forms("", "links: %v"), Headings: Forms("%03d", ""), FootnoteCount: Forms("", "%d%d")},
	} {
		want := strings.Join([]string{
			fmt.Sprintf(l.Words(s.Inserted), s.Inserted, s.Deleted), fmt.Sprintf(l.Links(s.Links), s.Links),
			fmt.Sprintf(l.Headings(s.Headings), s.Headings), fmt.Sprintf(l.FootnoteCount(len(s.notes)), len(s.notes)),
		}, ", ")
		if got := s.Counts(l); got != want {
			t.Errorf("Counts under %q: got %q, want %q", l.Words(2), got, want)
		}
	}
}

// TestCountsInWords holds the counts of a section and of a diff to
// sentences a person would write, with each count's noun in the form its
// number takes, in each of the theme's languages.
func TestCountsInWords(t *testing.T) {
	th, err := theme.Load("")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang    string
		section Section
		want    string // Counts
		summary string // Summary, for a changed section
	}{
		{"nb", Section{Inserted: 12, Deleted: 3, Links: 1}, "12 ord lagt til og 3 fjernet, 1 lenke endret", "Endret – 12 ord lagt til og 3 fjernet, 1 lenke endret"},
		{"nb", Section{Inserted: 1, Links: 2, Headings: 1, notes: make([]footnoteChange, 1)}, "1 ord lagt til, 2 lenker endret, 1 overskrift endret, 1 fotnote endret", ""},
		{"nb", Section{Deleted: 1, Headings: 2, notes: make([]footnoteChange, 3)}, "1 ord fjernet, 2 overskrifter endret, 3 fotnoter endret", ""},
		{"nb", Section{}, "", "Endret"},
		{"nn", Section{Inserted: 12, Deleted: 3, Links: 1}, "12 ord lagde til og 3 fjerna, 1 lenkje endra", "Endra – 12 ord lagde til og 3 fjerna, 1 lenkje endra"},
		{"nn", Section{Inserted: 1, Deleted: 5, Links: 2}, "1 ord lagt til og 5 fjerna, 2 lenkjer endra", ""},
		{"nn", Section{Deleted: 2, Headings: 1, notes: make([]footnoteChange, 2)}, "2 ord fjerna, 1 overskrift endra, 2 fotnotar endra", ""},
		{"en", Section{Inserted: 1, Deleted: 1, Links: 1}, "1 word added and 1 removed, 1 link changed", "Changed – 1 word added and 1 removed, 1 link changed"},
		{"en", Section{Inserted: 12, Links: 3, Headings: 1, notes: make([]footnoteChange, 1)}, "12 words added, 3 links changed, 1 heading changed, 1 footnote changed", ""},
		{"en", Section{Deleted: 1, Headings: 2, notes: make([]footnoteChange, 2)}, "1 word removed, 2 headings changed, 2 footnotes changed", ""},
	}
	for _, tt := range tests {
		l := LabelsFrom(th.Strings(tt.lang))
		s := tt.section
		s.Kind = Changed
		if got := s.Counts(l); got != tt.want {
			t.Errorf("%s: Counts %q, want %q", tt.lang, got, tt.want)
		}
		if tt.summary != "" {
			if got := s.Summary(l); got != tt.summary {
				t.Errorf("%s: Summary %q, want %q", tt.lang, got, tt.summary)
			}
		}
	}

	totals := []struct {
		lang     string
		stats    Stats
		total    string
		sections string
	}{
		{"nb", Stats{Inserted: 236, Deleted: 31, Links: 1, Changed: 7, Added: 1, Moved: 1, Renumbered: 1}, "236 ord lagt til og 31 fjernet, 1 lenke endret",
			"7 punkter endret, 1 nytt punkt og 1 punkt flyttet. Av de endrede punktene har 1 bare fått nytt nummer."},
		{"nb", Stats{Inserted: 1, Changed: 1}, "1 ord lagt til", "1 punkt endret."},
		{"nb", Stats{Moved: 2}, "Ingen ord er endret", "2 punkter flyttet."},
		{"nb", Stats{Deleted: 40, Removed: 2, Added: 2}, "40 ord fjernet", "2 nye punkter og 2 punkter fjernet."},
		{"nb", Stats{}, "Teksten er ikke endret.", ""},
		{"nn", Stats{Inserted: 236, Deleted: 31, Links: 2, Headings: 1, Changed: 7, Added: 1, Moved: 1, Renumbered: 2}, "236 ord lagde til og 31 fjerna, 2 lenkjer endra, 1 overskrift endra",
			"7 punkt endra, 1 nytt punkt og 1 punkt flytta. Av dei endra punkta har 2 berre fått nytt nummer."},
		{"nn", Stats{Deleted: 1, Removed: 1, Added: 2}, "1 ord fjerna", "2 nye punkt og 1 punkt fjerna."},
		{"nn", Stats{Moved: 1}, "Ingen ord er endra", "1 punkt flytta."},
		{"en", Stats{Inserted: 2, Deleted: 1, Links: 1, Changed: 1, Added: 1, Moved: 1, Renumbered: 1}, "2 words added and 1 removed, 1 link changed",
			"1 section changed, 1 new section and 1 section moved. Of the changed sections, 1 only has a new number."},
		{"en", Stats{Inserted: 5, Changed: 3, Removed: 1, Renumbered: 2}, "5 words added", "3 sections changed and 1 section removed. Of the changed sections, 2 only have a new number."},
		{"en", Stats{Moved: 1}, "No words changed", "1 section moved."},
	}
	for _, tt := range totals {
		l := LabelsFrom(th.Strings(tt.lang))
		d := &Diff{Stats: tt.stats}
		if got := d.Total(l); got != tt.total {
			t.Errorf("%s %+v: Total %q, want %q", tt.lang, tt.stats, got, tt.total)
		}
		if got := d.SectionCounts(l); got != tt.sections {
			t.Errorf("%s %+v: SectionCounts %q, want %q", tt.lang, tt.stats, got, tt.sections)
		}
	}
}

// TestRewritten: a diff says the text was mostly rewritten when fewer than
// half the words of the longer revision are in both, and not when a text
// is edited, even heavily, or grows to twice its length.
func TestRewritten(t *testing.T) {
	for _, tt := range []struct {
		stats Stats
		want  bool
	}{
		{Stats{}, false},          // nothing
		{Stats{Kept: 100}, false}, // nothing changed
		{Stats{Kept: 69, Inserted: 31, Deleted: 31}, false}, // heavily edited, as the corpus's largest edits
		{Stats{Kept: 50, Inserted: 50}, false},              // doubled: half of it is what was there
		{Stats{Kept: 50, Inserted: 51}, true},               // more than doubled
		{Stats{Kept: 49, Deleted: 51}, true},                // more than half of it gone
		{Stats{Kept: 30, Inserted: 40, Deleted: 70}, true},  // rewritten, as the corpus's rewrites
		{Stats{Inserted: 5}, true},                          // a text where there was none
	} {
		if got := tt.stats.Rewritten(); got != tt.want {
			t.Errorf("%+v: Rewritten() = %v, want %v", tt.stats, got, tt.want)
		}
	}
	edited := checkInvariant(t, "edited",
		md(t, "## Lagring\n\nVi lagrer opplysningene dine i fem år etter at kundeforholdet er avsluttet.\n\n## Kontakt\n\nRing oss på telefon eller send en e-post."),
		md(t, "## Lagring\n\nVi lagrer opplysningene dine i tre år etter at kundeforholdet er avsluttet.\n\n## Kontakt\n\nSkriv til oss, ring oss på telefon eller send en e-post."))
	if edited.Stats.Rewritten() {
		t.Errorf("an edited text is taken for rewritten: %+v", edited.Stats)
	}
	rewritten := checkInvariant(t, "rewritten",
		md(t, "## Lagring\n\nVi lagrer opplysningene dine i fem år etter at kundeforholdet er avsluttet.\n\n## Kontakt\n\nRing oss på telefon eller send en e-post."),
		md(t, "## Hva vi tar vare på\n\nNavn, adresse og målerstand, så lenge loven krever det.\n\n## Spørsmål\n\nSkriv til personvernombudet, som svarer innen en måned."))
	if !rewritten.Stats.Rewritten() {
		t.Errorf("a rewritten text is not taken for rewritten: %+v", rewritten.Stats)
	}
}
