package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
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
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.source, "source", ".", "the site folder (with site.yaml and content/)")
	root.PersistentFlags().StringVar(&g.dest, "dest", "public", "the output folder; replaced as a whole by each build")
	root.PersistentFlags().StringVar(&g.now, "now", "", "the day to build for, as YYYY-MM-DD or RFC 3339 (default: $SOURCE_DATE_EPOCH, else today)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newBuildCmd(g), newVersionCmd())
	return root
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))}
	}
	return nil
}

// clock returns the moment to build for: --now, else SOURCE_DATE_EPOCH (the
// reproducible-builds convention), else the current time.
func (g *globalFlags) clock() (time.Time, error) {
	if g.now != "" {
		for _, layout := range []string{"2006-01-02", time.RFC3339} {
			if t, err := time.Parse(layout, g.now); err == nil {
				if layout == "2006-01-02" {
					// A bare day means that day wherever the site is; noon
					// UTC is that day in every time zone from -11 to +11.
					t = t.Add(12 * time.Hour)
				}
				return t, nil
			}
		}
		return time.Time{}, usageError{fmt.Errorf("--now %q is not a date: write it as YYYY-MM-DD, e.g. --now 2026-11-26", g.now)}
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, usageError{fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds since 1970", s)}
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	return time.Now(), nil
}
