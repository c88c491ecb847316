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
)

func newNewCmd(g *globalFlags) *cobra.Command {
	var effective, lang string
	cmd := &cobra.Command{
		Use:   "new <document>",
		Short: "Start the next revision of a document",
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
				return usageError{errors.New("new needs the document's name, e.g. policysite new personvern")}
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
					return usageError{fmt.Errorf("--effective %q is not a date: write it as YYYY-MM-DD", effective)}
				}
			}
			if _, err := os.Stat(filepath.Join(g.source, "site.yaml")); err != nil {
				return usageError{fmt.Errorf("there is no site.yaml in %s: run policysite new in the site's folder, or name it with --source", g.source)}
			}
			// Problems elsewhere in the content do not stop a new revision.
			site, th, err := generator.Load(g.source)
			var cerrs content.Errors
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
				fmt.Fprintf(cmd.ErrOrStderr(), "A copy of %s, to take effect on %s. Edit the text, write the summary, then run policysite check.\n", rev.From, content.Date(rev.Effective))
			} else {
				fmt.Fprintf(cmd.ErrOrStderr(), "The first revision, to take effect on %s. Fill in every TODO: (title, summary and text), then run policysite check.\n", content.Date(rev.Effective))
				if docs := site.Docs(); len(docs) > 0 {
					// A misspelt name starts a new document without complaint; say so.
					fmt.Fprintf(cmd.ErrOrStderr(), "%s is a new document; the site's others are %s. If you meant one of them, delete %s.\n", args[0], strings.Join(docs, ", "), rev.Path)
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
