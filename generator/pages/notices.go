package pages

import (
	"fmt"
	"sort"

	"policysite/generator/content"
)

// setNotices gives every view the notices its pages show (see notices).
func (pl *planner) setNotices() {
	for _, byLang := range pl.series {
		for _, v := range byLang {
			v.notices.upcoming, v.notices.updated = pl.notices(v, pl.original(v))
		}
	}
}

// original is the series v translates: the document in the site's
// language, or nil if v is that series or the document has none.
func (pl *planner) original(v *view) *view {
	o := pl.series[v.series.Doc][pl.site.Config.Language]
	if o == v || o == nil || len(o.revs) == 0 {
		return nil
	}
	return o
}

// notices are the notices of a document in one language on the day
// (docs/output.md): every material change not yet in force (upcoming), by
// effective date, and the newest material change in force while it is
// recent (updated). A translation is told of its original's changes as of
// its own: where it has the revision, with its own summary and pages; where
// it has none yet, with the original's, marked as in the original's
// language. The change is shown by the language's own diff or comparison,
// else by the original's; a change that neither can show (a first
// revision) gets no updated notice.
func (pl *planner) notices(v, orig *view) (upcoming []*Notice, updated *Notice) {
	byDate := map[string][2]*RevInfo{} // date → own, original
	for _, r := range v.upcoming {
		e := byDate[content.Date(r.Effective)]
		e[0] = r
		byDate[content.Date(r.Effective)] = e
	}
	if orig != nil {
		for _, r := range orig.upcoming {
			e := byDate[content.Date(r.Effective)]
			e[1] = r
			byDate[content.Date(r.Effective)] = e
		}
	}
	dates := make([]string, 0, len(byDate))
	for d := range byDate {
		dates = append(dates, d)
	}
	sort.Strings(dates)
	for _, d := range dates {
		own, o := byDate[d][0], byDate[d][1]
		if orig != nil && o == nil {
			o = orig.byDate[d] // the original's, though not material or not upcoming
		}
		if n := pl.notice(v, "upcoming", own, o); n != nil {
			upcoming = append(upcoming, n)
		}
	}

	own, o := v.recent, (*RevInfo)(nil)
	if orig != nil {
		o = orig.recent
		switch {
		case o == nil && own != nil:
			o = orig.byDate[content.Date(own.Effective)]
		case o != nil && own != nil && own.Effective.Before(o.Effective):
			own = nil // the translation has fallen behind: the newer change is told of
		case o != nil && own != nil && o.Effective.Before(own.Effective):
			o = orig.byDate[content.Date(own.Effective)]
		}
	}
	updated = pl.notice(v, "updated", own, o)
	return upcoming, updated
}

// notice is the notice of one change on v's pages: of own, v's revision,
// where it is given, else of o, the original's of the same day. nil if
// there is nothing to tell of: no material revision, or for an updated
// notice, no page that shows what changed.
func (pl *planner) notice(v *view, kind string, own, o *RevInfo) *Notice {
	if own != nil && !own.Material() {
		own = nil
	}
	n := &Notice{Kind: kind, RevInfo: own}
	if own == nil {
		if o == nil || !o.Material() {
			return nil
		}
		n.RevInfo, n.RevLang = o, o.Lang
		words := pl.Theme.Strings(v.series.Lang)
		name, ok := words.Words["lang."+o.Lang]
		if !ok {
			name = pl.Theme.Strings(o.Lang).Name
		}
		n.OnlyIn = fmt.Sprintf(words.T("summaryOnlyIn"), name)
	}
	if path, diff := n.RevInfo.ChangePath(); diff {
		n.ChangePath, n.ChangeLang = path, n.RevLang
	} else if o != nil {
		if path, diff := o.ChangePath(); diff {
			n.ChangePath, n.ChangeLang = path, o.Lang
		}
	}
	if n.ChangePath == "" {
		if kind == "updated" {
			return nil // a first revision: nothing to show changed
		}
		n.ChangePath = n.Path
		n.ChangeLang = n.RevLang
	}
	return n
}
