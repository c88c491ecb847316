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
	"time"
	_ "time/tzdata" // timeZone in site.yaml must work on machines without zoneinfo

	"github.com/spf13/cobra"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // content errors or a failed build
	exitUsage   = 2 // bad flags or arguments
)

func main() {
	os.Exit(system.run(os.Args[1:]))
}

// run runs the command line args in this process's environment and
// returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	h := system
	h.stdout, h.stderr = stdout, stderr
	h.process = false
	return h.run(args)
}

// A host is what a run of policysite has from around it besides its
// arguments and its working folder: the environment, the real time (which
// the record goes by) and the standard streams. main's is the process's
// own; the tests of the command line also run policysite in their own
// process, with a script's.
type host struct {
	getenv func(key string) string
	now    func() time.Time
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// process is set when the run is the whole of its process, whose
	// settings (the collector's: tuneGC) it may then change.
	process bool
}

// system is the process's own host. Tests set its now to a fixed moment.
var system = host{getenv: os.Getenv, now: time.Now, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, process: true}

// run runs the command line args and returns the exit status.
func (h host) run(args []string) int {
	stderr := h.stderr
	lang, err := chooseLang(args, h.getenv)
	cmd := newRootCmd(lang, h)
	cmd.SetArgs(args)
	var ran *cobra.Command
	if err == nil {
		ran, err = cmd.ExecuteC()
	}
	if err == nil {
		return exitOK
	}
	var cerrs diag.List
	var uerr usageError
	var code exitError
	if cerr, ok := commandError(err); ok {
		err = usageError{cerr}
	}
	switch {
	case errors.As(err, &code):
		return int(code) // the command has said what is wrong

	case errors.As(err, &cerrs):
		fmt.Fprintln(stderr, cerrs.In(lang))
		summary := msg.T("cmd.content-errors", len(cerrs))
		if ran != nil && ran.Name() == "build" {
			summary = msg.T("cmd.content-errors.nothing-written", len(cerrs))
		}
		fmt.Fprintf(stderr, "policysite: %s\n", summary.In(lang))
		return exitFailure
	case errors.As(err, &uerr):
		help := "policysite" // the command whose help tells how to call it
		if ran != nil {
			help = ran.CommandPath()
		}
		fmt.Fprintf(stderr, "policysite: %s\n%s\n", msg.String(err, lang), msg.T("cmd.usage-hint", help).In(lang))
		return exitUsage
	default:
		fmt.Fprintf(stderr, "policysite: %s\n", msg.String(err, lang))
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

// In is the error in lang, as far as it is a message of the catalogue
// (cobra's own, about flags, are in English).
func (e usageError) In(lang msg.Lang) string { return msg.String(e.err, lang) }
