// Package diag is a problem tied to a file and a line (Diagnostic), and a
// list of them (List), as go/scanner has Error and ErrorList. Content
// errors, the lint's findings, verify's differences and the trusted
// timestamps' errors are all Diagnostics: build refuses a List of errors,
// and check writes every Diagnostic with its level.
//
// Its words are messages of the catalogue (package msg), put into the
// reader's language only where they are shown.
package diag

import (
	"fmt"
	"sort"
	"strings"

	"policysite/generator/msg"
)

// A Level says whether a diagnostic stops a build (Error) or is advice
// (Warning). Its values are the words of check's machine formats (JSON,
// GitHub's, GitLab's), which stay as they are whatever the language of the
// text.
//
// Every diagnostic is made with its level; the zero Level is neither, and
// check would count it as a warning. Content's errors, the trusted
// timestamps' and verify's differences are Errors; what the record allows
// but an editor should know (content.Day.Warnings) and the lint's findings
// are Warnings.
type Level string

// The levels of a diagnostic.
const (
	Error   Level = "error"
	Warning Level = "warning"
)

// A Diagnostic is one problem, at a file and line.
type Diagnostic struct {
	File    string   // path of the file, as reached from the source folder given
	Line    int      // 1-based; 0 when the problem is the file as a whole
	Level   Level    // Error or Warning
	Message msg.Text // what is wrong
	Fix     msg.Text // how to fix it; the zero Text for none
}

// String is the diagnostic in English, as In writes it.
func (d Diagnostic) String() string { return d.In(msg.English) }

// In is the diagnostic as one line in lang, as build writes a content
// error: file:line: message — fix, without the level (build stops on
// errors only), and without the line when it is 0.
func (d Diagnostic) In(lang msg.Lang) string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
	}
	b.WriteString(": ")
	b.WriteString(d.Text(lang))
	return b.String()
}

// WithLevel is the diagnostic as one line in lang, as check writes it:
// file:line: level: message — fix, the level in lang's word too. A
// problem with the file as a whole is placed on its first line.
func (d Diagnostic) WithLevel(lang msg.Lang) string {
	level := msg.T("diag.level.warning")
	if d.Level == Error {
		level = msg.T("diag.level.error")
	}
	return fmt.Sprintf("%s:%d: %s: %s", d.File, max(d.Line, 1), level.In(lang), d.Text(lang))
}

// Text is the diagnostic's message and, if it has one, its fix, in lang:
// what In writes after the file and line, and a CI host beside the file.
func (d Diagnostic) Text(lang msg.Lang) string {
	if d.Fix.IsZero() {
		return d.Message.In(lang)
	}
	return d.Message.In(lang) + " — " + d.Fix.In(lang)
}

// A List is a number of diagnostics, usually sorted by file and line. It
// is an error, so that a List of content errors comes back from a load or
// a build as its error, and callers can tell content errors (exit status
// 1) from other failures with errors.As.
type List []Diagnostic

// Error is the list in English, one diagnostic a line (In).
func (l List) Error() string { return l.In(msg.English) }

// In is every diagnostic in lang, one a line, as Diagnostic.In writes it.
func (l List) In(lang msg.Lang) string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.In(lang)
	}
	return strings.Join(lines, "\n")
}

// Sort orders the diagnostics by file and line, keeping the order of those
// at the same line.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		return l[i].Line < l[j].Line
	})
}

// Err is the list as an error: nil when it is empty, so that a function
// returning an error can return l.Err() and not an empty List, which is
// an error that is not nil.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
