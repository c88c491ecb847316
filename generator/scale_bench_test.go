package generator

import (
	"fmt"
	"testing"

	"policysite/internal/sitegen"
)

// scaleSizes are the two sizes of each pathological input the scaling
// benchmarks build: a step that is linear takes twice as long for the
// second, one that compares each part with those before it four times.
var scaleSizes = []int{2000, 4000}

// BenchmarkGeneratePathological builds a site whose one revision is a
// pathological input (sitegen.Pathologicals), at two sizes.
func BenchmarkGeneratePathological(b *testing.B) {
	for _, p := range sitegen.Pathologicals {
		for _, n := range scaleSizes {
			b.Run(fmt.Sprintf("%s/%d", p.Name, n), func(b *testing.B) {
				benchmarkGenerateBodies(b, p.Body(n))
			})
		}
	}
}

// BenchmarkGeneratePathologicalDiff builds a site of two revisions of a
// pathological input, the second a small edit of the first: the diff
// page's work on top of the rendering.
func BenchmarkGeneratePathologicalDiff(b *testing.B) {
	for _, p := range sitegen.Pathologicals {
		for _, n := range scaleSizes {
			b.Run(fmt.Sprintf("%s/%d", p.Name, n), func(b *testing.B) {
				body := p.Body(n)
				benchmarkGenerateBodies(b, body, sitegen.Edit(body))
			})
		}
	}
}

func benchmarkGenerateBodies(b *testing.B, bodies ...string) {
	dir := b.TempDir()
	if err := sitegen.WriteRevisions(dir, bodies...); err != nil {
		b.Fatal(err)
	}
	site, th, err := Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, body := range bodies {
		size += len(body)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		if _, _, err := generateSite(site, th, day("2026-11-26"), GenerateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
