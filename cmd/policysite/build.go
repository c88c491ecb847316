package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
)

func newBuildCmd(g *globalFlags) *cobra.Command {
	var quiet, asJSON bool
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build the site into the output folder",
		Long: `Build validates every revision, then writes the whole site into --dest.

All content errors are reported at once, each with its file and line, and
nothing is written. The output folder is replaced only when the build has
succeeded, so a failed build leaves the previous site as it was.

After the build, one line says what was built and how long it took; --quiet
leaves it out, --json writes it as JSON. On a terminal, a build of many
revisions shows its progress.`,
		Example: `  policysite build
  policysite build --source examples/demo --dest /tmp/demo --now 2026-11-26
  SOURCE_DATE_EPOCH=1795651200 policysite build --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if quiet && asJSON {
				return usageError{errors.New("--quiet and --json exclude each other: choose one")}
			}
			return noArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			batchGC()
			clock, err := g.start()
			if err != nil {
				return err
			}
			opts := generator.Options{Source: g.source, Dest: g.dest, Clock: clock}
			p := &progress{w: cmd.ErrOrStderr()}
			if !quiet && !asJSON && isTerminal(cmd.ErrOrStderr()) {
				opts.Progress = p.report
			}
			start := time.Now()
			res, err := generator.Build(opts) // refuses a wrong --dest before reading anything
			p.clear()
			var dest generator.DestError
			if errors.As(err, &dest) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			elapsed := time.Since(start)
			if res.LockErr != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "policysite: note: the site is built, but %s could not be written (%v): the revisions published since the last build are not locked\n", content.LockFile, res.LockErr)
			}
			out := cmd.OutOrStdout()
			switch {
			case asJSON:
				return json.NewEncoder(out).Encode(map[string]any{
					"documents": res.Documents, "revisions": res.Revisions, "pages": res.Pages,
					"date": content.Date(res.Today), "dest": g.dest, "milliseconds": elapsed.Milliseconds(),
				})
			case !quiet:
				fmt.Fprintf(out, "Built %d %s of %d %s for %s into %s: %d pages in %s\n",
					res.Revisions, plural(res.Revisions, "revision", "revisions"),
					res.Documents, plural(res.Documents, "document", "documents"),
					content.Date(res.Today), g.dest, res.Pages, elapsed.Round(time.Millisecond))
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

// progress shows a build's stages on one terminal line, for builds long
// enough to wait for.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	shown bool
	last  time.Time
}

const progressFrom = 20 // revisions or pages below which a stage is too quick to show

func (p *progress) report(stage string, done, total int) {
	if total < progressFrom {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done < total && time.Since(p.last) < 50*time.Millisecond {
		return
	}
	p.last = time.Now()
	name := map[string]string{"render": "Rendering revisions", "pages": "Comparing revisions and making pages"}[stage]
	fmt.Fprintf(p.w, "\r%s: %d of %d\x1b[K", name, done, total)
	p.shown = true
}

func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
