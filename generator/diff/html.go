package diff

import (
	"fmt"
	"html/template"
	"strings"
)

// Labels are the words a rendered diff uses, in the page's language. Each
// may hold one %s (a heading) or, for LinkChanged, two (old and new target).
type Labels struct {
	Start       string // the text before the first heading, e.g. "Innledning"
	Unchanged   string // "%s: unchanged"
	Changed     string // "Changed"
	Renumbered  string // "New number"
	Added       string // "New section"
	Removed     string // "Removed section"
	MovedHere   string // "Moved here from where it was (%s)", with the old place's link
	MovedAway   string // "%s has moved", with a link to its new place
	LinkChanged string // "Link target changed from %s to %s"
	Words       string // "%d words added, %d removed"
	Show        string // the control that opens a moved section's text: "Show the text"
	Degraded    string // why part of the diff is coarse (see Diff.Degraded)
}

// HTML renders the diff's body for the element that carries data-diff-body.
// Unchanged sections and the places moved sections left are collapsed into
// <details>, which open without JavaScript. Every label is marked
// data-diff-note, so that the text outside notes and <del> is exactly the
// newer revision, and outside notes and <ins> the older.
func (d *Diff) HTML(l Labels) template.HTML {
	var w htmlWriter
	w.level = 1
	size := 0
	for _, s := range d.Sections {
		for _, ln := range s.lines {
			for _, r := range ln.runs {
				size += len(r.text) + 12
			}
			size += 30
		}
		size += 200
	}
	w.Grow(size)
	for i := range d.Sections {
		w.section(&d.Sections[i], l)
	}
	return template.HTML(w.String())
}

type htmlWriter struct {
	strings.Builder
	level int // of the latest heading, so that no level is skipped
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// text writes s escaped, as esc would, without a copy of it.
func (w *htmlWriter) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		e := escapes[s[i]]
		if e == "" {
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(e)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// escapes are html/template's escapes of the bytes it escapes.
var escapes = [256]string{'<': "&lt;", '>': "&gt;", '&': "&amp;", '"': "&#34;", '\'': "&#39;", 0: "\uFFFD"}

func (w *htmlWriter) note(tag, text string) {
	fmt.Fprintf(w, `<%s class="d-note" data-diff-note>%s</%s>`, tag, text, tag)
}

func title(s *Section, l Labels) string {
	if s.Title == "" {
		return l.Start
	}
	return s.Title
}

func (w *htmlWriter) section(s *Section, l Labels) {
	fmt.Fprintf(w, "<div class=\"d-section d-%s\" id=\"%s\">\n", s.Kind, esc(s.Anchor))
	collapsed := s.Collapsed()
	// The label of a section that moved links to its other place; a link
	// may not sit inside a <summary>, so it comes before the <details>.
	if s.Kind != Unchanged {
		w.WriteString(`<p class="d-label" data-diff-note>`)
		switch s.Kind {
		case MovedAway:
			fmt.Fprintf(w, esc(l.MovedAway), fmt.Sprintf(`<a href="#%s">%s</a>`, esc(s.Peer), esc(title(s, l))))
		case Moved:
			fmt.Fprintf(w, esc(l.MovedHere), fmt.Sprintf(`<a href="#%s">%s</a>`, esc(s.Peer), esc(s.oldTitle(l))))
		case Changed, Added, Removed:
			w.WriteString(esc(s.changeLabel(l)))
		}
		if s.Kind != MovedAway && s.Edited() {
			w.WriteString(" · " + esc(fmt.Sprintf(l.Words, s.Inserted, s.Deleted)))
		}
		w.WriteString("</p>\n")
	}
	if collapsed {
		summary := l.Show
		if s.Kind == Unchanged {
			summary = fmt.Sprintf(l.Unchanged, title(s, l))
		}
		w.WriteString("<details>\n<summary class=\"d-note\" data-diff-note>" + esc(summary) + "</summary>\n")
	}
	for _, ln := range s.lines {
		w.line(ln, l)
	}
	if collapsed {
		w.WriteString("</details>\n")
	}
	w.WriteString("</div>\n")
}

// changeLabel is the label of a Changed, Added or Removed section.
func (s *Section) changeLabel(l Labels) string {
	switch {
	case s.Kind == Changed && s.Renumbered:
		return l.Renumbered
	case s.Kind == Changed:
		return l.Changed
	case s.Kind == Added:
		return l.Added
	case s.Kind == Removed:
		return l.Removed
	}
	return ""
}

func (s *Section) oldTitle(l Labels) string {
	if s.OldTitle != "" {
		return s.OldTitle
	}
	return title(s, l)
}

func (w *htmlWriter) line(ln line, l Labels) {
	el, class := "p", "d-"+ln.tag
	if len(ln.tag) == 2 && ln.tag[0] == 'h' {
		w.level = min(max(int(ln.tag[1]-'0'), 2), w.level+1)
		el, class = fmt.Sprintf("h%d", w.level), ""
	} else if ln.tag == "pre" {
		el, class = "pre", ""
	}
	switch ln.kind {
	case lineAdded:
		class += " d-added"
	case lineRemoved:
		class += " d-removed"
	case lineChanged:
		class += " d-changed"
	}
	w.WriteString("<")
	w.WriteString(el)
	if class = strings.TrimSpace(class); class != "" {
		w.WriteString(` class="`)
		w.WriteString(class)
		w.WriteString(`"`)
	}
	w.WriteString(">")
	for _, r := range ln.runs {
		open, close := "", ""
		switch r.op {
		case opInsert:
			open, close = "<ins>", "</ins>"
		case opDelete:
			open, close = "<del>", "</del>"
		case opMoved:
			open, close = `<ins class="d-moved">`, "</ins>"
		case opMovedAway:
			open, close = `<del class="d-moved">`, "</del>"
		case opMovedDropped:
			open, close = `<span class="d-note" data-diff-note><del>`, "</del></span>"
		}
		w.WriteString(open)
		w.text(r.text)
		w.WriteString(close)
	}
	for _, n := range ln.notes {
		w.WriteString(" ")
		w.note("span", fmt.Sprintf(esc(l.LinkChanged), "<code>"+esc(n.old)+"</code>", "<code>"+esc(n.new)+"</code>"))
	}
	w.WriteString("</")
	w.WriteString(el)
	w.WriteString(">\n")
}
