package diff

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MarkdownOptions tune WriteMarkdown. Title, Summary and Sections are
// plain text, escaped as the policy's is; Command is shown as code.
type MarkdownOptions struct {
	// Title heads the text, as a level-2 heading: the document and the two
	// revisions compared.
	Title string
	// Summary is what the newer revision says it changes (its front
	// matter's summary), or "".
	Summary string
	// Sections counts the sections that changed, in the words the diff
	// page has for them after the totals (Diff.SectionCounts), or "".
	Sections string
	// Stat leaves out the sections' text, as TextOptions.Stat does: each
	// changed section is one item of a list, its heading and its summary.
	Stat bool
	// Limit is the most bytes to write, 0 for no limit. A longer diff is
	// cut between two blocks, and a line saying so ends it; the heading,
	// summary and counts are always written. (A comment on GitHub holds
	// 65,536 characters.)
	Limit int
	// Command shows the whole diff, for the line that ends a cut one; ""
	// for none.
	Command string
}

// wordJoiner is an invisible character that joins what stands either side
// of it. Put after an @, a # and the like, it keeps GitHub and GitLab from
// reading a mention (@name) or a reference (#12, !12) there, which would
// notify someone. Those are found in the HTML a comment becomes, where a
// Markdown escape or an HTML entity is already undone; a character in the
// text is not.
const wordJoiner = "\u2060"

// WriteMarkdown writes the diff as Markdown for a comment on a pull or
// merge request, or a CI job's summary: a heading (opts.Title), the newer
// revision's summary, the totals, then each section that changed under a
// heading of its own, with its text as the terminal shows it, deleted
// words in <del> and inserted ones in <ins> (which GitHub and GitLab both
// show) and the notes in brackets, in italics. Unchanged sections and the
// places moved sections left are left out; the number of unchanged ones
// is said. Ordered lists keep each item's number, as the terminal does.
//
// The policy's text is anyone's who can open a pull request, so it is
// escaped: it shows as it is written, and makes no Markdown or HTML, no
// link, no mention and no reference to an issue or merge request. A link's
// target is shown as code, not as a link.
func (d *Diff) WriteMarkdown(w io.Writer, l Labels, opts MarkdownOptions) error {
	m := &mdWriter{l: l}
	m.b.WriteString("## ")
	m.text(opts.Title, false)
	m.b.WriteString("\n")
	if s := strings.TrimSpace(opts.Summary); s != "" {
		m.b.WriteString("\n")
		m.text(s, true)
		m.b.WriteString("\n")
	}
	m.b.WriteString("\n")
	if d.Stats.Any() {
		m.text(d.Total(l)+".", true)
		if opts.Sections != "" {
			m.b.WriteString(" ")
			m.text(opts.Sections, false)
		}
	} else {
		m.text(l.Same, true)
	}
	m.b.WriteString("\n")
	unchanged := 0
	for _, s := range d.Sections {
		if s.Kind == Unchanged {
			unchanged++
		}
	}
	if unchanged > 0 {
		m.b.WriteString("\n")
		m.italic(fmt.Sprintf(l.NotShown(unchanged), unchanged))
		m.b.WriteString("\n")
	}
	if d.Degraded {
		m.b.WriteString("\n")
		m.italic(l.Degraded)
		m.b.WriteString("\n")
	}
	head := m.take()

	for i := range d.Sections {
		s := &d.Sections[i]
		switch {
		case !s.Listed():
		case opts.Stat:
			m.statItem(s)
		default:
			m.section(s)
		}
	}

	var out strings.Builder
	out.WriteString(head)
	cut := cutNote(l, opts.Command)
	for _, c := range m.chunks {
		if opts.Limit > 0 && out.Len()+len(c)+len(cut) > opts.Limit {
			out.WriteString(cut)
			break
		}
		out.WriteString(c)
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// cutNote is the paragraph that ends a diff cut short, naming the command
// that shows all of it, if any. The label is escaped as text; the command
// goes into it as code.
func cutNote(l Labels, command string) string {
	var m mdWriter
	m.b.WriteString("\n*")
	if command == "" {
		m.text(l.Cut, false)
	} else {
		var t mdWriter
		t.text(l.CutCommand, false)
		var code strings.Builder
		writeCode(&code, command, false)
		m.b.WriteString(fmt.Sprintf(t.b.String(), code.String()))
	}
	m.b.WriteString("*\n")
	return m.b.String()
}

// An mdWriter writes Markdown a block at a time, so that a text too long
// can be cut between two blocks.
type mdWriter struct {
	l      Labels
	b      strings.Builder // the block being written
	chunks []string        // the blocks written, each with the blank line before it, if any
	depth  int             // the lists open after the last block
	counts []counter       // of the ordered lists open
}

// take ends the block being written and returns it.
func (m *mdWriter) take() string {
	s := m.b.String()
	m.b.Reset()
	return s
}

// end ends the block being written, as a chunk.
func (m *mdWriter) end() { m.chunks = append(m.chunks, m.take()) }

// statItem writes a section as an item of the list --stat writes.
func (m *mdWriter) statItem(s *Section) {
	if len(m.chunks) == 0 {
		m.b.WriteString("\n")
	}
	m.b.WriteString("- **")
	m.text(s.Heading(m.l), false)
	m.b.WriteString("**: ")
	m.text(s.Summary(m.l), false)
	m.b.WriteString("\n")
	m.end()
}

// section writes a section that changed: its heading (the diff of it,
// where the section has one), what happened to it, and its text, unless it
// only moved.
func (m *mdWriter) section(s *Section) {
	lines := s.lines
	m.depth, m.counts = 0, m.counts[:0]
	m.b.WriteString("\n")
	if len(lines) > 0 && lines[0].heading() && !s.Collapsed() {
		m.heading(lines[0])
		lines = lines[1:]
	} else {
		level := 3
		if len(lines) > 0 && lines[0].heading() {
			level = mdLevel(lines[0].block().heading())
		}
		m.b.WriteString(strings.Repeat("#", level) + " ")
		m.text(s.Heading(m.l), false)
		m.b.WriteString("\n")
	}
	m.b.WriteString("\n")
	m.italic(s.Summary(m.l))
	m.b.WriteString("\n")
	m.end()
	if s.Collapsed() {
		return
	}
	m.lines(lines)
	for _, f := range s.notes {
		for i, ln := range f.lines {
			m.b.WriteString("\n*(")
			if i == 0 {
				m.text(f.label(m.l)+" ", false)
			}
			m.runs(ln.runs, false)
			m.notes(ln.notes, false)
			m.b.WriteString(")*\n")
			m.end()
		}
	}
}

// mdLevel is the Markdown heading level for a heading of the policy: one
// below the text's own title (2), so that sections keep their nesting.
func mdLevel(h int) int { return min(max(h, 2)+1, 6) }

func (m *mdWriter) heading(ln line) {
	m.b.WriteString(strings.Repeat("#", mdLevel(ln.block().heading())) + " ")
	m.runs(ln.runs, false)
	m.notes(ln.notes, false)
	m.b.WriteString("\n")
}

// lines writes the blocks of a section, each a chunk; a table's first row
// is one with its header.
func (m *mdWriter) lines(lines []line) {
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		b := ln.block()
		switch {
		case b.row():
			j := i + 1
			for j < len(lines) && lines[j].block().row() {
				j++
			}
			m.table(lines[i:j])
			i = j - 1
		case b.heading() > 0:
			m.depth, m.counts = 0, m.counts[:0]
			m.b.WriteString("\n")
			m.heading(ln)
			m.end()
		case b.Depth > 0:
			m.item(ln, b)
		default:
			m.depth, m.counts = 0, m.counts[:0]
			m.b.WriteString("\n")
			m.runs(ln.runs, true)
			m.notes(ln.notes, false)
			m.b.WriteString("\n")
			m.end()
		}
	}
}

// item writes a block inside a list. Every item takes a bullet, and an
// ordered list's number as text after it: Markdown would number the items
// itself, in a row, where the diff shows each with its number in its own
// revision. A list is never deeper than the one around it plus one, so
// that no indentation becomes a code block.
func (m *mdWriter) item(ln line, b *Block) {
	m.counts = m.counts[:min(len(m.counts), b.Depth)]
	for len(m.counts) < b.Depth {
		m.counts = append(m.counts, counter{})
	}
	if !b.Item {
		// A further paragraph of an item, indented as its text is.
		depth := min(b.Depth, m.depth)
		m.b.WriteString("\n" + strings.Repeat("  ", depth))
		m.runs(ln.runs, true)
		m.notes(ln.notes, false)
		m.b.WriteString("\n")
		m.end()
		m.depth = depth
		return
	}
	depth := min(b.Depth, m.depth+1)
	if m.depth == 0 {
		m.b.WriteString("\n")
	}
	m.b.WriteString(strings.Repeat("  ", depth-1) + "- ")
	start := true
	if b.List == "ol" {
		m.b.WriteString(strconv.Itoa(m.counts[b.Depth-1].next(&ln)) + `\. `)
		start = false
	}
	m.runs(ln.runs, start)
	m.notes(ln.notes, false)
	m.b.WriteString("\n")
	m.end()
	m.depth = depth
}

// table writes table rows as a GFM table as wide as its widest row, so
// that no cell is dropped. Its first row is its header if all its cells
// are header cells; else the header is empty.
func (m *mdWriter) table(rows []line) {
	m.depth, m.counts = 0, m.counts[:0]
	n := 1
	for _, r := range rows {
		n = max(n, len(r.cells))
	}
	m.b.WriteString("\n")
	header := len(rows[0].cells) > 0
	for _, c := range rows[0].cells {
		header = header && c.header
	}
	if header {
		m.row(rows[0], n)
		rows = rows[1:]
	} else {
		m.b.WriteString("|" + strings.Repeat("  |", n) + "\n")
	}
	m.b.WriteString("|" + strings.Repeat(" --- |", n) + "\n")
	if len(rows) > 0 {
		m.row(rows[0], n)
		rows = rows[1:]
	}
	m.end()
	for _, r := range rows {
		m.row(r, n)
		m.end()
	}
}

func (m *mdWriter) row(ln line, n int) {
	m.b.WriteString("|")
	for i, c := range ln.cells {
		m.b.WriteString(" ")
		m.runs(c.runs, false)
		if i == len(ln.cells)-1 {
			m.notes(ln.notes, true)
		}
		m.b.WriteString(" |")
	}
	m.b.WriteString(strings.Repeat("  |", n-len(ln.cells)))
	m.b.WriteString("\n")
}

// runs writes the text of a line: deleted text in <del>, inserted text in
// <ins>. Text that moved with its section stands as it is: the section's
// label says where it came from. start says the text begins a block.
func (m *mdWriter) runs(runs []run, start bool) {
	for _, r := range runs {
		if r.text == "" {
			continue
		}
		open, close := "", ""
		switch r.op {
		case opInsert:
			open, close = "<ins>", "</ins>"
		case opDelete, opMovedDropped, opLostAway, opMovedAway:
			open, close = "<del>", "</del>"
		}
		m.b.WriteString(open)
		start = m.text(r.text, start)
		m.b.WriteString(close)
	}
}

// notes writes what the text does not show, in brackets and italics; a
// link's target as code. In a table a | in the code is escaped.
func (m *mdWriter) notes(notes []note, table bool) {
	label := func(s string) string {
		var t mdWriter
		t.text(s, false)
		return t.b.String()
	}
	target := func(s string) string {
		var b strings.Builder
		writeCode(&b, s, table)
		return b.String()
	}
	for _, n := range notes {
		m.b.WriteString(" *(")
		m.b.WriteString(n.text(m.l, label, target, label))
		m.b.WriteString(")*")
	}
}

// italic writes a line of text in italics.
func (m *mdWriter) italic(s string) {
	m.b.WriteString("*")
	m.text(strings.TrimSpace(s), false)
	m.b.WriteString("*")
}

// text writes s so that Markdown shows it as it is. Everywhere, the
// characters that start Markdown's inline elements, GFM's tables,
// strikethrough and math, and HTML are escaped, and a word joiner breaks
// each mention, reference and bare link GitHub or GitLab would make.
// Where start says s begins a block, also what would make the block a
// list, a heading or the like is escaped, and leading spaces (which would
// make it code) are dropped. It reports whether the writer is still at
// the block's start: s held nothing but spaces.
func (m *mdWriter) text(s string, start bool) bool {
	b := &m.b
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		rest := s[i+size:]
		if start {
			if unicode.IsSpace(r) {
				i += size
				continue
			}
			start = false
			if r == '-' || r == '+' || r == '=' {
				b.WriteByte('\\')
				b.WriteRune(r)
				i += size
				continue
			}
			// A number followed by . or ) starts an ordered list.
			if j := strings.IndexFunc(s[i:], func(c rune) bool { return c < '0' || c > '9' }); j > 0 && (s[i+j] == '.' || s[i+j] == ')') {
				b.WriteString(s[i : i+j])
				b.WriteByte('\\')
				b.WriteByte(s[i+j])
				i += j + 1
				continue
			}
		}
		i += size
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
			joinBefore(b, rest, isDigit) // a GitLab epic, &12
		case '\\', '`', '*', '_', '[', ']', '|', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
			if r == '[' {
				joinBefore(b, rest, func(c rune) bool { return c == '+' || c == '-' }) // GitLab's inline diff, [-text-]
			}
		case '#':
			b.WriteString(`\#`)
			joinBefore(b, rest, isDigit) // an issue, #12
		case '!':
			b.WriteByte('!')
			joinBefore(b, rest, isDigit) // a GitLab merge request, !12
		case '@':
			b.WriteByte('@')
			joinBefore(b, rest, func(c rune) bool { return isDigit(c) || unicode.IsLetter(c) || c == '_' }) // a mention, or an e-mail address as a link
		case '{':
			b.WriteByte('{')
			joinBefore(b, rest, func(c rune) bool { return c == '+' || c == '-' }) // GitLab's inline diff, {+text+}
		case ':':
			b.WriteByte(':')
			if strings.HasPrefix(rest, "//") {
				b.WriteString(wordJoiner) // a link, https://…
			}
		case 'w', 'W':
			b.WriteRune(r)
			if len(rest) >= 3 && strings.EqualFold(s[i-size:i+3], "www.") {
				b.WriteString(rest[:2] + wordJoiner) // a link, www.…
				i += 2
			}
		case 'G':
			b.WriteByte('G')
			if len(rest) >= 3 && rest[0] == 'H' && rest[1] == '-' && isDigit(rune(rest[2])) {
				b.WriteString("H" + wordJoiner) // a GitHub issue, GH-12
				i++
			}
		case utf8.RuneError:
			b.WriteString("\uFFFD")
		default:
			if r < ' ' || r == 0x7f {
				b.WriteByte(' ') // a line break would end the block
				continue
			}
			b.WriteRune(r)
		}
	}
	return start
}

// joinBefore writes a word joiner if rest begins with a character that
// is.
func joinBefore(b *strings.Builder, rest string, is func(rune) bool) {
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && is(r) {
		b.WriteString(wordJoiner)
	}
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// writeCode writes s as a code span, which shows it as it is and makes no
// link, mention or reference of it. In a table a | must still be escaped,
// even in code.
func writeCode(b *strings.Builder, s string, table bool) {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if table {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	// A space either side is dropped by Markdown; it keeps a backtick at
	// an end from joining the fence.
	pad := s == "" || s[0] == '`' || s[len(s)-1] == '`' || s[0] == ' ' || s[len(s)-1] == ' '
	b.WriteString(fence)
	if pad {
		b.WriteByte(' ')
	}
	b.WriteString(s)
	if pad {
		b.WriteByte(' ')
	}
	b.WriteString(fence)
}
