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
	// Counts, for the summary and each section's label.
	Words         string // "%d words added, %d words removed" (two counts)
	Links         string // "links changed: %d"
	Headings      string // "headings changed: %d"
	FootnoteCount string // "footnotes changed: %d"
	Same          string // a diff with no change at all: "The text has not changed."
	Show          string // the control that opens a moved section's text: "Show the text"
	Degraded      string // why part of the diff is coarse (see Diff.Degraded)
	// What the Markdown for a comment leaves out. The theme's words have no
	// plural forms, so a count that needs one has a label for one and a
	// label for any other number.
	NotShown    string // the unchanged sections left out: "%d unchanged sections are not shown."
	NotShownOne string // the same for one: "%d unchanged section is not shown."
	Cut         string // the note that ends a diff cut short: "The diff is cut here: … on its diff page."
	CutCommand  string // the same, naming the command that shows all of it: "…, as does %s."
}

// LabelsFrom gives the labels the theme's UI words give, by their keys (t
// is theme.Strings.T): the words the site's pages and the terminal use.
func LabelsFrom(t func(key string) string) Labels {
	return Labels{
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
		Words:           t("wordCounts"),
		Links:           t("diff.links"),
		Headings:        t("diff.headings"),
		FootnoteCount:   t("diff.footnoteCount"),
		Same:            t("noTextChanges"),
		Show:            t("diff.show"),
		Degraded:        t("diffDegraded"),
		NotShown:        t("diff.notShown"),
		NotShownOne:     t("diff.notShownOne"),
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

// Counts says how much of the section changed: words, links, heading
// levels and the footnotes it cites; "" if nothing did.
func (s *Section) Counts(l Labels) string {
	var b strings.Builder
	if s.Inserted+s.Deleted > 0 {
		writeInts(&b, l.Words, s.Inserted, s.Deleted)
	}
	if s.Links > 0 {
		writeInts(&b, l.Links, s.Links)
	}
	if s.Headings > 0 {
		writeInts(&b, l.Headings, s.Headings)
	}
	if len(s.notes) > 0 {
		writeInts(&b, l.FootnoteCount, len(s.notes))
	}
	return b.String()
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
// Summary does, for a caller that has them already.
func SummaryLine(label, was, counts string) string {
	out := label
	if was != "" {
		out += " (" + was + ")"
	}
	if counts != "" {
		out += " · " + counts
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
// changes, or that nothing changed.
func (d *Diff) Total(l Labels) string {
	if !d.Stats.Any() {
		return l.Same
	}
	var b strings.Builder
	writeInts(&b, l.Words, d.Stats.Inserted, d.Stats.Deleted)
	if d.Stats.Links > 0 {
		writeInts(&b, l.Links, d.Stats.Links)
	}
	if d.Stats.Headings > 0 {
		writeInts(&b, l.Headings, d.Stats.Headings)
	}
	return b.String()
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
