// Command policysite builds a versioned static website from Markdown
// revisions of a privacy policy and the documents beside it.
//
// Exit status: 0 on success, 1 when the content has errors (every one is
// reported with its file and line) or the build fails, 2 on bad usage.
package main

import (
	"errors"
	"fmt"
	"os"
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
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	cmd := newRootCmd()
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err == nil {
		return exitOK
	}
	var cerrs content.Errors
	var uerr usageError
	switch {
	case errors.As(err, &cerrs):
		fmt.Fprintln(os.Stderr, cerrs.Error())
		fmt.Fprintf(os.Stderr, "policysite: %d %s in the content; nothing was written\n", len(cerrs), plural(len(cerrs), "error", "errors"))
		return exitFailure
	case errors.As(err, &uerr):
		fmt.Fprintf(os.Stderr, "policysite: %v\nRun 'policysite --help' for usage.\n", uerr.err)
		return exitUsage
	default:
		fmt.Fprintf(os.Stderr, "policysite: %v\n", err)
		return exitFailure
	}
}

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
