package generator

import (
	"slices"
	"strings"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/msg"
	"policysite/generator/pages"
	"policysite/generator/render"
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

// SectionChange is a revision's change of one section (a clause: see
// diff.Threads), as policysite diff --section shows it: its part of the
// diff from the revision before it.
type SectionChange struct {
	Older, Newer *content.Revision
	Diff         *diff.Diff
}

// CompareSection follows the section that name names (the id of its
// heading, its heading's words with or without its number, in any
// revision, or the address of its history page) through the revisions of
// the request's document, drafts included, as the history of each section
// does. With the request's Older and Newer set, it returns the section's
// part of their diff; without, every change of the section, oldest first.
// title is the section's heading in the newest revision that has it.
func CompareSection(site *content.Site, th *theme.Theme, req CompareRequest, name string) (changes []SectionChange, title string, labels diff.Labels, err error) {
	ser, err := findSeries(site, req.Doc, req.Lang)
	if err != nil {
		return nil, "", diff.Labels{}, err
	}
	revs := ser.Revisions
	r, c := newRenderer(site), NewCache()
	docs := make([]*diff.Doc, len(revs))
	rens := make([]*pages.Rendering, len(revs))
	for i, rev := range revs {
		if rens[i], err = c.render(r, site, rev); err != nil {
			return nil, "", diff.Labels{}, err
		}
		docs[i] = rens[i].Doc()
	}
	diffs := make([]*diff.Diff, max(len(revs)-1, 0))
	for i := range diffs {
		diffs[i] = c.diff(rens[i], rens[i+1])
	}
	threads := diff.Threads(docs, diffs)
	t := findSection(docs, threads, name)
	if t == nil {
		var names []string
		if len(docs) > 0 {
			for _, cl := range docs[len(docs)-1].Clauses() {
				if cl.Title != "" {
					names = append(names, "«"+cl.Title+"»")
				}
			}
		}
		return nil, "", diff.Labels{}, NotFound{msg.T("find.section", ser.Doc, name, strings.Join(names, ", "))}
	}
	title = docs[t.Last()].Clauses()[t.In(t.Last())].Title
	labels = diff.LabelsFrom(th.Strings(ser.Lang))
	if req.Older == "" && req.Newer == "" {
		for _, k := range t.Changes {
			changes = append(changes, SectionChange{Older: revs[k-1], Newer: revs[k], Diff: diffs[k-1].Part(t.In(k-1), t.In(k))})
		}
		return changes, title, labels, nil
	}
	older, newer, err := req.Revisions(site)
	if err != nil {
		return nil, "", diff.Labels{}, err
	}
	o, n := slices.Index(revs, older), slices.Index(revs, newer)
	if t.In(o) < 0 && t.In(n) < 0 {
		return nil, "", diff.Labels{}, NotFound{msg.T("find.section-not-in", ser.Doc, title, content.Date(older.Effective), content.Date(newer.Effective))}
	}
	d := c.diff(rens[o], rens[n])
	return []SectionChange{{Older: older, Newer: newer, Diff: d.Part(t.In(o), t.In(n))}}, title, labels, nil
}

// findSection finds the section name names, looking from the newest
// revision back: by its heading's id, its heading (case and number
// aside), its number alone ("4", "4.", "§ 4": the newest revision's
// numbering, as a reader quotes the text in force), or the address of its
// history page.
func findSection(docs []*diff.Doc, threads []*diff.Thread, name string) *diff.Thread {
	clauses := make([][]diff.Clause, len(docs))
	for i, d := range docs {
		clauses[i] = d.Clauses()
	}
	if i := slices.Index(pages.SectionSlugs(clauses, threads), name); i >= 0 {
		return threads[i] // the address of its history page
	}
	want, number := headingWords(name), sectionNumber(name)
	for r := len(docs) - 1; r >= 0; r-- {
		for _, t := range threads {
			c := t.In(r)
			if c < 0 {
				continue
			}
			cl := clauses[r][c]
			if cl.ID != "" && (cl.ID == name || headingWords(cl.Title) == want) {
				return t
			}
			if n, _ := render.SplitNumber(cl.Title); number != "" && sectionNumber(n) == number {
				return t
			}
		}
	}
	return nil
}

// sectionNumber is s's section number if s is one alone ("4", "4.",
// "4)", "§ 4" all give "4"), else "".
func sectionNumber(s string) string {
	n, rest := render.SplitNumber(s)
	if n == "" || rest != "" {
		return ""
	}
	return strings.TrimRight(strings.TrimSpace(strings.TrimPrefix(n, "§")), ".)")
}

// headingWords is a heading's words in lower case, without a leading
// section number.
func headingWords(s string) string {
	if number, rest := render.SplitNumber(strings.TrimSpace(s)); number != "" && rest != "" {
		s = rest
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
