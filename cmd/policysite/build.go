package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
)

func newBuildCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "build",
		Short: "Build the site into the output folder",
		Long: `Build validates every revision, then writes the whole site into --dest.

All content errors are reported at once, each with its file and line, and
nothing is written. The output folder is replaced only when the build has
succeeded, so a failed build leaves the previous site as it was.`,
		Example: `  policysite build
  policysite build --source examples/demo --dest /tmp/demo --now 2026-11-26
  SOURCE_DATE_EPOCH=1795651200 policysite build`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			clock, err := g.clock()
			if err != nil {
				return err
			}
			if err := g.folders(); err != nil {
				return err
			}
			start := time.Now()
			res, err := generator.Build(generator.Options{Source: g.source, Dest: g.dest, Clock: clock})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Built %d %s of %d %s for %s into %s: %d pages in %s\n",
				res.Revisions, plural(res.Revisions, "revision", "revisions"),
				res.Documents, plural(res.Documents, "document", "documents"),
				content.Date(res.Today), g.dest, res.Pages, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}
