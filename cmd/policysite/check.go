package main

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/diag"
	"policysite/generator/lint"
	"policysite/generator/msg"
)

func newCheckCmd(g *globalFlags) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "check",
		Short: msg.T("help.check").In(g.lang),
		Long: `Check runs every check that build runs, without writing anything, and also
looks for what is allowed but probably a mistake: a revision identical to the
one before it, a translation whose sections do not line up with its original,
a link to an anchor that does not exist, a skipped heading level, an empty
section.

Each finding is one line, file:line: level: message — fix, where level is
error (build would fail) or warning. For CI, --format json writes them as
JSON; --format github as GitHub Actions workflow commands (::error and
::warning), which a workflow shows as annotations on the files; and
--format gitlab as a GitLab Code Quality report, for a job's
artifacts:reports:codequality, which a merge request shows beside the
files. The files are named as the findings name them: from the working
folder, when --source is a relative path. Except for json, a line with the
number of errors and warnings follows on standard error. The exit status
is 1 when there is an error, 0 otherwise.`,
		Example: `  policysite check
  policysite check --format json
  policysite check --format github
  policysite check --format gitlab > gl-code-quality-report.json
  policysite check --source examples/demo --now 2026-11-26`,
		Args: func(cmd *cobra.Command, args []string) error {
			if err := noArgs(cmd, args); err != nil {
				return err
			}
			if !slices.Contains(checkFormats, format) {
				return usageError{msg.Errorf("check.format-unknown", format)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
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
				if f.Level == diag.Error {
					errs++
				} else {
					warnings++
				}
			}
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				reports := make([]lint.Report, len(findings))
				for i, f := range findings {
					reports[i] = lint.NewReport(f, g.lang)
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				err = enc.Encode(map[string]any{"errors": errs, "warnings": warnings, "findings": reports})
			case "github":
				err = lint.WriteGitHub(out, findings, g.lang)
			case "gitlab":
				err = lint.WriteCodeQuality(out, findings, g.lang)
			default:
				for _, f := range findings {
					fmt.Fprintln(out, f.WithLevel(g.lang))
				}
			}
			if err != nil {
				return err
			}
			if format != "json" {
				// For a person reading the log; github's and gitlab's
				// standard output is read by the CI host.
				fmt.Fprintln(cmd.ErrOrStderr(), msg.T("check.summary", msg.T("check.errors", errs), msg.T("check.warnings", warnings)).In(g.lang))
			}
			if errs > 0 {
				return exitError(exitFailure)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text, json, github (workflow commands) or gitlab (a Code Quality report)")
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords(checkFormats...))
	return cmd
}

// checkFormats are the values of check --format.
var checkFormats = []string{"text", "json", "github", "gitlab"}
