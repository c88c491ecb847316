package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"policysite/internal/sitegen"
)

// scaleSizes are the two sizes of each pathological input the scaling
// benchmarks render: a step that is linear takes twice as long for the
// second, one that compares each part with those before it four times.
var scaleSizes = []int{2000, 4000}

// BenchmarkRenderPathological renders each pathological input
// (sitegen.Pathologicals) at two sizes.
func BenchmarkRenderPathological(b *testing.B) {
	r := New(WithReservedIDs("main", "toc"))
	for _, p := range sitegen.Pathologicals {
		for _, n := range scaleSizes {
			src := []byte(p.Body(n))
			b.Run(fmt.Sprintf("%s/%d", p.Name, n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, err := r.Render(src); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkGoldmarkPathological is the yardstick of
// BenchmarkRenderPathological: goldmark alone, with GFM, on the same
// inputs. What grows faster there is goldmark's.
func BenchmarkGoldmarkPathological(b *testing.B) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for _, p := range sitegen.Pathologicals {
		for _, n := range scaleSizes {
			src := []byte(p.Body(n))
			b.Run(fmt.Sprintf("%s/%d", p.Name, n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				var buf bytes.Buffer
				for b.Loop() {
					buf.Reset()
					if err := md.Convert(src, &buf); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkRenderDepth renders lists and quotes nested deeper and deeper,
// next to goldmark alone: goldmark's parser reads the rest of the line
// again at each level it opens, so its time grows as the square of the
// depth; ours on top of it grows with the text.
func BenchmarkRenderDepth(b *testing.B) {
	r := New()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for _, nest := range []struct{ name, marker string }{{"lists", "- "}, {"quotes", "> "}} {
		for _, depth := range []int{1000, 2000} {
			src := []byte(strings.Repeat(nest.marker, depth) + "bunn\n")
			b.Run(fmt.Sprintf("%s/%d", nest.name, depth), func(b *testing.B) {
				for b.Loop() {
					if _, err := r.Render(src); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/goldmark/%d", nest.name, depth), func(b *testing.B) {
				var buf bytes.Buffer
				for b.Loop() {
					buf.Reset()
					if err := md.Convert(src, &buf); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
