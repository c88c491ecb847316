package generator

import (
	"time"

	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/generator/pages"
)

// AtRequest asks which revision of a document applied on a day.
type AtRequest struct {
	Doc   string
	Lang  string    // "" for the site's language
	Day   time.Time // the day asked about, UTC midnight
	Clock content.Clock
}

// AtAnswer is the revision that applied on the day asked about, with its
// period, as the document's page of the version at a date lists it.
type AtAnswer struct {
	Period pages.Period
	URL    string // its page, absolute
}

// At answers which revision of a document applied on a day, by the rule
// of its page of the version at a date (pages.Period): the revisions
// published on the clock's day (drafts are not), each from its effective
// date up to the day before the next one's; on a change day, the new one;
// for a day to come, the revision announced for it, else the newest. A
// day before the first revision took effect has no answer: the error says
// when the first did.
func At(site *content.Site, req AtRequest) (*AtAnswer, error) {
	ser, err := findSeries(site, req.Doc, req.Lang)
	if err != nil {
		return nil, err
	}
	ps := pages.LinksOf(site.On(req.Clock), ser).Periods()
	if len(ps) == 0 {
		return nil, NotFound{msg.T("at.no-revisions", ser.Doc, ser.Lang)}
	}
	p, ok := pages.At(ps, req.Day)
	if !ok {
		return nil, msg.Errorf("at.before-first", ser.Doc, content.Date(req.Day), content.Date(ps[0].Effective))
	}
	return &AtAnswer{Period: p, URL: site.Config.BaseURL + p.Path}, nil
}
