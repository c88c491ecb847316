package pages

import (
	"bytes"
	"reflect"
	"sync"
	"time"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/redirects"
	"policysite/generator/theme"
	"policysite/generator/valuehash"
)

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
	// Histories, if set, keeps the history of each document's clauses
	// between builds (package generator keeps them on disk), so that a
	// build follows the clauses only through the revisions it has not.
	Histories Histories
	// Fragments, if set, keeps what a clause's history page shows of each
	// change, between builds (package generator keeps them with the
	// pages): a page made again (a change added) makes only its new ones.
	Fragments Fragments
	// SharedDiff, if set, is Diff for the diffs between neighbours that
	// several pages may ask for (the clauses' history pages, where their
	// history was kept): made once, and kept for the others.
	SharedDiff func(older, newer *Rendering) *diff.Diff
	// First gives a corrected revision's text as first published: its
	// sha256 ("" when the revision was not corrected) and the text read
	// from the record's copy (nil when the site does not keep it). Nil
	// when there is none.
	First func(*content.Revision) (sha string, text *content.Revision)
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
	// Made are files made from a revision's rendering (its text.json),
	// by output file: each func makes its file, when the pages are made.
	Made map[string]func() ([]byte, error)
	// MadeKeys are the keys of the Made files that are a function of one
	// rendering (and the program) alone, as a page's Key is of all it
	// shows: a build that has the file of the same key, made by the build
	// before, writes it instead of making it.
	MadeKeys map[string][32]byte
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

	sitemap      []sitemapEntry
	info         *SiteInfo
	infos        map[string]*SiteInfo        // info in each language: its title
	homes        map[string]bool             // the languages with a start page
	names        map[string]string           // each language's name in itself
	comparePages []string                    // the compare pages planned, for _headers
	linked       []linkedPage                // the pages that link the other versions, for _headers
	timeMaps     []string                    // the TimeMaps planned, for _headers
	basePath     string                      // the path of baseURL, e.g. "/" or "/personvern/"
	series       map[string]map[string]*view // doc → lang → view
	// labelsMu guards labelsIn, each language's diff labels, made once
	// (labels): every diff page's own copy was 13 MB of 10,000 revisions.
	labelsMu sync.Mutex
	labelsIn map[string]*diff.Labels
}

// Plan lists every page and file the site publishes on the input's day,
// and what each shows (docs/output.md). It reads and writes nothing, and
// makes no diff: a diff page asks Input.Diff for its diff when it is
// prepared.
func Plan(in Input) (*Site, error) {
	site := in.Day.Site
	cfg := site.Config
	pl := &planner{Input: in, site: site, today: in.Day.Today, out: &Site{Files: map[string][]byte{}, Made: map[string]func() ([]byte, error){}, MadeKeys: map[string][32]byte{}}}
	if in.Lazy {
		pl.out.Deferred = map[string]func() *Page{}
	}
	pl.info = &SiteInfo{Title: cfg.Title, Org: cfg.Org(), BaseURL: cfg.BaseURL, Contact: cfg.Contact, Accessibility: map[string]string{}}
	pl.info.Logo = cfg.Logo.Name
	pl.basePath = cfg.BasePath()
	if in.Preview || in.DayForm != "" {
		pl.info.Preview, pl.info.DayForm, pl.info.basePath = pl.today, in.DayForm, pl.basePath
		pl.info.indexLinks = in.DayForm == "" // build --preview: read from files; serve serves folders
	}
	pl.names = map[string]string{}
	for _, lang := range in.Theme.Languages() {
		pl.names[lang] = in.Theme.Strings(lang).Name
	}
	pl.infos = map[string]*SiteInfo{}
	for _, lang := range cfg.Languages {
		info := *pl.info // the same Accessibility map, filled below
		info.Title = cfg.TitleIn(lang)
		pl.infos[lang] = &info
	}
	pl.series = map[string]map[string]*view{}
	pl.homes = map[string]bool{cfg.Language: true}
	for _, s := range site.Series {
		v := pl.newView(s)
		pl.setFirsts(v)
		if pl.series[s.Doc] == nil {
			pl.series[s.Doc] = map[string]*view{}
		}
		pl.series[s.Doc][s.Lang] = v
		if len(v.revs) > 0 {
			pl.homes[s.Lang] = true
		}
		if s.Doc == AccessibilityDoc && len(v.revs) > 0 {
			pl.info.Accessibility[s.Lang] = v.doc.Path
		}
	}

	// A translation's first revision began nothing when the original had
	// a revision before it: it translates a change.
	for _, s := range site.Series {
		v, ov := pl.series[s.Doc][s.Lang], pl.series[s.Doc][cfg.Language]
		if s.Lang != cfg.Language && ov != nil && len(v.revs) > 0 && len(ov.revs) > 0 && ov.revs[0].Effective.Before(v.revs[0].Effective) {
			v.revs[0].First = false
		}
	}
	pl.setNotices()
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
	if extra := pl.compareHeaders(pl.out.Files["_headers"]); extra != "" {
		pl.out.Files["_headers"] = append(bytes.Clone(pl.out.Files["_headers"]), extra...)
	}
	if extra := pl.linkHeaders(); extra != "" {
		pl.out.Files["_headers"] = append(bytes.Clone(pl.out.Files["_headers"]), extra...)
	}
	pl.out.Files[NginxFile] = pl.nginxMaps()
	if cfg.Logo.Name != "" {
		pl.out.Files[cfg.Logo.Name] = cfg.Logo.Data
	}
	if cfg.Accent != "" {
		pl.out.Files["style.css"] = AccentStyle(pl.Theme.Static("style.css"), cfg.Accent)
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
	if cfg.Main != "" {
		pl.out.Files[redirects.File] = Redirects(cfg)
	}
	if err := pl.planSitemap(); err != nil {
		return nil, err
	}
	pl.out.Files["robots.txt"] = []byte("User-agent: *\nAllow: /\n\nSitemap: " + cfg.BaseURL + "sitemap.xml\n")
	// Planned: what the pages share, which nothing changes now, is
	// hashed once for all their keys.
	memo, between := pl.keyMemo(), &betweenLines{lines: map[betweenKey]string{}}
	for _, p := range pl.out.Pages {
		p.memo, p.between = memo, between
	}
	return pl.out, nil
}

// keyMemo is the Memo of the pages' keys: of what they share, and of the
// series' revisions as lists. A compare page holds the revisions between
// its two (DiffInfo.Between), a slice of its series: hashed one by one, a
// history's compare pages took time that grows with the square of its
// length to key.
func (pl *planner) keyMemo() *valuehash.Memo {
	memo := valuehash.NewMemo(reflect.TypeFor[*RevInfo](), reflect.TypeFor[*DocInfo](), reflect.TypeFor[*SiteInfo]())
	for _, langs := range pl.series {
		for _, v := range langs {
			memo.List(v.revs)
		}
	}
	return memo
}

// langPrefix is where a language's pages live: "" for the default language,
// "<lang>/" for the others.
func (pl *planner) langPrefix(lang string) string {
	if lang == pl.site.Config.Language {
		return ""
	}
	return lang + "/"
}

// docPath is where a document's pages live in a language: the language's
// folder itself for the main document (main: in site.yaml), else the
// document's folder in it.
func (pl *planner) docPath(doc, lang string) string {
	if doc == pl.site.Config.Main {
		return pl.langPrefix(lang)
	}
	return pl.langPrefix(lang) + doc + "/"
}

func (pl *planner) page(kind, lang, path, title string) *Page {
	site := pl.infos[lang]
	if site == nil {
		site = pl.info
	}
	p := &Page{
		Kind:    kind,
		Lang:    lang,
		Title:   title,
		Path:    path,
		Root:    rootFrom(path),
		Site:    site,
		strings: pl.Theme.Strings(lang),
		names:   pl.names,
	}
	if pl.homes[lang] {
		p.HomePath = pl.langPrefix(lang)
	}
	if kind != theme.KindNotFound {
		p.Canonical = pl.site.Config.BaseURL + path
	}
	pl.switcher(p, nil)
	return p
}

// alternates lists the page in every language that has it; pathIn gives the
// page's path in a language, and false where there is none (the path of
// the site language's start page is "").
func (pl *planner) alternates(p *Page, pathIn func(lang string) (string, bool)) {
	var alts []Alternate
	for _, lang := range pl.site.Config.Languages {
		path, ok := pathIn(lang)
		if !ok {
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
	pl.switcher(p, pathIn)
}

// startAlternates gives a start page (a language's home page, or the main
// document's page in its place) the start page of every language that has
// one, and the site language's as x-default, for a reader whose language
// the site does not have. Every start page is at its language's folder,
// the site language's at the site's root.
func (pl *planner) startAlternates(p *Page) {
	pl.alternates(p, func(l string) (string, bool) { return pl.langPrefix(l), pl.homes[l] })
	if p.Alternates != nil {
		def := pl.site.Config.Language
		p.Alternates = append(p.Alternates, Alternate{Lang: "x-default", Name: pl.Theme.Strings(def).Name,
			Href: p.Rel(pl.langPrefix(def)), Abs: pl.site.Config.BaseURL + pl.langPrefix(def)})
	}
}

// switcher lists the languages of the page's language switcher: every
// language of the site with a start page, in the order of site.yaml's
// languages (the site's language first), each linking to the page in that
// language where pathIn (which may be nil) gives it, else to the
// language's start page. The page's own language is Current and links to
// the page itself, but on a 404 page, which has no address of its own.
// A site of one language has no switcher.
func (pl *planner) switcher(p *Page, pathIn func(lang string) (string, bool)) {
	var langs []Alternate
	for _, lang := range pl.site.Config.Languages {
		if !pl.homes[lang] && lang != p.Lang {
			continue
		}
		a := Alternate{Lang: lang, Name: pl.Theme.Strings(lang).Name, Current: lang == p.Lang}
		switch {
		case a.Current && p.Kind == theme.KindNotFound: // no Href
		case a.Current:
			a.Href = p.Rel(p.Path)
		default:
			path, ok := "", false
			if pathIn != nil {
				path, ok = pathIn(lang)
			}
			if !ok {
				path = pl.langPrefix(lang)
			}
			a.Href = p.Rel(path)
		}
		langs = append(langs, a)
	}
	p.Languages = nil
	if len(langs) > 1 {
		p.Languages = langs
	}
}

// labels are the diff labels in lang, made once; safe for the deferred
// pages, planned at the same time.
func (pl *planner) labels(lang string) *diff.Labels {
	pl.labelsMu.Lock()
	defer pl.labelsMu.Unlock()
	l := pl.labelsIn[lang]
	if l == nil {
		labels := diff.LabelsFrom(pl.Theme.Strings(lang))
		l = &labels
		if pl.labelsIn == nil {
			pl.labelsIn = map[string]*diff.Labels{}
		}
		pl.labelsIn[lang] = l
	}
	return l
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

// A SectionHistory is the history of a document's clauses through its
// renderings: their threads (diff.Threads), and the kind of each change
// of each thread (changeKind, or "added" or "removed"), in the thread's
// order. It is made of the renderings' texts alone.
type SectionHistory struct {
	Threads []*diff.Thread
	Kinds   [][]string
}

// Fragments keep parts of pages by their keys, which name all they are
// made of.
type Fragments interface {
	Fragment(key [32]byte) (string, bool)
	KeepFragment(key [32]byte, s string)
}

// Histories keep section histories between builds, by the renderings
// they were made of.
type Histories interface {
	// Kept returns the history kept of the longest run of rens from the
	// first, and its length: all of them, or all but the last (the
	// revision added since); nil and 0 when there is none.
	Kept(rens []*Rendering) (h *SectionHistory, n int)
	// Keep keeps h, the history of rens.
	Keep(rens []*Rendering, h *SectionHistory)
}
