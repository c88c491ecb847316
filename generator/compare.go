package generator

import (
	"slices"
	"strings"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/msg"
	"policysite/generator/theme"
)

// NotFound is a document or revision that a request names and the site
// does not have.
type NotFound struct{ msg.Text }

func (e NotFound) Error() string { return e.Text.String() }

// CompareRequest names two revisions of one document to compare.
type CompareRequest struct {
	Doc  string // the document's slug
	Lang string // "" for the site's language
	// Older is an effective date YYYY-MM-DD, "current", or "previous": the
	// revision just before Newer, drafts included, for a caller that knows
	// only the revision that changed.
	Older string
	Newer string // effective date YYYY-MM-DD, or "current"
	Clock content.Clock
}

// Compare diffs two revisions exactly as the site's diff pages do, and
// returns the labels of the document's language to show it with. Drafts
// can be compared too.
func Compare(site *content.Site, th *theme.Theme, req CompareRequest) (*diff.Diff, diff.Labels, error) {
	older, newer, err := req.Revisions(site)
	if err != nil {
		return nil, diff.Labels{}, err
	}
	lang := newer.Lang
	r, c := newRenderer(site), NewCache()
	a, err := c.render(r, site, older)
	if err != nil {
		return nil, diff.Labels{}, err
	}
	b, err := c.render(r, site, newer)
	if err != nil {
		return nil, diff.Labels{}, err
	}
	return c.diff(a, b), diff.LabelsFrom(th.Strings(lang)), nil
}

// Revisions finds the two revisions the request names, as Compare does:
// for one that names what the site lacks, the error is a NotFound.
func (req CompareRequest) Revisions(site *content.Site) (older, newer *content.Revision, err error) {
	ser, err := findSeries(site, req.Doc, req.Lang)
	if err != nil {
		return nil, nil, err
	}
	day := site.On(req.Clock)
	if req.Older != "previous" {
		if older, err = pick(day, ser, req.Older); err != nil {
			return nil, nil, err
		}
	}
	if newer, err = pick(day, ser, req.Newer); err != nil {
		return nil, nil, err
	}
	if req.Older == "previous" {
		i := slices.Index(ser.Revisions, newer)
		if i == 0 {
			return nil, nil, NotFound{msg.T("find.first-revision", content.Date(newer.Effective), ser.Doc)}
		}
		older = ser.Revisions[i-1]
	}
	return older, newer, nil
}

// findSeries finds a document in a language ("" for the site's).
func findSeries(site *content.Site, doc, lang string) (*content.Series, error) {
	if lang == "" {
		lang = site.Config.Language
	}
	var docs, langs []string
	for _, s := range site.Series {
		if s.Doc == doc {
			if s.Lang == lang {
				return s, nil
			}
			langs = append(langs, s.Lang)
		}
		if s.Lang == lang {
			docs = append(docs, s.Doc)
		}
	}
	switch {
	case !slices.Contains(site.Config.Languages, lang):
		return nil, NotFound{msg.T("find.language", lang, strings.Join(site.Config.Languages, ", "))}
	case len(langs) > 0:
		return nil, NotFound{msg.T("find.no-revisions-in-language", doc, lang, strings.Join(langs, ", "))}
	}
	return nil, NotFound{msg.T("find.no-document", doc, lang, strings.Join(docs, ", "))}
}

// pick finds a revision by its effective date, or the current one;
// "previous" is Revisions' to find.
func pick(day *content.Day, ser *content.Series, date string) (*content.Revision, error) {
	var dates []string
	for _, r := range ser.Revisions {
		d := content.Date(r.Effective)
		if d == date || (date == "current" && day.Of(r).Status == content.StatusCurrent) {
			return r, nil
		}
		dates = append(dates, d)
	}
	switch date {
	case "current":
		return nil, NotFound{msg.T("find.none-in-force", ser.Doc, strings.Join(dates, ", "))}
	case "previous":
		return nil, NotFound{msg.T("find.previous")}
	}
	return nil, NotFound{msg.T("find.no-revision-on", ser.Doc, date, strings.Join(dates, ", "))}
}
