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
// [<text>], each in colour when asked. Unchanged sections take one line.
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
		for _, ln := range s.lines {
			p.line(ln, l)
		}
		p.printf("\n")
	}
	p.printf("%s\n", fmt.Sprintf(l.Words, d.Stats.Inserted, d.Stats.Deleted))
	if d.Degraded {
		p.printf("%s\n", l.Degraded)
	}
	return p.err
}

type textWriter struct {
	w     io.Writer
	color bool
	err   error
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
var marks = map[Kind]string{Unchanged: "=", Changed: "~", Added: "+", Removed: "-", Moved: ">", MovedAway: "<"}

func (p *textWriter) header(s *Section, l Labels) {
	var label string
	switch s.Kind {
	case Unchanged:
		label = fmt.Sprintf(l.Unchanged, title(s, l))
	case Changed, Added, Removed:
		label = title(s, l) + ": " + s.changeLabel(l)
	case Moved:
		label = title(s, l) + ": " + fmt.Sprintf(l.MovedHere, s.oldTitle(l))
	case MovedAway:
		label = fmt.Sprintf(l.MovedAway, title(s, l))
	}
	if s.Listed() && s.Edited() {
		label += " (" + fmt.Sprintf(l.Words, s.Inserted, s.Deleted) + ")"
	}
	code := ansiBold
	if s.Kind == Unchanged || s.Kind == MovedAway {
		code = ansiDim
	}
	p.printf("%s\n", p.paint(code, marks[s.Kind]+" "+label))
}

func (p *textWriter) line(ln line, l Labels) {
	var b strings.Builder
	if len(ln.tag) == 2 && ln.tag[0] == 'h' {
		b.WriteString(strings.Repeat("#", int(ln.tag[1]-'0')) + " ")
	} else if ln.tag == "li" {
		b.WriteString("• ")
	}
	for _, r := range ln.runs {
		switch r.op {
		case opEqual:
			b.WriteString(r.text)
		case opInsert:
			b.WriteString(p.paint(ansiGreen, "{+"+r.text+"+}"))
		case opDelete, opMovedDropped:
			b.WriteString(p.paint(ansiRed, "[-"+r.text+"-]"))
		case opMoved:
			b.WriteString(p.paint(ansiCyan, "{>"+r.text+"<}"))
		case opMovedAway:
			b.WriteString(p.paint(ansiCyan, "[<"+r.text+">]"))
		}
	}
	for _, n := range ln.notes {
		b.WriteString(" " + p.paint(ansiDim, "("+fmt.Sprintf(l.LinkChanged, n.old, n.new)+")"))
	}
	p.printf("%s\n", b.String())
}
