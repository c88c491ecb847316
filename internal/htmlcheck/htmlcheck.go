// Package htmlcheck runs the W3C Nu HTML checker (vnu.jar, installed by
// make test from the npm registry) over folders of built pages, for tests.
package htmlcheck

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Validate reports every error the checker finds in the HTML files under
// dirs as a test error. It skips the test with -short. Where the checker
// or Java is missing it skips the test with a message, or fails it when CI
// is set: CI installs both.
func Validate(t *testing.T, dirs ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("HTML validation starts a Java virtual machine: skipped with -short")
	}
	tools := os.Getenv("POLICYSITE_TOOLS")
	jar := filepath.Join(tools, "vnu-jar", "build", "dist", "vnu.jar")
	java, javaErr := exec.LookPath("java")
	if _, err := os.Stat(jar); tools == "" || err != nil || javaErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the Nu HTML checker or Java is missing (POLICYSITE_TOOLS=%q): make test and .ci/run install them", tools)
		}
		t.Skip("the Nu HTML checker is not installed: skipping HTML validation (make test installs it)")
	}
	// The checker runs once, for seconds: the client compiler alone and
	// one collector thread take half the processor time of the defaults
	// and no longer, and leave the other core to the tests beside it. The
	// client compiler's frames are larger: the schema needs a larger stack.
	args := []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m", "-jar", jar, "--skip-non-html", "--errors-only", "--format", "json"}
	started := time.Now()
	out, err := exec.Command(java, append(args, dirs...)...).CombinedOutput()
	t.Logf("the Nu HTML checker took %s", time.Since(started).Round(time.Millisecond))
	var report struct {
		Messages []struct {
			Type, URL, Message string
			LastLine           int
		}
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("the checker failed (%v): %s", err, out)
	}
	for _, m := range report.Messages {
		t.Errorf("%s:%d: %s: %s", m.URL, m.LastLine, m.Type, m.Message)
	}
}

// WriteHTML writes the HTML files of a build (slash-separated paths to
// contents) into a new folder for Validate, and returns it.
func WriteHTML(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if filepath.Ext(name) != ".html" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
