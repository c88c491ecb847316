package diff

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"policysite/generator/render"
)

const corpus = "../../../shared/corpora/github-privacy/content/privacy"

func corpusDocs(b *testing.B) []*Doc {
	files, _ := filepath.Glob(filepath.Join(corpus, "*.md"))
	if len(files) == 0 {
		b.Skip("../shared/corpora is absent")
	}
	r := render.New()
	var out []*Doc
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		res, err := r.Render(data)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, Prepare(Blocks(res.HTML)))
	}
	return out
}

// docBlocks is a prepared revision's blocks, in order.
func docBlocks(d *Doc) []Block {
	var out []Block
	sections := d.sections
	if d.footnotes != nil {
		sections = append(slices.Clip(sections), d.footnotes)
	}
	for _, s := range sections {
		for _, b := range s.blocks() {
			out = append(out, *b)
		}
	}
	return out
}

// docSize is the length of a revision's text.
func docSize(d *Doc) int {
	n := 0
	for _, s := range d.sections {
		for _, b := range s.blocks() {
			n += len(b.Text)
		}
	}
	return n
}

// BenchmarkCompareLargestPair diffs the adjacent pair of the corpus with
// the most text between them.
func BenchmarkCompareLargestPair(b *testing.B) {
	revs := corpusDocs(b)
	best, size := 1, 0
	for i := 1; i < len(revs); i++ {
		n := docSize(revs[i-1]) + docSize(revs[i])
		if n > size {
			best, size = i, n
		}
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		Compare(revs[best-1], revs[best], Options{})
	}
}

// BenchmarkCompareCorpus diffs every adjacent pair of the corpus.
func BenchmarkCompareCorpus(b *testing.B) {
	revs := corpusDocs(b)
	for b.Loop() {
		for i := 1; i < len(revs); i++ {
			Compare(revs[i-1], revs[i], Options{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(revs)-1)/1000, "ms/diff")
}

// BenchmarkCompareSite makes the comparisons a site of the corpus shows,
// the way a build makes them: every revision prepared through one Memo,
// then compared with the next and with the newest.
func BenchmarkCompareSite(b *testing.B) {
	var blocks [][]Block
	for _, d := range corpusDocs(b) {
		blocks = append(blocks, docBlocks(d))
	}
	for b.Loop() {
		var m Memo
		docs := make([]*Doc, len(blocks))
		for i := range blocks {
			docs[i] = m.Prepare(blocks[i])
		}
		last := len(docs) - 1
		for i := range last {
			Compare(docs[i], docs[i+1], Options{})
			if i+1 < last {
				Compare(docs[i], docs[last], Options{})
			}
		}
	}
}

// BenchmarkCompareRewrite diffs the first and the last revision of the
// corpus: nine years of rewrites, the worst case for pairing blocks.
func BenchmarkCompareRewrite(b *testing.B) {
	revs := corpusDocs(b)
	for b.Loop() {
		Compare(revs[0], revs[len(revs)-1], Options{})
	}
}

// BenchmarkCompareScaling diffs a policy made 1, 4 and 16 times longer,
// with the same five one-word edits: the time should grow with the length,
// not with its square.
func BenchmarkCompareScaling(b *testing.B) {
	revs := corpusDocs(b)
	base := revs[len(revs)-1]
	blocks := docBlocks(base)
	for _, times := range []int{1, 4, 16} {
		var older []Block
		for i := 0; i < times; i++ {
			for _, bl := range blocks {
				bl.words = nil
				if bl.heading() > 0 {
					bl.Text = fmt.Sprintf("%s (%d)", bl.Text, i)
				}
				older = append(older, bl)
			}
		}
		newer := slices.Clone(older)
		for e := 1; e <= 5; e++ {
			i := e * len(newer) / 6
			newer[i].Text = "Endret: " + newer[i].Text
		}
		a, c := Prepare(older), Prepare(newer)
		b.Run(fmt.Sprintf("x%d", times), func(b *testing.B) {
			for b.Loop() {
				Compare(a, c, Options{})
			}
		})
	}
}

// BenchmarkBlocksCorpus splits the rendered corpus into blocks and prepares
// them, through one Memo as a cold build does: the diff's share of
// rendering a history.
func BenchmarkBlocksCorpus(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(corpus, "*.md"))
	if len(files) == 0 {
		b.Skip("../shared/corpora is absent")
	}
	r := render.New()
	var pages []render.Result
	for _, f := range files {
		data, _ := os.ReadFile(f)
		res, err := r.Render(data)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, res)
	}
	for b.Loop() {
		var m Memo
		for _, p := range pages {
			m.Prepare(m.Blocks(p.HTML, p.Parts))
		}
	}
}

// Texts far apart of 300 tokens from 45, as a paragraph and a version of
// it many revisions older in internal/sitegen's long histories.
func farTexts() (a, b []rune) {
	rng := rand.New(rand.NewPCG(3, 5))
	text := func() []rune {
		out := make([]rune, 300)
		for i := range out {
			out[i] = tokenRune(rng.IntN(45))
		}
		return out
	}
	return text(), text()
}

func BenchmarkDiffRunesFar(b *testing.B) {
	x, y := farTexts()
	for b.Loop() {
		diffRunes(x, y)
	}
}

func BenchmarkGoDiffFar(b *testing.B) {
	x, y := farTexts()
	dmp := newDMP()
	for b.Loop() {
		dmp.DiffMainRunes(x, y, false)
	}
}
