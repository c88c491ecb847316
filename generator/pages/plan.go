package pages

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
	"time"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/editor"
	"policysite/generator/render"
	"policysite/generator/theme"
)

// Rendering is a revision's text as its pages show it and its diffs
// compare it.
type Rendering struct {
	HTML     []byte
	Doc      *diff.Doc // the blocks the diffs compare
	Headings []render.Heading
}

// Input is what a site's pages are planned from.
type Input struct {
	// Day is the site as of the day built for; a preview's shows drafts
	// (content.Day.WithDrafts).
	Day   *content.Day
	Theme *theme.Theme
	// Lock, if set, dates the corrections the pages show and gives the
	// trusted timestamps they list.
	Lock *content.Lock
	// Rendering gives a visible revision's rendering.
	Rendering func(*content.Revision) *Rendering
	// Diff compares two renderings. A diff page asks for its diff when it
	// is prepared (Page.Prepare), not when it is planned.
	Diff func(older, newer *Rendering) *diff.Diff
	// Preview marks every page as a preview of the day built for, not the
	// published site.
	Preview bool
	// DayForm is the address of the endpoint that picks the day a preview
	// is built for (serve's); every page then carries a form that asks it.
	DayForm string
	// Lazy leaves the pages that compare a revision with the current one
	// (not its neighbour) out of Pages, to be planned when asked for
	// (Site.Deferred).
	Lazy bool
}

// Site is every file a site publishes, as planned.
type Site struct {
	// Pages are executed with the theme's page templates, each into its
	// File.
	Pages []*Page
	// Snippets are executed with the theme's snippets.
	Snippets []Snippet
	// Files are made already: feeds, versions.json, the widget's data and
	// script, the sitemap, the theme's static files …
	Files map[string][]byte
	// Deferred are the pages Input.Lazy left out, by output file: each
	// call plans the page afresh, so that calls may run at the same time.
	Deferred map[string]func() *Page
}

// A Snippet is a file made from one of the theme's snippets.
type Snippet struct {
	File string // the output file
	Name string // the snippet, e.g. notice.inc
	Data any
}

// planner plans every output file of one site.
type planner struct {
	Input
	site  *content.Site
	today time.Time
	out   *Site

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

// Plan lists every page and file the site publishes on the input's day,
// and what each shows (docs/output.md). It reads and writes nothing, and
// makes no diff: a diff page asks Input.Diff for its diff when it is
// prepared.
func Plan(in Input) (*Site, error) {
	site := in.Day.Site
	cfg := site.Config
	pl := &planner{Input: in, site: site, today: in.Day.Today, out: &Site{Files: map[string][]byte{}}}
	if in.Lazy {
		pl.out.Deferred = map[string]func() *Page{}
	}
	pl.info = &SiteInfo{Title: cfg.Title, BaseURL: cfg.BaseURL, Contact: cfg.Contact, Accessibility: map[string]string{}}
	pl.basePath = cfg.BasePath()
	if in.Preview || in.DayForm != "" {
		pl.info.Preview, pl.info.DayForm, pl.info.basePath = pl.today, in.DayForm, pl.basePath
		pl.info.indexLinks = in.DayForm == "" // build --preview: read from files; serve serves folders
	}
	pl.series = map[string]map[string]*view{}
	for _, s := range site.Series {
		v := pl.newView(s)
		if pl.series[s.Doc] == nil {
			pl.series[s.Doc] = map[string]*view{}
		}
		pl.series[s.Doc][s.Lang] = v
		if s.Doc == AccessibilityDoc && len(v.revs) > 0 {
			pl.info.Accessibility[s.Lang] = v.doc.Path
		}
	}

	for _, s := range site.Series {
		v := pl.series[s.Doc][s.Lang]
		if len(v.revs) == 0 {
			continue // only drafts so far
		}
		if err := pl.planSeries(v); err != nil {
			return nil, err
		}
	}
	for _, lang := range cfg.Languages {
		pl.planHome(lang)
	}
	if err := pl.planWidget(); err != nil {
		return nil, err
	}
	pl.planNotFound()
	for _, name := range theme.StaticFiles {
		pl.out.Files[name] = pl.Theme.Static(name)
	}
	if cfg.Editor != nil {
		if err := pl.planEditor(); err != nil {
			return nil, err
		}
	}
	if pl.Lock != nil && len(pl.Lock.Tokens) > 0 {
		for _, ts := range pl.Lock.Tokens {
			for _, tok := range ts {
				pl.out.Files[content.StampsDir+"/"+tok.Name] = tok.Data
			}
		}
		pl.out.Files[content.StampsDir+"/roots.pem"] = pl.Lock.TokenRoots
	}
	if err := pl.planSitemap(); err != nil {
		return nil, err
	}
	pl.out.Files["robots.txt"] = []byte("User-agent: *\nAllow: /\n\nSitemap: " + cfg.BaseURL + "sitemap.xml\n")
	return pl.out, nil
}

// langPrefix is where a language's pages live: "" for the default language,
// "<lang>/" for the others.
func (pl *planner) langPrefix(lang string) string {
	if lang == pl.site.Config.Language {
		return ""
	}
	return lang + "/"
}

func (pl *planner) newView(s *content.Series) *view {
	docPath := pl.langPrefix(s.Lang) + s.Doc + "/"
	v := &view{series: s, byDate: map[string]*RevInfo{}}
	var prev *RevInfo
	for _, r := range pl.Day.Visible(s) {
		ri := &RevInfo{Revision: r, State: pl.Day.Of(r), Path: docPath + content.Date(r.Effective) + "/"}
		ri.Chain = chain(prev, r.SHA256)
		if pl.Lock != nil && r.Correction != "" {
			for _, e := range pl.Lock.Entries(r, pl.site) {
				if e.Corrected {
					ri.CorrectedOn = e.Recorded
				}
			}
		}
		if pl.Lock != nil {
			for _, tok := range pl.Lock.Tokens[r.TextSHA256] {
				ri.Stamps = append(ri.Stamps, StampInfo{Authority: tok.Authority, Time: tok.Time, Clock: tok.Time.In(pl.site.Config.TimeZone).Format("15:04 MST"),
					Path: content.StampsDir + "/" + tok.Name, Digest: tok.Digest})
			}
		}
		if prev != nil {
			ri.DiffPath = ri.Path + "diff/"
		}
		v.revs = append(v.revs, ri)
		v.byDate[content.Date(r.Effective)] = ri
		if ri.Status == content.StatusCurrent {
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
				if r.DiffPath != "" && pl.today.Before(r.Effective.AddDate(0, 0, pl.site.Config.BannerDays)) {
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

// toCurrent orders revision i and the current revision at, older first,
// for the page comparing them, and reports whether that is a compare page
// of its own: neighbours are compared on the newer one's diff page. Every
// place that lists or links these pages asks here.
func toCurrent(i, at int) (older, newer int, own bool) {
	older, newer = min(i, at), max(i, at)
	return older, newer, newer-older > 1
}

// comparePath is where the diff between two revisions that are not
// neighbours lives.
func comparePath(docPath string, older, newer *RevInfo) string {
	return docPath + "compare/" + content.Date(older.Effective) + "/" + content.Date(newer.Effective) + "/"
}

func (pl *planner) page(kind, lang, path, title string) *Page {
	p := &Page{
		Kind:    kind,
		Lang:    lang,
		Title:   title,
		Path:    path,
		Root:    rootFrom(path),
		Site:    pl.info,
		strings: pl.Theme.Strings(lang),
	}
	if kind != theme.KindNotFound {
		p.Canonical = pl.site.Config.BaseURL + path
	}
	return p
}

// alternates lists the page in every language that has it; pathIn gives the
// page's path in a language, or "" where there is none.
func (pl *planner) alternates(p *Page, pathIn func(lang string) string) {
	var alts []Alternate
	for _, lang := range pl.site.Config.Languages {
		path := pathIn(lang)
		if path == "" {
			continue
		}
		alts = append(alts, Alternate{
			Lang:    lang,
			Name:    pl.Theme.Strings(lang).Name,
			Href:    p.Rel(path),
			Abs:     pl.site.Config.BaseURL + path,
			Current: lang == p.Lang,
		})
	}
	if len(alts) > 1 {
		p.Alternates = alts
	}
}

// planSeries plans the pages and data files of one document in one
// language.
func (pl *planner) planSeries(v *view) error {
	doc, lang := v.series.Doc, v.series.Lang
	upcoming, updated := v.upcoming, v.updated
	pathIn := func(f func(*view) string) func(string) string {
		return func(l string) string {
			if ov := pl.series[doc][l]; ov != nil && len(ov.revs) > 0 {
				return f(ov)
			}
			return ""
		}
	}

	// The document's address: the revision in force, or a page that says
	// none is yet.
	// A translation that has fallen behind its original says so.
	var original *RevInfo
	if ov := pl.series[doc][pl.site.Config.Language]; lang != pl.site.Config.Language && ov != nil && ov.current != nil &&
		v.current != nil && ov.current.Effective.After(v.current.Effective) {
		original = ov.current
	}

	if c := v.current; c != nil {
		p := pl.revisionPage(v, indexOf(v.revs, c), v.doc.Path)
		p.Upcoming, p.Updated, p.Original = upcoming, updated, original
		pl.alternates(p, pathIn(func(o *view) string { return o.doc.Path }))
		pl.plan(p, c.Effective)
	} else {
		p := pl.page(theme.KindPending, lang, v.doc.Path, v.doc.Title)
		p.Doc, p.Upcoming = v.doc, v.upcoming
		pl.alternates(p, pathIn(func(o *view) string { return o.doc.Path }))
		pl.plan(p, time.Time{})
	}

	for i, r := range v.revs {
		p := pl.revisionPage(v, i, r.Path)
		if r.Status == content.StatusCurrent {
			p.Upcoming, p.Updated, p.Original = upcoming, updated, original
		}
		date := content.Date(r.Effective)
		pl.alternates(p, func(l string) string {
			if ov := pl.series[doc][l]; ov != nil && ov.byDate[date] != nil {
				return ov.byDate[date].Path
			}
			return ""
		})
		pl.plan(p, r.Effective)
		if i > 0 {
			pl.plan(pl.diffPage(v, v.revs[i-1], r, r.DiffPath), r.Effective)
		}
	}
	if c := v.current; c != nil {
		at := indexOf(v.revs, c)
		for i, r := range v.revs {
			if o, n, own := toCurrent(i, at); i != at && own {
				pl.planCompare(v, v.revs[o], v.revs[n], r.ToCurrentPath)
			}
		}
	}

	hist := pl.page(theme.KindHistory, lang, v.doc.HistoryPath, pl.Theme.Strings(lang).T("historyTitle"))
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
	pl.alternates(hist, pathIn(func(o *view) string { return o.doc.HistoryPath }))
	pl.plan(hist, v.revs[len(v.revs)-1].Published)
	if err := pl.planFeed(v); err != nil {
		return err
	}
	return pl.planVersions(v)
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

func (pl *planner) revisionPage(v *view, i int, path string) *Page {
	r := v.revs[i]
	title := r.Title
	if path != v.doc.Path {
		title = fmt.Sprintf(pl.Theme.Strings(v.series.Lang).T("versionOf"), r.Title, pl.Theme.Strings(v.series.Lang).Date(r.Effective))
	}
	p := pl.page(theme.KindRevision, v.series.Lang, path, title)
	p.Description = r.Summary
	p.Doc, p.Rev, p.Current = v.doc, r, v.current
	p.prepare = func() { // on the core that executes the page
		ren := pl.Rendering(r.Revision)
		p.Body = template.HTML(ren.HTML)
		p.TOC = toc(ren.Headings)
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
func (pl *planner) planCompare(v *view, older, newer *RevInfo, path string) {
	p := pl.diffPage(v, older, newer, path)
	if pl.out.Deferred == nil {
		pl.plan(p, newer.Effective)
		return
	}
	pl.sitemap = append(pl.sitemap, sitemapEntry{loc: p.Canonical, lastmod: content.Date(newer.Effective)})
	pl.out.Deferred[p.File()] = func() *Page {
		return pl.diffPage(v, older, newer, path) // a page of its own for each call
	}
}

// diffPage plans the page comparing two revisions. Its diff is made by
// Page.prepare, when the page is rendered.
func (pl *planner) diffPage(v *view, older, newer *RevInfo, path string) *Page {
	words := pl.Theme.Strings(v.series.Lang)
	p := pl.page(theme.KindDiff, v.series.Lang, path, fmt.Sprintf(words.T("diffTitle"), newer.Title))
	p.Description = newer.Summary
	p.Doc, p.Current = v.doc, v.current
	info := &DiffInfo{Old: older, New: newer, labels: diff.LabelsFrom(words.T), Adjacent: path == newer.DiffPath}
	p.Diff = info
	p.prepare = func() {
		info.Diff = pl.Diff(pl.Rendering(older.Revision), pl.Rendering(newer.Revision))
		info.TOC = diffTOC(info.Diff, info.labels)
	}
	return p
}

func (pl *planner) planHome(lang string) {
	prefix := pl.langPrefix(lang)
	p := pl.page(theme.KindHome, lang, prefix, pl.site.Config.Title)
	var docs []string
	for doc := range pl.series {
		docs = append(docs, doc)
	}
	sort.Strings(docs)
	for _, doc := range docs {
		if v := pl.series[doc][lang]; v != nil && len(v.revs) > 0 {
			p.Docs = append(p.Docs, v.doc)
		}
	}
	if len(p.Docs) == 0 && lang != pl.site.Config.Language {
		return // nothing published in this language yet
	}
	pl.alternates(p, func(l string) string {
		if l == lang {
			return prefix
		}
		for _, doc := range docs {
			if v := pl.series[doc][l]; v != nil && len(v.revs) > 0 {
				return pl.langPrefix(l)
			}
		}
		return ""
	})
	pl.plan(p, time.Time{})
}

func (pl *planner) planNotFound() {
	lang := pl.site.Config.Language
	p := pl.page(theme.KindNotFound, lang, "404.html", pl.Theme.Strings(lang).T("notFoundTitle"))
	p.Root = pl.basePath // the page is served at any depth
	pl.plan(p, time.Time{})
}

// plan lists p to be made into p.File(), and lists it in the sitemap if
// it has an address of its own (the 404 page has none).
func (pl *planner) plan(p *Page, lastmod time.Time) {
	pl.out.Pages = append(pl.out.Pages, p)
	if p.Canonical == "" {
		return
	}
	e := sitemapEntry{loc: p.Canonical}
	if !lastmod.IsZero() {
		e.lastmod = content.Date(lastmod)
	}
	pl.sitemap = append(pl.sitemap, e)
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

// planVersions makes the versions.json of a document in one language.
func (pl *planner) planVersions(v *view) error {
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
			URL:       pl.basePath + r.Path,
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
			e.DiffURL = pl.basePath + r.DiffPath
		}
		for _, st := range r.Stamps {
			e.Timestamps = append(e.Timestamps, versionStamp{Authority: st.Authority, Time: st.TimeISO(), Token: pl.basePath + st.Path,
				Roots: pl.basePath + content.StampsDir + "/roots.pem", Digest: st.Digest})
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
	pl.out.Files[v.doc.Path+"versions.json"] = buf.Bytes()
	return nil
}

// sitemapURL is one <url> of sitemap.xml.
type sitemapURL struct {
	XMLName xml.Name `xml:"url"`
	Loc     string   `xml:"loc"`
	LastMod string   `xml:"lastmod,omitempty"`
}

func (pl *planner) planSitemap() error {
	sort.Slice(pl.sitemap, func(i, j int) bool { return pl.sitemap[i].loc < pl.sitemap[j].loc })
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	enc := xml.NewEncoder(&buf)
	for _, e := range pl.sitemap {
		if err := enc.Encode(sitemapURL{Loc: e.loc, LastMod: e.lastmod}); err != nil {
			return err
		}
		buf.WriteString("\n") // one URL a line
	}
	buf.WriteString("</urlset>\n")
	pl.out.Files["sitemap.xml"] = buf.Bytes()
	return nil
}

// planEditor adds the web editor that site.yaml asks for: its page and
// configuration under admin/, and their looser Content-Security-Policy,
// for that folder alone, to _headers.
func (pl *planner) planEditor() error {
	files, err := editor.Files(pl.site, editor.Options{})
	if err != nil {
		return err
	}
	maps.Copy(pl.out.Files, files)
	pl.out.Files["_headers"] = append(bytes.Clone(pl.out.Files["_headers"]), editor.Headers(pl.basePath, pl.site.Config.Editor)...)
	return nil
}
