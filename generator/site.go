package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"maps"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/editor"
	"policysite/generator/theme"
)

// builder plans and renders every output file of one build.
type builder struct {
	preview  bool   // GenerateOptions.Preview
	dayForm  string // GenerateOptions.DayForm
	site     *content.Site
	theme    *theme.Theme
	today    time.Time
	rendered map[*content.Revision]*rendering
	cache    *Cache        // the diffs, made as the pages that show them are
	lock     *content.Lock // nil outside Build
	deferred map[string]func() ([]byte, error)
	progress func(stage string, done, total int)
	files    map[string][]byte
	write    func(name string, data []byte) error // GenerateOptions.Write
	pages    int
	planned  []*Page // rendered together by renderPages
	sitemap  []sitemapEntry

	info     *SiteInfo
	basePath string                      // the path of baseURL, e.g. "/" or "/personvern/"
	series   map[string]map[string]*view // doc → lang → view
}

// view is one series as pages link to it.
type view struct {
	series   *content.Series
	doc      *DocInfo
	revs     []*RevInfo // visible revisions, oldest first
	current  *RevInfo
	byDate   map[string]*RevInfo
	upcoming []*RevInfo // published, not yet in force, material: readers must be told
	updated  *RevInfo   // the current revision while its change is recent
}

type sitemapEntry struct {
	loc     string
	lastmod string
}

func (b *builder) build() error {
	cfg := b.site.Config
	b.info = &SiteInfo{Title: cfg.Title, BaseURL: cfg.BaseURL, Contact: cfg.Contact, Accessibility: map[string]string{}}
	b.basePath = cfg.BasePath()
	if b.preview || b.dayForm != "" {
		b.info.Preview, b.info.DayForm, b.info.basePath = b.today, b.dayForm, b.basePath
		b.info.indexLinks = b.dayForm == "" // build --preview: read from files; serve serves folders
	}
	b.series = map[string]map[string]*view{}
	for _, s := range b.site.Series {
		v := b.newView(s)
		if b.series[s.Doc] == nil {
			b.series[s.Doc] = map[string]*view{}
		}
		b.series[s.Doc][s.Lang] = v
		if s.Doc == AccessibilityDoc && len(v.revs) > 0 {
			b.info.Accessibility[s.Lang] = v.doc.Path
		}
	}

	for _, s := range b.site.Series {
		v := b.series[s.Doc][s.Lang]
		if len(v.revs) == 0 {
			continue // only drafts so far
		}
		if err := b.writeSeries(v); err != nil {
			return err
		}
	}
	for _, lang := range cfg.Languages {
		b.planHome(lang)
	}
	if err := b.writeWidget(); err != nil {
		return err
	}
	b.planNotFound()
	for _, name := range theme.StaticFiles {
		b.files[name] = b.theme.Static(name)
	}
	if cfg.Editor != nil {
		if err := b.writeEditor(); err != nil {
			return err
		}
	}
	if err := b.renderPages(); err != nil {
		return err
	}
	if err := b.writeSitemap(); err != nil {
		return err
	}
	if b.lock != nil && len(b.lock.Tokens) > 0 {
		for _, ts := range b.lock.Tokens {
			for _, tok := range ts {
				b.files[StampsDir+"/"+tok.Name] = tok.Data
			}
		}
		b.files[StampsDir+"/roots.pem"] = b.lock.TokenRoots
	}
	b.files["robots.txt"] = []byte("User-agent: *\nAllow: /\n\nSitemap: " + cfg.BaseURL + "sitemap.xml\n")
	return nil
}

// langPrefix is where a language's pages live: "" for the default language,
// "<lang>/" for the others.
func (b *builder) langPrefix(lang string) string {
	if lang == b.site.Config.Language {
		return ""
	}
	return lang + "/"
}

func (b *builder) newView(s *content.Series) *view {
	docPath := b.langPrefix(s.Lang) + s.Doc + "/"
	v := &view{series: s, byDate: map[string]*RevInfo{}}
	var prev *RevInfo
	for _, r := range s.Visible() {
		ri := &RevInfo{Revision: r, Path: docPath + content.Date(r.Effective) + "/"}
		ri.Chain = chain(prev, r.SHA256)
		if b.lock != nil && r.Correction != "" {
			for _, e := range b.lock.Entries(r, b.site) {
				if e.Corrected {
					ri.CorrectedOn = e.Recorded
				}
			}
		}
		if b.lock != nil {
			for _, tok := range b.lock.Tokens[r.TextSHA256] {
				ri.Stamps = append(ri.Stamps, StampInfo{Authority: tok.Authority, Time: tok.Time, Clock: tok.Time.In(b.site.Config.TimeZone).Format("15:04 MST"),
					Path: StampsDir + "/" + tok.Name, Digest: tok.Digest})
			}
		}
		if prev != nil {
			ri.DiffPath = ri.Path + "diff/"
		}
		v.revs = append(v.revs, ri)
		v.byDate[content.Date(r.Effective)] = ri
		if r.Status == content.StatusCurrent {
			v.current = ri
		}
		prev = ri
	}
	if c := v.current; c != nil {
		at := indexOf(v.revs, c)
		for i, r := range v.revs {
			if i == at {
				continue
			}
			if o, n, own := toCurrent(i, at); own {
				r.ToCurrentPath = comparePath(docPath, v.revs[o], v.revs[n])
			} else {
				r.ToCurrentPath = v.revs[n].DiffPath
			}
		}
	}
	for _, r := range v.revs {
		if r.Status == content.StatusUpcoming && r.Material() {
			v.upcoming = append(v.upcoming, r)
		}
	}
	// The newest material change in force, while it is recent: an
	// editorial revision after it (a typo fixed) does not end its notice.
	if c := v.current; c != nil {
		for i := indexOf(v.revs, c); i >= 0; i-- {
			if r := v.revs[i]; r.Material() {
				if r.DiffPath != "" && b.today.Before(r.Effective.AddDate(0, 0, b.site.Config.BannerDays)) {
					v.updated = r
				}
				break
			}
		}
	}
	v.doc = &DocInfo{Slug: s.Doc, Lang: s.Lang, Path: docPath, HistoryPath: docPath + "history/", FeedPath: docPath + "feed.xml", Current: v.current}
	if n := len(v.revs); n > 0 {
		v.doc.Title = v.revs[n-1].Title
		if v.current != nil {
			v.doc.Title = v.current.Title
		}
	}
	return v
}

// comparePath is where the diff between two revisions that are not
// neighbours lives.
func comparePath(docPath string, older, newer *RevInfo) string {
	return docPath + "compare/" + content.Date(older.Effective) + "/" + content.Date(newer.Effective) + "/"
}

func (b *builder) page(kind, lang, path, title string) *Page {
	p := &Page{
		Kind:    kind,
		Lang:    lang,
		Title:   title,
		Path:    path,
		Root:    rootFrom(path),
		Site:    b.info,
		strings: b.theme.Strings(lang),
	}
	if kind != theme.KindNotFound {
		p.Canonical = b.site.Config.BaseURL + path
	}
	return p
}

// alternates lists the page in every language that has it; pathIn gives the
// page's path in a language, or "" where there is none.
func (b *builder) alternates(p *Page, pathIn func(lang string) string) {
	var alts []Alternate
	for _, lang := range b.site.Config.Languages {
		path := pathIn(lang)
		if path == "" {
			continue
		}
		alts = append(alts, Alternate{
			Lang:    lang,
			Name:    b.theme.Strings(lang).Name,
			Href:    p.Rel(path),
			Abs:     b.site.Config.BaseURL + path,
			Current: lang == p.Lang,
		})
	}
	if len(alts) > 1 {
		p.Alternates = alts
	}
}

func (b *builder) writeSeries(v *view) error {
	doc, lang := v.series.Doc, v.series.Lang
	upcoming, updated := v.upcoming, v.updated
	pathIn := func(f func(*view) string) func(string) string {
		return func(l string) string {
			if ov := b.series[doc][l]; ov != nil && len(ov.revs) > 0 {
				return f(ov)
			}
			return ""
		}
	}

	// The document's address: the revision in force, or a page that says
	// none is yet.
	// A translation that has fallen behind its original says so.
	var original *RevInfo
	if ov := b.series[doc][b.site.Config.Language]; lang != b.site.Config.Language && ov != nil && ov.current != nil &&
		v.current != nil && ov.current.Effective.After(v.current.Effective) {
		original = ov.current
	}

	if c := v.current; c != nil {
		p := b.revisionPage(v, indexOf(v.revs, c), v.doc.Path)
		p.Upcoming, p.Updated, p.Original = upcoming, updated, original
		b.alternates(p, pathIn(func(o *view) string { return o.doc.Path }))
		b.plan(p, c.Effective)
	} else {
		p := b.page(theme.KindPending, lang, v.doc.Path, v.doc.Title)
		p.Doc, p.Upcoming = v.doc, v.upcoming
		b.alternates(p, pathIn(func(o *view) string { return o.doc.Path }))
		b.plan(p, time.Time{})
	}

	for i, r := range v.revs {
		p := b.revisionPage(v, i, r.Path)
		if r.Status == content.StatusCurrent {
			p.Upcoming, p.Updated, p.Original = upcoming, updated, original
		}
		date := content.Date(r.Effective)
		b.alternates(p, func(l string) string {
			if ov := b.series[doc][l]; ov != nil && ov.byDate[date] != nil {
				return ov.byDate[date].Path
			}
			return ""
		})
		b.plan(p, r.Effective)
		if i > 0 {
			b.plan(b.diffPage(v, v.revs[i-1], r, r.DiffPath), r.Effective)
		}
	}
	if c := v.current; c != nil {
		at := indexOf(v.revs, c)
		for i, r := range v.revs {
			if o, n, own := toCurrent(i, at); i != at && own {
				b.planCompare(v, v.revs[o], v.revs[n], r.ToCurrentPath)
			}
		}
	}

	hist := b.page(theme.KindHistory, lang, v.doc.HistoryPath, b.theme.Strings(lang).T("historyTitle"))
	hist.Title = fmt.Sprintf(hist.Title, v.doc.Title)
	hist.Doc, hist.Current = v.doc, v.current
	for i := len(v.revs) - 1; i >= 0; i-- {
		hist.Revisions = append(hist.Revisions, v.revs[i])
	}
	if len(v.revs) > 1 {
		to := len(v.revs) - 1
		if v.current != nil {
			to = indexOf(v.revs, v.current)
		}
		to = max(to, 1)
		for i, r := range v.revs {
			o := CompareOption{RevInfo: r, Current: r == v.current, DefaultFrom: i == to-1, DefaultTo: i == to}
			if i > 0 {
				o.Prev = content.Date(v.revs[i-1].Effective)
			}
			hist.Compare = append(hist.Compare, o)
		}
	}
	b.alternates(hist, pathIn(func(o *view) string { return o.doc.HistoryPath }))
	b.plan(hist, v.revs[len(v.revs)-1].Published)
	if err := b.writeFeed(v); err != nil {
		return err
	}
	return b.writeVersions(v)
}

// AccessibilityDoc is the document that holds the accessibility statement
// (tilgjengelighetserklæring); every page's footer links to it.
const AccessibilityDoc = "tilgjengelighetserklaering"

func indexOf(revs []*RevInfo, r *RevInfo) int {
	for i, x := range revs {
		if x == r {
			return i
		}
	}
	return -1
}

func (b *builder) revisionPage(v *view, i int, path string) *Page {
	r := v.revs[i]
	title := r.Title
	if path != v.doc.Path {
		title = fmt.Sprintf(b.theme.Strings(v.series.Lang).T("versionOf"), r.Title, b.theme.Strings(v.series.Lang).Date(r.Effective))
	}
	p := b.page(theme.KindRevision, v.series.Lang, path, title)
	p.Description = r.Summary
	p.Doc, p.Rev, p.Current = v.doc, r, v.current
	ren := b.rendered[r.Revision]
	p.prepare = func() { // on the core that renders the page
		p.Body = template.HTML(ren.html)
		p.TOC = toc(ren.headings)
	}
	if i > 0 {
		p.Prev = v.revs[i-1]
	}
	if i+1 < len(v.revs) {
		p.Next = v.revs[i+1]
	}
	return p
}

// planCompare plans the page comparing a revision with the current one,
// or, in a lazy build, leaves a func to make it when it is asked for.
func (b *builder) planCompare(v *view, older, newer *RevInfo, path string) {
	p := b.diffPage(v, older, newer, path)
	if b.deferred == nil {
		b.plan(p, newer.Effective)
		return
	}
	b.pages++
	b.sitemap = append(b.sitemap, sitemapEntry{loc: p.Canonical, lastmod: content.Date(newer.Effective)})
	b.deferred[p.file()] = func() ([]byte, error) {
		var buf bytes.Buffer
		err := b.execute(&buf, b.diffPage(v, older, newer, path)) // a page of its own for each call
		return buf.Bytes(), err
	}
}

// diffPage plans the page comparing two revisions. Its diff is made by
// Page.prepare, when the page is rendered.
func (b *builder) diffPage(v *view, older, newer *RevInfo, path string) *Page {
	words := b.theme.Strings(v.series.Lang)
	p := b.page(theme.KindDiff, v.series.Lang, path, fmt.Sprintf(words.T("diffTitle"), newer.Title))
	p.Description = newer.Summary
	p.Doc, p.Current = v.doc, v.current
	info := &DiffInfo{Old: older, New: newer, labels: diff.LabelsFrom(words.T), Adjacent: path == newer.DiffPath}
	p.Diff = info
	p.prepare = func() {
		info.Diff = b.cache.diff(b.rendered[older.Revision], b.rendered[newer.Revision])
		info.TOC = diffTOC(info.Diff, info.labels)
	}
	return p
}

func (b *builder) planHome(lang string) {
	prefix := b.langPrefix(lang)
	p := b.page(theme.KindHome, lang, prefix, b.site.Config.Title)
	var docs []string
	for doc := range b.series {
		docs = append(docs, doc)
	}
	sort.Strings(docs)
	for _, doc := range docs {
		if v := b.series[doc][lang]; v != nil && len(v.revs) > 0 {
			p.Docs = append(p.Docs, v.doc)
		}
	}
	if len(p.Docs) == 0 && lang != b.site.Config.Language {
		return // nothing published in this language yet
	}
	b.alternates(p, func(l string) string {
		if l == lang {
			return prefix
		}
		for _, doc := range docs {
			if v := b.series[doc][l]; v != nil && len(v.revs) > 0 {
				return b.langPrefix(l)
			}
		}
		return ""
	})
	b.plan(p, time.Time{})
}

func (b *builder) planNotFound() {
	lang := b.site.Config.Language
	p := b.page(theme.KindNotFound, lang, "404.html", b.theme.Strings(lang).T("notFoundTitle"))
	p.Root = b.basePath // the page is served at any depth
	b.plan(p, time.Time{})
}

// plan lists p to be made into p.file() by renderPages, which makes the
// planned pages together on every core, and lists it in the sitemap if it
// has an address of its own (the 404 page has none).
func (b *builder) plan(p *Page, lastmod time.Time) {
	b.planned = append(b.planned, p)
	b.pages++
	if p.Canonical == "" {
		return
	}
	e := sitemapEntry{loc: p.Canonical}
	if !lastmod.IsZero() {
		e.lastmod = content.Date(lastmod)
	}
	b.sitemap = append(b.sitemap, e)
}

// make renders p into buf: what p shows that is costly to make first
// (Page.prepare), then its template.
func (b *builder) execute(buf *bytes.Buffer, p *Page) error {
	if p.prepare != nil {
		p.prepare()
	}
	if err := b.theme.Execute(buf, p.Kind, p); err != nil {
		return fmt.Errorf("page /%s: %w", p.Path, err)
	}
	if p.Diff != nil {
		// The page is made: its diff need not be held till the build
		// ends (a cache that keeps diffs has its own reference).
		p.Diff.Diff, p.Diff.TOC = nil, nil
	}
	return nil
}

// renderPages executes the templates of the planned pages into b.files,
// or, if b.write is set, hands each to it as soon as it is made. Each
// worker writes the pages it made: on a disk where creating a file costs
// as much as making its page, one writer beside the workers would fall
// behind them and finish alone.
func (b *builder) renderPages() error {
	var out [][]byte
	if b.write == nil {
		out = make([][]byte, len(b.planned))
	}
	// A page that is written is dropped, and its buffer serves the next
	// page: the pages of a site are megabytes that would otherwise be
	// allocated, cleared and collected one by one. A pooled buffer keeps
	// the size of the largest page it held.
	var (
		buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
		failed  atomic.Bool  // a page could not be made or written
		made    atomic.Int64 // pages made, for the progress
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
	err := parallel(len(b.planned), func(i int) error {
		if failed.Load() {
			return nil // the build has failed: no use making more pages
		}
		p := b.planned[i]
		defer func() { b.progress("pages", int(made.Add(1)), len(b.planned)) }()
		buf := new(bytes.Buffer) // the page itself, when it is kept
		if b.write != nil {
			buf = buffers.Get().(*bytes.Buffer)
			buf.Reset()
			defer buffers.Put(buf)
		}
		if err := b.execute(buf, p); err != nil {
			return fail(err)
		}
		if b.write == nil {
			out[i] = buf.Bytes()
			return nil
		}
		return fail(b.write(p.file(), buf.Bytes()))
	})
	if err != nil || b.write != nil {
		return err
	}
	for i, p := range b.planned {
		b.files[p.file()] = out[i]
	}
	return nil
}

// versionsFile is versions.json, per the output contract (docs/output.md).
type versionsFile struct {
	Document  string         `json:"document"`
	Language  string         `json:"language"`
	Current   *string        `json:"current"` // the effective date of the revision in force
	Revisions []versionEntry `json:"revisions"`
}

// chain links a revision to all before it: the sha256, in hex, of the
// previous revision's chain value followed by this revision's sha256 (both
// as hex text); for the first revision, of its sha256 alone.
func chain(prev *RevInfo, sha string) string {
	h := sha256.New()
	if prev != nil {
		h.Write([]byte(prev.Chain))
	}
	h.Write([]byte(sha))
	return hex.EncodeToString(h.Sum(nil))
}

type versionEntry struct {
	Effective string `json:"effective"`
	Published string `json:"published"`
	Status    string `json:"status"`
	Title     string `json:"title"`
	Summary   string `json:"summary"`
	Reason    string `json:"reason"`
	URL       string `json:"url"`
	SHA256    string `json:"sha256"`
	Chain     string `json:"chain"`
	DiffURL   string `json:"diff_url,omitempty"`
	// Correction says what was corrected in this revision after it was
	// published, and Corrected when; both absent if nothing was.
	Correction string `json:"correction,omitempty"`
	Corrected  string `json:"corrected,omitempty"`
	// Timestamps are the trusted timestamps (RFC 3161) of the text; absent
	// if there are none.
	Timestamps []versionStamp `json:"timestamps,omitempty"`
}

// versionStamp is a trusted timestamp in versions.json: who issued it,
// what time it certifies, and the token, to check with openssl ts -verify
// -in <token> -digest <digest> -CAfile <roots>.
type versionStamp struct {
	Authority string `json:"authority"`
	Time      string `json:"time"`
	Token     string `json:"token"`
	Roots     string `json:"roots"`
	Digest    string `json:"digest"`
}

func (b *builder) writeVersions(v *view) error {
	f := versionsFile{Document: v.series.Doc, Language: v.series.Lang, Revisions: []versionEntry{}}
	if v.current != nil {
		d := content.Date(v.current.Effective)
		f.Current = &d
	}
	for _, r := range v.revs {
		e := versionEntry{
			Effective: content.Date(r.Effective),
			Published: content.Date(r.Published),
			Status:    string(r.Status),
			Title:     r.Title,
			Summary:   r.Summary,
			Reason:    string(r.Reason),
			URL:       b.basePath + r.Path,
			SHA256:    r.SHA256,
			Chain:     r.Chain,
		}
		if r.Correction != "" {
			e.Correction = r.Correction
			if !r.CorrectedOn.IsZero() {
				e.Corrected = content.Date(r.CorrectedOn)
			}
		}
		if r.DiffPath != "" {
			e.DiffURL = b.basePath + r.DiffPath
		}
		for _, st := range r.Stamps {
			e.Timestamps = append(e.Timestamps, versionStamp{Authority: st.Authority, Time: st.TimeISO(), Token: b.basePath + st.Path,
				Roots: b.basePath + StampsDir + "/roots.pem", Digest: st.Digest})
		}
		f.Revisions = append(f.Revisions, e)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return err
	}
	b.files[v.doc.Path+"versions.json"] = buf.Bytes()
	return nil
}

// sitemapURL is one <url> of sitemap.xml.
type sitemapURL struct {
	XMLName xml.Name `xml:"url"`
	Loc     string   `xml:"loc"`
	LastMod string   `xml:"lastmod,omitempty"`
}

func (b *builder) writeSitemap() error {
	sort.Slice(b.sitemap, func(i, j int) bool { return b.sitemap[i].loc < b.sitemap[j].loc })
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	enc := xml.NewEncoder(&buf)
	for _, e := range b.sitemap {
		if err := enc.Encode(sitemapURL{Loc: e.loc, LastMod: e.lastmod}); err != nil {
			return err
		}
		buf.WriteString("\n") // one URL a line
	}
	buf.WriteString("</urlset>\n")
	b.files["sitemap.xml"] = buf.Bytes()
	return nil
}

// writeEditor adds the web editor that site.yaml asks for: its page and
// configuration under admin/, and their looser Content-Security-Policy,
// for that folder alone, to _headers.
func (b *builder) writeEditor() error {
	files, err := editor.Files(b.site, editor.Options{})
	if err != nil {
		return err
	}
	maps.Copy(b.files, files)
	b.files["_headers"] = append(bytes.Clone(b.files["_headers"]), editor.Headers(b.basePath, b.site.Config.Editor)...)
	return nil
}
