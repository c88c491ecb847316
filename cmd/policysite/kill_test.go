package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"policysite/generator"
	"policysite/generator/publish"
	"policysite/internal/sitegen"
)

// TestKilledBuild kills builds at points spread over a whole build and
// checks that the output folder is always a complete site: the previous
// build's or the new one's, page for page (policysite verify), never a mix
// or nothing.
//
// The points are the build's own steps, not moments: a watch on the folder
// the output is in and on every folder below it (fsnotify) sees each file
// and folder a build makes, swaps and removes, and tells its stage. A build
// is killed at once (while it loads), as it enters each later stage, or at
// its k-th step, k spread over the steps of a whole build. A kill lands a
// little after its step, as late as the machine is busy: the log says at
// which step each build was killed, and in which stage.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("kills builds for several seconds")
	}
	src := t.TempDir()
	if err := sitegen.Write(src, 30); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	days := []string{"2026-06-01", "2026-11-26"}
	build := func(i int) *exec.Cmd {
		return exec.Command("policysite", "build", "--source", src, "--dest", dest, "--now", days[i%2], "-q")
	}
	if out, err := build(0).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	w := newBuildWatch(t, dest)

	// A whole build, replacing the first, counts the steps to spread the
	// kills over.
	whole := w.run(t, build(1), killPoint{step: -1})
	if !whole.exited || whole.stage != removing {
		t.Fatalf("the build that counts the steps did not finish (%s, %d steps)", whole.stage, whole.steps)
	}
	steps := whole.steps
	t.Logf("a whole build made %d steps", steps)

	// Each stage once (clearing after a build killed while writing, so
	// that there is something to clear), then steps spread over a build.
	points := []killPoint{{stage: loading}, {stage: writing}, {stage: clearing}, {stage: swapping}, {stage: removing}}
	for i := 1; i <= 7; i++ {
		points = append(points, killPoint{step: i * steps / 8})
	}
	killed, midway := 0, 0
	stages := map[stage]int{}
	for i, p := range points {
		r := w.run(t, build(i), p)
		how := "finished"
		if !r.exited { // the kill came before the build finished
			killed++
			stages[r.stage]++
			how = fmt.Sprintf("was killed while %s", r.stage)
			// Killed mid-way: a new output left half written beside
			// the old one, which the next build clears.
			if partial(dest) {
				midway++
				how += ", and left a new output half written"
			}
		}
		t.Logf("build %d, to be killed %s: %d steps seen, the build %s", i, p, r.steps, how)
		findings, err := generator.Verify(src, dest, nil)
		if err != nil {
			t.Fatalf("after build %d, killed %s: %v", i, p, err)
		}
		if len(findings) > 0 {
			t.Fatalf("after build %d, killed %s, the output is not a complete site: %d differences, first %s", i, p, len(findings), findings[0])
		}
	}
	t.Logf("%d of %d builds killed, by their stage: %v; %d left a new output half written", killed, len(points), stages, midway)
	if killed == 0 || midway == 0 {
		t.Fatalf("of %d builds, %d were killed, %d while writing the new output: the kills did not land mid-way", len(points), killed, midway)
	}
	// The next build cleans up after the killed ones.
	if out, err := build(1).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.*-*"))
	if len(left) > 0 {
		t.Errorf("folders left by killed builds: %v", left)
	}
}

// partial reports whether a build left a new output beside dest that it
// had not finished: one without the marker of a complete output.
func partial(dest string) bool {
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".new-*"))
	for _, d := range left {
		if _, err := os.Lstat(filepath.Join(d, publish.Marker)); err != nil {
			return true
		}
	}
	return false
}

// The stages of a build, in order, as its steps show them.
const (
	loading  stage = iota // nothing written yet
	clearing              // removing what a killed build left beside the output
	writing               // the new output, into a folder beside the old
	swapping              // the marker of a complete output is written: the folders are swapped next
	removing              // the new output is in place; the old one is removed
)

type stage int

func (s stage) String() string {
	return [...]string{"loading", "clearing", "writing", "swapping", "removing the old output"}[s]
}

// killPoint is where run kills a build: at its step-th step, or as it
// enters stage, or a later one if it skips that one (at once for
// loading); never for step -1.
type killPoint struct {
	step  int
	stage stage
}

func (p killPoint) String() string {
	if p.step != 0 {
		return fmt.Sprintf("at step %d", p.step)
	}
	return fmt.Sprintf("as it starts %s", p.stage)
}

// result is what run saw of a build.
type result struct {
	steps  int   // the steps seen
	stage  stage // the stage of the last step seen before the kill, or at the end
	exited bool  // the build exited by itself, not killed
}

// buildWatch watches what builds do to an output folder and the folder it
// is in: every folder of either, and each new one as it appears. A folder
// made and filled before its watch is added shows fewer steps: the count
// is of the steps seen.
type buildWatch struct {
	w *fsnotify.Watcher
	// errs are the watcher's errors, taken from it as they come: fsnotify
	// sends some (a moved folder's watch it cannot remove) while it holds
	// the lock that Add takes, so a loop that adds a folder's watch
	// between two reads of the errors waited on fsnotify, which waited on
	// the loop (one make test in three under load hung for ten minutes).
	errs    chan error
	dir     string // the folder the output is in
	marks   int    // marks made, for their names
	timeout time.Duration
}

// markPrefix names the files the test makes beside the output, to know
// that every step before it has been seen; builds leave them alone, and
// the count leaves them out.
const markPrefix = "mark-"

func newBuildWatch(t *testing.T, dest string) *buildWatch {
	t.Helper()
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	// A safety net for a build that hangs, not a measure of speed.
	b := &buildWatch{w: w, errs: make(chan error, 1024), dir: filepath.Dir(dest), timeout: 5 * time.Minute}
	go func() {
		for err := range w.Errors { // till Close
			b.errs <- err
		}
	}()
	if d, ok := t.Deadline(); ok {
		b.timeout = min(b.timeout, time.Until(d)/2)
	}
	b.addTree(b.dir)
	return b
}

// addTree watches dir and the folders below it.
func (b *buildWatch) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = b.w.Add(p) // a folder removed meanwhile has no steps to see
		}
		return nil
	})
}

// run starts cmd, kills it at p, and counts its steps until it ends. It
// comes back when every step the build made has been seen, so that the
// next build's count starts at 0.
func (b *buildWatch) run(t *testing.T, cmd *exec.Cmd, p killPoint) result {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	var r result
	killed := false
	kill := func() {
		if !killed {
			killed = true
			_ = cmd.Process.Kill()
		}
	}
	if p == (killPoint{stage: loading}) {
		kill()
	}
	mark := ""
	deadline := time.After(b.timeout)
	for {
		select {
		case ev := <-b.w.Events:
			name := filepath.Base(ev.Name)
			if strings.HasPrefix(name, markPrefix) {
				if ev.Name == mark && ev.Has(fsnotify.Create) {
					r.exited = cmd.ProcessState.Exited()
					return r
				}
				continue
			}
			r.steps++
			if !killed {
				next := r.stage
				switch {
				case ev.Has(fsnotify.Remove):
					next = clearing
				case filepath.Dir(ev.Name) == b.dir && strings.HasPrefix(name, ".public.new-") && ev.Has(fsnotify.Create):
					next = writing
				case name == publish.Marker && ev.Has(fsnotify.Create):
					next = swapping
				case ev.Name == filepath.Join(b.dir, "public") && (ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename)):
					next = removing
				}
				entered := next > r.stage
				r.stage = max(r.stage, next)
				if r.steps == p.step || p.step == 0 && entered && r.stage >= p.stage {
					kill()
				}
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					b.addTree(ev.Name)
				}
			}
		case err := <-b.errs:
			if errors.Is(err, syscall.EINVAL) {
				// fsnotify drops the watch of a folder that was moved
				// (the swap); when the folder is removed before it
				// does (the old output, just after), inotify has
				// dropped the watch already and says EINVAL. The
				// folder's steps are still seen, from the one above.
				t.Logf("watching the build: %v (a moved folder's watch, gone with the folder)", err)
				continue
			}
			t.Fatalf("watching the build: %v", err)
		case <-done:
			// The build has made its last step: a mark made now is
			// seen after all of them.
			done = nil
			b.marks++
			mark = filepath.Join(b.dir, fmt.Sprintf("%s%d", markPrefix, b.marks))
			if err := os.WriteFile(mark, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		case <-deadline:
			kill()
			t.Fatalf("the build's steps (%d seen) and its end were not all seen in %s", r.steps, b.timeout)
		}
	}
}
