package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"policysite/generator/diag"
)

func parseOne(t *testing.T, src string) (*Revision, diag.List) {
	t.Helper()
	var errs diag.List
	r := &Revision{Doc: "personvern", Lang: "nb", Effective: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), File: "content/personvern/2026-11-26.md"}
	parseRevision(diags{file: r.File, list: &errs}, r, []byte(src))
	return r, errs
}

func TestParseRevisionErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		want string // part of the message
		fix  string // part of the fix
	}{
		{"empty", "", 1, "the file is empty", "---"},
		{"no front matter", "# Tittel\n\nTekst\n", 1, "no front matter", "title:"},
		{"not closed", "---\ntitle: T\nsummary: S\n\nTekst\n", 1, "not closed", "add a line ---"},
		{"bad yaml", "---\ntitle: T\nsummary: Ny: versjon: x\n---\nTekst\n", 3, "a value contains a colon", "in quotes"},
		{"tab", "---\ntitle: T\n\tsummary: S\n---\nTekst\n", 3, "tab", "one key per line"},
		{"unclosed bracket", "---\ntitle: T\nsummary: [unclosed\nreason: legal\n---\nTekst\n", 3, "cannot read this line", "one key per line"},
		{"unclosed quote", "---\ntitle: \"T\nsummary: S\n---\nTekst\n", 2, "not closed", "in quotes"},
		// go-yaml names another line for these; the message names the one
		// to mend, and says what is wrong with it in words.
		{"tab on line 4", "---\ntitle: T\nsummary: S\n\treason: legal\n---\nTekst\n", 4, "starts with a tab", "one key per line"},
		{"indented key", "---\ntitle: T\n summary: S\n---\nTekst\n", 3, "starts with a space", "one key per line"},
		{"unclosed bracket after a comment", "---\ntitle: 'T' # kommentar\nsummary: S\nreason: [legal\npublished: 2026-01-01\n---\nTekst\n", 4, "opened here but not closed", "one key per line"},
		{"empty body", "---\ntitle: T\nsummary: S\n---\n\n", 4, "no text after the front matter", "below the closing"},
		{"empty front matter", "---\n---\nTekst\n", 2, "title is missing", "add title:"},
		{"unknown key", "---\ntitle: T\nsumary: S\n---\n", 3, `unknown key "sumary"`, `did you mean "summary"?`},
		{"unknown key case", "---\nTitle: T\nsummary: S\n---\n", 2, `unknown key "Title"`, `did you mean "title"?`},
		{"missing title", "---\nsummary: S\n---\nTekst\n", 2, "title is missing", "add title:"},
		{"empty summary", "---\ntitle: T\nsummary: \"  \"\n---\nTekst\n", 3, "summary is missing", "add summary:"},
		{"duplicate key", "---\ntitle: T\ntitle: U\nsummary: S\n---\n", 3, `"title" is given twice`, "keep one"},
		{"empty urgent", "---\ntitle: T\nsummary: S\nurgent: \"\"\n---\nTekst\n", 4, "urgent is empty", "say in plain words why"},
		{"empty correction", "---\ntitle: T\nsummary: S\ncorrection: \" \"\n---\nTekst\n", 4, "correction is empty", "say what was corrected"},
		{"bad reason", "---\ntitle: T\nsummary: S\nreason: typo\n---\n", 4, `unknown reason "typo"`, "editorial"},
		{"published after effective", "---\ntitle: T\nsummary: S\npublished: 2026-12-01\n---\n", 4, "after the day the revision takes effect", "publish on or before"},
		{"published not a date", "---\ntitle: T\nsummary: S\npublished: 1. desember\n---\n", 4, "is not a date", "YYYY-MM-DD"},
		{"list title", "---\ntitle: [a, b]\nsummary: S\n---\n", 2, "title must be a single line", "title: <text>"},
		{"not a mapping", "---\n- a\n- b\n---\n", 2, "is not a list of", "one key per line"},
		{"latin-1", "---\ntitle: T\nsummary: S\n---\nGr\xf8nn\n", 5, "not valid UTF-8", "Latin-1"},
		{"bom", "\xef\xbb\xbf---\ntitle: T\nsummary: S\n---\n", 1, "byte-order mark", "without BOM"},
		{"binary", "---\ntitle: T\x00\n", 2, "NUL bytes", "text file"},
		{"bidi override", "---\ntitle: T\nsummary: S\n---\nKunden \u202eskal ikke\u202c betale.\n", 5, "direction control character (U+202E)", "delete it"},
		{"escape sequence", "---\ntitle: T\nsummary: S\n---\nBetal \x1b[2K\x1b[1Aikke.\n", 5, "control character (U+001B, escape), which can rewrite what a terminal shows", "delete it"},
		{"escape in the front matter", "---\ntitle: T \x1b]0;x\x07\nsummary: S\n---\nTekst.\n", 2, "(U+001B, escape)", "delete it"},
		{"non-character", "---\ntitle: T\nsummary: S\n---\nTekst \uffff.\n", 5, "a non-character (U+FFFF), which no web page may hold", "delete it"},
		{"astral non-character", "---\ntitle: T\nsummary: S\n---\nTekst \U0010FFFE.\n", 5, "a non-character (U+10FFFE)", "delete it"},
		{"non-character written as a reference", "---\ntitle: T\nsummary: S\n---\nTekst &#xFDD0; her.\n", 5, "U+FDD0", ""},
		{"bell", "---\ntitle: T\nsummary: S\n---\nTekst\a.\n", 5, "(U+0007, bell)", "delete it"},
		{"vertical tab", "---\ntitle: T\nsummary: S\n---\nLinje\vlinje.\n", 5, "(U+000B, vertical tab)", "delete it"},
		{"lone carriage return", "---\ntitle: T\nsummary: S\n---\nDu skal betale.\rDu skal ikke betale.\n", 5, "carriage return (U+000D) that is not part of a line end", "delete it"},
		{"carriage returns only", "---\rtitle: T\rsummary: S\r---\rTekst.\r", 1, "carriage return (U+000D)", "delete it"},
		{"CR before CRLF", "---\r\ntitle: T\r\nsummary: S\r\n---\r\nTekst.\r\r\n", 5, "carriage return (U+000D)", "delete it"},
		{"C1 control sequence introducer", "---\ntitle: T\nsummary: S\n---\nTekst \u009b2K.\n", 5, "(U+009B, control sequence introducer)", "delete it"},
		{"delete", "---\ntitle: T\nsummary: S\n---\nTekst\x7f.\n", 5, "(U+007F, delete)", "delete it"},
		{"C1 next line", "---\ntitle: T\nsummary: S\n---\nTekst\u0085.\n", 5, "(U+0085, next line)", "delete it"},
		{"escape written as a YAML escape", "---\ntitle: \"T\\e[31m\"\nsummary: S\n---\nTekst.\n", 2, "title contains a control character (U+001B, escape)", "\\e"},
		{"CR written as a YAML escape", "---\ntitle: T\nsummary: \"Betal\\rIkke betal\"\n---\nTekst.\n", 3, "summary contains a carriage return", "escape"},
		{"C1 written as a YAML escape", "---\ntitle: T\nsummary: S\nurgent: \"\\x9b2J\"\n---\nTekst.\n", 4, "urgent contains a control character (U+009B", "escape"},
		{"escape as a character reference", "---\ntitle: T\nsummary: S\n---\nTekst.\n\n&#27;[2J\n", 7, "the character reference &#27; to a control character (U+001B, escape)", "write &amp;#27;"},
		{"escape as a hex character reference", "---\ntitle: T\nsummary: S\n---\n&amp; &#65; &#x1B;[2J\n", 5, "&#x1B; to a control character (U+001B, escape)", "write &amp;#x1B;"},
		{"C1 as a character reference", "---\ntitle: T\nsummary: S\n---\n&#155;2J\n", 5, "&#155; to a control character (U+009B", "delete it"},
		{"CR as a character reference", "---\ntitle: T\nsummary: S\n---\nA&#xd;B\n", 5, "&#xd; to a carriage return", "delete it"},
		{"NUL as a character reference", "---\ntitle: T\nsummary: S\n---\nA&#0000000;B\n", 5, "&#0000000; to a control character (U+0000", "delete it"},
		{"bidi as a character reference", "---\ntitle: T\nsummary: S\n---\nKunden &#x202E;skal ikke betale.\n", 5, "&#x202E; to an invisible direction control character (U+202E)", "delete it"},
		{"bidi written as a YAML escape", "---\ntitle: \"\\u202eT\"\nsummary: S\n---\nTekst.\n", 2, "title contains an invisible direction control character (U+202E)", "escape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parseOne(t, tt.src)
			if len(errs) == 0 {
				t.Fatalf("no error for %q", tt.src)
			}
			d := errs[0]
			if d.Line != tt.line || !strings.Contains(d.Message.String(), tt.want) || !strings.Contains(d.Fix.String(), tt.fix) {
				t.Errorf("got %q (line %d)\nwant line %d, message with %q, fix with %q", d.String(), d.Line, tt.line, tt.want, tt.fix)
			}
			if !strings.HasPrefix(d.String(), "content/personvern/2026-11-26.md") {
				t.Errorf("diagnostic does not start with the file: %q", d.String())
			}
		})
	}
}

func TestParseRevision(t *testing.T) {
	src := "---\r\ntitle: Personvernerklæring\r\nsummary: \"Ny: SMS-varsler\"\r\nreason: legal\r\npublished: 2026-10-01\r\n---\r\n## 1 Om oss\r\n"
	r, errs := parseOne(t, src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if r.Title != "Personvernerklæring" || r.Summary != "Ny: SMS-varsler" || r.Reason != ReasonLegal {
		t.Errorf("front matter read as %q %q %q", r.Title, r.Summary, r.Reason)
	}
	if Date(r.NotBefore) != "2026-10-01" {
		t.Errorf("published = %s", Date(r.NotBefore))
	}
	if string(r.Body) != "## 1 Om oss\n" || r.BodyLine != 7 {
		t.Errorf("body %q at line %d, want CRLF normalised at line 7", r.Body, r.BodyLine)
	}
	// The hash is of the bytes as stored, CRLF and all.
	if sum := sha256.Sum256([]byte(src)); r.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 %s is not of the stored bytes", r.SHA256)
	}
}

// Each line of the text with a TODO: is reported once, at its line.
func TestParseRevisionTodoLines(t *testing.T) {
	_, errs := parseOne(t, "---\ntitle: T\nsummary: S\n---\nTODO: one. TODO: the same line.\n\nText.\nAnd TODO: another\nTODO:")
	var lines []int
	for _, d := range errs {
		if !strings.Contains(d.Message.String(), "TODO:") {
			t.Errorf("unexpected %s", d)
		}
		lines = append(lines, d.Line)
	}
	if want := []int{5, 8, 9}; !slices.Equal(lines, want) {
		t.Errorf("TODO: reported on lines %v, want %v", lines, want)
	}
}

// The text's hash is of its lines ended by LF alone: the file's own where
// it has no CRLF.
func TestParseRevisionTextSHA256(t *testing.T) {
	for _, src := range []string{"---\ntitle: T\nsummary: S\n---\nTekst.\n", "---\r\ntitle: T\r\nsummary: S\r\n---\r\nTekst.\r\n"} {
		r, errs := parseOne(t, src)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		lf := sha256.Sum256([]byte(strings.ReplaceAll(src, "\r\n", "\n")))
		if r.TextSHA256 != hex.EncodeToString(lf[:]) {
			t.Errorf("%q: text sha256 %s is not of the text with LF line ends", src, r.TextSHA256)
		}
	}
}

// References to what is allowed, or that CommonMark does not decode,
// are text.
func TestControlReferenceAllowed(t *testing.T) {
	for _, body := range []string{"&#9; &#10; &#xA; &#32; &#xe6; &#8212; &#x200e; &#x200F;", "&#27 no semicolon", "&#x; &#; &#x1g;", "&#12345678; too long", "&#x1234567; too long", "&amp;#27; shown", "&#"} {
		if _, errs := parseOne(t, "---\ntitle: T\nsummary: S\n---\n"+body+"\n"); len(errs) > 0 {
			t.Errorf("%q: %v", body, errs)
		}
	}
}

func TestParseRevisionDefaults(t *testing.T) {
	r, errs := parseOne(t, "---\ntitle: T\nsummary: S\n---\nTekst.\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if r.Reason != ReasonProcessing || !r.NotBefore.Equal(r.Effective) {
		t.Errorf("defaults: reason %q, published %s", r.Reason, Date(r.NotBefore))
	}
}

func TestEveryErrorReported(t *testing.T) {
	_, errs := parseOne(t, "---\ntitel: T\nsumary: S\nreason: x\n---\nTekst.\n")
	// unknown titel, unknown sumary, bad reason, missing title, missing summary
	if len(errs) != 5 {
		t.Errorf("got %d diagnostics, want 5:\n%v", len(errs), errs)
	}
}

func FuzzParseRevision(f *testing.F) {
	f.Add([]byte("---\ntitle: T\nsummary: S\n---\nbody\n"))
	f.Add([]byte("---\ntitle: [\n---\n"))
	f.Add([]byte("---\r\ntitle: T\r\n---\r\n"))
	f.Add([]byte("\xef\xbb\xbf---\n"))
	f.Add([]byte("---\ntitle: T\nsummary: S\n---\n\x1b[2J\x1b[1;1Hbody\n"))
	f.Add([]byte("---\ntitle: \"T\\e]8;;https://x\\a\"\nsummary: S\n---\nbody\n"))
	f.Add([]byte("---\ntitle: T\nsummary: S\n---\nlinje\rover\r\n\u0085\u009b\tbody\n"))
	f.Add([]byte("---\r\ntitle: T\r\nsummary: \"a\\x85b\"\r\n---\r\nbody\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var errs diag.List
		r := &Revision{Effective: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), File: "x.md"}
		ok := parseRevision(diags{file: "x.md", list: &errs}, r, data)
		if ok != (len(errs) == 0) {
			t.Fatalf("ok=%v with %d diagnostics", ok, len(errs))
		}
		if ok && (r.Title == "" || r.Summary == "") {
			t.Fatalf("accepted without title or summary: %q", data)
		}
		if ok {
			for _, v := range []string{r.Title, r.Summary, r.Urgent, r.Correction} {
				if strings.ContainsFunc(v, isControlRune) {
					t.Fatalf("accepted a control character in %q", v)
				}
			}
			if i := indexControl(r.Body); i >= 0 || indexBidiControl(r.Body) >= 0 || bytes.IndexByte(r.Body, '\r') >= 0 {
				t.Fatalf("accepted a control character in the body %q", r.Body)
			}
		}
		for _, d := range errs {
			if d.Message.IsZero() || d.Fix.IsZero() {
				t.Fatalf("diagnostic without message or fix: %#v", d)
			}
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("title: T\nbaseURL: https://example.no/\n"))
	f.Add([]byte("title: \"T\\e[31m\"\nbaseURL: https://example.no/\n"))
	f.Add([]byte("title: T\x1b[0m\nbaseURL: https://example.no/\ncontact:\n  name: \"\\x9b\"\n"))
	f.Add([]byte("title: T\r\nbaseURL: https://example.no/\rcontact:\n  address: \"a\\rb\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var errs diag.List
		c := parseConfig(diags{file: "site.yaml", list: &errs}, data, []string{"en", "nb", "nn"})
		if len(c.Languages) == 0 || c.Languages[0] != c.Language || c.TimeZone == nil {
			t.Fatalf("an unusable config without an error: %+v", c)
		}
		if len(errs) == 0 && (c.Title == "" || !strings.HasSuffix(c.BaseURL, "/")) {
			t.Fatalf("accepted without a title or baseURL: %q", data)
		}
		if len(errs) == 0 {
			ct := c.Contact
			for _, v := range []string{c.Title, c.BaseURL, ct.Name, ct.Email, ct.Phone, ct.Address, ct.URL} {
				if strings.ContainsFunc(v, isControlRune) {
					t.Fatalf("accepted a control character in %q", v)
				}
			}
		}
		for _, d := range errs {
			if d.Message.IsZero() || d.Fix.IsZero() {
				t.Fatalf("diagnostic without message or fix: %#v", d)
			}
		}
	})
}

// wantControl is indexControl as a rune by rune scan.
func wantControl(s string) int {
	for i, r := range s {
		if r == '\r' && strings.HasPrefix(s[i:], "\r\n") {
			continue
		}
		if isControlRune(r) && !isBidiControl(r) && !isNonCharacter(r) { // each found by a scan of its own
			return i
		}
	}
	return -1
}

// indexControl finds what a rune by rune scan finds, wherever in its words
// of eight bytes the text is.
func TestIndexControl(t *testing.T) {
	want := wantControl
	texts := []string{"", "plain", "tab\tand\nlines\r\n", "æøå ÆØÅ é ü ß Ā", "\u00a0\u00ad\u00bf\u00c0", "end\r", "\r\r\n", "a\x7fb"}
	for c := range rune(0x20) {
		texts = append(texts, "før "+string(c)+" etter", string(c))
	}
	for c := rune(0x7E); c <= 0xA0; c++ {
		texts = append(texts, "æ"+string(c)+"ø", string(c))
	}
	for _, text := range texts {
		for pad := range 17 {
			for _, s := range []string{strings.Repeat("a", pad) + text, strings.Repeat("ø", pad) + text + strings.Repeat("b", pad)} {
				if got, want := indexControl([]byte(s)), want(s); got != want {
					t.Errorf("indexControl(%q) = %d, want %d", s, got, want)
				}
			}
		}
	}
}

func FuzzIndexControl(f *testing.F) {
	for _, s := range []string{"plain text, long enough for words\n", "før\x1b[2Jetter", "\u0085 og \u009b", "a\r\nb\rc", "\u00a0«sitat»§"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // checkText reports it first
		}
		if got, want := indexControl([]byte(s)), wantControl(s); got != want {
			t.Errorf("indexControl(%q) = %d, want %d", s, got, want)
		}
	})
}

// indexBidiControl finds what bytes.IndexFunc finds, among other runes
// encoded from the same lead byte (quotes, dashes, the allowed marks).
func TestIndexBidiControl(t *testing.T) {
	texts := []string{"", "plain", "“sitat” – tankestrek…", "mark\u200e\u200fonly", "æøå"}
	for r := rune(0x202A); r <= 0x202E; r++ {
		texts = append(texts, "før “"+string(r)+"” etter", string(r))
	}
	for r := rune(0x2066); r <= 0x2069; r++ {
		texts = append(texts, "– "+string(r), string(r)+"…")
	}
	for _, s := range texts {
		if got, want := indexBidiControl([]byte(s)), bytes.IndexFunc([]byte(s), isBidiControl); got != want {
			t.Errorf("indexBidiControl(%q) = %d, want %d", s, got, want)
		}
	}
}
