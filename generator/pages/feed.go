package pages

import (
	"fmt"
	"time"

	"policysite/generator/feed"
)

// planFeed makes the feeds of one document in one language, Atom and JSON
// Feed, with the same entries: one for each published revision that
// changes something for readers (editorial ones are left out), newest
// first, linking to its diff. The document's first revision changed
// nothing, it began: its entry says it is the first version, as the
// history does, with no reason. The Atom feed is marked complete (RFC
// 5005): it holds every entry there is.
func (pl *planner) planFeed(v *view) error {
	cfg := pl.site.Config
	words := pl.Theme.Strings(v.series.Lang)
	f := &feed.Feed{
		Lang:     v.series.Lang,
		ID:       cfg.BaseURL + v.doc.Path,
		Title:    feed.Plain(fmt.Sprintf(words.T("feed.title"), v.doc.Title)),
		Author:   feed.Person{Name: cfg.Org(), URI: cfg.Contact.URL, Email: cfg.Contact.Email},
		Complete: &feed.Empty{},
		Links: []feed.Link{
			{Rel: "self", Type: "application/atom+xml", Href: cfg.BaseURL + v.doc.FeedPath},
			{Rel: "alternate", Type: "text/html", Href: cfg.BaseURL + v.doc.HistoryPath},
		},
	}
	sub := feed.Plain(words.T("feed.subtitle"))
	f.Subtitle = &sub
	// A feed with no entries yet is as old as the document's first revision.
	updated := pl.midnight(v.revs[0].Published)
	for i := len(v.revs) - 1; i >= 0; i-- {
		r := v.revs[i]
		if !r.Material() && !r.First {
			continue
		}
		when := pl.midnight(r.Published)
		if when.After(updated) {
			updated = when
		}
		target := r.Path
		if r.DiffPath != "" {
			target = r.DiffPath
		}
		links := []feed.Link{{Rel: "alternate", Type: "text/html", Href: cfg.BaseURL + target}}
		if target != r.Path {
			links = append(links, feed.Link{Rel: "related", Type: "text/html", Href: cfg.BaseURL + r.Path})
		}
		summary := r.Summary + " " + fmt.Sprintf(words.T("feed.effective"), words.PlainDate(r.Effective))
		if r.Urgent != "" {
			summary += " " + words.T("urgentWhy") + " " + r.Urgent
		}
		e := feed.Entry{
			ID:        cfg.BaseURL + r.Path,
			Title:     feed.Plain(fmt.Sprintf(words.T("feed.firstTitle"), words.PlainDate(r.Effective))),
			Updated:   feed.Time(when),
			Published: feed.Time(when),
			Links:     links,
			Summary:   feed.Plain(summary),
		}
		if !r.First {
			e.Title = feed.Plain(fmt.Sprintf(words.T("feed.entryTitle"), words.PlainDate(r.Effective), words.T("reason."+string(r.Reason))))
			e.Categories = []feed.Category{{Term: string(r.Reason), Label: words.T("reason." + string(r.Reason))}}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = feed.Time(updated)
	data, err := feed.Marshal(f)
	if err != nil {
		return fmt.Errorf("feed of %s: %w", v.doc.Path, err)
	}
	pl.out.Files[v.doc.FeedPath] = data
	data, err = feed.MarshalJSONFeed(feed.JSONFrom(f, cfg.BaseURL+v.doc.JSONFeedPath))
	if err != nil {
		return fmt.Errorf("JSON feed of %s: %w", v.doc.Path, err)
	}
	pl.out.Files[v.doc.JSONFeedPath] = data
	return nil
}

// midnight is the start of a day in the site's time zone: when a revision
// published that day became public.
func (pl *planner) midnight(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, pl.site.Config.TimeZone)
}
