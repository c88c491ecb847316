package generator

import (
	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/generator/notice"
	"policysite/generator/theme"
)

// NoticeRequest names the revision to notify customers of.
type NoticeRequest struct {
	Doc   string
	Lang  string // "" for the site's language
	Date  string // effective date YYYY-MM-DD; "" for the next change, else the current one
	Clock content.Clock
}

// Notice returns what the notice templates need to announce a revision, and
// the templates of its language. Without a date it picks the next material
// change not yet in force, else the current revision; a draft can be named
// by its date, so that the notice is ready before the revision is published.
// Editorial revisions are not announced.
func Notice(site *content.Site, th *theme.Theme, req NoticeRequest) (notice.Data, *notice.Templates, error) {
	ser, err := findSeries(site, req.Doc, req.Lang)
	if err != nil {
		return notice.Data{}, nil, err
	}
	lang := ser.Lang
	today := req.Clock.Today(site.Config.TimeZone)
	site.Classify(req.Clock)
	b := &builder{site: site, theme: th, today: today}
	v := b.newView(ser)

	var r *content.Revision
	switch req.Date {
	case "":
		if len(v.upcoming) > 0 {
			r = v.upcoming[0].Revision
		} else if v.current != nil {
			r = v.current.Revision
		}
		if r == nil || !r.Material() {
			return notice.Data{}, nil, msg.Errorf("notice.nothing-to-announce", req.Doc)
		}
	default:
		if r, err = pick(ser, req.Date); err != nil {
			return notice.Data{}, nil, err
		}
		if !r.Material() {
			return notice.Data{}, nil, msg.Errorf("notice.editorial", r.Path)
		}
	}

	// A draft has no RevInfo in the view (it is not published); give it the
	// addresses it will have.
	ri := v.byDate[content.Date(r.Effective)]
	if ri == nil {
		ri = b.draftInfo(v, r)
	}
	diffPath, hasDiff := ri.ChangePath()
	words := th.Strings(lang)
	org := site.Config.Org()
	d := notice.Data{
		Lang:           lang,
		Org:            org,
		Contact:        site.Config.Contact,
		Title:          r.Title,
		Summary:        r.Summary,
		Reason:         string(r.Reason),
		ReasonText:     words.T("reason." + string(r.Reason)),
		Urgent:         r.Urgent,
		Upcoming:       r.Effective.After(today),
		Effective:      words.Date(r.Effective),
		EffectiveShort: r.Effective.Format(words.T("shortDate")),
		PageURL:        site.Config.BaseURL + ri.Path,
		DiffURL:        site.Config.BaseURL + diffPath,
		HasDiff:        hasDiff,
		DocURL:         site.Config.BaseURL + v.doc.Path,
	}
	tpl, err := notice.Load(lang, th.Read)
	if err != nil {
		return notice.Data{}, nil, err
	}
	return d, tpl, nil
}

// draftInfo gives a draft the page and diff addresses it will have once
// published: its diff compares it with the current revision.
func (b *builder) draftInfo(v *view, r *content.Revision) *RevInfo {
	ri := &RevInfo{Revision: r, Path: v.doc.Path + content.Date(r.Effective) + "/"}
	if c := v.current; c != nil {
		// It will come after every visible revision.
		if _, _, own := toCurrent(len(v.revs), indexOf(v.revs, c)); own {
			ri.ToCurrentPath = comparePath(v.doc.Path, c, ri)
		} else {
			ri.ToCurrentPath = ri.Path + "diff/"
		}
	}
	return ri
}
