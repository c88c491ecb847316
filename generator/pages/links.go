package pages

import (
	"policysite/generator/content"
)

// Links is one document in one language as its pages link to it on a day,
// without its pages: for what links to them from elsewhere (the customer
// notices of package notice).
type Links struct {
	Doc      *DocInfo
	Current  *RevInfo   // nil if none is in force
	Upcoming []*RevInfo // published, not yet in force, material: readers must be told
	view     *view
	day      *content.Day
}

// LinksOf gives the addresses of ser's pages on the day.
func LinksOf(day *content.Day, ser *content.Series) *Links {
	pl := &planner{Input: Input{Day: day}, site: day.Site, today: day.Today}
	v := pl.newView(ser)
	return &Links{Doc: v.doc, Current: v.current, Upcoming: v.upcoming, view: v, day: day}
}

// Revision gives r its pages: for a draft, which has none yet, the
// addresses it will have once published, its diff comparing it with the
// current revision.
func (l *Links) Revision(r *content.Revision) *RevInfo {
	v := l.view
	if ri := v.byDate[content.Date(r.Effective)]; ri != nil {
		return ri
	}
	ri := newRevInfo(r, l.day.Of(r), v.doc.Path+content.Date(r.Effective)+"/")
	if c := v.current; c != nil {
		// It will come after every visible revision.
		if _, _, own := toCurrent(len(v.revs), v.indexOf(c)); own {
			ri.ToCurrentPath = comparePath(v.doc.Path, c, ri)
		} else {
			ri.ToCurrentPath = ri.Path + "diff/"
		}
	}
	return ri
}
