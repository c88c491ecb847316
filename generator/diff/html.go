package diff

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
)

// HTML renders the diff's body for the element that carries data-diff-body.
// Unchanged sections and the places moved sections left are collapsed into
// <details>, which open without JavaScript. Lists and tables keep their
// structure. Every label is marked data-diff-note, so that the text outside
// notes and <del> is exactly the newer revision, and outside notes and <ins>
// the older.
func (d *Diff) HTML(l Labels) template.HTML {
	var b bytes.Buffer
	d.WriteHTML(&b, l, 2)
	return template.HTML(b.String())
}

// WriteHTML appends the diff's HTML for a page on which its first heading
// is at level top (2 on a diff page, 3 under a heading of the page's own)
// to b: a page that shows the diff writes it where it goes, not first into
// a string of its own that the page then copies (a diff page of the
// corpus is some 100 kB).
func (d *Diff) WriteHTML(b *bytes.Buffer, l Labels, top int) {
	b.Grow(d.htmlSize())
	w := htmlWriter{Buffer: b, level: top - 1, top: top}
	for i := range d.Sections {
		w.section(&d.Sections[i], l)
	}
}

// htmlSize is about the size of the diff's HTML, to grow a buffer to at
// once.
func (d *Diff) htmlSize() int {
	size := 0
	runs := func(rs []run) {
		for _, r := range rs {
			size += len(r.text) + 40
		}
	}
	for _, s := range d.Sections {
		for _, ln := range s.lines {
			runs(ln.runs)
			for _, c := range ln.cells {
				runs(c.runs)
				size += 20
			}
			size += 40 + 120*len(ln.notes)
		}
		for _, f := range s.notes {
			for _, ln := range f.lines {
				runs(ln.runs)
			}
		}
		size += 300
	}
	return size
}

type htmlWriter struct {
	*bytes.Buffer
	level int // of the latest heading, so that no level is skipped
	top   int // the highest level a heading may have
	lists []openList
	table bool
}

// An openList is a list the writer is inside.
type openList struct {
	tag   string // ul or ol
	item  bool   // an item of it is open
	count counter
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// text writes s escaped, as esc would, without a copy of it.
func (w *htmlWriter) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if !escaped[s[i]] {
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(escapes[s[i]])
		last = i + 1
	}
	w.WriteString(s[last:])
}

// escapes are html/template's escapes of the bytes it escapes; escaped
// says which those are, for the loop over every byte a page writes.
var (
	escapes = [256]string{'<': "&lt;", '>': "&gt;", '&': "&amp;", '"': "&#34;", '\'': "&#39;", 0: "\uFFFD"}
	escaped = [256]bool{'<': true, '>': true, '&': true, '"': true, '\'': true, 0: true}
)

func (w *htmlWriter) section(s *Section, l Labels) {
	w.WriteString(`<div class="d-section d-`)
	w.WriteString(string(s.Kind))
	w.WriteString(`" id="`)
	w.text(s.Anchor)
	w.WriteString("\">\n")
	collapsed := s.Collapsed()
	// The label of a section that moved links to its other place; a link
	// may not sit inside a <summary>, so it comes before the <details>.
	if s.Kind != Unchanged {
		w.WriteString(`<p class="d-label" data-diff-note>`)
		switch s.Kind {
		case MovedAway:
			fmt.Fprintf(w, esc(l.MovedAway), fmt.Sprintf(`<a href="#%s">%s</a>`, esc(s.Peer), esc(s.Heading(l))))
		case Moved:
			fmt.Fprintf(w, esc(l.MovedHere), fmt.Sprintf(`<a href="#%s">%s</a>`, esc(s.Peer), esc(s.oldHeading(l))))
			if c := s.Counts(l); c != "" {
				w.WriteString(" · ")
				w.WriteString(esc(c))
			}
		default:
			if len(s.lines) == 0 || !s.lines[0].heading() {
				w.WriteString(esc(s.Heading(l))) // no heading of its own names it
				w.WriteString(": ")
			}
			w.WriteString(esc(s.Summary(l)))
		}
		w.WriteString("</p>\n")
	}
	if collapsed {
		summary := l.Show
		if s.Kind == Unchanged {
			summary = s.Label(l)
		}
		w.WriteString("<details>\n<summary class=\"d-note\" data-diff-note>")
		w.WriteString(esc(summary))
		w.WriteString("</summary>\n")
	}
	w.lines(s.lines, l)
	for _, f := range s.notes {
		w.WriteString(`<div class="d-note d-footnote" data-diff-note>` + "\n")
		for i, ln := range f.lines {
			w.WriteString("<p>")
			if i == 0 {
				w.WriteString(esc(f.label(l)))
				w.WriteString(" ")
			}
			w.runs(ln.runs)
			w.notes(ln.notes, l)
			w.WriteString("</p>\n")
		}
		w.WriteString("</div>\n")
	}
	if collapsed {
		w.WriteString("</details>\n")
	}
	w.WriteString("</div>\n")
}

func (w *htmlWriter) lines(lines []line, l Labels) {
	for _, ln := range lines {
		b := ln.block()
		if b.row() {
			w.closeLists(0)
			if !w.table {
				w.WriteString("<table class=\"d-table\">\n")
				w.table = true
			}
			w.row(ln, l)
			continue
		}
		w.closeTable()
		w.closeLists(b.Depth)
		if b.Depth > 0 && b.heading() == 0 {
			w.item(ln, b, l)
			continue
		}
		w.block(ln, l)
	}
	w.closeTable()
	w.closeLists(0)
}

var headings = [7]string{2: "h2", 3: "h3", 4: "h4", 5: "h5", 6: "h6"}

// block writes a paragraph, a heading or the like.
func (w *htmlWriter) block(ln line, l Labels) {
	tag := ln.block().Tag
	el, class := "p", tag
	if len(tag) == 2 && tag[0] == 'h' {
		w.level = min(max(int(tag[1]-'0'), w.top), w.level+1)
		el, class = headings[w.level], ""
	} else if tag == "pre" {
		el, class = "pre", ""
	}
	w.open(el, class, ln.kind)
	w.runs(ln.runs)
	w.notes(ln.notes, l)
	w.WriteString("</")
	w.WriteString(el)
	w.WriteString(">\n")
}

// item writes a block inside a list: an item's first block as the item,
// its other blocks as paragraphs inside it.
func (w *htmlWriter) item(ln line, b *Block, l Labels) {
	for len(w.lists) < b.Depth {
		if k := len(w.lists); k > 0 && !w.lists[k-1].item {
			w.WriteString("<li>")
			w.lists[k-1].item = true
		}
		tag, class := "ul", ""
		if len(w.lists) == b.Depth-1 {
			switch b.List {
			case "ol":
				tag = "ol"
			case "lettered":
				class = ` class="lettered"`
			}
		}
		w.WriteString("<")
		w.WriteString(tag)
		w.WriteString(class)
		w.WriteString(">\n")
		w.lists = append(w.lists, openList{tag: tag})
	}
	list := &w.lists[len(w.lists)-1]
	if !b.Item {
		if !list.item {
			w.WriteString("<li>")
			list.item = true
		}
		w.block(ln, l)
		return
	}
	if list.item {
		w.WriteString("</li>\n")
	}
	list.item = true
	w.WriteString("<li")
	if list.tag == "ol" {
		fmt.Fprintf(w, ` value="%d"`, list.count.next(&ln))
	}
	if c := lineClass(ln.kind); c != "" {
		w.WriteString(` class="`)
		w.WriteString(c)
		w.WriteString(`"`)
	}
	w.WriteString(">")
	w.runs(ln.runs)
	w.notes(ln.notes, l)
}

func (w *htmlWriter) closeLists(depth int) {
	for len(w.lists) > depth {
		list := w.lists[len(w.lists)-1]
		if list.item {
			w.WriteString("</li>")
		}
		w.WriteString("\n</")
		w.WriteString(list.tag)
		w.WriteString(">\n")
		w.lists = w.lists[:len(w.lists)-1]
	}
}

func (w *htmlWriter) row(ln line, l Labels) {
	w.open("tr", "", ln.kind)
	for i, c := range ln.cells {
		el := "td"
		if c.header {
			el = "th"
		}
		w.open(el, "", c.kind)
		w.runs(c.runs)
		if i == len(ln.cells)-1 {
			w.notes(ln.notes, l)
		}
		w.WriteString("</")
		w.WriteString(el)
		w.WriteString(">")
	}
	w.WriteString("</tr>\n")
}

func (w *htmlWriter) closeTable() {
	if w.table {
		w.WriteString("</table>\n")
		w.table = false
	}
}

func lineClass(k lineKind) string {
	switch k {
	case lineAdded:
		return "d-added"
	case lineRemoved:
		return "d-removed"
	case lineChanged:
		return "d-changed"
	}
	return ""
}

// open writes an element's start tag with the class "d-" and the block's
// tag, if any, and the line's class.
func (w *htmlWriter) open(el, tag string, k lineKind) {
	w.WriteByte('<')
	w.WriteString(el)
	c := lineClass(k)
	if tag != "" || c != "" {
		w.WriteString(` class="`)
		if tag != "" {
			w.WriteString("d-")
			w.WriteString(tag)
		}
		if tag != "" && c != "" {
			w.WriteByte(' ')
		}
		w.WriteString(c)
		w.WriteByte('"')
	}
	w.WriteByte('>')
}

func (w *htmlWriter) runs(runs []run) {
	for _, r := range runs {
		open, close := "", ""
		switch r.op {
		case opInsert:
			open, close = "<ins>", "</ins>"
		case opDelete, opLostAway:
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
}

func (w *htmlWriter) notes(notes []note, l Labels) {
	for _, n := range notes {
		w.WriteString(` <span class="d-note" data-diff-note>(`)
		if !w.linkNote(n, l) {
			w.WriteString(n.text(l, esc, code, esc))
		}
		w.WriteString(")</span>")
	}
}

// linkNote writes a note on a link as n.text(l, esc, code, esc) would,
// without a string made for it on the way: a diff of a long rewrite has a
// note for every link of each paragraph added or removed. It reports false,
// having written nothing, for another note, or a label with a verb other
// than %s, which take the way of text.
func (w *htmlWriter) linkNote(n note, l Labels) bool {
	var format string
	var targets []string
	switch n.kind {
	case noteLinkChanged:
		format, targets = l.LinkChanged, []string{n.old, n.new}
	case noteLinkAdded:
		format, targets = l.LinkAdded, []string{n.new}
	case noteLinkRemoved:
		format, targets = l.LinkRemoved, []string{n.old}
	default:
		return false
	}
	if strings.Count(format, "%") != len(targets) || strings.Count(format, "%s") != len(targets) {
		return false
	}
	for _, t := range targets {
		at := strings.Index(format, "%s")
		w.text(format[:at])
		w.WriteString("<code>")
		w.text(t)
		w.WriteString("</code>")
		format = format[at+2:]
	}
	w.text(format)
	return true
}

func code(v string) string { return "<code>" + esc(v) + "</code>" }
