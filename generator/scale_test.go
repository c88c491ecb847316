package generator

import (
	"math"
	"runtime"
	"testing"
	"time"

	"policysite/internal/sitegen"
)

// maxGrowth is how many times longer checking a site may take for twice
// the text. Work that grows with the text takes about twice as long, work
// that compares each part with those before it four times: eight is a
// clear blow-up, with room for a loaded machine.
const maxGrowth = 8

// TestNoBlowUp checks each pathological input (sitegen.Pathologicals) at
// two sizes, the whole of what check does: load, render, diff and make
// the pages of a site of two revisions, then lint. It fails only if twice
// the text takes more than maxGrowth times as long. What counts is the CPU
// time the process spends (cpuTime), not the time on the clock, so that
// other work on the machine does not make it fail; and each size is
// measured a few times, the two in turn, the cheapest run of each
// counting. The speed itself is the benchmarks'
// (BenchmarkGeneratePathological).
func TestNoBlowUp(t *testing.T) {
	if testing.Short() {
		t.Skip("times checks of large sites")
	}
	const n, runs = 1000, 3
	for _, p := range sitegen.Pathologicals {
		t.Run(p.Name, func(t *testing.T) {
			sites := [2]string{t.TempDir(), t.TempDir()}
			for i, dir := range sites {
				body := p.Body(n << i)
				if err := sitegen.WriteRevisions(dir, body, sitegen.Edit(body)); err != nil {
					t.Fatal(err)
				}
			}
			best := [2]time.Duration{math.MaxInt64, math.MaxInt64}
			for range runs {
				for i, dir := range sites {
					runtime.GC() // not paid for by the next run
					start := cpuTime()
					if _, err := Check(dir, day("2026-11-26")); err != nil {
						t.Fatal(err)
					}
					best[i] = min(best[i], cpuTime()-start)
				}
			}
			growth := float64(best[1]) / float64(best[0])
			t.Logf("%v of CPU for %d, %v for %d: ×%.1f", best[0], n, best[1], 2*n, growth)
			if growth > maxGrowth {
				t.Errorf("twice the text took %.1f times as long (%v, then %v): something grows faster than the text", growth, best[0], best[1])
			}
		})
	}
}
