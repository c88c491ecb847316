package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"policysite/generator/msg"
)

// Reason says why a revision was made; it drives notices and wording.
type Reason string

// The reasons of the content contract.
const (
	ReasonProcessing Reason = "processing" // the processing of personal data changed (§8 a)
	ReasonLegal      Reason = "legal"      // the law changed (§8 b)
	ReasonEditorial  Reason = "editorial"  // wording, links, typos: no notice
)

// Status is where a revision stands on a given day.
type Status string

// The statuses of the clock (docs/clock.md).
const (
	StatusDraft    Status = "draft"    // published after today
	StatusUpcoming Status = "upcoming" // published, not yet in force
	StatusCurrent  Status = "current"  // the newest revision in force
	StatusArchived Status = "archived" // in force once, replaced since
)

// DateLayout is how dates are written in file names and front matter.
const DateLayout = "2006-01-02"

// A Revision is one file content/<doc>/<date>[.<lang>].md.
type Revision struct {
	Doc       string    // the document's slug
	Lang      string    // its language
	Effective time.Time // the day it takes effect (from the file name), UTC midnight
	// NotBefore is the front matter's published date (the effective date
	// when there is none): the revision is held back until then. Without a
	// record (no content.lock) it is also the publication day. The day it
	// is made public is the Day's to say (State.Published).
	NotBefore time.Time
	Title     string
	Summary   string
	Reason    Reason
	Urgent    string // why a material change could not be announced leadDays ahead; "" if not
	// Correction says what was corrected in this published revision, and
	// why; the pages show it, and the lock accepts the changed text.
	Correction string
	// Immaterial says why an editorial revision whose diff looks material
	// (a number, date, address, link target or name changed, or many
	// words) is not: readers get no notice of it, so the reason is shown
	// with the revision instead (see checkEditorial).
	Immaterial string

	publishedLine  int // the line of the published key, 0 if absent
	immaterialLine int // the line of the immaterial key, 0 if absent
	reasonLine     int // the line of the reason key, 0 if absent
	correctionLine int // the line of the correction key, 0 if absent
	// SummaryLine is the line of the summary key, for advice on it.
	SummaryLine int

	File     string // the file, as reached from the source folder
	Body     []byte // the Markdown after the front matter, with LF line ends
	BodyLine int    // the file line on which Body starts
	SHA256   string // hex sha256 of the file's bytes as stored
	// TextSHA256 is the sha256 of the file with LF line ends: what the lock
	// compares, so that a checkout that turns LF into CRLF (or back) does
	// not count as a change of the text.
	TextSHA256 string
}

// Date formats t as YYYY-MM-DD.
func Date(t time.Time) string { return t.Format(DateLayout) }

// Material reports whether readers must be told of the revision: every
// reason but editorial.
func (r *Revision) Material() bool { return r.Reason != ReasonEditorial }

var frontMatterKeys = []string{"title", "summary", "reason", "published", "urgent", "correction", "immaterial", "effective"}

// FrontMatterKeys are the keys a revision's front matter may have.
func FrontMatterKeys() []string { return slices.Clone(frontMatterKeys) }

// Reasons are the reasons a revision may give, in the order the guide
// explains them.
var Reasons = []Reason{ReasonProcessing, ReasonLegal, ReasonEditorial}

var frontMatterYAMLFix = msg.T("revision.yaml.fix")

var frontMatterFix = msg.T("revision.front-matter.fix")

// parseRevision reads one revision file. The document, language and
// effective date come from its path and are already set in r.
func parseRevision(d diags, r *Revision, data []byte) bool {
	sum := sha256.Sum256(data)
	r.SHA256 = hex.EncodeToString(sum[:])
	errs := len(*d.list)

	switch {
	case len(bytes.TrimSpace(data)) == 0:
		d.add(1, msg.T("revision.empty"), frontMatterFix)
		return false
	case !checkText(d, data):
		return false
	}
	if i, ref, r := indexControlReference(data); i >= 0 {
		d.add(lineAt(data, i), msg.T("revision.control-reference", ref, controlProblem(r)), msg.T("revision.control-reference.fix", "&amp;"+ref[1:]))
		return false
	}
	r.TextSHA256 = r.SHA256
	if bytes.Contains(data, []byte("\r\n")) { // else the file as read
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		lf := sha256.Sum256(data)
		r.TextSHA256 = hex.EncodeToString(lf[:])
	}

	fm, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		if first, _, _ := bytes.Cut(data, []byte("\n")); string(bytes.TrimRight(first, " \t")) == "---" {
			d.add(1, msg.T("revision.front-matter.not-closed"), msg.T("revision.front-matter.not-closed.fix"))
		} else {
			d.add(1, msg.T("revision.front-matter.missing"), frontMatterFix)
		}
		return false
	}
	r.Body, r.BodyLine = body, bodyLine
	if doc, ok := parseYAML(d, fm, 1, frontMatterYAMLFix); ok {
		m := fields(d, doc, 1, frontMatterKeys, msg.T("yaml.what.front-matter"), "title: Personvernerklæring")
		r.Title = required(d, m, "title", msg.T("revision.title.missing.fix"))
		r.Summary = required(d, m, "summary", msg.T("revision.summary.missing.fix"))
		if v, ok := m["summary"]; ok {
			r.SummaryLine = 1 + v.Line // as text() counts
		}
		for key, v := range map[string]string{"title": r.Title, "summary": r.Summary} {
			if IsPlaceholder(v) {
				_, line, _ := text(d, m, 1, key)
				d.add(line, msg.T("revision.placeholder", key), map[string]msg.Text{
					"title": msg.T("revision.placeholder.title.fix"), "summary": msg.T("revision.placeholder.summary.fix")}[key])
			}
		}
		r.Reason = ReasonProcessing
		if s, line, ok := text(d, m, 1, "reason"); ok {
			r.reasonLine = line
			switch Reason(s) {
			case ReasonProcessing, ReasonLegal, ReasonEditorial:
				r.Reason = Reason(s)
			default:
				d.add(line, msg.T("revision.reason.unknown", s), msg.T("revision.reason.unknown.fix"))
			}
		}
		if s, line, ok := text(d, m, 1, "urgent"); ok {
			r.Urgent = strings.TrimSpace(s)
			if r.Urgent == "" {
				d.add(line, msg.T("revision.urgent.empty"), msg.T("revision.urgent.empty.fix"))
			}
		}
		if s, line, ok := text(d, m, 1, "correction"); ok {
			r.correctionLine = line
			r.Correction = strings.TrimSpace(s)
			if r.Correction == "" {
				d.add(line, msg.T("revision.correction.empty"), msg.T("revision.correction.empty.fix"))
			}
		}
		if s, line, ok := text(d, m, 1, "immaterial"); ok {
			r.immaterialLine = line
			r.Immaterial = strings.TrimSpace(s)
			switch {
			case r.Reason != ReasonEditorial:
				d.add(line, msg.T("revision.immaterial.material", string(r.Reason)), msg.T("revision.immaterial.material.fix"))
			case r.Immaterial == "" || IsPlaceholder(r.Immaterial) || len(strings.Fields(r.Immaterial)) < minImmaterialWords:
				d.add(line, msg.T("revision.immaterial.short", minImmaterialWords), msg.T("revision.immaterial.short.fix"))
			}
		}
		// effective: repeats the file name's day, for the web editor, which
		// names the file from a field; a file renamed without it, or the
		// other way round, would take effect on a day nobody chose.
		if s, line, ok := text(d, m, 1, "effective"); ok && strings.TrimSpace(s) != Date(r.Effective) {
			s = strings.TrimSpace(s)
			renamed := s + strings.TrimPrefix(path.Base(filepath.ToSlash(r.File)), Date(r.Effective))
			d.add(line, msg.T("revision.effective.not-file-day", s, Date(r.Effective)),
				msg.T("revision.effective.not-file-day.fix", renamed, Date(r.Effective)))
		}
		r.NotBefore = r.Effective
		if s, line, ok := text(d, m, 1, "published"); ok {
			r.publishedLine = line
			t, err := time.Parse(DateLayout, s)
			switch {
			case err != nil:
				d.add(line, msg.T("revision.published.not-date", s), msg.T("revision.published.not-date.fix", Date(r.Effective)))
			case !outOfRange(t).IsZero():
				d.add(line, msg.T("revision.published.out-of-range", s, outOfRange(t)), msg.T("revision.published.out-of-range.fix", Date(r.Effective)))
			case t.After(r.Effective):
				d.add(line, msg.T("revision.published.after-effective", s, Date(r.Effective)), msg.T("revision.published.after-effective.fix"))
			default:
				r.NotBefore = t
			}
		}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		d.add(bodyLine-1, msg.T("revision.no-text"), msg.T("revision.no-text.fix"))
	}
	for rest, i := body, 0; ; {
		at := bytes.Index(rest, []byte(Placeholder))
		if at < 0 {
			break
		}
		i += bytes.Count(rest[:at], []byte("\n"))
		d.add(bodyLine+i, msg.T("revision.todo", Placeholder), msg.T("revision.todo.fix"))
		// On to the next line: a line is reported once.
		end := bytes.IndexByte(rest[at:], '\n')
		if end < 0 {
			break
		}
		rest, i = rest[at+end+1:], i+1
	}
	return len(*d.list) == errs
}

// minImmaterialWords is the fewest words of an immaterial: reason, so that
// it says why ("Bare skrivefeil rettet") rather than only that ("ok").
const minImmaterialWords = 3

// Placeholder starts every text that policysite new leaves for the editor
// to write; build and check reject it, so it is never published.
const Placeholder = "TODO:"

// IsPlaceholder reports whether s is a text left to write.
func IsPlaceholder(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), Placeholder) }

func required(d diags, m map[string]*yaml.Node, key string, what msg.Text) string {
	if v, present := m[key]; present && v.Kind != yaml.ScalarNode {
		text(d, m, 1, key) // reports that it is not text
		return ""
	}
	s, line, ok := text(d, m, 1, key)
	s = strings.TrimSpace(s)
	if s == "" {
		if !ok {
			line = 2
		}
		d.add(line, msg.T("revision.key.missing", key), msg.T("revision.key.missing.fix", key, what))
	}
	return s
}

// splitFrontMatter splits "---\n<yaml>---\n<body>". bodyLine is the line on
// which the body starts.
func splitFrontMatter(data []byte) (fm, body []byte, bodyLine int, ok bool) {
	const delim = "---"
	first, rest, found := bytes.Cut(data, []byte("\n"))
	if !found || string(bytes.TrimRight(first, " \t")) != delim {
		return nil, nil, 0, false
	}
	line := 2
	for off := 0; off < len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest)
		if end >= 0 {
			l, next = rest[off:off+end], off+end+1
		} else {
			l = rest[off:]
		}
		if string(bytes.TrimRight(l, " \t")) == delim {
			return rest[:off], rest[next:], line + 1, true
		}
		off = next
		line++
	}
	return nil, nil, 0, false
}

// isBidiControl reports the Unicode controls that embed, override or
// isolate text direction: invisible, they can make a text display in
// another order than it is stored ("Trojan Source"). The marks U+200E and
// U+200F, which right-to-left languages need, are allowed.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

func lineAt(data []byte, off int) int {
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}
