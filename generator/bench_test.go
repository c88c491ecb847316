package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"policysite/generator/publish"
)

func benchmarkGenerate(b *testing.B, source string) {
	if _, err := os.Stat(source); err != nil {
		b.Skipf("%s is absent", source)
	}
	site, th, err := Load(source)
	if err != nil {
		b.Fatal(err)
	}
	revs := 0
	for _, s := range site.Series {
		revs += len(s.Revisions)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := generateSite(site, th, day("2026-11-26"), GenerateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(revs), "ms/revision")
}

// BenchmarkGenerateCorpus renders, diffs and plans every page of the 52
// revisions of ../shared/corpora/github-privacy (loading and writing aside).
func BenchmarkGenerateCorpus(b *testing.B) {
	benchmarkGenerate(b, "../../shared/corpora/github-privacy")
}

func BenchmarkGenerateDemo(b *testing.B) { benchmarkGenerate(b, "../examples/demo") }

func BenchmarkLoadCorpus(b *testing.B) {
	src := "../../shared/corpora/github-privacy"
	if _, err := os.Stat(src); err != nil {
		b.Skipf("%s is absent", src)
	}
	for b.Loop() {
		if _, _, err := Load(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildCorpus is serve's rebuild after an edit of the newest
// revision of the corpus: loading, then generating with a warm cache.
func BenchmarkRebuildCorpus(b *testing.B) {
	src := "../../shared/corpora/github-privacy"
	if _, err := os.Stat(src); err != nil {
		b.Skipf("%s is absent", src)
	}
	cache := NewCache()
	build := func(edit int) {
		site, th, err := Load(src)
		if err != nil {
			b.Fatal(err)
		}
		newest := site.Series[0].Revisions[len(site.Series[0].Revisions)-1]
		newest.Body = append(newest.Body, []byte(fmt.Sprintf("\n\nEdit %d.\n", edit))...)
		if _, _, err := generateSite(site, th, day("2026-11-26"), GenerateOptions{Cache: cache}); err != nil {
			b.Fatal(err)
		}
	}
	build(0)
	i := 0
	for b.Loop() {
		i++
		build(i)
	}
}

// BenchmarkWriteCorpus writes the corpus's built site (11.7 MB in some 170
// files) into a new output folder: the writing share of a cold build. The
// system's written data is flushed before each run, so that a run does not
// pay for the one before.
func BenchmarkWriteCorpus(b *testing.B) {
	src := "../../shared/corpora/github-privacy"
	if _, err := os.Stat(src); err != nil {
		b.Skipf("%s is absent", src)
	}
	site, th, err := Load(src)
	if err != nil {
		b.Fatal(err)
	}
	files, _, err := generateSite(site, th, day("2026-11-26"), GenerateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, f := range files {
		size += len(f)
	}
	b.SetBytes(int64(size))
	dest := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		b.StopTimer()
		os.RemoveAll(dest)
		flush()
		b.StartTimer()
		if err := publish.Replace(dest, files); err != nil {
			b.Fatal(err)
		}
	}
}
