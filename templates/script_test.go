package templates

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompareJS runs the tests of compare.js with Node.js.
func TestCompareJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the compare.js tests; .ci/run installs it")
		}
		t.Skip("node is not installed: skipping the compare.js tests (CI runs them)")
	}
	out, err := exec.Command(node, "testdata/compare_test.js").CombinedOutput()
	if err != nil {
		t.Fatalf("compare.js tests failed: %v\n%s", err, out)
	}
}

// TestAtJS runs the tests of at.js, the script of the page of the version
// at a date, with Node.js.
func TestAtJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the at.js tests; .ci/run installs it")
		}
		t.Skip("node is not installed: skipping the at.js tests (CI runs them)")
	}
	out, err := exec.Command(node, "testdata/at_test.js").CombinedOutput()
	if err != nil {
		t.Fatalf("at.js tests failed: %v\n%s", err, out)
	}
}

// TestCompareWasm: the committed compare.wasm and wasm_exec.js are what
// go generate makes of the source now (generator/diffview/wasm/gen). The
// same Go version makes the same bytes; with another, the files differ
// without being out of date, so the test skips and says so.
func TestCompareWasm(t *testing.T) {
	if testing.Short() {
		t.Skip("building compare.wasm takes a while: skipped with -short")
	}
	made, err := os.ReadFile("compare.wasm.version")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Skipf("no Go toolchain to rebuild compare.wasm with: %v", err)
	}
	if have, want := strings.TrimSpace(string(out)), strings.TrimSpace(string(made)); have != want {
		t.Skipf("compare.wasm was made with %s, and this is %s, which makes other bytes: not checked (run go generate ./templates with %s to check it)", want, have, want)
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "../generator/diffview/wasm/gen", "-out", dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("rebuilding compare.wasm: %v\n%s", err, b)
	}
	for _, name := range []string{"compare.wasm", "wasm_exec.js"} {
		committed, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		rebuilt, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, rebuilt) {
			t.Errorf("templates/%s is out of date: run go generate ./templates (or make wasm) and commit it", name)
		}
	}
}
