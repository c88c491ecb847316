package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"policysite/generator/stamp/stamptest"
)

func TestMain(m *testing.M) {
	// The tests read policysite's messages in English, whatever the
	// language of their sites (most are nb) or of the machine: a script
	// that reads them in bokmål says so (env POLICYSITE_MESSAGES=), and
	// the policysite a script runs has the script's environment.
	if _, set := os.LookupEnv("POLICYSITE_MESSAGES"); !set {
		os.Setenv("POLICYSITE_MESSAGES", "en")
	}
	testscript.Main(m, map[string]func(){
		"policysite": func() {
			// The real day, which the record goes by, is fixed in the
			// scripts, so that they pass on any day they are run.
			if s := os.Getenv("POLICYSITE_TEST_TODAY"); s != "" {
				t, err := time.Parse(time.RFC3339, s+"T12:00:00Z")
				if err != nil {
					panic(err)
				}
				realNow = func() time.Time { return t }
			}
			os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the command-line scenarios in testdata/script/*.txtar.
// Besides testscript's own commands they may use
//
//	status N policysite ARGS...
//
// which runs policysite and requires exit status N.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
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
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 || args[1] != "policysite" {
					ts.Fatalf("usage: status N policysite ARGS...")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("status: %v", err)
				}
				got := 0
				if err := ts.Exec("policysite", args[2:]...); err != nil {
					var exit *exec.ExitError
					if !errors.As(err, &exit) {
						ts.Fatalf("status: %v", err)
					}
					got = exit.ExitCode()
				}
				if got != want {
					ts.Fatalf("exit status %d, want %d", got, want)
				}
			},
		},
	})
}
