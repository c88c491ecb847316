package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/msg"
)

func newNewCmd(g *globalFlags) *cobra.Command {
	var effective, lang string
	cmd := &cobra.Command{
		Use:   "new <document>",
		Short: msg.T("help.new").In(g.lang),
		Long: `New creates the next revision of a document by copying its newest revision,
and prints the new file's path. The title is kept; the summary is left as a
placeholder that check and build reject until you write what changes for the
reader and why; published is today. The revision takes effect leadDays (30)
from today unless --effective names another day. New never overwrites a
file.

A document's first revision starts from the theme's model for it where there
is one: policysite new tilgjengelighetserklaering starts the accessibility
statement that publicly owned bodies in Norway must publish, with every fact
to fill in marked TODO:.`,
		Example: `  policysite new personvern
  policysite new personvern --effective 2027-03-01
  policysite new personvern --lang en`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{msg.Errorf("new.args")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			clock, err := g.start()
			if err != nil {
				return err
			}
			var eff time.Time
			if effective != "" {
				if eff, err = time.Parse(content.DateLayout, effective); err != nil {
					return usageError{msg.Errorf("new.effective.not-date", effective)}
				}
			}
			if _, err := os.Stat(filepath.Join(g.source, "site.yaml")); err != nil {
				return usageError{msg.Errorf("new.no-site-yaml", g.source)}
			}
			// Problems elsewhere in the content do not stop a new revision.
			site, th, err := generator.Load(g.source)
			var cerrs diag.List
			if err != nil && !errors.As(err, &cerrs) {
				return err
			}
			starter, _ := th.Read("documents/" + args[0] + ".md") // a model for a first revision, if the theme has one
			rev, err := site.CreateRevision(args[0], lang, eff, clock.Today(site.Config.TimeZone), starter)
			if err != nil {
				return usageError{err}
			}
			out := cmd.OutOrStdout()
			fmt.Fprintln(out, rev.Path)
			if rev.From != "" {
				fmt.Fprintln(cmd.ErrOrStderr(), msg.T("new.copied", rev.From, content.Date(rev.Effective)).In(g.lang))
			} else {
				fmt.Fprintln(cmd.ErrOrStderr(), msg.T("new.first", content.Date(rev.Effective)).In(g.lang))
				if docs := site.Docs(); len(docs) > 0 {
					// A misspelt name starts a new document without complaint; say so.
					fmt.Fprintln(cmd.ErrOrStderr(), msg.T("new.new-document", args[0], strings.Join(docs, ", "), rev.Path).In(g.lang))
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&effective, "effective", "", "the day the revision takes effect, YYYY-MM-DD (default: today + leadDays)")
	cmd.Flags().StringVar(&lang, "lang", "", "the language of the revision (default: the site's language)")
	cmd.ValidArgsFunction = completeDocsAndDates(g, 0, false)
	return cmd
}
