package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"policysite/internal/sitegen"
)

const corpus = "../../../shared/corpora/github-privacy"

// binary builds the command pkg with go build and returns its path: the
// benchmarks time the program a user runs, not this test binary standing in
// for it.
func binary(b *testing.B, pkg string) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), filepath.Base(pkg))
	if out, err := exec.Command("go", "build", "-o", p, pkg).CombinedOutput(); err != nil {
		b.Fatalf("%v\n%s", err, out)
	}
	return p
}

// runProcess runs a command once per iteration and reports the time per
// run and the peak memory (maximum resident set size) of the processes.
// Before each run, with the timer stopped, it calls before and flushes the
// system's written data to disk: otherwise a run pays for writing back what
// the one before it wrote, and the figures depend on the order of the runs
// more than on the program.
func runProcess(b *testing.B, revisions int, before func(), name string, args ...string) {
	b.Helper()
	var peak int64
	for b.Loop() {
		b.StopTimer()
		if before != nil {
			before()
		}
		syscall.Sync()
		b.StartTimer()
		cmd := exec.Command(name, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		if u, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && u.Maxrss > peak {
			peak = u.Maxrss
		}
	}
	b.ReportMetric(float64(peak)/1024, "peak-MB")
	if revisions > 0 {
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(revisions), "ms/revision")
	}
}

// BenchmarkBuildCorpus is a cold, whole-process build of the 52 revisions
// of ../shared/corpora/github-privacy into an empty folder: diffs, history
// and feeds included.
func BenchmarkBuildCorpus(b *testing.B) {
	if _, err := os.Stat(corpus); err != nil {
		b.Skip("../shared/corpora is absent")
	}
	dest := filepath.Join(b.TempDir(), "public")
	runProcess(b, 52, func() { os.RemoveAll(dest) }, binary(b, "policysite/cmd/policysite"), "build", "--source", corpus, "--dest", dest, "--now", "2026-11-26", "-q")
}

// BenchmarkRebuildCorpus builds the corpus again over its own output, with
// nothing changed: only what differs is written.
func BenchmarkRebuildCorpus(b *testing.B) {
	if _, err := os.Stat(corpus); err != nil {
		b.Skip("../shared/corpora is absent")
	}
	dest := filepath.Join(b.TempDir(), "public")
	runProcess(b, 52, nil, binary(b, "policysite/cmd/policysite"), "build", "--source", corpus, "--dest", dest, "--now", "2026-11-26", "-q")
}

// BenchmarkGoldmarkCorpus is the yardstick: goldmark alone rendering the
// same 52 files in one process.
func BenchmarkGoldmarkCorpus(b *testing.B) {
	if _, err := os.Stat(corpus); err != nil {
		b.Skip("../shared/corpora is absent")
	}
	out := b.TempDir()
	runProcess(b, 52, func() { os.RemoveAll(out); os.Mkdir(out, 0o755) }, binary(b, "policysite/internal/goldmarkbench"), filepath.Join(corpus, "content", "privacy"), out)
}

func benchmarkSynthetic(b *testing.B, revisions int) {
	src := b.TempDir()
	start := time.Now()
	if err := sitegen.Write(src, revisions); err != nil {
		b.Fatal(err)
	}
	b.Logf("wrote %d revisions in %s", revisions, time.Since(start))
	dest := filepath.Join(b.TempDir(), "public")
	runProcess(b, revisions, func() { os.RemoveAll(dest) }, binary(b, "policysite/cmd/policysite"), "build", "--source", src, "--dest", dest, "--now", "2026-11-26", "-q")
}

// BenchmarkBuild100 and BenchmarkBuild1000 build synthetic sites of three
// documents in two languages; 1000 revisions should take at most 11 times
// as long as 100.
func BenchmarkBuild100(b *testing.B)  { benchmarkSynthetic(b, 100) }
func BenchmarkBuild1000(b *testing.B) { benchmarkSynthetic(b, 1000) }
