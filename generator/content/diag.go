package content

import (
	"fmt"
	"sort"
	"strings"

	"policysite/generator/msg"
)

// A Diagnostic is one problem in a site's content, tied to a file and line.
// Its words are messages of the catalogue, put into the reader's language
// where it is shown.
type Diagnostic struct {
	File    string   // path of the file, as reached from the source folder given
	Line    int      // 1-based; 0 when the problem is the file as a whole
	Message msg.Text // what is wrong
	Fix     msg.Text // how to fix it; the zero Text for none
}

// String is the diagnostic in English.
func (d Diagnostic) String() string { return d.In(msg.English) }

// In is the diagnostic as one line in lang: file:line: message — fix.
func (d Diagnostic) In(lang msg.Lang) string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
	}
	b.WriteString(": ")
	b.WriteString(d.Message.In(lang))
	if !d.Fix.IsZero() {
		b.WriteString(" — ")
		b.WriteString(d.Fix.In(lang))
	}
	return b.String()
}

// Errors is every problem found in a site, sorted by file and line. It is
// returned as an error so that callers can tell content errors (exit status
// 1) from other failures.
type Errors []Diagnostic

func (e Errors) Error() string { return e.In(msg.English) }

// In is every diagnostic in lang, one a line.
func (e Errors) In(lang msg.Lang) string {
	lines := make([]string, len(e))
	for i, d := range e {
		lines[i] = d.In(lang)
	}
	return strings.Join(lines, "\n")
}

// Sort orders the diagnostics by file and line.
func (e Errors) Sort() {
	sort.SliceStable(e, func(i, j int) bool {
		if e[i].File != e[j].File {
			return e[i].File < e[j].File
		}
		return e[i].Line < e[j].Line
	})
}

// diags collects diagnostics for one file.
type diags struct {
	file string
	list *Errors
}

func (d diags) add(line int, m, fix msg.Text) {
	*d.list = append(*d.list, Diagnostic{File: d.file, Line: line, Message: m, Fix: fix})
}
