package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/theme"
)

// globalFlags are the flags every command takes.
type globalFlags struct {
	source string
	dest   string
	now    string
}

func newRootCmd() *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "policysite",
		Short: "Publish a privacy policy with its whole history as a static website",
		Long: `policysite turns Markdown revisions of a privacy policy (and the documents
beside it) into a static website: the policy in force, a permanent page for
every revision, word-level diffs between revisions, a history page and
versions.json.

A site is a folder with site.yaml, content/<document>/<YYYY-MM-DD>.md and,
optionally, templates/ to override the default theme.`,
		Example: `  policysite build                  # content/ into public/, for today
  policysite serve                  # preview at http://127.0.0.1:1313/ while editing
  policysite new personvern         # start the next revision
  policysite check                  # every problem, with file and line
  policysite diff --source examples/demo personvern 2022-08-01 current`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.source, "source", ".", "the site folder (with site.yaml and content/)")
	root.PersistentFlags().StringVar(&g.dest, "dest", "public", "the output folder; replaced as a whole by each build")
	root.PersistentFlags().StringVar(&g.now, "now", "", "the day to build for, as YYYY-MM-DD or RFC 3339 (default: $SOURCE_DATE_EPOCH, else today)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newBuildCmd(g), newCheckCmd(g), newNewCmd(g), newDiffCmd(g), newNoticeCmd(g), newServeCmd(g), newVerifyCmd(g), newVersionCmd())
	return root
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))}
	}
	return nil
}

// realNow is the actual time, for the record (content.lock), which goes by
// the real day whatever day a build is for. Tests set it to a fixed moment.
var realNow = time.Now

// clock returns the day to build for: --now, else SOURCE_DATE_EPOCH (the
// reproducible-builds convention), else the current time. A bare date is
// that day in the site's time zone; a moment is read in it.
func (g *globalFlags) clock() (content.Clock, error) {
	if g.now != "" {
		if t, err := time.Parse(content.DateLayout, g.now); err == nil {
			return content.Clock{Day: t, Real: realNow()}, nil
		}
		if t, err := time.Parse(time.RFC3339, g.now); err == nil {
			return content.Clock{Now: t, Real: realNow()}, nil
		}
		return content.Clock{}, usageError{fmt.Errorf("--now %q is not a date: write it as YYYY-MM-DD, e.g. --now 2026-11-26, or as an RFC 3339 time, e.g. --now 2026-11-26T09:00:00+01:00", g.now)}
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return content.Clock{}, usageError{fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds since 1970: unset it to build for today, or give the day with --now YYYY-MM-DD, e.g. --now 2026-11-26", s)}
		}
		return content.Clock{Now: time.Unix(sec, 0).UTC(), Real: realNow()}, nil
	}
	now := realNow()
	return content.Clock{Now: now, Real: now}, nil
}

// start reads the clock and checks --source: what every command that reads
// a site does first.
func (g *globalFlags) start() (content.Clock, error) {
	clock, err := g.clock()
	if err != nil {
		return clock, err
	}
	return clock, g.sourceFolder()
}

// load is start followed by loading the site and its theme: how a command
// that asks about one document begins (diff, notice).
func (g *globalFlags) load() (content.Clock, *content.Site, *theme.Theme, error) {
	clock, err := g.start()
	if err != nil {
		return clock, nil, nil, err
	}
	site, th, err := generator.Load(g.source)
	return clock, site, th, err
}

// notFoundIsUsage makes a generator.NotFound (a document, language or
// revision named on the command line that the site does not have) a usage
// error; other errors it returns as they are.
func notFoundIsUsage(err error) error {
	var nf generator.NotFound
	if errors.As(err, &nf) {
		return usageError{err}
	}
	return err
}

// sourceFolder checks that --source is a folder.
func (g *globalFlags) sourceFolder() error {
	info, err := os.Stat(g.source)
	switch {
	case err != nil:
		return usageError{fmt.Errorf("the source folder %s does not exist; pass --source with the folder that holds site.yaml", g.source)}
	case !info.IsDir():
		return usageError{fmt.Errorf("--source %s is a file; pass the folder that holds site.yaml", g.source)}
	}
	return nil
}
