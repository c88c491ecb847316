package pages

import (
	"fmt"
	"html/template"
	"time"

	"policysite/generator/content"
	"policysite/generator/theme"
)

// AtPath is the page of a document whose page is docPath that answers
// which of its revisions applied on a day: the list of their periods.
func AtPath(docPath string) string { return docPath + "at/" }

// A Period is when a revision applies, or applied: from its effective
// date to Last, both days included. Last is the day before the next
// visible revision takes effect, and zero for the newest, which applies
// until a newer one is published. On the day a revision takes effect it
// applies, not the one before it. Editorial revisions have periods as the
// others do: they are texts that applied.
type Period struct {
	*RevInfo
	Last time.Time
}

// LastISO is the period's last day as YYYY-MM-DD, "" for the newest.
func (p Period) LastISO() string {
	if p.Last.IsZero() {
		return ""
	}
	return content.Date(p.Last)
}

// periods are the periods of revs (visible revisions, oldest first), in
// the same order.
func periods(revs []*RevInfo) []Period {
	out := make([]Period, len(revs))
	for i, r := range revs {
		out[i] = Period{RevInfo: r}
		if i+1 < len(revs) {
			out[i].Last = revs[i+1].Effective.AddDate(0, 0, -1)
		}
	}
	return out
}

// At is the period of ps (oldest first) that holds day: the revision that
// applied on it, or, for a day to come, the one that will apply as far as
// is published. False for a day before the first revision took effect.
func At(ps []Period, day time.Time) (Period, bool) {
	for i := len(ps) - 1; i >= 0; i-- {
		if !ps[i].Effective.After(day) {
			return ps[i], true
		}
	}
	return Period{}, false
}

// Periods are the periods of the document's visible revisions on the
// day, oldest first.
func (l *Links) Periods() []Period { return periods(l.view.revs) }

// PeriodYear is the periods a page lists that begin in one year, newest
// first.
type PeriodYear struct {
	Year    int
	Periods []Period
}

// AtInfo is what the page of the version at a date lists.
type AtInfo struct {
	Years []PeriodYear // newest first
}

// PeriodText says when a period runs, each day in a <time datetime>:
// "1. september 2020 – 9. februar 2021", or "Fra 1. mai 2024" for the
// newest.
func (p *Page) PeriodText(pr Period) template.HTML {
	if pr.Last.IsZero() {
		return p.Dated("at.from", pr.Effective)
	}
	return p.Dated("at.range", pr.Effective, pr.Last)
}

// planAt plans the page of a document in one language that says which
// revision applied on a day: every period, newest first, under a heading
// for the year it began in, each linked to its revision's page.
func (pl *planner) planAt(v *view) {
	words := pl.Theme.Strings(v.series.Lang)
	p := pl.page(theme.KindAt, v.series.Lang, v.doc.AtPath, fmt.Sprintf(words.T("at.title"), v.doc.Title))
	p.Doc, p.Current = v.doc, v.current
	ps := periods(v.revs)
	info := &AtInfo{}
	for i := len(ps) - 1; i >= 0; i-- {
		pr := ps[i]
		if y := pr.Effective.Year(); len(info.Years) == 0 || info.Years[len(info.Years)-1].Year != y {
			info.Years = append(info.Years, PeriodYear{Year: y})
		}
		last := &info.Years[len(info.Years)-1]
		last.Periods = append(last.Periods, pr)
	}
	p.At = info
	pl.alternates(p, func(l string) (string, bool) {
		if ov := pl.series[v.series.Doc][l]; ov != nil && len(ov.revs) > 0 {
			return ov.doc.AtPath, true
		}
		return "", false
	})
	pl.plan(p, v.revs[len(v.revs)-1].Published)
}
