package templates

import (
	"os"
	"os/exec"
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
