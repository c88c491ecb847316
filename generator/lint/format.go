package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// A Report is a finding written out in one language, for check --format
// json: the message's ID beside its words, for a machine to go by.
type Report struct {
	File    string     `json:"file"`
	Line    int        `json:"line"`
	Level   diag.Level `json:"level"`
	ID      string     `json:"id"`
	Message string     `json:"message"`
	Fix     string     `json:"fix,omitempty"`
}

// NewReport is f in lang.
func NewReport(f diag.Diagnostic, lang msg.Lang) Report {
	return Report{File: f.File, Line: f.Line, Level: f.Level, ID: f.Message.ID, Message: f.Message.In(lang), Fix: f.Fix.In(lang)}
}

// WriteGitHub writes findings as GitHub Actions workflow commands, one a
// line, so that a workflow step that runs check shows each as an
// annotation on its file and line:
//
//	::error file=content/personvern/2026-12-26.md,line=3,title=policysite::summary is … — write …
//
// A warning is a ::warning. A finding with no line (0) has no line=, and
// is shown on the file. The text of a finding, in lang, comes from the
// content, so it is escaped as GitHub asks: a newline in it cannot end
// the command and start another. The command's words stay GitHub's.
func WriteGitHub(w io.Writer, findings diag.List, lang msg.Lang) error {
	var b strings.Builder
	for _, f := range findings {
		b.WriteString("::")
		if f.Level == diag.Error {
			b.WriteString("error")
		} else {
			b.WriteString("warning")
		}
		b.WriteString(" file=")
		b.WriteString(githubProperty(f.File))
		if f.Line > 0 {
			b.WriteString(",line=")
			b.WriteString(strconv.Itoa(f.Line))
		}
		b.WriteString(",title=policysite::")
		b.WriteString(githubData(f.Text(lang)))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// githubData escapes a workflow command's message: % first, so that an
// escape already in the text stays text.
var githubData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// githubProperty escapes a workflow command's property value, which ends
// at a comma and, for the last one, at the "::" before the message.
var githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace

// A codeQualityIssue is one issue of a GitLab Code Quality report, the
// part of the Code Climate issue that GitLab reads.
type codeQualityIssue struct {
	Description string              `json:"description"`
	CheckName   string              `json:"check_name"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"`
	Location    codeQualityLocation `json:"location"`
}

type codeQualityLocation struct {
	Path  string `json:"path"`
	Lines struct {
		Begin int `json:"begin"`
	} `json:"lines"`
}

// WriteCodeQuality writes findings as a GitLab Code Quality report: a JSON
// array of issues (an empty one for no findings), for a job's
// artifacts:reports:codequality, so that a merge request shows each
// finding on its file and line. An error is a major issue, a warning a
// minor one; a finding with no line is placed on the file's first.
//
// GitLab tells the issues of two pipelines apart by their fingerprints:
// each is the SHA-256 of the finding's file, line and message, which the
// same finding in the next run shares, and two findings alike in all
// three are told apart by their order. The message is taken in English,
// whatever lang the descriptions are in, so that a finding keeps its
// fingerprint when the language of the messages changes.
func WriteCodeQuality(w io.Writer, findings diag.List, lang msg.Lang) error {
	issues := make([]codeQualityIssue, 0, len(findings))
	seen := map[string]int{}
	for _, f := range findings {
		key := fmt.Sprintf("%s\x00%d\x00%s", f.File, f.Line, f.Message.In(msg.English))
		if n := seen[key]; n > 0 {
			seen[key]++
			key += fmt.Sprintf("\x00%d", n)
		} else {
			seen[key] = 1
		}
		sum := sha256.Sum256([]byte(key))
		is := codeQualityIssue{
			Description: f.Text(lang),
			CheckName:   "policysite",
			Fingerprint: hex.EncodeToString(sum[:]),
			Severity:    "minor",
		}
		if f.Level == diag.Error {
			is.Severity = "major"
		}
		is.Location.Path = f.File
		is.Location.Lines.Begin = max(f.Line, 1)
		issues = append(issues, is)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // a report, not a page: "<" stays readable
	return enc.Encode(issues)
}
