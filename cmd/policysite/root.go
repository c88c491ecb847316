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
			return content.Clock{Day: t, Real: realNow()}, inRange(t, "--now "+g.now)
		}
		if t, err := time.Parse(time.RFC3339, g.now); err == nil {
			return content.Clock{Now: t, Real: realNow()}, inRange(t, "--now "+g.now)
		}
		return content.Clock{}, usageError{fmt.Errorf("--now %q is not a date: write it as YYYY-MM-DD, e.g. --now 2026-11-26, or as an RFC 3339 time, e.g. --now 2026-11-26T09:00:00+01:00", g.now)}
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return content.Clock{}, usageError{fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds since 1970: unset it to build for today, or give the day with --now YYYY-MM-DD, e.g. --now 2026-11-26", s)}
		}
		if sec > maxEpoch || sec < minEpoch {
			return content.Clock{}, usageError{epochOutOfRange(s, sec)}
		}
		return content.Clock{Now: time.Unix(sec, 0).UTC(), Real: realNow()}, nil
	}
	now := realNow()
	return content.Clock{Now: now, Real: now}, nil
}

// The days a site can be built for. A clock outside them is a mistake, not
// a wish: SOURCE_DATE_EPOCH in milliseconds is the year 58000 or so, and a
// build for it would show every revision not yet published as in force.
const (
	firstYear = 1990
	lastYear  = 2200
)

var (
	minEpoch = time.Date(firstYear, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxEpoch = time.Date(lastYear+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - 1
)

// inRange refuses a --now outside the years a site can be built for; what
// names the clock as the user gave it.
func inRange(t time.Time, what string) error {
	if y := t.Year(); y < firstYear || y > lastYear {
		return usageError{fmt.Errorf("%s is the year %d: policysite builds for days from %d-01-01 to %d-12-31; give the day to build for, e.g. --now 2026-11-26", what, y, firstYear, lastYear)}
	}
	return nil
}

// epochOutOfRange says why a SOURCE_DATE_EPOCH outside the years a site can
// be built for was refused, and guesses the unit it was given in.
func epochOutOfRange(s string, sec int64) error {
	const fix = "give seconds since 1970 (date +%s), or unset it to build for today"
	if sec < minEpoch {
		return fmt.Errorf("SOURCE_DATE_EPOCH %s is before %d-01-01: %s", s, firstYear, fix)
	}
	for _, u := range []struct {
		name string
		per  int64
	}{{"milliseconds", 1e3}, {"microseconds", 1e6}, {"nanoseconds", 1e9}} {
		if sec/u.per >= minEpoch && sec/u.per <= maxEpoch {
			return fmt.Errorf("SOURCE_DATE_EPOCH %s is %s: it looks like %s; %s", s, yearOf(sec), u.name, fix)
		}
	}
	return fmt.Errorf("SOURCE_DATE_EPOCH %s is %s, after %d-12-31: %s", s, yearOf(sec), lastYear, fix)
}

// yearOf names the year sec seconds after 1970 falls in.
func yearOf(sec int64) string {
	return fmt.Sprintf("the year %d", time.Unix(sec, 0).UTC().Year())
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
