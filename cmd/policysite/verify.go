package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/msg"
)

func newVerifyCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "verify <public-dir>",
		Short: msg.T("help.verify").In(g.lang),
		Long: `Verify rebuilds the site from --source in memory and compares it with a
published copy: every page and file must be exactly what the content gives,
the sha256 of every revision in versions.json must be that of its file, and
every link between the pages must lead to a page; a file or an empty
folder the content does not give, and a changed .policysite-output, are
differences too. Each difference is one line, file:line: error: what
differs — what to do; the exit status is 1 if there is any.

The copy is read a file at a time. A folder with neither notice.json nor
.policysite-output is not a site and is refused at once (exit status 2);
verify stops after 20 files the content does not give, and says so.

The copy is compared as of the day it was built for, which its notice.json
records, unless --now names another.`,
		Example: `  policysite verify public
  policysite verify /var/www/personvern --source /srv/policies`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{msg.Errorf("verify.args")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			clock := &content.Clock{Real: g.host.now()} // the day: notice.json's
			if cmd.Flags().Changed("now") {
				c, err := g.clock()
				if err != nil {
					return err
				}
				clock = &c
			}
			if err := g.sourceFolder(); err != nil {
				return err
			}
			if info, err := os.Stat(args[0]); err != nil || !info.IsDir() {
				return usageError{msg.Errorf("verify.arg-not-folder", args[0])}
			}
			findings, err := generator.Verify(g.source, args[0], clock)
			for _, f := range findings { // those found before it stopped, if it did
				fmt.Fprintln(cmd.OutOrStdout(), f.WithLevel(g.lang))
			}
			switch {
			case errors.Is(err, generator.ErrNotOutput):
				return usageError{err}
			case err != nil:
				return err
			}
			if len(findings) > 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), msg.T("verify.differences", len(findings), args[0]).In(g.lang))
				return exitError(exitFailure)
			}
			fmt.Fprintln(cmd.ErrOrStderr(), msg.T("verify.matches", args[0]).In(g.lang))
			return nil
		},
	}
}
