package main

import (
	"errors"
	"os"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/diff"
)

func newDiffCmd(g *globalFlags) *cobra.Command {
	var (
		lang    string
		stat    bool
		noColor bool
	)
	cmd := &cobra.Command{
		Use:   "diff <document> <older> <newer>",
		Short: "Show the changes between two revisions in the terminal",
		Long: `Diff shows the changes between two revisions of a document, as the site's diff
pages show them: section by section, with renumbered and moved sections
recognised. Name the revisions by their effective dates (YYYY-MM-DD), or
"current" for the one in force; the older may also be "previous", the
revision just before the newer (drafts included).

Deleted text is shown as [-text-], inserted text as {+text+}, moved text as
{>text<} at its new place and [<text>] where it was. What the text does not
show (a link added, removed or given another target, a heading's level, a
cited footnote that changed) follows the line in brackets. Each changed
section starts with the line the page's summary has for it. On a terminal
the changes are also coloured, unless --no-color is given or NO_COLOR is
set.`,
		Example: `  policysite diff personvern 2026-11-26 current
  policysite diff --source examples/demo personvern 2022-08-01 2024-05-01 --stat
  policysite diff --source examples/demo personvern 2024-05-01 2024-05-01 --lang en --no-color`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 3 {
				return usageError{errors.New("diff needs a document and two revisions, e.g. policysite diff personvern 2024-05-01 current")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			clock, site, th, err := g.load()
			if err != nil {
				return err
			}
			d, labels, err := generator.Compare(site, th, generator.CompareRequest{Doc: args[0], Lang: lang, Older: args[1], Newer: args[2], Clock: clock})
			if err != nil {
				return notFoundIsUsage(err)
			}
			color := useColor(noColor, os.Getenv("NO_COLOR"), isTerminal(cmd.OutOrStdout()))
			return d.WriteText(cmd.OutOrStdout(), labels, diff.TextOptions{Color: color, Stat: stat})
		},
	}
	dates := completeDocsAndDates(g, 2, true)
	cmd.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		out, dir := dates(cmd, args, toComplete)
		if len(args) == 1 && len(out) > 0 {
			out = append(out, "previous\tthe revision before <newer>")
		}
		return out, dir
	}
	cmd.Flags().StringVar(&lang, "lang", "", "the language of the revisions (default: the site's language)")
	cmd.Flags().BoolVar(&stat, "stat", false, "show only the changed sections, each with what happened to it and its counts")
	cmd.Flags().BoolVar(&noColor, "no-color", false, "never colour the output")
	return cmd
}

// useColor reports whether diff colours its output: only on a terminal,
// and neither when --no-color is given nor when the NO_COLOR environment
// variable is set to anything but the empty string (https://no-color.org).
func useColor(noColorFlag bool, noColorEnv string, terminal bool) bool {
	return terminal && !noColorFlag && noColorEnv == ""
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
