package render

import (
	"bytes"
	"fmt"
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
