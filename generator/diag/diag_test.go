package diag

import (
	"errors"
	"fmt"
	"testing"

	"policysite/generator/msg"
)

// text is s as a message that passes its words on as they are.
func text(s string) msg.Text { return msg.T("text.verbatim", s) }

// The two lines of a diagnostic: build's, without the level and without
// a line 0; check's, with the level in the reader's language and a line 0
// placed on the first.
func TestLines(t *testing.T) {
	missing := Diagnostic{File: "content/personvern/2026-12-26.md", Line: 3, Level: Error,
		Message: msg.T("revision.key.missing", "summary"), Fix: msg.T("revision.key.missing.fix", "summary", msg.T("revision.summary.missing.fix"))}
	for _, tt := range []struct {
		d             Diagnostic
		lang          msg.Lang
		in, withLevel string
	}{
		{missing, msg.Bokmal,
			"content/personvern/2026-12-26.md:3: summary mangler — legg til summary: med hva som endres for leseren, og hvorfor, med vanlige ord",
			"content/personvern/2026-12-26.md:3: feil: summary mangler — legg til summary: med hva som endres for leseren, og hvorfor, med vanlige ord"},
		{Diagnostic{File: "site.yaml", Level: Error, Message: text("baseURL is missing")}, msg.English,
			"site.yaml: baseURL is missing",
			"site.yaml:1: error: baseURL is missing"},
		{Diagnostic{File: "a.md", Line: 2, Level: Warning, Message: text("empty"), Fix: text("fill it")}, msg.Bokmal,
			"a.md:2: empty — fill it",
			"a.md:2: advarsel: empty — fill it"},
	} {
		if got := tt.d.In(tt.lang); got != tt.in {
			t.Errorf("In = %q, want %q", got, tt.in)
		}
		if got := tt.d.WithLevel(tt.lang); got != tt.withLevel {
			t.Errorf("WithLevel = %q, want %q", got, tt.withLevel)
		}
	}
}

// A List sorts by file and line, keeping the order of those at the same
// line; it is an error of one line a diagnostic, and Err is nil only for
// an empty one.
func TestList(t *testing.T) {
	l := List{
		{File: "b.md", Line: 1, Level: Error, Message: text("b1")},
		{File: "a.md", Line: 9, Level: Error, Message: text("a9")},
		{File: "a.md", Line: 2, Level: Error, Message: text("a2 first")},
		{File: "a.md", Line: 2, Level: Warning, Message: text("a2 second")},
		{File: "a.md", Level: Error, Message: text("a")},
	}
	l.Sort()
	want := "a.md: a\na.md:2: a2 first\na.md:2: a2 second\na.md:9: a9\nb.md:1: b1"
	if got := l.Error(); got != want {
		t.Errorf("sorted:\n%s\nwant:\n%s", got, want)
	}
	var back List
	if err := fmt.Errorf("loading: %w", l.Err()); !errors.As(err, &back) || len(back) != len(l) {
		t.Errorf("errors.As(%v) = %v", err, back)
	}
	if err := List(nil).Err(); err != nil {
		t.Errorf("an empty list's Err() = %v, want nil", err)
	}
}
