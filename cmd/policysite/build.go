package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/msg"
)

func newBuildCmd(g *globalFlags) *cobra.Command {
	var quiet, asJSON, record, history, preview bool
	cmd := &cobra.Command{
		Use:   "build",
		Short: msg.T("help.build").In(g.lang),
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
				return usageError{msg.Errorf("build.quiet-json")}
			}
			if preview && record {
				return usageError{msg.Errorf("build.preview-record")}
			}
			if history && !record {
				return usageError{msg.Errorf("build.history-without-record")}
			}
			if record && g.now != "" {
				return usageError{msg.Errorf("build.record-now", g.now)}
			}
			if record && g.host.getenv("SOURCE_DATE_EPOCH") != "" {
				return usageError{msg.Errorf("build.record-epoch")}
			}
			return noArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			clock, err := g.start()
			if err != nil {
				return err
			}
			disk, err := g.diskCache()
			if err != nil {
				return err
			}
			if g.host.process {
				tuneGC(g.source, g.host.getenv, disk)
			}
			opts := generator.Options{Source: g.source, Dest: g.dest, Clock: clock, Record: record, History: history, Preview: preview, DiskCache: disk}
			p := &progress{w: cmd.ErrOrStderr(), lang: g.lang}
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
				reportRecorded(out, res.Recorded, res.RecordRewritten, filepath.Join(g.source, content.LockFile), g.lang)
				if res.Copies > 0 {
					fmt.Fprintln(out, msg.T("build.record.copies", res.Copies, filepath.Join(g.source, content.PublishedDir)).In(g.lang))
				}
			}
			switch {
			case asJSON:
				v := map[string]any{
					"documents": res.Documents, "revisions": res.Revisions, "pages": res.Pages, "kept": res.Kept,
					"date": content.Date(res.Today), "dest": g.dest, "milliseconds": elapsed.Milliseconds(),
				}
				if record {
					v["recorded"] = recordedJSON(res.Recorded)
				}
				return json.NewEncoder(out).Encode(v)
			case !quiet:
				fmt.Fprintln(out, msg.T("build.done", msg.T("build.revisions", res.Revisions), msg.T("build.documents", res.Documents),
					content.Date(res.Today), g.dest, msg.T("build.pages", res.Pages), elapsed.Round(time.Millisecond).String()).In(g.lang))
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	cmd.Flags().BoolVar(&record, "record", false, "the publishing build: record in content.lock what goes out today for the first time")
	cmd.Flags().BoolVar(&preview, "preview", false, "build a preview of a proposed change: drafts shown, every page marked as a preview")
	cmd.Flags().BoolVar(&history, "history", false, "with --record: record a document with nothing on record as history, on its published: days")
	g.addCacheFlag(cmd)
	return cmd
}

// reportRecorded says what the publishing build recorded, one line each.
func reportRecorded(w io.Writer, recs []content.Recording, rewritten bool, lockFile string, lang msg.Lang) {
	if len(recs) == 0 {
		fmt.Fprintln(w, msg.T("build.record.nothing", lockFile).In(lang))
		if rewritten {
			fmt.Fprintln(w, msg.T("build.record.rewritten", lockFile).In(lang))
		}
		return
	}
	for _, r := range recs {
		how := msg.T("build.record.published", content.Date(r.Published))
		switch {
		case r.History:
			how = msg.T("build.record.history", content.Date(r.Published))
		case r.Corrected:
			how = msg.T("build.record.correction", content.Date(r.Published))
		}
		fmt.Fprintln(w, msg.T("build.record.line", filepath.ToSlash(r.Path), how, r.SHA256).In(lang))
	}
	fmt.Fprintln(w, msg.T("build.record.commit", lockFile).In(lang))
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
	lang  msg.Lang
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
	name := map[string]msg.Text{"render": msg.T("build.progress.render"), "pages": msg.T("build.progress.pages"), "diff": msg.T("build.progress.diff")}[stage]
	fmt.Fprintf(p.w, "\r%s\x1b[K", msg.T("build.progress", name, done, total).In(p.lang))
	p.shown = true
}

func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
