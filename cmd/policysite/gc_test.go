package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// A one-off build collects at three times the live heap, unless the user
// has said otherwise with GOGC.
func TestBatchGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	env := map[string]string{"GOGC": "50"}
	getenv := func(k string) string { return env[k] }
	batchGC(getenv)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, the GC percent became %d; want it left at 100", got)
	}

	delete(env, "GOGC")
	batchGC(getenv)
	if got := debug.SetGCPercent(100); got != 200 {
		t.Errorf("without GOGC, the GC percent is %d; want 200", got)
	}
}

// build, check and verify, which make a whole site once, collect less
// often; a command that does not, such as version, keeps the default.
func TestCommandsCollectLessOften(t *testing.T) {
	fixRealDay(t)
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	dest := filepath.Join(t.TempDir(), "public")
	for _, tt := range []struct {
		args []string
		want int
	}{
		{[]string{"version"}, 100},
		{[]string{"build", "--source", "../../examples/demo", "--dest", dest, "--now", "2026-11-26", "-q"}, 200},
		{[]string{"check", "--source", "../../examples/demo", "--now", "2026-11-26"}, 200},
		{[]string{"verify", dest, "--source", "../../examples/demo"}, 200},
	} {
		debug.SetGCPercent(100)
		if code := run(tt.args, io.Discard, io.Discard); code != exitOK {
			t.Fatalf("%v: exit status %d", tt.args, code)
		}
		if got := debug.SetGCPercent(100); got != tt.want {
			t.Errorf("%v: GC percent %d, want %d", tt.args, got, tt.want)
		}
	}
}
