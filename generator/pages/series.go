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
