package diff

import (
	"fmt"
	"io"
	"strings"
)

// TextOptions tune WriteText.
type TextOptions struct {
	Color bool // ANSI colours, for a terminal
	Stat  bool // the summary of sections only
}

const (
	ansiReset = "\x1b[0m"
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
	ansiCyan  = "\x1b[36m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

// WriteText writes the diff for a terminal, from the same model as HTML:
// deletions as [-text-], insertions as {+text+}, moved text as {>text<} and
// [<text>], notes in brackets, each in colour when asked. A section's first
// line is its heading and label, for a changed one its line in the page's
// summary (Summary); a section the page collapses (Collapsed) takes that
// line only. It ends with the totals and the sections' counts, as the
// page's summary has them.
func (d *Diff) WriteText(w io.Writer, l Labels, opts TextOptions) error {
	p := &textWriter{w: w, color: opts.Color}
	for i := range d.Sections {
		s := &d.Sections[i]
		if opts.Stat && !s.Listed() {
			continue
		}
		p.header(s, l)
		if opts.Stat || s.Collapsed() {
			continue
		}
		p.counts = p.counts[:0]
		for _, ln := range s.lines {
			p.line(ln, l)
		}
		for _, f := range s.notes {
			for i, ln := range f.lines {
				text := p.runs(ln.runs) + p.notes(ln.notes, l)
				if i == 0 {
					text = f.label(l) + " " + text
				}
				p.printf("  %s%s%s\n", p.paint(ansiDim, "("), text, p.paint(ansiDim, ")"))
			}
		}
		p.printf("\n")
	}
	if d.Stats.Any() {
		p.printf("%s.\n", d.Total(l))
		if s := d.SectionCounts(l); s != "" {
			p.printf("%s\n", s)
		}
	} else {
		p.printf("%s\n", l.Same)
	}
	if d.Degraded {
		p.printf("%s\n", l.Degraded)
	}
	return p.err
}

type textWriter struct {
	w      io.Writer
	color  bool
	err    error
	counts []counter // of the lists the last line was in
}

func (p *textWriter) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *textWriter) paint(code, s string) string {
	if !p.color {
		return s
	}
	return code + s + ansiReset
}

// marks begin a section's line in the terminal, by its kind.
var marks = map[Kind]string{Unchanged: "=", Changed: "~", Added: "+", Removed: "-", Split: "+", Merged: "-", Moved: ">", MovedAway: "<"}

func (p *textWriter) header(s *Section, l Labels) {
	label := s.Heading(l) + ": " + s.Summary(l)
	if s.Kind == Unchanged || s.Kind == MovedAway {
		label = s.Label(l)
	}
	code := ansiBold
	if s.Kind == Unchanged || s.Kind == MovedAway {
		code = ansiDim
	}
	p.printf("%s\n", p.paint(code, marks[s.Kind]+" "+label))
}

func (p *textWriter) line(ln line, l Labels) {
	var b strings.Builder
	blk := ln.block()
	switch {
	case blk.heading() > 0:
		b.WriteString(strings.Repeat("#", blk.heading()) + " ")
	case blk.Depth > 0:
		p.counts = p.counts[:min(len(p.counts), blk.Depth)]
		for len(p.counts) < blk.Depth {
			p.counts = append(p.counts, counter{})
		}
		b.WriteString(strings.Repeat("  ", blk.Depth-1))
		switch {
		case !blk.Item:
			b.WriteString("  ")
		case blk.List == "ol":
			fmt.Fprintf(&b, "%d. ", p.counts[blk.Depth-1].next(&ln))
		default:
			b.WriteString("• ")
		}
	default:
		p.counts = p.counts[:0]
	}
	if blk.row() {
		b.WriteString("|")
		for _, c := range ln.cells {
			b.WriteString(" " + p.runs(c.runs) + " |")
		}
	} else {
		b.WriteString(p.runs(ln.runs))
	}
	b.WriteString(p.notes(ln.notes, l))
	p.printf("%s\n", b.String())
}

func (p *textWriter) runs(runs []run) string {
	var b strings.Builder
	for _, r := range runs {
		switch r.op {
		case opEqual:
			b.WriteString(r.text)
		case opInsert:
			b.WriteString(p.paint(ansiGreen, "{+"+r.text+"+}"))
		case opDelete, opMovedDropped, opLostAway:
			b.WriteString(p.paint(ansiRed, "[-"+r.text+"-]"))
		case opMoved:
			b.WriteString(p.paint(ansiCyan, "{>"+r.text+"<}"))
		case opMovedAway:
			b.WriteString(p.paint(ansiCyan, "[<"+r.text+">]"))
		}
	}
	return b.String()
}

func (p *textWriter) notes(notes []note, l Labels) string {
	var b strings.Builder
	keep := func(s string) string { return s }
	for _, n := range notes {
		b.WriteString(" " + p.paint(ansiDim, "("+n.text(l, keep, keep, keep)+")"))
	}
	return b.String()
}
