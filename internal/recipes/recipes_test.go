package recipes

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"go.yaml.in/yaml/v3"
)

// root is the repository's root, where the recipes live.
var root = func() string {
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return abs
}()

// TestMain removes the policysite the tests built, if they built one.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// built is policysite, built from this repository once for all the tests:
// the fake policysite's say is the real one, so that the review the
// scripts write has the catalogue's words.
var built struct {
	once sync.Once
	dir  string // the folder it is in, alone
	bin  string
	err  error
}

// policysiteBin builds policysite, or returns the one built.
func policysiteBin() (string, error) {
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "policysite-recipes-")
		if built.err != nil {
			return
		}
		bin := filepath.Join(built.dir, "policysite")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/policysite")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		built.bin = bin
	})
	return built.bin, built.err
}

// missing skips the test with a message, or fails it on CI (CI is set),
// where every tool must be there.
func missing(t *testing.T, what, how string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing: %s", what, how)
	}
	t.Skipf("%s is not installed: skipping (%s; CI runs this test)", what, how)
}

// TestScripts runs the scenarios of the CI scripts in testdata/script/*.txtar.
// Besides testscript's own commands they may use
//
//	initsite [-gitlab] DIR  commit DIR as a git repository whose origin is a
//	                        bare repository, remote.git, beside it (-gitlab:
//	                        with the repository's .gitlab-ci.yml and ci/ in it,
//	                        and the remote gcl-origin gitlab-ci-local reads)
//	status N PROG ARGS...   run PROG and require exit status N
//	revparse VAR REV        set VAR to the commit REV names
//
// and the condition [fake], true unless POLICYSITE_BIN names a real
// policysite. Their environment: the fakes first on PATH, CI_SCRIPTS (the
// repository's ci/), FAKE_LOG ($WORK/calls.log: every fake's calls),
// FAKE_STATE, POLICYSITE_SAY (a real policysite, for the fake's say),
// POLICYSITE_MESSAGES=en, and a HOME whose .gitconfig names a committer.
func TestScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the CI scripts against real git for tens of seconds: skipped with -short")
	}
	t.Parallel()
	testscript.Run(t, params("testdata/script", nil))
}

func params(dir string, setup func(*testscript.Env) error) testscript.Params {
	return testscript.Params{
		Dir: dir,
		Setup: func(env *testscript.Env) error {
			if err := setupEnv(env); err != nil {
				return err
			}
			if setup != nil {
				return setup(env)
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "fake" {
				return os.Getenv("POLICYSITE_BIN") == "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"initsite": cmdInitSite,
			"status":   cmdStatus,
			"revparse": cmdRevParse,
		},
	}
}

const gitconfig = `[user]
	name = Test Person
	email = test@example.invalid
[init]
	defaultBranch = main
[advice]
	detachedHead = false
[commit]
	gpgsign = false
[receive]
	advertisePushOptions = true
[gc]
	auto = 0
[maintenance]
	auto = false
`

// setupEnv puts the fakes first on PATH and sets the variables the scripts
// and fakes read.
func setupEnv(env *testscript.Env) error {
	bin := filepath.Join(env.WorkDir, ".fakebin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	fakes, err := os.ReadDir(filepath.Join("testdata", "fakebin"))
	if err != nil {
		return err
	}
	for _, f := range fakes {
		b, err := os.ReadFile(filepath.Join("testdata", "fakebin", f.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(bin, f.Name()), b, 0o755); err != nil {
			return err
		}
	}
	if real := os.Getenv("POLICYSITE_BIN"); real != "" {
		abs, err := filepath.Abs(real)
		if err != nil {
			return err
		}
		if _, err := os.Stat(abs); err != nil {
			return fmt.Errorf("POLICYSITE_BIN: %w", err)
		}
		wrapper := fmt.Sprintf("#!/bin/sh\necho \"policysite $*\" >>\"${FAKE_LOG:-/dev/null}\"\nexec '%s' \"$@\"\n", abs)
		if err := os.WriteFile(filepath.Join(bin, "policysite"), []byte(wrapper), 0o755); err != nil {
			return err
		}
	}
	home := filepath.Join(env.WorkDir, ".home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(gitconfig), 0o644); err != nil {
		return err
	}
	say, err := policysiteBin()
	if err != nil {
		return err
	}
	env.Setenv("POLICYSITE_SAY", say)
	// The review in English, whatever the language of the sites (nb); a
	// script that reads it in bokmål says so (env POLICYSITE_MESSAGES=).
	env.Setenv("POLICYSITE_MESSAGES", "en")
	env.Setenv("HOME", home)
	env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	env.Setenv("PATH", bin+string(os.PathListSeparator)+env.Getenv("PATH"))
	env.Setenv("CI_SCRIPTS", filepath.Join(root, "ci"))
	env.Setenv("FAKE_LOG", filepath.Join(env.WorkDir, "calls.log"))
	env.Setenv("FAKE_STATE", filepath.Join(env.WorkDir, ".fake-state"))
	return nil
}

func cmdInitSite(ts *testscript.TestScript, neg bool, args []string) {
	gitlab := len(args) > 0 && args[0] == "-gitlab"
	if gitlab {
		args = args[1:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: initsite [-gitlab] DIR")
	}
	dir := ts.MkAbs(args[0])
	remote := ts.MkAbs("remote.git")
	if gitlab {
		copyFile(ts, filepath.Join(root, ".gitlab-ci.yml"), filepath.Join(dir, ".gitlab-ci.yml"), 0o644)
		scripts, err := filepath.Glob(filepath.Join(root, "ci", "*.sh"))
		ts.Check(err)
		for _, s := range scripts {
			copyFile(ts, s, filepath.Join(dir, "ci", filepath.Base(s)), 0o755)
		}
	}
	git := func(args ...string) {
		if err := ts.Exec("git", args...); err != nil {
			ts.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
	}
	git("-C", dir, "init", "-q")
	git("-C", dir, "add", "-A")
	git("-C", dir, "commit", "-q", "-m", "The site")
	git("init", "-q", "--bare", remote)
	git("-C", dir, "remote", "add", "origin", remote)
	git("-C", dir, "push", "-q", "-u", "origin", "main")
	git("-C", dir, "remote", "set-head", "origin", "main")
	if gitlab {
		git("-C", dir, "remote", "add", "gcl-origin", "https://gitlab.example.invalid/akershus/personvern.git")
	}
}

func copyFile(ts *testscript.TestScript, from, to string, mode os.FileMode) {
	b, err := os.ReadFile(from)
	ts.Check(err)
	ts.Check(os.MkdirAll(filepath.Dir(to), 0o755))
	ts.Check(os.WriteFile(to, b, mode))
}

func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N PROG ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("status: %v", err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}

func cmdRevParse(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: revparse VAR REV")
	}
	if err := ts.Exec("git", "rev-parse", "--verify", args[1]); err != nil {
		ts.Fatalf("git rev-parse %s: %v", args[1], err)
	}
	ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile("stdout")))
}

// workflow is what the tests read of a GitHub Actions workflow.
type workflow struct {
	On          map[string]yaml.Node `yaml:"on"`
	Permissions map[string]string
	Concurrency struct {
		Group            string
		CancelInProgress bool `yaml:"cancel-in-progress"`
	}
	Jobs map[string]struct {
		Needs       any
		If          string
		Permissions map[string]string
		Steps       []struct {
			ID   string
			If   string
			Uses string
			With map[string]any
			Env  map[string]string
			Run  string
		}
	}
}

func readWorkflow(t *testing.T, name string) (workflow, []byte) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, ".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(b, &w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w, b
}

// schedules returns the cron lines of the publish workflow.
func schedules(t *testing.T) []string {
	t.Helper()
	w, _ := readWorkflow(t, "policy-publish.yml")
	node, ok := w.On["schedule"]
	if !ok {
		t.Fatal("policy-publish.yml has no schedule")
	}
	var s []struct{ Cron string }
	if err := node.Decode(&s); err != nil {
		t.Fatal(err)
	}
	var crons []string
	for _, c := range s {
		crons = append(crons, c.Cron)
	}
	return crons
}

// TestWorkflows checks what the GitHub Actions workflows must hold: they
// cannot run here, and actionlint (make lint) checks only that they are valid.
func TestWorkflows(t *testing.T) {
	pinned := regexp.MustCompile(`^\s*(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$`)
	for _, name := range []string{"policy-review.yml", "policy-publish.yml"} {
		_, b := readWorkflow(t, name)
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "uses:") && !pinned.MatchString(line) {
				t.Errorf("%s:%d: an action not pinned by its full commit, with its version in a comment: %s", name, i+1, line)
			}
		}
	}

	review, _ := readWorkflow(t, "policy-review.yml")
	var pr struct{ Paths []string }
	if n, ok := review.On["pull_request"]; !ok || n.Decode(&pr) != nil {
		t.Fatal("policy-review.yml: no pull_request trigger")
	}
	// On every pull request: a required check must run, and a change to
	// the record anywhere must be seen.
	if len(pr.Paths) > 0 {
		t.Errorf("policy-review.yml: pull_request limited to paths %q; it must run on every pull request", pr.Paths)
	}
	if review.Permissions["pull-requests"] != "write" {
		t.Errorf("policy-review.yml: permissions %v, want pull-requests: write", review.Permissions)
	}
	runs := map[string]bool{}
	for _, job := range review.Jobs {
		for _, s := range job.Steps {
			runs[s.Run] = true
			if s.Run == "ci/comment.sh" && s.Env["GH_TOKEN"] != "${{ github.token }}" {
				t.Errorf("policy-review.yml: the comment step's GH_TOKEN is %q", s.Env["GH_TOKEN"])
			}
			if strings.Contains(s.Uses, "upload-artifact") && s.With["path"] != "preview/" {
				t.Errorf("policy-review.yml: the artifact is %v, want preview/", s.With["path"])
			}
		}
	}
	for _, want := range []string{"ci/review.sh", "ci/comment.sh"} {
		if !runs[want] {
			t.Errorf("policy-review.yml does not run %s", want)
		}
	}

	publish, _ := readWorkflow(t, "policy-publish.yml")
	for _, event := range []string{"push", "schedule", "workflow_dispatch"} {
		if _, ok := publish.On[event]; !ok {
			t.Errorf("policy-publish.yml is not run on %s", event)
		}
	}
	var push struct{ Branches []string }
	if n := publish.On["push"]; n.Decode(&push) != nil || !slices.Equal(push.Branches, []string{"main"}) {
		t.Errorf("policy-publish.yml: push branches %q, want [main]", push.Branches)
	}
	if publish.Concurrency.Group == "" || publish.Concurrency.CancelInProgress {
		t.Errorf("policy-publish.yml: concurrency %+v: want a group, and a publish never cancelled", publish.Concurrency)
	}
	job, ok := publish.Jobs["publish"]
	if !ok {
		t.Fatal("policy-publish.yml has no job publish")
	}
	if job.Permissions["contents"] != "write" {
		t.Errorf("policy-publish.yml: the publish job's permissions %v, want contents: write", job.Permissions)
	}
	if !strings.Contains(job.If, "needs.gate.outputs.run == 'true'") {
		t.Errorf("policy-publish.yml: the publish job does not wait for the gate: if %q", job.If)
	}
	var checkout, setupGo, build, script bool
	for _, s := range job.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/checkout@"):
			checkout = s.With["fetch-depth"] == 0
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			setupGo = s.With["go-version-file"] == "go.mod"
		case strings.Contains(s.Run, "make bin/policysite"):
			build = true
		case s.Run == "ci/publish.sh":
			script = true
			for _, v := range []string{"DEPLOY_TARGET", "DEPLOY_SSH_KEY", "DEPLOY_SSH_KNOWN_HOSTS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
				if s.Env[v] == "" {
					t.Errorf("policy-publish.yml: ci/publish.sh is not given %s", v)
				}
			}
		}
	}
	if !checkout || !setupGo || !build || !script {
		t.Errorf("policy-publish.yml: checkout with fetch-depth 0 %v, setup-go from go.mod %v, make bin/policysite %v, ci/publish.sh %v", checkout, setupGo, build, script)
	}
	gate := publish.Jobs["gate"]
	if len(gate.Steps) == 0 || gate.Steps[len(gate.Steps)-1].Run != "ci/nightly-gate.sh" {
		t.Error("policy-publish.yml: the gate job does not run ci/nightly-gate.sh")
	}

	// The Makefile has the target the workflows build.
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^BIN\s*:=\s*bin/policysite$`).Match(mk) || !regexp.MustCompile(`(?m)^\$\(BIN\):`).Match(mk) {
		t.Error("the Makefile has no target bin/policysite")
	}
}

// TestNightlySchedules runs ci/nightly-gate.sh for each of the publish
// workflow's schedules on nights around the changes to and from summer time
// and once a month: exactly one run a night goes on, the one at 00:05 in Oslo,
// and a run GitHub starts 50 minutes late is judged as if on time.
func TestNightlySchedules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ci/nightly-gate.sh hundreds of times: skipped with -short")
	}
	t.Parallel()
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Skipf("no time zone data for Europe/Oslo: %v", err)
	}
	crons := schedules(t)
	cronRE := regexp.MustCompile(`^(\d+) (\d+) \* \* \*$`)
	var days []time.Time
	for _, span := range [][2]string{{"2026-03-26", "2026-04-01"}, {"2026-10-22", "2026-10-28"}, {"2027-03-26", "2027-03-30"}, {"2027-10-29", "2027-11-02"}} {
		from, _ := time.Parse(time.DateOnly, span[0])
		to, _ := time.Parse(time.DateOnly, span[1])
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			days = append(days, d)
		}
	}
	for m := 1; m <= 12; m++ {
		days = append(days, time.Date(2026, time.Month(m), 10, 0, 0, 0, 0, time.UTC))
	}
	// Every run, on time and 50 minutes late, is judged by one bash.
	var cases []gateCase
	for _, day := range days {
		for _, cron := range crons {
			m := cronRE.FindStringSubmatch(cron)
			if m == nil {
				t.Fatalf("schedule %q: want M H * * *", cron)
			}
			minute, _ := strconv.Atoi(m[1])
			hour, _ := strconv.Atoi(m[2])
			at := time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, time.UTC)
			cases = append(cases, gateCase{cron, at}, gateCase{cron, at.Add(50 * time.Minute)})
		}
	}
	answers := gate(t, cases)
	runs := map[string][]string{} // Oslo date → the runs that went on
	for i := 0; i < len(cases); i += 2 {
		cron, at := cases[i].cron, cases[i].at
		run, late := answers[i], answers[i+1]
		if late != run {
			t.Errorf("%s at %s: run=%v on time, run=%v 50 minutes late", cron, at.Format(time.RFC3339), run, late)
		}
		local := at.In(oslo)
		if want := local.Hour() == 0; run != want {
			t.Errorf("%s at %s (%s in Oslo): run=%v, want %v", cron, at.Format(time.RFC3339), local.Format("15:04"), run, want)
		}
		if run {
			date := local.Format(time.DateOnly)
			runs[date] = append(runs[date], cron+" at "+local.Format("15:04"))
		}
	}
	for _, day := range days {
		// The run of the night before day+1, in Oslo.
		date := day.AddDate(0, 0, 1).Format(time.DateOnly)
		if len(runs[date]) != 1 {
			t.Errorf("the night before %s in Oslo: runs %q, want one", date, runs[date])
		}
	}
}

// gateCase is a scheduled run of the publish workflow: its schedule, and
// the moment it starts.
type gateCase struct {
	cron string
	at   time.Time
}

// gateLoop runs ci/nightly-gate.sh ($1) for each line of standard input,
// "SCHEDULE|GATE_TIME", as GitHub runs it for a scheduled run, and prints
// its answer (run=true or run=false), or failed=STATUS. Each run is the
// script in a subshell of its own, with the variables set as GitHub sets
// them: one bash for them all, not one a run.
const gateLoop = `while IFS='|' read -r schedule at; do
  (
    export EVENT=schedule SCHEDULE=$schedule GATE_TIME=$at GITHUB_OUTPUT=
    . "$1"
  ) || echo "failed=$?"
done`

// gate runs ci/nightly-gate.sh for each case and returns its answers.
func gate(t *testing.T, cases []gateCase) []bool {
	t.Helper()
	var in strings.Builder
	for _, c := range cases {
		// @SECONDS, which bash reads without date (gate.txtar gives
		// the moments as GitHub writes them).
		fmt.Fprintf(&in, "%s|@%d\n", c.cron, c.at.Unix())
	}
	cmd := exec.Command("bash", "-c", gateLoop, "gate", filepath.Join(root, "ci", "nightly-gate.sh"))
	cmd.Stdin = strings.NewReader(in.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nightly-gate.sh: %v\n%s", err, stderr.Bytes())
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(cases) {
		t.Fatalf("nightly-gate.sh answered %d of %d runs:\n%s\n%s", len(lines), len(cases), out, stderr.Bytes())
	}
	answers := make([]bool, len(cases))
	for i, line := range lines {
		switch line {
		case "run=true":
			answers[i] = true
		case "run=false":
		default:
			t.Fatalf("nightly-gate.sh for %s at %s printed %q\n%s", cases[i].cron, cases[i].at.Format(time.RFC3339), line, stderr.Bytes())
		}
	}
	return answers
}

// TestGitLabFile checks what .gitlab-ci.yml must hold beyond what
// TestGitLabPipeline runs: the image, the reports and the documented
// schedule.
func TestGitLabFile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var ci struct {
		Default struct{ Image string }
		Review  struct {
			Rules     []map[string]any
			Artifacts struct {
				ExposeAs string `yaml:"expose_as"`
				Paths    []string
				Reports  map[string]string
			}
		} `yaml:"policy-review"`
		Publish struct {
			Rules         []map[string]any
			ResourceGroup string `yaml:"resource_group"`
		} `yaml:"policy-publish"`
	}
	if err := yaml.Unmarshal(b, &ci); err != nil {
		t.Fatal(err)
	}
	if ci.Default.Image != "golang:1.26" {
		t.Errorf("default image %q, want golang:1.26", ci.Default.Image)
	}
	if ci.Review.Artifacts.Reports["codequality"] != "gl-code-quality-report.json" {
		t.Errorf("policy-review: reports %v, want codequality: gl-code-quality-report.json", ci.Review.Artifacts.Reports)
	}
	if ci.Review.Artifacts.ExposeAs == "" || !slices.Contains(ci.Review.Artifacts.Paths, "preview/") {
		t.Errorf("policy-review: artifacts %+v: want preview/ exposed", ci.Review.Artifacts)
	}
	if ci.Publish.ResourceGroup == "" {
		t.Error("policy-publish has no resource_group: two publishes could race")
	}
	for _, want := range []string{`"5 0 * * *"`, `"Europe/Oslo"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf(".gitlab-ci.yml does not document the pipeline schedule: %s is missing", want)
		}
	}
}

// TestScriptHeaders checks that each script in ci/ is bash with
// set -euo pipefail, executable, and says in its header what it does, its
// inputs and its outputs.
func TestScriptHeaders(t *testing.T) {
	scripts, err := filepath.Glob(filepath.Join(root, "ci", "*.sh"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts in ci/: %v", err)
	}
	for _, s := range scripts {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		name := filepath.Base(s)
		header, _, _ := strings.Cut(text, "\nset -euo pipefail\n")
		switch {
		case !strings.HasPrefix(text, "#!/usr/bin/env bash\n# ci/"+name+" — "):
			t.Errorf("%s does not start with #!/usr/bin/env bash and a line saying what it does", name)
		case header == text:
			t.Errorf("%s has no set -euo pipefail after its header", name)
		case !strings.Contains(header, "# Inputs") || !strings.Contains(header, "Output"):
			t.Errorf("%s's header does not list its inputs and outputs", name)
		}
		if fi, err := os.Stat(s); err == nil && fi.Mode()&0o111 == 0 {
			t.Errorf("%s is not executable", name)
		}
	}
}
