package main

import (
	"bytes"
	"strings"
	"testing"
)

// The progress line shows long stages only, on one line, and is cleared.
func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf}
	p.report("render", 1, 5) // too short a stage to show
	if buf.Len() != 0 {
		t.Fatalf("a short stage was shown: %q", buf.String())
	}
	p.report("render", 1, 52)
	p.report("render", 52, 52)
	p.report("pages", 160, 160)
	p.clear()
	out := buf.String()
	for _, want := range []string{"\rRendering revisions: 1 of 52", "\rRendering revisions: 52 of 52", "\rComparing revisions and making pages: 160 of 160", "\r\x1b[K"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in %q", want, out)
		}
	}
	if strings.Contains(out, "\n") {
		t.Errorf("the progress took more than one line: %q", out)
	}
}
