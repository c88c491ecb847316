package pages

import (
	"fmt"
	"html/template"
	"sort"
	"time"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/theme"
)

// planSeries plans the pages and data files of one document in one
// language.
func (pl *planner) planSeries(v *view) error {
	doc, lang := v.series.Doc, v.series.Lang
	upcoming, updated := v.notices.upcoming, v.notices.updated
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
		p.Doc, p.Upcoming = v.doc, upcoming
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
		pl.planFirst(v, r)
	}
	if c := v.current; c != nil {
		at := indexOf(v.revs, c)
		for i, r := range v.revs {
			if o, n, own := toCurrent(i, at); i != at && own {
				pl.planCompare(v, v.revs[o], v.revs[n], r.ToCurrentPath)
			}
		}
	}

	pl.planHistory(v)
	if err := pl.planFeed(v); err != nil {
		return err
	}
	return pl.planVersions(v)
}

// planHistory plans the history page of a document in one language, and,
// when any revision is editorial, its page without them (HistoryInfo).
func (pl *planner) planHistory(v *view) {
	doc, lang := v.series.Doc, v.series.Lang
	words := pl.Theme.Strings(lang)
	var compare []CompareOption
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
			compare = append(compare, o)
		}
	}
	var all, material []*RevInfo // newest first
	for i := len(v.revs) - 1; i >= 0; i-- {
		r := v.revs[i]
		all = append(all, r)
		if r.Material() || r.First {
			material = append(material, r)
		}
	}
	info := HistoryInfo{AllPath: v.doc.HistoryPath, All: len(all), Listed: len(material)}
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
	pl.alternates(hist, func(l string) string {
		if ov := pl.series[doc][l]; ov != nil && len(ov.revs) > 0 {
			return ov.doc.HistoryPath
		}
		return ""
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
	pl.alternates(mat, func(l string) string {
		if ov := pl.series[doc][l]; ov != nil && ov.hasEditorial() {
			return ov.doc.MaterialHistoryPath
		}
		return ""
	})
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
const AccessibilityDoc = "tilgjengelighetserklaering"

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
// Page.Prepare, just before the page is executed.
func (pl *planner) diffPage(v *view, older, newer *RevInfo, path string) *Page {
	words := pl.Theme.Strings(v.series.Lang)
	p := pl.page(theme.KindDiff, v.series.Lang, path, fmt.Sprintf(words.T("diffTitle"), newer.Title))
	p.Description = newer.Summary
	p.Doc, p.Current = v.doc, v.current
	info := &DiffInfo{Old: older, New: newer, labels: diff.LabelsFrom(words), Adjacent: path == newer.DiffPath}
	if o, n := indexOf(v.revs, older), indexOf(v.revs, newer); !info.Adjacent && o >= 0 && n > o {
		info.Between = v.revs[o+1 : n+1]
	}
	p.Diff = info
	p.prepare = func() {
		info.Diff = pl.Diff(pl.Rendering(older.Revision), pl.Rendering(newer.Revision))
		info.TOC = diffTOC(info.Diff, info.labels)
	}
	return p
}

func (pl *planner) planHome(lang string) {
	prefix := pl.langPrefix(lang)
	p := pl.page(theme.KindHome, lang, prefix, pl.site.Config.TitleIn(lang))
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
