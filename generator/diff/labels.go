package diff

import (
	"fmt"
	"strconv"
	"strings"
)

// Labels are the words a rendered diff uses, in the page's language (the
// examples are the site's English). Each may hold one %s (a heading, a
// target, a number) or %d (a count), or, where said, two.
type Labels struct {
	Start      string // the text before the first heading: "Introduction"
	Footnotes  string // the document's footnotes: "Footnotes"
	InContext  string // a heading and the one above it, to tell two alike apart: "%s (under %s)"
	Unchanged  string // "%s (unchanged)"
	Changed    string // "Changed"
	Renumbered string // "New number"
	Added      string // "New section"
	Removed    string // "Removed section"
	Split      string // a new heading over text that was there: "New heading over text that was there before"
	Merged     string // a heading removed, its text kept: "Heading removed, its text now belongs to the section before"
	MovedHere  string // "Moved here from %s", with a link to the old place
	MovedAway  string // "%s has moved", with a link to the new place
	Was        string // the heading before it was reworded: "was: %s"
	// Notes of what the text does not show; the writers put them in
	// brackets.
	LinkChanged     string // "link target changed from %s to %s" (old, new)
	LinkAdded       string // "new link to %s"
	LinkRemoved     string // "link to %s removed"
	Level           string // "heading level changed from %s to %s" (old, new; 1 is a main section)
	HeadingText     string // a heading made part of the text: "the heading %s is now part of the text"
	Parent          string // a section now under another heading: "now under %s, was under %s" (new, old)
	TopLevel        string // what Parent names for no heading above: "the top level"
	Footnote        string // a cited footnote that changed, before its diff: "Footnote %s changed:"
	FootnoteAdded   string // "New footnote %s:"
	FootnoteRemoved string // "Footnote %s removed:"
	// Counts, for the summary and each section's label: each a Plural,
	// the words for a count in the form the count takes (a %d in them is
	// the count).
	Inserted      Plural // words added alone: "%d words added"
	Deleted       Plural // words removed alone: "%d words removed"
	Words         Plural // both, in the form of the first: "%d words added and %d removed"
	NoWords       string // the total of a diff that adds and removes no word: "No words changed"
	Links         Plural // "%d links changed"
	Headings      Plural // "%d headings changed"
	FootnoteCount Plural // "%d footnotes changed"
	// The sections of a diff, in a sentence after the totals.
	SectionsChanged Plural // "%d sections changed"
	SectionsAdded   Plural // "%d new sections"
	SectionsRemoved Plural // "%d sections removed"
	SectionsMoved   Plural // "%d sections moved"
	RenumberedCount Plural // "Of the changed sections, %d only have a new number."
	And             string // what joins the last two of a list: " and "
	Same            string // a diff with no change at all: "The text has not changed."
	Show            string // the control that opens a moved section's text: "Show the text"
	Degraded        string // why part of the diff is coarse (see Diff.Degraded)
	// What the Markdown for a comment leaves out.
	NotShown   Plural // the unchanged sections left out: "%d unchanged sections are not shown."
	Cut        string // the note that ends a diff cut short: "The diff is cut here: … on its diff page."
	CutCommand string // the same, naming the command that shows all of it: "…, as does %s."

	key []byte // HashKey's: the words' own, where they have one

}

// Plural gives the words for a count in the form the count takes in their
// language: "%d link changed" for 1, "%d links changed" for any other in
// English. Its words have the count as %d, or, where said, two counts.
type Plural func(n int) string

// Forms is a Plural with the form one for 1 and other for any other
// count: the rule of bokmål, nynorsk and English.
func Forms(one, other string) Plural {
	return func(n int) string {
		if n == 1 {
			return one
		}
		return other
	}
}

// Words are the theme's UI words of one language (theme.Strings): T gives
// the word for a key, N the word for a key in the form the count n takes
// (key.one, key.other …).
type Words interface {
	T(key string) string
	N(key string, n int) string
}

// LabelsFrom gives the labels the theme's UI words give, by their keys:
// the words the site's pages and the terminal use.
func LabelsFrom(w Words) Labels {
	t := w.T
	n := func(key string) Plural { return func(c int) string { return w.N(key, c) } }
	var key []byte
	if k, ok := w.(interface{ HashKey() []byte }); ok && k.HashKey() != nil { // theme.Strings
		key = append([]byte("labels\x00"), k.HashKey()...)
	}
	return Labels{
		key:             key,
		Start:           t("diff.start"),
		Footnotes:       t("diff.footnotes"),
		InContext:       t("diff.inContext"),
		Unchanged:       t("diff.unchanged"),
		Changed:         t("diff.changed"),
		Renumbered:      t("diff.renumbered"),
		Added:           t("diff.added"),
		Removed:         t("diff.removed"),
		Split:           t("diff.split"),
		Merged:          t("diff.merged"),
		MovedHere:       t("diff.movedHere"),
		MovedAway:       t("diff.movedAway"),
		Was:             t("diff.was"),
		LinkChanged:     t("diff.linkChanged"),
		LinkAdded:       t("diff.linkAdded"),
		LinkRemoved:     t("diff.linkRemoved"),
		Level:           t("diff.level"),
		HeadingText:     t("diff.headingText"),
		Parent:          t("diff.parent"),
		TopLevel:        t("diff.topLevel"),
		Footnote:        t("diff.footnote"),
		FootnoteAdded:   t("diff.footnoteAdded"),
		FootnoteRemoved: t("diff.footnoteRemoved"),
		Inserted:        n("diff.inserted"),
		Deleted:         n("diff.deleted"),
		Words:           n("diff.words"),
		NoWords:         t("diff.noWords"),
		Links:           n("diff.links"),
		Headings:        n("diff.headings"),
		FootnoteCount:   n("diff.footnoteCount"),
		SectionsChanged: n("diff.sectionsChanged"),
		SectionsAdded:   n("diff.sectionsAdded"),
		SectionsRemoved: n("diff.sectionsRemoved"),
		SectionsMoved:   n("diff.sectionsMoved"),
		RenumberedCount: n("diff.renumberedCount"),
		And:             t("diff.and"),
		Same:            t("noTextChanges"),
		Show:            t("diff.show"),
		Degraded:        t("diffDegraded"),
		NotShown:        n("diff.notShown"),
		Cut:             t("diff.cut"),
		CutCommand:      t("diff.cutCommand"),
	}
}

// Heading is the section's heading as a summary names it: told apart from
// another worded alike by the heading above it, and named by Labels where
// it has none.
func (s *Section) Heading(l Labels) string {
	switch {
	case s.Footnotes:
		return l.Footnotes
	case s.Title == "":
		return l.Start
	case s.Context != "":
		return fmt.Sprintf(l.InContext, s.Title, s.Context)
	}
	return s.Title
}

// oldHeading is the heading the section had in the older revision, as
// Heading names it.
func (s *Section) oldHeading(l Labels) string {
	if s.OldTitle == "" {
		return s.Heading(l)
	}
	old := *s
	old.Title = s.OldTitle
	return old.Heading(l)
}

// Label says what happened to the section, in a few words.
func (s *Section) Label(l Labels) string {
	switch s.Kind {
	case Changed:
		if s.Renumbered {
			return l.Renumbered
		}
		return l.Changed
	case Added:
		return l.Added
	case Removed:
		return l.Removed
	case Split:
		return l.Split
	case Merged:
		return l.Merged
	case Moved:
		return fmt.Sprintf(l.MovedHere, s.oldHeading(l))
	case MovedAway:
		return fmt.Sprintf(l.MovedAway, s.Heading(l))
	}
	return fmt.Sprintf(l.Unchanged, s.Heading(l))
}

// WasLabel names the heading before it was reworded, or is "" (as for a
// moved section, whose Label names it).
func (s *Section) WasLabel(l Labels) string {
	if !s.Reworded() || s.Kind == Moved {
		return ""
	}
	return fmt.Sprintf(l.Was, s.OldTitle)
}

// Counts says how much of the section changed, as a list a person would
// write: "12 words added and 3 removed, 1 link changed"; "" if nothing
// did. It counts words, links, heading levels and the footnotes it cites.
func (s *Section) Counts(l Labels) string {
	var b strings.Builder
	writeWords(&b, l, s.Inserted, s.Deleted)
	writeCount(&b, l.Links, s.Links)
	writeCount(&b, l.Headings, s.Headings)
	writeCount(&b, l.FootnoteCount, len(s.notes))
	return b.String()
}

// writeWords writes the words added and removed, after ", " if b holds
// text: both in one phrase in the form of the first, or the one there is.
func writeWords(b *strings.Builder, l Labels, inserted, deleted int) {
	switch {
	case inserted > 0 && deleted > 0:
		writeInts(b, l.Words(inserted), inserted, deleted)
	case inserted > 0:
		writeInts(b, l.Inserted(inserted), inserted)
	case deleted > 0:
		writeInts(b, l.Deleted(deleted), deleted)
	}
}

// writeCount writes the count n in the words p has for it, after ", " if
// b holds text; nothing for 0.
func writeCount(b *strings.Builder, p Plural, n int) {
	if n > 0 {
		writeInts(b, p(n), n)
	}
}

// writeInts writes format with the numbers n, after ", " if b holds text:
// as fmt.Sprintf would where the verbs are %d alone, which it replaces
// itself (a page writes the counts of every section twice), else through
// fmt.Sprintf.
func writeInts(b *strings.Builder, format string, n ...int) {
	if b.Len() > 0 {
		b.WriteString(", ")
	}
	if strings.Count(format, "%") != len(n) || strings.Count(format, "%d") != len(n) {
		args := make([]any, len(n))
		for i, v := range n {
			args[i] = v
		}
		b.WriteString(fmt.Sprintf(format, args...))
		return
	}
	var buf [20]byte
	for _, v := range n {
		at := strings.Index(format, "%d")
		b.WriteString(format[:at])
		b.Write(strconv.AppendInt(buf[:0], int64(v), 10))
		format = format[at+2:]
	}
	b.WriteString(format)
}

// Summary is the section's line in a summary of changes, after its
// heading: what happened to it, the heading it had if that was reworded,
// and its counts. The diff page's summary and the terminal say the same.
func (s *Section) Summary(l Labels) string {
	counts := ""
	if s.Kind != MovedAway {
		counts = s.Counts(l)
	}
	return SummaryLine(s.Label(l), s.WasLabel(l), counts)
}

// SummaryLine joins a section's label, its WasLabel and its Counts as
// Summary does, for a caller that has them already: "Changed (was:
// Contact) – 12 words added and 3 removed".
func SummaryLine(label, was, counts string) string {
	out := label
	if was != "" {
		out += " (" + was + ")"
	}
	if counts != "" {
		out += " – " + counts
	}
	return out
}

// label says what happened to a cited footnote, before its diff.
func (f footnoteChange) label(l Labels) string {
	format := l.Footnote
	switch {
	case allKind(f.lines, lineAdded):
		format = l.FootnoteAdded
	case allKind(f.lines, lineRemoved):
		format = l.FootnoteRemoved
	}
	return fmt.Sprintf(format, f.number)
}

// Total sums the diff up in a line: the words, links and headings it
// changes ("12 words added and 3 removed, 1 link changed"), or that
// nothing changed. It has no full stop: the callers end it.
func (d *Diff) Total(l Labels) string {
	if !d.Stats.Any() {
		return l.Same
	}
	var b strings.Builder
	writeWords(&b, l, d.Stats.Inserted, d.Stats.Deleted)
	writeCount(&b, l.Links, d.Stats.Links)
	writeCount(&b, l.Headings, d.Stats.Headings)
	if b.Len() == 0 {
		return l.NoWords // sections moved, and nothing else
	}
	return b.String()
}

// SectionCounts says how many sections changed, were added, removed and
// moved, in a sentence that leaves out what did not happen ("7 sections
// changed, 1 new section and 1 section moved."), and how many of the
// changed ones were only renumbered, in another; "" if no section changed.
func (d *Diff) SectionCounts(l Labels) string {
	var parts []string
	for _, c := range []struct {
		p Plural
		n int
	}{{l.SectionsChanged, d.Stats.Changed}, {l.SectionsAdded, d.Stats.Added}, {l.SectionsRemoved, d.Stats.Removed}, {l.SectionsMoved, d.Stats.Moved}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf(c.p(c.n), c.n))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	out := parts[len(parts)-1]
	if len(parts) > 1 {
		out = strings.Join(parts[:len(parts)-1], ", ") + l.And + out
	}
	out += "."
	if n := d.Stats.Renumbered; n > 0 {
		out += " " + fmt.Sprintf(l.RenumberedCount(n), n)
	}
	return out
}

// text is a note in words: its format passed through label, each target
// through target and each heading through heading (to escape or mark them
// up for HTML).
func (n note) text(l Labels, label, target, heading func(string) string) string {
	var format string
	var args []any
	switch n.kind {
	case noteLinkChanged:
		format, args = l.LinkChanged, []any{target(n.old), target(n.new)}
	case noteLinkAdded:
		format, args = l.LinkAdded, []any{target(n.new)}
	case noteLinkRemoved:
		format, args = l.LinkRemoved, []any{target(n.old)}
	case noteHeadingText:
		format, args = l.HeadingText, []any{heading("«" + n.old + "»")}
	case noteParent:
		above := func(h string) string {
			if h == "" {
				return heading(l.TopLevel)
			}
			return heading("«" + h + "»")
		}
		format, args = l.Parent, []any{above(n.new), above(n.old)}
	default:
		format, args = l.Level, []any{n.old, n.new}
	}
	return fmt.Sprintf(label(format), args...)
}

// HashKey identifies the labels to a cache whose keys hold the program's
// version (package valuehash): by the words they were made from, since
// their counts are funcs, which have no sum of their own.
func (l *Labels) HashKey() []byte {
	return l.key // nil, made by hand: a sum that holds them fails
}
