package content

import (
	"fmt"
	"sort"
	"strings"
)

// A Diagnostic is one problem in a site's content, tied to a file and line.
type Diagnostic struct {
	File    string // path of the file, as reached from the source folder given
	Line    int    // 1-based; 0 when the problem is the file as a whole
	Message string // what is wrong
	Fix     string // how to fix it
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
	}
	b.WriteString(": ")
	b.WriteString(d.Message)
	if d.Fix != "" {
		b.WriteString(" — ")
		b.WriteString(d.Fix)
	}
	return b.String()
}

// Errors is every problem found in a site, sorted by file and line. It is
// returned as an error so that callers can tell content errors (exit status
// 1) from other failures.
type Errors []Diagnostic

func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, d := range e {
		lines[i] = d.String()
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

func (d diags) add(line int, msg, fix string) {
	*d.list = append(*d.list, Diagnostic{File: d.file, Line: line, Message: msg, Fix: fix})
}
