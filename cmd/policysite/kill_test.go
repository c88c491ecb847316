package main

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"policysite/generator"
)

// TestKilledBuild kills builds at random moments and checks that the
// output folder is always a complete site: the previous build's or the
// new one's, page for page (policysite verify), never a mix or nothing.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("kills builds for several seconds")
	}
	src := t.TempDir()
	writeLargeSite(t, src, 120)
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
		if cmd.Process.Kill() == nil {
			killed++
		}
		_ = cmd.Wait()
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

// writeLargeSite writes a site with n revisions of a long policy.
func writeLargeSite(t *testing.T, dir string, n int) {
	t.Helper()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", "title: Stor\nbaseURL: https://example.no/\n")
	day := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Personvern\nsummary: Versjon %d.\n---\n", i)
		for s := 0; s < 30; s++ {
			fmt.Fprintf(&b, "## %d Punkt %d\n\nDette er tekst i punkt %d, versjon %d. %s\n\n", s+1, s, s, i/(s+1), strings.Repeat("Mer tekst om personvern. ", 20))
		}
		write(fmt.Sprintf("content/personvern/%s.md", day.AddDate(0, i, 0).Format("2006-01-02")), b.String())
	}
}
