package generator

import (
	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/generator/notice"
	"policysite/generator/pages"
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
// Editorial revisions are not announced; nor, without a date, in a
// translation that has fallen behind its original, a change older than one
// of the original's that it has no translation of (untranslatedSince).
func Notice(site *content.Site, th *theme.Theme, req NoticeRequest) (notice.Data, *notice.Templates, error) {
	ser, err := findSeries(site, req.Doc, req.Lang)
	if err != nil {
		return notice.Data{}, nil, err
	}
	lang := ser.Lang
	day := site.On(req.Clock)
	today := day.Today
	links := pages.LinksOf(day, ser)

	var r *content.Revision
	switch req.Date {
	case "":
		if len(links.Upcoming) > 0 {
			r = links.Upcoming[0].Revision
		} else if links.Current != nil {
			r = links.Current.Revision
		}
		if r == nil || !r.Material() {
			return notice.Data{}, nil, msg.Errorf("notice.nothing-to-announce", req.Doc)
		}
	default:
		if r, err = pick(day, ser, req.Date); err != nil {
			return notice.Data{}, nil, err
		}
		if !r.Material() {
			return notice.Data{}, nil, msg.Errorf("notice.editorial", r.File)
		}
	}

	// Without a date, a translation that has fallen behind would announce
	// an old change as the news; a date names the change on purpose.
	if newer := untranslatedSince(day, site, ser, r); newer != nil && req.Date == "" {
		return notice.Data{}, nil, msg.Errorf("notice.translation-behind", ser.Doc, lang, content.Date(r.Effective),
			site.Config.Language, content.Date(newer.Effective), string(newer.Reason))
	}

	ri := links.Revision(r) // a draft too: the addresses it will have
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
		Effective:      words.PlainDate(r.Effective), // plain text: an e-mail or SMS wraps where it likes
		EffectiveShort: r.Effective.Format(words.T("shortDate")),
		PageURL:        site.Config.BaseURL + ri.Path,
		DiffURL:        site.Config.BaseURL + diffPath,
		HasDiff:        hasDiff,
		DocURL:         site.Config.BaseURL + links.Doc.Path,
	}
	if ri.DiffPath != "" {
		d.ShortURL = site.Config.BaseURL + ri.DiffPath
	}
	tpl, err := notice.Load(lang, th.Read)
	if err != nil {
		return notice.Data{}, nil, err
	}
	return d, tpl, nil
}

// untranslatedSince is the newest material change of ser's original (the
// document in the site's language), published on the day, that takes
// effect after r and that ser has no translation of; nil if there is none,
// or ser is the original. Announcing r would tell customers of an old
// change as if it were the news.
func untranslatedSince(day *content.Day, site *content.Site, ser *content.Series, r *content.Revision) *content.Revision {
	if ser.Lang == site.Config.Language {
		return nil
	}
	has := map[string]bool{}
	for _, t := range ser.Revisions {
		has[content.Date(t.Effective)] = true
	}
	var newer *content.Revision
	for _, o := range site.Series {
		if o.Doc != ser.Doc || o.Lang != site.Config.Language {
			continue
		}
		for _, x := range o.Revisions {
			if x.Material() && x.Effective.After(r.Effective) && !has[content.Date(x.Effective)] && day.Of(x).Status != content.StatusDraft {
				newer = x // oldest first: the last is the newest
			}
		}
	}
	return newer
}
