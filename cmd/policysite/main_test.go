package main

import (
	"errors"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"policysite/generator/stamp/stamptest"
)

func TestMain(m *testing.M) {
	// exec policysite, in the scripts and in the tests that start it:
	// the test binary, by the name "policysite" on the PATH set below,
	// is policysite as a process of its own.
	if filepath.Base(os.Args[0]) == "policysite" {
		h := system
		h.now = scriptNow(os.Getenv)
		os.Exit(h.run(os.Args[1:]))
	}
	// The tests read policysite's messages in English, whatever the
	// language of their sites (most are nb) or of the machine: a script
	// that reads them in bokmål says so (env POLICYSITE_MESSAGES=), and
	// the policysite a script runs has the script's environment.
	if _, set := os.LookupEnv("POLICYSITE_MESSAGES"); !set {
		os.Setenv("POLICYSITE_MESSAGES", "en")
	}
	os.Exit(withPolicysiteOnPath(m))
}

// withPolicysiteOnPath runs the tests with a folder first on the PATH that
// holds "policysite", a link to the test binary, and the cache of its
// builds.
func withPolicysiteOnPath(m *testing.M) int {
	exe, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	bin, err := os.MkdirTemp("", "policysite-bin")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(bin)
	if err := os.Symlink(exe, filepath.Join(bin, "policysite")); err != nil {
		log.Fatal(err)
	}
	os.Setenv("PATH", bin+string(filepath.ListSeparator)+os.Getenv("PATH"))
	// The builds the tests start as processes keep their cache here, not
	// in the user's cache folder.
	os.Setenv("POLICYSITE_CACHE", filepath.Join(bin, "cache"))
	return m.Run()
}

// scriptNow is the real time the scripts' policysite sees: the record,
// which goes by the real day, is made on POLICYSITE_TEST_TODAY, so that
// the scripts pass on any day they are run.
func scriptNow(getenv func(string) string) func() time.Time {
	s := getenv("POLICYSITE_TEST_TODAY")
	if s == "" {
		return time.Now
	}
	t, err := time.Parse(time.RFC3339, s+"T12:00:00Z")
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

// workingFolder is held by a run of policysite in the test's process (the
// command policysite of the scripts), which works in its script's folder:
// a process has one working folder, and the scripts run in parallel.
var workingFolder sync.Mutex

// runInProcess runs policysite with args in the test's process, in the
// script's folder and environment, and returns its exit status. Starting a
// process of its own costs about 45 ms of processor time before it does
// anything, and the scripts run policysite some 250 times. No other test
// of the package runs beside TestScripts, which is not parallel, so none
// sees the folder change.
func runInProcess(ts *testscript.TestScript, args []string) int {
	workingFolder.Lock()
	defer workingFolder.Unlock()
	back, err := os.Getwd()
	ts.Check(err)
	ts.Check(os.Chdir(ts.MkAbs(".")))
	defer func() { ts.Check(os.Chdir(back)) }()
	h := host{getenv: ts.Getenv, now: scriptNow(ts.Getenv), stdin: strings.NewReader(""), stdout: ts.Stdout(), stderr: ts.Stderr()}
	return h.run(args)
}

// TestScripts runs the command-line scenarios in testdata/script/*.txtar.
// Besides testscript's own commands they may use
//
//	policysite ARGS...
//	status N policysite ARGS...
//
// which run policysite in the test's process (runInProcess), the second
// requiring exit status N; exec policysite and status N exec policysite
// run it as a process of its own, with the standard input stdin gave.
func TestScripts(t *testing.T) {
	// Absolute, as every path the test uses: runInProcess changes the
	// working folder while scripts start.
	dir, err := filepath.Abs("testdata/script")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: dir,
		Setup: func(env *testscript.Env) error {
			env.Setenv("SOURCE_DATE_EPOCH", "")
			env.Setenv("POLICYSITE_MESSAGES", "en")
			env.Setenv("LANG", "C")
			env.Setenv("POLICYSITE_TEST_TODAY", "2026-11-26")
			// A time-stamping authority on loopback, with its roots in
			// $WORK/tsa-roots.pem, for the scripts that record with one.
			tsa, err := stamptest.Start()
			if err != nil {
				return err
			}
			env.Defer(tsa.Close)
			env.Setenv("TSA_URL", tsa.URL)
			tsa.SetClock(func() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) })
			return os.WriteFile(filepath.Join(env.WorkDir, "tsa-roots.pem"), tsa.RootsPEM, 0o644)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// forge FILE flips a bit of the signed content of the token in
			// FILE, as a forger would.
			"forge": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: forge FILE")
				}
				forged, err := stamptest.Forge([]byte(ts.ReadFile(args[0])))
				ts.Check(err)
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), forged, 0o644))
			},
			"policysite": func(ts *testscript.TestScript, neg bool, args []string) {
				switch code := runInProcess(ts, args); {
				case neg && code == 0:
					ts.Fatalf("unexpected policysite success")
				case !neg && code != 0:
					ts.Fatalf("policysite: exit status %d", code)
				}
			},
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				const usage = "usage: status N [exec] policysite ARGS..."
				if neg || len(args) < 2 {
					ts.Fatalf(usage)
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("status: %v", err)
				}
				var got int
				switch {
				case args[1] == "policysite":
					got = runInProcess(ts, args[2:])
				case args[1] == "exec" && len(args) > 2 && args[2] == "policysite":
					// A process of its own, with the standard input the
					// command stdin gave.
					if err := ts.Exec("policysite", args[3:]...); err != nil {
						var exit *exec.ExitError
						if !errors.As(err, &exit) {
							ts.Fatalf("status: %v", err)
						}
						got = exit.ExitCode()
					}
				default:
					ts.Fatalf(usage)
				}
				if got != want {
					ts.Fatalf("exit status %d, want %d", got, want)
				}
			},
		},
	})
}
