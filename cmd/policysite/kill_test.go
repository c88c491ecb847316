package main

import (
	"math/rand"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"policysite/generator"
	"policysite/internal/sitegen"
)

// TestKilledBuild kills builds at random moments and checks that the
// output folder is always a complete site: the previous build's or the
// new one's, page for page (policysite verify), never a mix or nothing.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("kills builds for several seconds")
	}
	src := t.TempDir()
	if err := sitegen.Write(src, 70); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	days := []string{"2026-06-01", "2026-11-26"}

	start := time.Now()
	if out, err := exec.Command("policysite", "build", "--source", src, "--dest", dest, "--now", days[0], "-q").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	full := time.Since(start)

	rng := rand.New(rand.NewSource(1))
	killed := 0
	for i := 0; i < 12; i++ {
		cmd := exec.Command("policysite", "build", "--source", src, "--dest", dest, "--now", days[(i+1)%2], "-q")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int63n(int64(full) + 1)))
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if !cmd.ProcessState.Exited() { // the kill came before the build finished
			killed++
		}
		findings, err := generator.Verify(src, dest, nil)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		if len(findings) > 0 {
			t.Fatalf("after kill %d the output is not a complete site: %d differences, first %s", i, len(findings), findings[0])
		}
	}
	if killed == 0 {
		t.Fatal("no build was killed")
	}
	// The next build cleans up after the killed ones.
	if out, err := exec.Command("policysite", "build", "--source", src, "--dest", dest, "--now", days[1], "-q").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.*-*"))
	if len(left) > 0 {
		t.Errorf("folders left by killed builds: %v", left)
	}
	t.Logf("a build took %s; %d killed", full.Round(time.Millisecond), killed)
}
