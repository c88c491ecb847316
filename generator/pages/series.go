package pages

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"policysite/generator/content"
	"policysite/generator/diffview"
	"policysite/generator/headers"
	"policysite/generator/theme"
)

// planSeries plans the pages and data files of one document in one
// language.
func (pl *planner) planSeries(v *view) error {
	doc, lang := v.series.Doc, v.series.Lang
	upcoming, updated := v.notices.upcoming, v.notices.updated
	pathIn := func(f func(*view) string) func(string) (string, bool) {
		return func(l string) (string, bool) {
			if ov := pl.series[doc][l]; ov != nil && len(ov.revs) > 0 {
				return f(ov), true
			}
			return "", false
		}
	}
	// The document's address is a start page where it is the main
	// document: its page there is one of every language's start pages.
	docAlternates := func(p *Page) {
		if doc == pl.site.Config.Main {
			pl.startAlternates(p)
		} else {
			pl.alternates(p, pathIn(func(o *view) string { return o.doc.Path }))
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

	pl.planSections(v) // before the revision pages, which link to them
	if c := v.current; c != nil {
		p := pl.revisionPage(v, v.indexOf(c), v.doc.Path)
		p.Upcoming, p.Updated, p.Original = upcoming, updated, original
		docAlternates(p)
		pl.plan(p, c.Effective)
	} else {
		p := pl.page(theme.KindPending, lang, v.doc.Path, v.doc.Title)
		p.Doc, p.Upcoming = v.doc, upcoming
		docAlternates(p)
		pl.plan(p, time.Time{})
	}

	for i, r := range v.revs {
		p := pl.revisionPage(v, i, r.Path)
		if r.Status == content.StatusCurrent {
			p.Upcoming, p.Updated, p.Original = upcoming, updated, original
		}
		date := content.Date(r.Effective)
		pl.alternates(p, func(l string) (string, bool) {
			if ov := pl.series[doc][l]; ov != nil && ov.byDate[date] != nil {
				return ov.byDate[date].Path, true
			}
			return "", false
		})
		pl.plan(p, r.Effective)
		pl.planText(r)
		if i > 0 {
			pl.plan(pl.diffPage(v, v.revs[i-1], r, r.DiffPath), r.Effective)
		}
		pl.planFirst(v, r)
	}
	if c := v.current; c != nil {
		at := v.indexOf(c)
		for i, r := range v.revs {
			if o, n, own := toCurrent(i, at); i != at && own {
				pl.planCompare(v, v.revs[o], v.revs[n], r.ToCurrentPath)
			}
		}
	}

	pl.planHistory(v)
	pl.planAt(v)
	pl.planComparePage(v)
	pl.planTimeMap(v)
	if err := pl.planFeed(v); err != nil {
		return err
	}
	return pl.planVersions(v)
}

// compareOptions are the revisions of the form to compare two, oldest
// first; nil if there is only one.
func compareOptions(v *view) []CompareOption {
	if len(v.revs) < 2 {
		return nil
	}
	var compare []CompareOption
	to := len(v.revs) - 1
	if v.current != nil {
		to = v.indexOf(v.current)
	}
	to = max(to, 1)
	for i, r := range v.revs {
		o := CompareOption{RevInfo: r, Current: r == v.current, DefaultFrom: i == to-1, DefaultTo: i == to}
		if i > 0 {
			o.Prev = content.Date(v.revs[i-1].Effective)
		}
		compare = append(compare, o)
	}
	return compare
}

// planHistory plans the history page of a document in one language, and,
// when any revision is editorial, its page without them (HistoryInfo).
func (pl *planner) planHistory(v *view) {
	doc, lang := v.series.Doc, v.series.Lang
	words := pl.Theme.Strings(lang)
	compare := compareOptions(v)
	var all, material []*RevInfo // newest first
	for i := len(v.revs) - 1; i >= 0; i-- {
		r := v.revs[i]
		all = append(all, r)
		if r.Material() || r.First {
			material = append(material, r)
		}
	}
	info := HistoryInfo{AllPath: v.doc.HistoryPath, All: len(all), Listed: len(material), Sections: v.sectionsIn, Removed: v.sectionsRemoved}
	if v.hasEditorial() {
		info.MaterialPath = v.doc.MaterialHistoryPath
	}
	page := func(path, title string, listed []*RevInfo, lastmod time.Time) *Page {
		p := pl.page(theme.KindHistory, lang, path, fmt.Sprintf(words.T(title), v.doc.Title))
		p.Doc, p.Current, p.Revisions, p.Compare = v.doc, v.current, all, compare
		h := info
		h.Material = path != v.doc.HistoryPath
		h.Years = byYear(listed)
		p.History = &h
		pl.plan(p, lastmod)
		return p
	}
	hist := page(v.doc.HistoryPath, "historyTitle", all, v.revs[len(v.revs)-1].Published)
	pl.alternates(hist, func(l string) (string, bool) {
		if ov := pl.series[doc][l]; ov != nil && len(ov.revs) > 0 {
			return ov.doc.HistoryPath, true
		}
		return "", false
	})
	if info.MaterialPath == "" {
		return
	}
	newest := material[0].Published
	for _, r := range material {
		if r.Published.After(newest) {
			newest = r.Published
		}
	}
	mat := page(info.MaterialPath, "historyMaterialTitle", material, newest)
	pl.alternates(mat, func(l string) (string, bool) {
		if ov := pl.series[doc][l]; ov != nil && ov.hasEditorial() {
			return ov.doc.MaterialHistoryPath, true
		}
		return "", false
	})
}

// TextFile is a revision's text.json, beside its page: what the compare
// page's diff compares (diffview.Text).
const TextFile = "text.json"

// planText plans a revision's text.json, made from its rendering when the
// pages are made.
func (pl *planner) planText(r *RevInfo) {
	if pl.Rendering != nil {
		if ren := pl.Rendering(r.Revision); ren != nil && ren.Key != ([32]byte{}) {
			// Its bytes are the rendering's, whatever the page around it.
			pl.out.MadeKeys[r.Path+TextFile] = sha256.Sum256(append([]byte(TextFile+"\x00"), ren.Key[:]...))
		}
	}
	pl.out.Made[r.Path+TextFile] = func() ([]byte, error) {
		ren := pl.Rendering(r.Revision)
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		err := enc.Encode(diffview.Text{HTML: ren.HTML(), Parts: ren.Parts()})
		return buf.Bytes(), err
	}
}

// ComparePath is the compare page of a document whose page is docPath:
// any two of its revisions, compared in the browser, the pair named by
// the address's fragment (#2020-09-01..2024-05-01).
func ComparePath(docPath string) string { return docPath + "compare/" }

// planComparePage plans the compare page of a document in one language,
// when it has two revisions to compare.
func (pl *planner) planComparePage(v *view) {
	if len(v.revs) < 2 {
		return
	}
	words := pl.Theme.Strings(v.series.Lang)
	p := pl.page(theme.KindCompare, v.series.Lang, ComparePath(v.doc.Path), fmt.Sprintf(words.T("comparePageTitle"), v.doc.Title))
	p.Doc, p.Current = v.doc, v.current
	p.Compare = compareOptions(v)
	p.Canonical = "" // what it shows is in its fragment: not a page for a search engine
	pl.alternates(p, func(l string) (string, bool) {
		if ov := pl.series[v.series.Doc][l]; ov != nil && len(ov.revs) > 1 {
			return ComparePath(ov.doc.Path), true
		}
		return "", false
	})
	pl.plan(p, time.Time{})
	pl.comparePages = append(pl.comparePages, p.Path)
}

// compareHeaders is the block added to _headers for the compare pages:
// the site's Content-Security-Policy (the rule for "/*" in the theme's
// _headers), removed (Cloudflare Pages' "!") and set again with
// 'wasm-unsafe-eval' in script-src, which compare.wasm needs to run. Every
// other page keeps the site's policy; a theme whose _headers sets no
// script-src gets no block.
func (pl *planner) compareHeaders(themeHeaders []byte) string {
	policy := headers.Parse(themeHeaders).For(pl.basePath + "*").Get("Content-Security-Policy")
	policy, ok := WasmPolicy(policy)
	if !ok || len(pl.comparePages) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n# The compare pages (policysite): their diff is WebAssembly (compare.wasm), which the\n# site's policy allows on these pages alone.\n")
	for _, path := range pl.comparePages {
		for _, p := range []string{pl.basePath + path, pl.basePath + path + "index.html"} {
			fmt.Fprintf(&b, "%s\n  ! Content-Security-Policy\n  Content-Security-Policy: %s\n", p, policy)
		}
	}
	return b.String()
}

// WasmPolicy is a Content-Security-Policy with 'wasm-unsafe-eval' added
// to its script-src, the one source WebAssembly needs to be compiled;
// false if the policy has no script-src.
func WasmPolicy(policy string) (string, bool) {
	dirs := strings.Split(policy, ";")
	for i, d := range dirs {
		f := strings.Fields(d)
		if len(f) > 0 && f[0] == "script-src" {
			if !slices.Contains(f, "'wasm-unsafe-eval'") {
				f = append(f, "'wasm-unsafe-eval'")
			}
			lead := ""
			if i > 0 {
				lead = " "
			}
			dirs[i] = lead + strings.Join(f, " ")
			return strings.Join(dirs, ";"), true
		}
	}
	return policy, false
}

// byYear groups revisions, newest first, by the year they took effect.
func byYear(revs []*RevInfo) []HistoryYear {
	var years []HistoryYear
	for _, r := range revs {
		if y := r.Effective.Year(); len(years) == 0 || years[len(years)-1].Year != y {
			years = append(years, HistoryYear{Year: y})
		}
		last := &years[len(years)-1]
		last.Revisions = append(last.Revisions, r)
	}
	return years
}

// AccessibilityDoc is the document that holds the accessibility statement
// (tilgjengelighetserklæring); every page's footer links to it.
const AccessibilityDoc = content.AccessibilityDoc

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
		var paths []string
		if v.sectionPaths != nil {
			paths = v.sectionPaths[i]
		}
		p.makeBody(pl.Theme, func(b *bytes.Buffer) { writeLinked(b, p, ren.Pieces(), ren.Clauses, paths) })
		p.TOC = toc(ren.Headings())
	}
	p.from = func() any {
		var paths []string
		if v.sectionPaths != nil {
			paths = v.sectionPaths[i]
		}
		return struct {
			Rendering    *Rendering
			SectionPaths []string
		}{pl.Rendering(r.Revision), paths}
	}
	if i > 0 {
		p.Prev = v.revs[i-1]
	}
	if i+1 < len(v.revs) {
		p.Next = v.revs[i+1]
	}
	pl.link(p, pl.versionLinks(v, i, path == v.doc.Path))
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
// Page.Prepare, just before the page is executed.
func (pl *planner) diffPage(v *view, older, newer *RevInfo, path string) *Page {
	words := pl.Theme.Strings(v.series.Lang)
	p := pl.page(theme.KindDiff, v.series.Lang, path, fmt.Sprintf(words.T("diffTitle"), newer.Title))
	p.Description = newer.Summary
	p.Doc, p.Current = v.doc, v.current
	info := &DiffInfo{Old: older, New: newer, labels: pl.labels(v.series.Lang), Adjacent: path == newer.DiffPath}
	if o, n := v.indexOf(older), v.indexOf(newer); !info.Adjacent && o >= 0 && n > o {
		info.Between = v.revs[o+1 : n+1]
	}
	p.Diff = info
	p.prepare = func() {
		info.Diff = pl.Diff(pl.Rendering(older.Revision), pl.Rendering(newer.Revision))
		info.TOC = diffview.TOC(info.Diff, *info.labels)
	}
	p.from = func() any { // and the labels, in info
		return [2]*Rendering{pl.Rendering(older.Revision), pl.Rendering(newer.Revision)}
	}
	return p
}

func (pl *planner) planHome(lang string) {
	if v := pl.series[pl.site.Config.Main][lang]; v != nil && len(v.revs) > 0 {
		return // the main document's page is at the start page's address
	}
	prefix := pl.langPrefix(lang)
	p := pl.page(theme.KindHome, lang, prefix, pl.site.Config.TitleIn(lang))
	var docs []string
	for doc := range pl.series {
		docs = append(docs, doc)
	}
	sort.Strings(docs)
	for _, doc := range docs {
		if v := pl.series[doc][lang]; v != nil && len(v.revs) > 0 {
			d := &HomeDoc{DocInfo: v.doc, Notices: slices.Clip(v.notices.upcoming)}
			if v.current != nil && v.notices.updated != nil { // as the current page; a pending page has none
				d.Notices = append(d.Notices, v.notices.updated)
			}
			p.Docs = append(p.Docs, d)
		}
	}
	if len(p.Docs) == 0 && lang != pl.site.Config.Language {
		return // nothing published in this language yet
	}
	pl.startAlternates(p)
	pl.plan(p, time.Time{})
}

// planNotFound plans the page for a missing address in each language with
// a start page: 404.html in the site's language, <lang>/404.html in the
// others, for the server to show under that language's folder.
func (pl *planner) planNotFound() {
	for _, lang := range pl.site.Config.Languages {
		if !pl.homes[lang] {
			continue
		}
		p := pl.page(theme.KindNotFound, lang, pl.langPrefix(lang)+"404.html", pl.Theme.Strings(lang).T("notFoundTitle"))
		p.Root = pl.basePath // the page is served at any depth
		pl.switcher(p, nil)  // again, from the root
		pl.plan(p, time.Time{})
	}
}
