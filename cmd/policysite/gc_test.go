package main

import (
	"os"
	"runtime/debug"
	"testing"
)

// A one-off build collects at three times the live heap, unless the user
// has said otherwise with GOGC.
func TestBatchGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	t.Setenv("GOGC", "50") // restored after the test
	batchGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, the GC percent became %d; want it left at 100", got)
	}

	os.Unsetenv("GOGC")
	batchGC()
	if got := debug.SetGCPercent(100); got != 200 {
		t.Errorf("without GOGC, the GC percent is %d; want 200", got)
	}
}
