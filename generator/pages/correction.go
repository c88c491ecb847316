package pages

import (
	"bytes"
	"fmt"

	"policysite/generator/theme"
)

// The pages of a correction. A published revision that is corrected
// changes in place; its text as first published stays readable on a page
// of its own, <revision>/first/, marked as the replaced wording, and what
// the correction changed on a diff page, <revision>/correction/, the first
// text against the corrected one. The first text comes from the record's
// copy (content.PublishedDir); where the site does not keep it, the
// revision's pages say so and link to neither.

// setFirsts gives each corrected revision of v its text as first
// published and the addresses of its pages.
func (pl *planner) setFirsts(v *view) {
	if pl.First == nil {
		return
	}
	for _, r := range v.revs {
		sha, text := pl.First(r.Revision)
		if sha == "" {
			continue
		}
		r.FirstSHA256 = sha
		if text == nil {
			r.FirstLost = true
			continue
		}
		r.FirstPath, r.CorrectionPath = r.Path+"first/", r.Path+"correction/"
	}
}

// firstInfo is r's text as first published, as its pages show it.
func (pl *planner) firstInfo(r *RevInfo) *RevInfo {
	_, text := pl.First(r.Revision)
	first := newRevInfo(text, r.State, r.FirstPath)
	first.Until, first.Replaced = r.Until, r
	return first
}

// planFirst plans the page of r's text as first published and the page of
// what its correction changed, when r was corrected and its first text is
// kept.
func (pl *planner) planFirst(v *view, r *RevInfo) {
	if r.FirstPath == "" {
		return
	}
	words := pl.Theme.Strings(v.series.Lang)
	first := pl.firstInfo(r)
	title := fmt.Sprintf(words.T("firstTextTitle"), fmt.Sprintf(words.T("versionOf"), first.Title, words.Date(r.Effective)))
	p := pl.page(theme.KindRevision, v.series.Lang, r.FirstPath, title)
	p.Description = first.Summary
	p.Doc, p.Rev, p.Current = v.doc, first, v.current
	pl.link(p, pl.firstLinks(v, r))
	p.prepare = func() {
		ren := pl.Rendering(first.Revision)
		p.makeBody(pl.Theme, func(b *bytes.Buffer) { writeLinked(b, p, ren.Pieces(), nil, nil) })
		p.TOC = toc(ren.Headings())
	}
	p.from = func() any { return pl.Rendering(first.Revision) }
	pl.plan(p, r.Effective)

	d := pl.diffPage(v, first, r, r.CorrectionPath)
	d.Title = fmt.Sprintf(words.T("correctionTitle"), fmt.Sprintf(words.T("versionOf"), r.Title, words.Date(r.Effective)))
	d.Description = r.Correction
	d.Diff.Correction = true
	pl.plan(d, r.Effective)
}
