package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/lint"
)

func newCheckCmd(g *globalFlags) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check every revision without building",
		Long: `Check runs every check that build runs, without writing anything, and also
looks for what is allowed but probably a mistake: a revision identical to the
one before it, a translation whose sections do not line up with its original,
a link to an anchor that does not exist, a skipped heading level, an empty
section.

Each finding is one line, file:line: level: message — fix, where level is
error (build would fail) or warning. --format json writes them as JSON, for
CI. The exit status is 1 when there is an error, 0 otherwise.`,
		Example: `  policysite check
  policysite check --format json
  policysite check --source examples/demo --now 2026-11-26`,
		Args: func(cmd *cobra.Command, args []string) error {
			if err := noArgs(cmd, args); err != nil {
				return err
			}
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("--format %q is not known: use text or json", format)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			batchGC()
			clock, err := g.start()
			if err != nil {
				return err
			}
			findings, err := generator.Check(g.source, clock)
			if err != nil {
				return err
			}
			errs, warnings := 0, 0
			for _, f := range findings {
				if f.Level == lint.Error {
					errs++
				} else {
					warnings++
				}
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				if findings == nil {
					findings = []lint.Finding{}
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(map[string]any{"errors": errs, "warnings": warnings, "findings": findings}); err != nil {
					return err
				}
			} else {
				for _, f := range findings {
					fmt.Fprintln(out, f)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "%d %s, %d %s\n", errs, plural(errs, "error", "errors"), warnings, plural(warnings, "warning", "warnings"))
			}
			if errs > 0 {
				return exitError(exitFailure)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords("text", "json"))
	return cmd
}
