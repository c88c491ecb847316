// Package htmlcheck runs the W3C Nu HTML checker (vnu.jar, installed by
// make test from the npm registry) over folders of built pages, for tests.
package htmlcheck

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Validate reports every error the checker finds in the HTML files under
// dirs as a test error. Where the checker or Java is missing it skips the
// test with a message, or fails it when CI is set: CI installs both.
func Validate(t *testing.T, dirs ...string) {
	t.Helper()
	tools := os.Getenv("POLICYSITE_TOOLS")
	jar := filepath.Join(tools, "vnu-jar", "build", "dist", "vnu.jar")
	java, javaErr := exec.LookPath("java")
	if _, err := os.Stat(jar); tools == "" || err != nil || javaErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the Nu HTML checker or Java is missing (POLICYSITE_TOOLS=%q): make test and .ci/run install them", tools)
		}
		t.Skip("the Nu HTML checker is not installed: skipping HTML validation (make test installs it)")
	}
	out, err := exec.Command(java, append([]string{"-jar", jar, "--skip-non-html", "--errors-only", "--format", "json"}, dirs...)...).CombinedOutput()
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
