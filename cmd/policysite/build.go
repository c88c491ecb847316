package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
)

func newBuildCmd(g *globalFlags) *cobra.Command {
	var quiet, asJSON, record, history, preview bool
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build the site into the output folder",
		Long: `Build validates every revision, then writes the whole site into --dest.

All content errors are reported at once, each with its file and line, and
nothing is written. The output folder is replaced only when the build has
succeeded, so a failed build leaves the previous site as it was.

--record makes this the publishing build: the one whose output goes to the
website, run when a change is merged and every night. It records in
content.lock the day each revision first goes out (and each correction),
and that day is its publication day on every page and feed from then on;
with timestamp: in site.yaml it also keeps a trusted timestamp of each new
text in timestamps/. It prints what it recorded, records nothing twice, and
goes by the real
day: it cannot be combined with --now or SOURCE_DATE_EPOCH. Every other
command, and a build without --record, leaves the site folder as it is.
--history, with --record, records a document with nothing on record yet
(a site's first publishing build) as history, on its revisions'
published: days.

--preview builds a preview of a proposed change, for review before it is
merged: drafts are shown, every page says it is a preview for the day the
build is for (give the change's effective day with --now), and search
engines are asked not to index it.

After the build, one line says what was built and how long it took; --quiet
leaves it out, --json writes it as JSON. On a terminal, a build of many
revisions shows its progress.`,
		Example: `  policysite build
  policysite build --record                       # the publishing build: record, then build
  policysite build --preview --now 2027-01-15 --dest preview   # a change as it will be
  policysite build --source examples/demo --dest /tmp/demo --now 2026-11-26
  SOURCE_DATE_EPOCH=1795651200 policysite build --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if quiet && asJSON {
				return usageError{errors.New("--quiet and --json exclude each other: choose one")}
			}
			if preview && record {
				return usageError{errors.New("--preview and --record exclude each other: a preview is never published")}
			}
			if history && !record {
				return usageError{errors.New("--history is for the publishing build: give it with --record")}
			}
			if record && g.now != "" {
				return usageError{fmt.Errorf("--record records what goes out today, by the real clock; it cannot be combined with --now %s: build for another day without --record", g.now)}
			}
			if record && os.Getenv("SOURCE_DATE_EPOCH") != "" {
				return usageError{errors.New("--record records what goes out today, by the real clock; unset SOURCE_DATE_EPOCH for the publishing build")}
			}
			return noArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			batchGC()
			clock, err := g.start()
			if err != nil {
				return err
			}
			opts := generator.Options{Source: g.source, Dest: g.dest, Clock: clock, Record: record, History: history, Preview: preview}
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
			out := cmd.OutOrStdout()
			if record && !asJSON && !quiet {
				reportRecorded(out, res.Recorded, res.RecordRewritten, filepath.Join(g.source, content.LockFile))
			}
			switch {
			case asJSON:
				v := map[string]any{
					"documents": res.Documents, "revisions": res.Revisions, "pages": res.Pages,
					"date": content.Date(res.Today), "dest": g.dest, "milliseconds": elapsed.Milliseconds(),
				}
				if record {
					v["recorded"] = recordedJSON(res.Recorded)
				}
				return json.NewEncoder(out).Encode(v)
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
	cmd.Flags().BoolVar(&record, "record", false, "the publishing build: record in content.lock what goes out today for the first time")
	cmd.Flags().BoolVar(&preview, "preview", false, "build a preview of a proposed change: drafts shown, every page marked as a preview")
	cmd.Flags().BoolVar(&history, "history", false, "with --record: record a document with nothing on record as history, on its published: days")
	return cmd
}

// reportRecorded says what the publishing build recorded, one line each.
func reportRecorded(w io.Writer, recs []content.Recording, rewritten bool, lockFile string) {
	if len(recs) == 0 {
		fmt.Fprintf(w, "Nothing new to record in %s.\n", lockFile)
		if rewritten {
			fmt.Fprintf(w, "%s is now in the current format, each revision with its publication day: commit it.\n", lockFile)
		}
		return
	}
	for _, r := range recs {
		how := "published " + content.Date(r.Published)
		switch {
		case r.History:
			how += ", as history"
		case r.Corrected:
			how = "correction of the revision " + how
		}
		fmt.Fprintf(w, "Recorded %s: %s, sha256 %s\n", filepath.ToSlash(r.Path), how, r.SHA256)
	}
	fmt.Fprintf(w, "Commit %s with the content: it is the record of what was published when.\n", lockFile)
}

func recordedJSON(recs []content.Recording) []map[string]any {
	out := []map[string]any{}
	for _, r := range recs {
		out = append(out, map[string]any{"path": filepath.ToSlash(r.Path), "published": content.Date(r.Published), "sha256": r.SHA256, "history": r.History, "corrected": r.Corrected})
	}
	return out
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
