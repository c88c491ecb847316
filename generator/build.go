package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/diff"
	"policysite/generator/msg"
	"policysite/generator/publish"
	"policysite/generator/render"
	"policysite/generator/stamp"
	"policysite/generator/theme"
)

// Options say what to build.
type Options struct {
	Source string        // the site folder (site.yaml, content/, templates/)
	Dest   string        // the output folder; replaced as a whole
	Clock  content.Clock // decides which revisions are in force
	// Progress, if set, is told how far each stage has come.
	Progress func(stage string, done, total int)
	// Record makes this build the publishing one: it records in the site's
	// content.lock every revision that goes out for the first time (and
	// every correction), dated today, the real day; Clock must be the real
	// time. Only the build whose output is published records.
	Record bool
	// Preview builds the site as a preview of a proposed change: every
	// page says so (GenerateOptions.Preview). It cannot record.
	Preview bool
	// Stamper asks the time-stamping authorities of site.yaml for tokens
	// when the build records; nil is a stamp.Client with its defaults.
	Stamper Stamper
	// History, with Record, records a document with nothing on record as
	// history, on its revisions' front matter days (content.RecordOptions).
	History bool
}

// Result describes a finished build.
type Result struct {
	// Recorded is what a build with Options.Record added to the record.
	Recorded []content.Recording
	// RecordRewritten is set when the record was written without new
	// lines: a record of the earlier format, now in the current one.
	RecordRewritten bool
	Documents       int // documents, counting each language once
	Revisions       int // revisions published (drafts left out)
	Pages           int // HTML pages written
	Today           time.Time
	// Deferred are the pages left to make on demand (GenerateOptions.Lazy):
	// output path to a func that makes the page. Safe to call concurrently.
	Deferred map[string]func() ([]byte, error)
}

// Build builds the site in opts.Source into opts.Dest. Content problems are
// returned as a diag.List; the destination is then left as it was.
func Build(opts Options) (*Result, error) {
	if err := CheckDest(opts.Source, opts.Dest); err != nil {
		return nil, err
	}
	site, th, lock, err := LoadChecked(opts.Source, opts.Clock)
	if err != nil {
		return nil, err // nothing is written
	}
	var (
		recorded []content.Recording
		tokens   map[string][]byte
	)
	if opts.Record && opts.Preview {
		return nil, msg.Errorf("build.preview-cannot-record")
	}
	if opts.Record {
		tz := site.Config.TimeZone
		if today, real := opts.Clock.Today(tz), opts.Clock.RealToday(tz); !today.Equal(real) {
			return nil, msg.Errorf("build.record-not-today", content.Date(real), content.Date(today))
		}
		if !writable(opts.Source) {
			return nil, msg.Errorf("build.record-read-only", filepath.Join(opts.Source, content.LockFile))
		}
		if recorded, err = site.Record(opts.Clock.RealToday(tz), content.RecordOptions{History: opts.History}); err != nil {
			return nil, err
		}
		stamper := opts.Stamper
		if stamper == nil {
			stamper = &stamp.Client{}
		}
		if tokens, err = stampRecordings(context.Background(), site, lock, recorded, opts.Clock.RealToday(tz), stamper); err != nil {
			return nil, err
		}
	}
	out, err := publish.Begin(opts.Dest)
	if err != nil {
		return nil, err
	}
	files, res, err := GenerateWith(site, th, opts.Clock, GenerateOptions{Progress: opts.Progress, Lock: lock, Write: out.Write, Preview: opts.Preview})
	if err != nil {
		out.Abort()
		return nil, err
	}
	if err := out.WriteAll(files); err != nil {
		out.Abort()
		return nil, err
	}
	// The record is written before the output is swapped in, so that a
	// record that fails leaves the published site as it was; and put back
	// as it was if the swap fails, so that it never says a revision went
	// out that no build put out.
	var undo func()
	if opts.Record && lock.Changed() {
		lockFile := filepath.Join(opts.Source, content.LockFile)
		before, readErr := content.ReadFile(lockFile, content.MaxLockSize)
		written, err := writeStamps(opts.Source, tokens)
		if err == nil {
			if err = lock.Write(opts.Source); err != nil {
				removeAll(written)
			}
		}
		if err != nil {
			out.Abort()
			return nil, msg.Errorf("build.record-unwritten", err)
		}
		undo = func() {
			removeAll(written)
			if readErr == nil {
				_ = content.WriteFileAtomic(lockFile, before)
			} else {
				os.Remove(lockFile)
			}
		}
	}
	if err := out.Commit(); err != nil {
		if undo != nil {
			undo()
			err = msg.Errorf("build.record-undone", err)
		}
		return nil, err
	}
	res.Recorded = recorded
	res.RecordRewritten = opts.Record && lock.Changed() && len(recorded) == 0
	return res, nil
}

// writable reports whether dir's permissions allow its owner to write in
// it. They are honoured even for root (as CI and containers often run), so
// that a site handed over read-only, such as a shared corpus, is left as it
// is.
func writable(dir string) bool {
	info, err := os.Stat(dir)
	return err == nil && info.Mode().Perm()&0o200 != 0
}

// LoadChecked loads a site and runs every check that does not need the
// pages: content, the record, lead time. All errors come back together,
// with the site and lock as far as they could be read (for check, which
// lints what did load); callers that build stop on the error. Nothing is
// recorded: that is Build's, with Options.Record.
func LoadChecked(source string, clock content.Clock) (*content.Site, *theme.Theme, *content.Lock, error) {
	site, th, lock, err := load(source)
	var errs diag.List
	if err != nil && !errors.As(err, &errs) {
		return nil, nil, nil, err
	}
	loaded := len(errs) == 0
	site.Classify(clock)
	checks := []error{site.CheckLeadTime(clock)}
	if lock != nil && loaded { // a revision that failed to load is not gone
		checks = append(checks, site.CheckRecord(clock.RealToday(site.Config.TimeZone)))
		if errs := checkStamps(site, lock); len(errs) > 0 {
			checks = append(checks, errs)
		}
	}
	for _, e := range checks {
		var ce diag.List
		if errors.As(e, &ce) {
			errs = append(errs, ce...)
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return site, th, lock, errs
	}
	return site, th, lock, nil
}

// Load reads the site's theme, content and record (content.lock, which
// gives the revisions their publication days). On content errors it
// returns them as a diag.List with the site as far as it could be read,
// for commands that can work on it anyway; build and check stop.
func Load(source string) (*content.Site, *theme.Theme, error) {
	site, th, _, err := load(source)
	return site, th, err
}

func load(source string) (*content.Site, *theme.Theme, *content.Lock, error) {
	dir := filepath.Join(source, "templates")
	langs, err := theme.Languages(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	// The content needs only the theme's languages: the two load side by
	// side, for the same languages. A broken theme is reported before the
	// content.
	var (
		th     *theme.Theme
		thErr  error
		loaded = make(chan struct{})
	)
	go func() {
		defer close(loaded)
		th, thErr = theme.LoadLanguages(dir, langs)
	}()
	site, err := content.Load(source, content.Options{Languages: langs})
	<-loaded
	if thErr != nil {
		return nil, nil, nil, thErr
	}
	var errs diag.List
	if err != nil && !errors.As(err, &errs) {
		return nil, nil, nil, err
	}
	lock, lerr := content.ReadLock(source)
	var lockErrs diag.List
	switch {
	case errors.As(lerr, &lockErrs):
		errs = append(errs, lockErrs...)
		errs.Sort()
	case lerr != nil:
		return nil, nil, nil, lerr
	default:
		site.UseLock(lock)
	}
	if len(errs) > 0 {
		return site, th, lock, errs
	}
	return site, th, lock, nil
}

// GenerateOptions tune Generate. The zero value builds the site as
// published.
type GenerateOptions struct {
	// Drafts shows drafts as upcoming revisions, marked as drafts, for a
	// preview (serve --drafts). Never for publishing.
	Drafts bool
	// Preview marks every page as a preview, not the published site, and
	// asks search engines not to index it; it shows drafts too. For the
	// site built from a proposed change (build --preview).
	Preview bool
	// DayForm, if set, is the address of serve's endpoint that picks the
	// day to build for: every page carries the preview bar, for the day
	// built, with a form that asks there for another. It shows no drafts
	// by itself (Drafts does). For serve alone: a static site has no such
	// endpoint.
	DayForm string
	// Cache keeps renderings and diffs between builds of a long-running
	// process (serve), keyed by the content they come from.
	Cache *Cache
	// Progress, if set, is told how far each stage has come.
	Progress func(stage string, done, total int)
	// Lock, if set, dates the corrections the pages show.
	Lock *content.Lock
	// Lazy leaves the pages that compare a revision with the current one
	// (not its neighbour) to be made when asked for: Result.Deferred. For
	// serve, where they would be most of a rebuild after an edit of the
	// current revision, and few are looked at.
	Lazy bool
	// Write, if set, is given each HTML page as soon as it is made, so
	// that a build writes while it works and need not hold every page;
	// the returned files are then the rest (feeds, versions.json …).
	// Write is called from several goroutines at once, and data is only
	// valid until it returns.
	Write func(name string, data []byte) error
}

// Generate renders a loaded site as of the clock's day into output files:
// slash-separated paths relative to the output folder, mapped to their bytes.
// It renders what it is given: the rules a site must keep (lead time, the
// lock) are LoadChecked's, which every command that publishes or checks
// loads with.
func Generate(site *content.Site, th *theme.Theme, clock content.Clock) (map[string][]byte, *Result, error) {
	return GenerateWith(site, th, clock, GenerateOptions{})
}

// GenerateWith is Generate with options.
func GenerateWith(site *content.Site, th *theme.Theme, clock content.Clock, opts GenerateOptions) (map[string][]byte, *Result, error) {
	today := clock.Today(site.Config.TimeZone)
	site.Classify(clock)
	if opts.Drafts || opts.Preview {
		site.ShowDrafts()
	}
	cache := opts.Cache
	if cache == nil {
		cache = NewCache()
		cache.keepDiffs = false // this build's alone
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}

	var visible []*content.Revision
	for _, s := range site.Series {
		visible = append(visible, s.Visible()...)
	}
	r := newRenderer(site)
	rendered := make([]*rendering, len(visible))
	var done atomic.Int64
	err := parallel(len(visible), func(i int) error {
		ren, err := cache.render(r, site, visible[i])
		rendered[i] = ren
		progress("render", int(done.Add(1)), len(visible))
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	byRev := make(map[*content.Revision]*rendering, len(visible))
	for i, rev := range visible {
		byRev[rev] = rendered[i]
	}

	// Each diff is made by the page that shows it, as that page is
	// rendered: on every core, with no stage between making the diffs
	// and making the pages that waits for the slowest diff.
	b := &builder{site: site, theme: th, today: today, rendered: byRev, cache: cache, lock: opts.Lock, files: map[string][]byte{}, write: opts.Write, progress: progress, preview: opts.Preview, dayForm: opts.DayForm}
	if opts.Lazy {
		b.deferred = map[string]func() ([]byte, error){}
	}
	if err := b.build(); err != nil {
		return nil, nil, err // and no sweep: what the next build needs is kept
	}
	cache.sweep()
	docs := map[string]bool{}
	for _, s := range site.Series {
		docs[s.Doc] = true
	}
	return b.files, &Result{Documents: len(docs), Revisions: len(visible), Pages: b.pages, Today: today, Deferred: b.deferred}, nil
}

// toCurrent orders revision i and the current revision at, older first,
// for the page comparing them, and reports whether that is a compare page
// of its own: neighbours are compared on the newer one's diff page. Every
// place that lists or links these pages asks here.
func toCurrent(i, at int) (older, newer int, own bool) {
	older, newer = min(i, at), max(i, at)
	return older, newer, newer-older > 1
}

type rendering struct {
	html     []byte
	doc      *diff.Doc
	headings []render.Heading
}

// newRenderer renders a site's revisions as its pages show them.
func newRenderer(site *content.Site) *render.Renderer {
	return render.New(render.WithBasePath(site.Config.BasePath()), render.WithReservedIDs(theme.ReservedIDs...))
}

// parallel runs f(0) … f(n-1), as many at once as there are cores, and
// returns every error, in the order of i.
func parallel(n int, f func(int) error) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	errs := make([]error, n)
	for i := range n {
		g.Go(func() error {
			errs[i] = f(i)
			return nil // all run: each failure is reported
		})
	}
	_ = g.Wait()
	return errors.Join(errs...)
}

// DestError is an output folder CheckDest refuses: a mistake in how the
// build was asked for, not in the content.
type DestError struct{ Err error }

func (e DestError) Error() string { return e.Err.Error() }
func (e DestError) Unwrap() error { return e.Err }

// CheckDest refuses an output folder that would overwrite the site's own
// files (the source folder itself, a folder above it, or anything inside
// content/ or templates/) or a folder that policysite did not make. The
// refusal is a DestError.
func CheckDest(source, dest string) error {
	if err := checkDest(source, dest); err != nil {
		return DestError{err}
	}
	return nil
}

func checkDest(source, dest string) error {
	if strings.TrimSpace(dest) == "" {
		return msg.Errorf("build.dest.empty")
	}
	src, err := canonical(source)
	if err != nil {
		return err
	}
	dst, err := canonical(dest)
	if err != nil {
		return err
	}
	switch {
	case dst == src:
		return msg.Errorf("build.dest.source", dest, filepath.Join(source, "public"))
	case within(src, dst):
		return msg.Errorf("build.dest.contains-source", dest, source, filepath.Join(source, "public"))
	}
	for _, sub := range []string{"content", "templates"} {
		if d := filepath.Join(src, sub); dst == d || within(dst, d) {
			return msg.Errorf("build.dest.inside", dest, sub, filepath.Join(source, "public"))
		}
	}
	return publish.Check(dest)
}

// canonical returns the absolute path of p with symbolic links resolved as far
// as the path exists.
func canonical(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(real, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether path lies inside dir.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
