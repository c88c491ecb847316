// Command policysite builds a versioned static website from Markdown
// revisions of a privacy policy and the documents beside it.
//
// Exit status: 0 on success, 1 when the content has errors (every one is
// reported with its file and line) or the build fails, 2 on bad usage.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	_ "time/tzdata" // timeZone in site.yaml must work on machines without zoneinfo

	"policysite/generator/content"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // content errors or a failed build
	exitUsage   = 2 // bad flags or arguments
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := newRootCmd()
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	ran, err := cmd.ExecuteC()
	if err == nil {
		return exitOK
	}
	var cerrs content.Errors
	var uerr usageError
	var code exitError
	switch {
	case errors.As(err, &code):
		return int(code) // the command has said what is wrong

	case errors.As(err, &cerrs):
		fmt.Fprintln(stderr, cerrs.Error())
		written := ""
		if ran != nil && ran.Name() == "build" {
			written = "; nothing was written"
		}
		fmt.Fprintf(stderr, "policysite: %d %s in the content%s\n", len(cerrs), plural(len(cerrs), "error", "errors"), written)
		return exitFailure
	case errors.As(err, &uerr), strings.HasPrefix(err.Error(), "unknown command"):
		help := "policysite" // the command whose help tells how to call it
		if ran != nil {
			help = ran.CommandPath()
		}
		fmt.Fprintf(stderr, "policysite: %v\nRun '%s --help' for usage.\n", err, help)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "policysite: %v\n", err)
		return exitFailure
	}
}

// exitError ends the command with a status after it has reported why.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// usageError is a mistake in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
