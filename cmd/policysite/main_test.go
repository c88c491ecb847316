package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
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
			env.Setenv("POLICYSITE_TEST_TODAY", "2026-11-26")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
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
