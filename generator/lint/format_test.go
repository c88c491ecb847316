package lint

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/format")

// formatCases are the findings each writer is tested on. Their text comes
// from the content, which anyone who edits a revision writes: a message
// may hold what a CI host would read as its own syntax.
var formatCases = []struct {
	name     string
	findings diag.List
}{
	{"none", nil},
	{"levels", diag.List{
		{File: "content/personvern/2026-12-26.md", Line: 3, Level: diag.Error, Message: text("summary is still the placeholder that policysite new wrote"), Fix: text("write what changes for the reader")},
		{File: "content/personvern/2026-12-26.md", Line: 14, Level: diag.Warning, Message: text(`heading level 4 follows level 2 ("2 Rettigheter"): a level is skipped`), Fix: text(`use ### for a subsection of "2 Rettigheter"`)},
		{File: "site.yaml", Level: diag.Error, Message: text("baseURL is missing")},
	}},
	{"hostile", diag.List{
		{File: "content/a,b:c/2026-01-01.md", Line: 2, Level: diag.Error,
			Message: text("50% done\n::error file=x.md,line=1::forged\r\nand %0A is text, as is ::warning::"),
			Fix:     text("a, b: c :: d")},
		{File: "content/%41.md", Line: 1, Level: diag.Warning, Message: text("same"), Fix: text("first")},
		{File: "content/%41.md", Line: 1, Level: diag.Warning, Message: text("same"), Fix: text("second")},
		{File: "content/<b>.md", Line: 0, Level: diag.Warning, Message: text(`<script>alert("&")</script>`)},
	}},
}

// text is s as a message that passes its words on as they are.
func text(s string) msg.Text { return msg.T("text.verbatim", s) }

// A finding in bokmål keeps its file and line and its shape; the text
// formats name the level in bokmål, the machine formats in their own
// words, and a GitLab fingerprint does not change with the language.
func TestFindingInBokmal(t *testing.T) {
	f := diag.Diagnostic{File: "content/personvern/2026-12-26.md", Line: 3, Level: diag.Error,
		Message: msg.T("revision.key.missing", "summary"), Fix: msg.T("revision.key.missing.fix", "summary", msg.T("revision.summary.missing.fix"))}
	if got, want := f.WithLevel(msg.Bokmal), "content/personvern/2026-12-26.md:3: feil: summary mangler — legg til summary: med hva som endres for leseren, og hvorfor, med vanlige ord"; got != want {
		t.Errorf("WithLevel(Bokmal) = %q, want %q", got, want)
	}
	if r := NewReport(f, msg.Bokmal); r.Level != diag.Error || r.ID != "revision.key.missing" || r.Message != "summary mangler" {
		t.Errorf("NewReport(f, Bokmal) = %+v", r)
	}
	var gh bytes.Buffer
	if err := WriteGitHub(&gh, diag.List{f}, msg.Bokmal); err != nil || !strings.HasPrefix(gh.String(), "::error file=content/personvern/2026-12-26.md,line=3,title=policysite::summary mangler — ") {
		t.Errorf("WriteGitHub in bokmål: %q, %v", gh.String(), err)
	}
	var en, nb bytes.Buffer
	if WriteCodeQuality(&en, diag.List{f}, msg.English) != nil || WriteCodeQuality(&nb, diag.List{f}, msg.Bokmal) != nil {
		t.Fatal("WriteCodeQuality failed")
	}
	var ie, in []codeQualityIssue
	if json.Unmarshal(en.Bytes(), &ie) != nil || json.Unmarshal(nb.Bytes(), &in) != nil || len(ie) != 1 || len(in) != 1 {
		t.Fatalf("not a report:\n%s\n%s", en.String(), nb.String())
	}
	if ie[0].Fingerprint != in[0].Fingerprint || in[0].Severity != "major" || !strings.HasPrefix(in[0].Description, "summary mangler") {
		t.Errorf("the report in bokmål: %+v, in English: %+v", in[0], ie[0])
	}
}

// TestWriteFormats writes each case as GitHub workflow commands and as a
// GitLab Code Quality report and compares them with testdata/format;
// go test -update rewrites those.
func TestWriteFormats(t *testing.T) {
	writers := []struct {
		ext   string
		write func(*bytes.Buffer, diag.List) error
	}{
		{"github", func(b *bytes.Buffer, fs diag.List) error { return WriteGitHub(b, fs, msg.English) }},
		{"json", func(b *bytes.Buffer, fs diag.List) error { return WriteCodeQuality(b, fs, msg.English) }},
	}
	for _, tt := range formatCases {
		for _, w := range writers {
			t.Run(tt.name+"."+w.ext, func(t *testing.T) {
				var got bytes.Buffer
				if err := w.write(&got, tt.findings); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "format", tt.name+"."+w.ext)
				if *update {
					if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if got.String() != string(want) {
					t.Errorf("differs from %s (go test -update rewrites it; review it):\n--- got\n%s--- want\n%s", golden, got.String(), want)
				}
			})
		}
	}
}

// Each finding is one workflow command: one line, of the finding's level,
// whose properties end where GitHub ends them, and whose message, once
// unescaped, is the finding's text.
func TestWriteGitHubParses(t *testing.T) {
	for _, tt := range formatCases {
		var b bytes.Buffer
		if err := WriteGitHub(&b, tt.findings, msg.English); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(tt.findings) == 0 {
			if b.Len() != 0 {
				t.Errorf("%s: got %q, want nothing", tt.name, b.String())
			}
			continue
		}
		if len(lines) != len(tt.findings) {
			t.Fatalf("%s: %d lines for %d findings:\n%s", tt.name, len(lines), len(tt.findings), b.String())
		}
		unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace
		for i, l := range lines {
			f := tt.findings[i]
			cmd, message, ok := strings.Cut(strings.TrimPrefix(l, "::"), "::")
			if !ok {
				t.Fatalf("%s: no message in %q", tt.name, l)
			}
			name, props, _ := strings.Cut(cmd, " ")
			if want := map[diag.Level]string{diag.Error: "error", diag.Warning: "warning"}[f.Level]; name != want {
				t.Errorf("%s: command %q, want %q", tt.name, name, want)
			}
			got := map[string]string{}
			for _, p := range strings.Split(props, ",") {
				k, v, _ := strings.Cut(p, "=")
				got[k] = unescape(v)
			}
			if got["file"] != f.File || got["title"] != "policysite" {
				t.Errorf("%s: properties %q, want file %q and title policysite", tt.name, got, f.File)
			}
			if _, has := got["line"]; has != (f.Line > 0) {
				t.Errorf("%s: properties %q for line %d", tt.name, got, f.Line)
			}
			if got := unescape(message); got != f.Text(msg.English) {
				t.Errorf("%s: message %q, want %q", tt.name, got, f.Text(msg.English))
			}
		}
	}
}

// The report is JSON GitLab reads: an array, every issue with the fields
// it needs, a line of at least 1, and a fingerprint no other issue has.
func TestWriteCodeQualityParses(t *testing.T) {
	for _, tt := range formatCases {
		var b bytes.Buffer
		if err := WriteCodeQuality(&b, tt.findings, msg.English); err != nil {
			t.Fatal(err)
		}
		var issues []struct {
			Description string
			CheckName   string `json:"check_name"`
			Fingerprint string
			Severity    string
			Location    struct {
				Path  string
				Lines struct{ Begin int }
			}
		}
		dec := json.NewDecoder(&b)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&issues); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if issues == nil || len(issues) != len(tt.findings) {
			t.Fatalf("%s: %d issues (nil: %t) for %d findings", tt.name, len(issues), issues == nil, len(tt.findings))
		}
		seen := map[string]bool{}
		for i, is := range issues {
			f := tt.findings[i]
			if is.Description != f.Text(msg.English) || is.CheckName != "policysite" || is.Location.Path != f.File || is.Location.Lines.Begin < 1 {
				t.Errorf("%s: issue %+v for %+v", tt.name, is, f)
			}
			if want := map[diag.Level]string{diag.Error: "major", diag.Warning: "minor"}[f.Level]; is.Severity != want {
				t.Errorf("%s: severity %q, want %q", tt.name, is.Severity, want)
			}
			if seen[is.Fingerprint] {
				t.Errorf("%s: fingerprint %s twice", tt.name, is.Fingerprint)
			}
			seen[is.Fingerprint] = true
		}
	}
}
