package generator

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"policysite/generator/content"
	"policysite/generator/diskcache"
	"policysite/generator/pages"
	"policysite/generator/render"
	"policysite/generator/theme"
)

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
	// DiskCache, if set, keeps the renderings of the revisions on disk
	// between builds, keyed by their text and the program's version: a
	// build that meets a text again reads its rendering instead of making
	// it. See docs/performance.md.
	DiskCache *diskcache.Cache
	// Progress, if set, is told how far each stage has come.
	Progress func(stage string, done, total int)
	// DropTexts lets Generate drop each revision's text (Revision.Body)
	// once rendered, and the newest of each series once the site is
	// planned (the editor's configuration starts a new revision from it),
	// for a caller that does not use the loaded site again (build): in a
	// long history the files as read are a fifth of the live memory, held
	// to the end for nothing.
	DropTexts bool
	// Lazy leaves the pages that compare a revision with the current one
	// (not its neighbour) to be made when asked for: Result.Deferred. For
	// serve, where they would be most of a rebuild after an edit of the
	// current revision, and few are looked at.
	Lazy bool
	// kept are the pages of the build before (built.go), if any.
	kept *keptPages
}

// Result describes a finished build.
type Result struct {
	// Recorded is what a build with Options.Record added to the record.
	Recorded []content.Recording
	// RecordRewritten is set when the record was written without new
	// lines: a record of the earlier format, now in the current one.
	RecordRewritten bool
	// Copies is how many texts a build with Options.Record kept in the
	// site's published/ folder (content.PublishedDir).
	Copies    int
	Documents int // documents, counting each language once
	Revisions int // revisions published (drafts left out)
	Pages     int // HTML pages written
	// Kept is how many of the pages were written as the build before made
	// them (built.go's keptPages), not made again.
	Kept  int
	Today time.Time
	// Deferred are the pages left to make on demand (GenerateOptions.Lazy):
	// output path to a func that makes the page. Safe to call concurrently.
	Deferred map[string]func() ([]byte, error)
}

// A Writer receives the files of a build: slash-separated paths relative
// to the output folder, and their bytes. Write is called from several
// goroutines at once, as each file is made, and data is only valid until
// it returns. The publishing build writes with a publish.Writer; serve,
// verify and tests keep the files in Files.
type Writer interface {
	Write(name string, data []byte) error
}

// A Keeper is a Writer that can keep a file's bytes themselves: the files
// the plan made already (pages.Site.Files: the theme's static files, the
// logo, the record's tokens), which nothing changes after. Copying them
// cost a build in memory its compare.wasm's megabytes each time.
type Keeper interface {
	Writer
	Keep(name string, data []byte) error
}

// Files is a Writer that keeps every file in memory.
type Files struct {
	mu    sync.Mutex
	files map[string][]byte
}

// Write keeps a copy of data as the file name.
func (f *Files) Write(name string, data []byte) error {
	return f.Keep(name, bytes.Clone(data))
}

// Keep keeps data itself as the file name.
func (f *Files) Keep(name string, data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.files == nil {
		f.files = map[string][]byte{}
	}
	f.files[name] = data
	return nil
}

// Map returns the files written, by name. It is the Files' own map: read
// it once the build is done.
func (f *Files) Map() map[string][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.files == nil {
		f.files = map[string][]byte{}
	}
	return f.files
}

// discard is a Writer that keeps nothing: check makes the pages to see
// that they can be made.
type discard struct{}

func (discard) Write(string, []byte) error { return nil }

// Generate makes the site as of the loaded day and writes every file to
// out: it renders the visible revisions on every core, plans the pages
// (package pages), and executes the templates of the planned pages on every
// core, each diff made by the page that shows it, just before. It makes
// what it is given: the rules a site must keep (lead time, the record) are
// LoadChecked's, which every command that publishes or checks loads with.
func Generate(l *Loaded, out Writer, opts GenerateOptions) (*Result, error) {
	progress := opts.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	cache := opts.Cache
	if cache == nil {
		cache = NewCache()
		cache.keepDiffs = false // this build's alone
	}
	cache.disk = opts.DiskCache
	cache.kept = opts.kept
	cache.keeper, _ = out.(*keeping)
	defer func() { cache.kept, cache.keeper = nil, nil }() // released after this build
	day, site := l.Day, l.Site()
	if opts.Drafts || opts.Preview {
		day = day.WithDrafts()
	}
	planned, visible, err := plan(l, day, cache, opts, progress)
	if err != nil {
		return nil, err
	}
	if opts.DropTexts {
		// Rendered, and planned (the editor's configuration starts a new
		// revision from the newest one's text): the pages need them no more.
		for _, s := range site.Series {
			for _, rev := range s.Revisions {
				rev.Body = nil
			}
		}
	}
	// Planned: in a build's own cache, the page that shows a diff kept
	// for the plan takes it.
	cache.taking = !cache.keepDiffs
	kept, err := execute(l.Theme, planned, out, opts.kept, progress)
	if err != nil {
		return nil, err // and no sweep: what the next build needs is kept
	}
	cache.sweep()

	docs := map[string]bool{}
	for _, s := range site.Series {
		docs[s.Doc] = true
	}
	res := &Result{Documents: len(docs), Revisions: visible, Pages: len(planned.Pages) + len(planned.Deferred), Kept: kept, Today: day.Today}
	if opts.Lazy {
		res.Deferred = map[string]func() ([]byte, error){}
		for name, makePage := range planned.Deferred {
			res.Deferred[name] = func() ([]byte, error) {
				var buf bytes.Buffer
				err := executePage(l.Theme, &buf, makePage())
				return buf.Bytes(), err
			}
		}
	}
	return res, nil
}

// plan renders the revisions visible on day on every core, with their
// texts as first published where corrected, makes the diffs between
// neighbours, and plans the site from them (package pages): every page and
// file, each page made by execute. It returns the plan and the number of
// revisions published.
func plan(l *Loaded, day *content.Day, cache *Cache, opts GenerateOptions, progress func(string, int, int)) (*pages.Site, int, error) {
	site := l.Site()
	var visible []*content.Revision
	for _, s := range site.Series {
		visible = append(visible, day.Visible(s)...)
	}
	// The texts as first published of corrected revisions, from the
	// record's copies: rendered with the others, for their pages.
	firsts := map[*content.Revision]*content.Revision{}
	toRender := visible
	for _, rev := range visible {
		sha, ok := site.FirstText(rev)
		if !ok || l.Lock == nil || l.Lock.Copies[sha] == nil {
			continue
		}
		if fr, ok := content.ParseCopy(rev, l.Lock.Copies[sha]); ok {
			firsts[rev] = fr
			toRender = append(toRender[:len(toRender):len(toRender)], fr)
		}
	}
	// The newest text of each series is kept for the editor's
	// configuration, planned below; the rest may go once rendered.
	newest := map[*content.Revision]bool{}
	for _, s := range site.Series {
		if n := len(s.Revisions); opts.DropTexts && n > 0 {
			newest[s.Revisions[n-1]] = true
		}
	}
	r := newRenderer(site)
	rendered := make([]*pages.Rendering, len(toRender))
	var done atomic.Int64
	// The newest first: the revisions a build has not met before are
	// mostly the newest, and the others' renderings, kept, take no time
	// to find; begun last, the new one's was made alone at the end. And
	// from both ends (parallelEnds), so that the revisions rendered at
	// once are far apart and seldom render the same chunk twice: taken
	// from one end, a build of the corpus rendered some 90 of its 600
	// chunks twice.
	err := parallelEnds(len(toRender), func(i int) error {
		ren, err := cache.render(r, site, toRender[i])
		rendered[i] = ren
		if opts.DropTexts && !newest[toRender[i]] {
			toRender[i].Body = nil
		}
		progress("render", int(done.Add(1)), len(toRender))
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	byRev := make(map[*content.Revision]*pages.Rendering, len(toRender))
	for i, rev := range toRender {
		byRev[rev] = rendered[i]
	}

	// The diffs between neighbours, on every core: the plan follows each
	// section through them (the history of each section), and the diff
	// pages show them. Where the disk cache keeps a document's section
	// history through all its revisions, or all but the last, only the
	// diffs after those are made here; the pages make the others they need.
	type pair struct{ older, newer *pages.Rendering }
	var neighbours []pair
	var hist pages.Histories
	if opts.DiskCache != nil {
		hist = histories{opts.DiskCache}
	}
	for _, s := range site.Series {
		revs := day.Visible(s)
		from := 1
		if hist != nil {
			rens := make([]*pages.Rendering, len(revs))
			for i, r := range revs {
				rens[i] = byRev[r]
			}
			if _, n := hist.Kept(rens); n > 0 {
				from = n
			}
		}
		for i := from; i < len(revs); i++ {
			neighbours = append(neighbours, pair{byRev[revs[i-1]], byRev[revs[i]]})
		}
	}
	done.Store(0)
	_ = parallel(len(neighbours), func(i int) error {
		cache.diffKept(neighbours[i].older, neighbours[i].newer, true)
		progress("diff", int(done.Add(1)), len(neighbours))
		return nil
	})

	planned, err := pages.Plan(pages.Input{
		Day: day, Theme: l.Theme, Lock: l.Lock,
		Rendering:  func(r *content.Revision) *pages.Rendering { return byRev[r] },
		Diff:       cache.diff,
		Histories:  hist,
		Fragments:  fragmentsOf(cache.kept, cache.keeper),
		SharedDiff: cache.diffShared,
		First: func(r *content.Revision) (string, *content.Revision) {
			sha, _ := site.FirstText(r)
			return sha, firsts[r]
		},
		Preview: opts.Preview, DayForm: opts.DayForm, Lazy: opts.Lazy,
	})
	return planned, len(visible), err
}

// execute makes the planned site into out, every page and file a job for
// whichever core is free. Each worker writes the pages it made: on a disk
// where creating a file costs as much as making its page, one writer
// beside the workers would fall behind them and finish alone.
func execute(th *theme.Theme, site *pages.Site, out Writer, kept *keptPages, progress func(string, int, int)) (int, error) {
	// A page that is written is dropped, and its buffer serves the next
	// page: the pages of a site are megabytes that would otherwise be
	// allocated, cleared and collected one by one. A buffer keeps the size
	// of the largest page it held. They are kept in a list of their own,
	// one for each page made at once (parallel), not a sync.Pool, which
	// lets its buffers go at every collection: a cold build of the corpus
	// collects some six times, and grew its buffers again after each.
	var (
		buffers = make(chan *bytes.Buffer, runtime.GOMAXPROCS(0))
		failed  atomic.Bool  // a page could not be made or written
		made    atomic.Int64 // pages made, for the progress
		taken   atomic.Int64 // pages kept by the build before, not made
	)
	// The first failure is reported and stops the making of pages; the
	// pages being made then fail alike (the same broken template, the same
	// full disk), and a second report would only repeat it.
	fail := func(err error) error {
		if err != nil && failed.CompareAndSwap(false, true) {
			return err
		}
		return nil
	}
	// Where the pages are kept for the next build, or there are pages of
	// the last one, each page is keyed by all it shows, and the theme.
	keeper, _ := out.(pageWriter)
	keys := pageKeys{on: keeper != nil}
	if keys.on {
		keys.theme = th.HashKey()
	}
	// write writes the file name, of key where keyed: as the last build
	// made it where that build kept it, else made into buf by build. It
	// reports whether it was the last build's.
	write := func(name string, key [32]byte, keyed bool, buf *bytes.Buffer, build func() error) (bool, error) {
		was := keyed && kept.page(key, buf)
		if !was {
			if err := build(); err != nil {
				return false, err
			}
		}
		if keyed {
			return was, keeper.WritePage(name, key, buf.Bytes())
		}
		return was, out.Write(name, buf.Bytes())
	}
	// The jobs, on every core: the files made already first, the largest
	// of them (the compare page's WebAssembly) no longer written alone
	// after the pages, then the pages, the files made of renderings and
	// the snippets.
	keep := out.Write
	if k, ok := out.(Keeper); ok {
		keep = k.Keep
	}
	var jobs []func(buf *bytes.Buffer) error
	for _, name := range slices.Sorted(maps.Keys(site.Files)) {
		jobs = append(jobs, func(*bytes.Buffer) error { return keep(name, site.Files[name]) })
	}
	for _, p := range site.Pages {
		jobs = append(jobs, func(buf *bytes.Buffer) error {
			defer func() { progress("pages", int(made.Add(1)), len(site.Pages)) }()
			key, keyed := keys.page(p)
			was, err := write(p.File(), key, keyed, buf, func() error { return executePage(th, buf, p) })
			if was {
				taken.Add(1)
				for _, k := range p.FragmentKeys() { // for the build after, which may make it
					keeper.KeepKeptFragment(k, kept)
				}
			}
			return err
		})
	}
	for _, name := range slices.Sorted(maps.Keys(site.Made)) {
		jobs = append(jobs, func(buf *bytes.Buffer) error {
			key, keyed := site.MadeKeys[name]
			keyed = keyed && keys.on
			if keyed {
				key = keys.file(key)
			}
			_, err := write(name, key, keyed, buf, func() error {
				b, err := site.Made[name]()
				if err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				buf.Write(b)
				return nil
			})
			return err
		})
	}
	for _, s := range site.Snippets {
		jobs = append(jobs, func(buf *bytes.Buffer) error {
			if err := th.ExecuteSnippet(buf, s.Name, s.Data); err != nil {
				return err // it names the file
			}
			return out.Write(s.File, buf.Bytes())
		})
	}
	err := parallelEnds(len(jobs), func(i int) error {
		if failed.Load() {
			return nil // the build has failed: no use making more
		}
		var buf *bytes.Buffer
		select {
		case buf = <-buffers:
			buf.Reset()
		default:
			buf = new(bytes.Buffer)
		}
		defer func() {
			select {
			case buffers <- buf:
			default: // as many are kept as are used at once
			}
		}()
		return fail(jobs[i](buf))
	})
	if err != nil {
		return 0, err
	}
	return int(taken.Load()), nil
}

// A pageWriter keeps each page it writes under its key (pageKeys), for
// the next build (built.go's keeping).
type pageWriter interface {
	WritePage(name string, key [32]byte, data []byte) error
	KeepFragment(key [32]byte, s string)
	KeepKeptFragment(key [32]byte, kept *keptPages)
}

// pageKeys key the pages of a build by all they show (pages.Page.Key) and
// the theme they are made with, which the program's version, in the key
// of the build that keeps them, fixes the rest of.
type pageKeys struct {
	on    bool
	theme []byte // the theme's HashKey
}

// page returns p's key; ok is false when the keys are off, or p cannot be
// keyed (then it is made, and not kept).
func (k pageKeys) page(p *pages.Page) (key [32]byte, ok bool) {
	if !k.on {
		return key, false
	}
	sum, ok := p.Key()
	if !ok {
		return key, false
	}
	return k.file(sum), true
}

// file returns the key of a file of the sum of all it is made of
// (pages.Page.Key, pages.Site.MadeKeys), with the theme's.
func (k pageKeys) file(sum [32]byte) (key [32]byte) {
	h := sha256.New()
	h.Write([]byte("page\x00"))
	h.Write(k.theme)
	h.Write(sum[:])
	h.Sum(key[:0])
	return key
}

// executePage makes p into buf: what p shows that is costly to make first
// (Page.Prepare), then its template.
func executePage(th *theme.Theme, buf *bytes.Buffer, p *pages.Page) error {
	p.Prepare()
	p.Writing(buf)
	err := th.Execute(buf, p.Kind, p)
	p.Writing(nil)
	if err != nil {
		return fmt.Errorf("page /%s: %w", p.Path, err)
	}
	p.Release()
	return nil
}

// newRenderer renders a site's revisions as its pages show them.
func newRenderer(site *content.Site) *render.Renderer {
	return render.New(render.WithBasePath(site.Config.BasePath()), render.WithReservedIDs(theme.ReservedIDs...))
}

// parallelEnds is parallel, half its workers taking f(n-1), f(n-2), … (the
// first of them, and so one worker alone) and half f(0), f(1), …, until
// they meet. The pages that compare each
// revision with the current one stand in a row, and neighbours share most
// of their diffs' pairs of paragraphs: taken in order, two pages made at
// once often made the same pair at once, each its own (a build of 10,000
// revisions made 3,700 of its 29,000 word diffs twice so), where from the
// two ends of the list they seldom meet.
func parallelEnds(n int, f func(int) error) error {
	var mu sync.Mutex
	lo, hi := 0, n-1
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				mu.Lock()
				if lo > hi {
					mu.Unlock()
					return
				}
				i := hi
				if w%2 == 0 {
					hi--
				} else {
					i, lo = lo, lo+1
				}
				mu.Unlock()
				errs[i] = f(i)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
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
