package render

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func corpus(b *testing.B) [][]byte {
	files, _ := filepath.Glob("../../../shared/corpora/github-privacy/content/privacy/*.md")
	if len(files) == 0 {
		b.Skip("../shared/corpora is absent")
	}
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// BenchmarkGoldmarkCorpus is the yardstick of the build-speed target:
// goldmark alone, with GFM, rendering the corpus's 52 files.
func BenchmarkGoldmarkCorpus(b *testing.B) {
	docs := corpus(b)
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	var buf bytes.Buffer
	for b.Loop() {
		for _, d := range docs {
			buf.Reset()
			if err := md.Convert(d, &buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRenderCorpus is policysite's rendering of the same files: IDs,
// sanitising, footnotes and the rest, by one Renderer, as a build's, which
// renders the chunks the revisions share once (chunks.go).
func BenchmarkRenderCorpus(b *testing.B) {
	docs := corpus(b)
	for b.Loop() {
		r := New()
		for _, d := range docs {
			if _, err := r.Render(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
