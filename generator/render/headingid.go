package render

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var headingsKey = parser.NewContextKey()

// headingIDs gives every heading an ID derived from its text alone, so that
// a link to a section keeps working in the next revision as long as the
// heading's words stay the same, even when the section is renumbered.
//
// goldmark's own generator drops non-ASCII letters ("Særlig om" → "srlig-om")
// and numbers duplicates in document order, so adding a section earlier in
// the document would move every later anchor. Here letters of any script are
// kept, a leading section number is dropped, and a duplicate is qualified by
// its parent heading before a counter is used. Explicit {#id} attributes win
// and are reserved before any ID is generated.
type headingIDs struct {
	reserved []string // IDs of the page around the body
}

func (t headingIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var (
		headings []*ast.Heading
		written  []writtenHeading
	)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			keepOnlyID(h)
			w := writtenHeading{level: h.Level, text: plainText(h, src)}
			if w.id, _ = explicitID(h); w.id == "" {
				w.slug = Slug(w.text)
			}
			headings = append(headings, h)
			written = append(written, w)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	raw, _ := pc.Get(rawIDsKey).(map[string]bool)
	out := t.assign(written, raw)
	for i, h := range headings {
		h.Level = out[i].Level
		if out[i].ID != written[i].id {
			h.SetAttributeString("id", []byte(out[i].ID))
		}
	}
	pc.Set(headingsKey, out)
	pc.Set(writtenKey, written)
}

// writtenKey holds the document's headings as written (writtenHeading),
// for the assembly of a document rendered in chunks (chunks.go).
var writtenKey = parser.NewContextKey()

// A writtenHeading is a heading as the text gives it: all its level and ID
// in the page are made of, with the headings around it.
type writtenHeading struct {
	level int    // 1–6, as written
	id    string // its {#id}, "" for none
	text  string // its plain text
	slug  string // Slug(text), where it has no id
}

// assign gives a document's headings, in order, their levels in the
// page's outline and their IDs, besides the page's reserved IDs and those
// raw HTML claimed (raw, which may be nil).
func (t headingIDs) assign(written []writtenHeading, raw map[string]bool) []Heading {
	ids := idSet{used: map[string]bool{}}
	for _, id := range t.reserved {
		ids.used[id] = true
	}
	for id := range raw {
		ids.used[id] = true
	}
	// {#id}s first: a second heading with the same one, or one the page
	// already uses, gets a number.
	given := make([]string, len(written))
	for i, w := range written {
		if w.id != "" {
			given[i] = ids.claim(w.id, 0, [7]string{})
		}
	}
	levels := make([]int, len(written))
	for i, w := range written {
		levels[i] = w.level
	}
	outline(levels)
	out := make([]Heading, len(written))
	var parents [7]string // parents[l] is the ID of the latest heading of level l
	for i, w := range written {
		id := given[i]
		if id == "" {
			id = ids.claim(w.slug, levels[i], parents)
		}
		parents[levels[i]] = id
		for l := levels[i] + 1; l < len(parents); l++ {
			parents[l] = ""
		}
		out[i] = Heading{Level: levels[i], ID: id, Text: w.text}
	}
	return out
}

// outline fits the headings under the page's own h1: the highest level used
// becomes h2, and no level is skipped (an h4 straight after an h2 becomes an
// h3), so that screen readers and validators see a proper outline whatever
// levels the author started from.
func outline(levels []int) {
	top := 6
	for _, l := range levels {
		top = min(top, l)
	}
	prev := 1
	for i, l := range levels {
		levels[i] = min(l-top+2, prev+1, 6)
		prev = levels[i]
	}
}

// keepOnlyID drops every attribute of a heading but its id: {style=…} or
// {class=…} would let a revision restyle the page or load from elsewhere.
func keepOnlyID(h *ast.Heading) {
	id, ok := h.AttributeString("id")
	h.RemoveAttributes()
	if ok {
		h.SetAttributeString("id", id)
	}
}

func explicitID(h *ast.Heading) (string, bool) {
	v, ok := h.AttributeString("id")
	if !ok {
		return "", false
	}
	switch v := v.(type) {
	case []byte:
		return string(v), len(v) > 0
	case string:
		return v, v != ""
	}
	return "", false
}

// idSet is the IDs a page uses.
type idSet struct {
	used map[string]bool
	// next is, for a base that needed a number, the first number its
	// last search did not find taken. Every number from 2 below it was
	// taken then, and still is, as IDs are never given back: the next
	// search starts there, so that a heading repeated n times costs n
	// lookups, not n²/2.
	next map[string]int
}

// claim takes base as an ID, or, if it is taken, base qualified by the ID
// of the nearest heading above level (parents[l] is the latest of level
// l), or base numbered from 2: the first of these that is free.
func (s *idSet) claim(base string, level int, parents [7]string) string {
	id := s.free(base, level, parents)
	s.used[id] = true
	return id
}

func (s *idSet) free(base string, level int, parents [7]string) string {
	if !s.used[base] {
		return base
	}
	for l := level - 1; l >= 1; l-- {
		if p := parents[l]; p != "" {
			if id := p + "-" + base; !s.used[id] {
				return id
			}
			break
		}
	}
	if s.next == nil {
		s.next = map[string]int{}
	}
	for i := max(s.next[base], 2); ; i++ {
		if id := base + "-" + strconv.Itoa(i); !s.used[id] {
			s.next[base] = i + 1
			return id
		}
	}
}

// maxSlugRunes keeps IDs of long headings short enough to share in a link.
const maxSlugRunes = 60

// Slug returns the ID for a heading text: lower-case letters and digits of
// any script, words joined by '-', without a leading section number (see
// SplitNumber). It returns "section" for a text with no letters or digits.
func Slug(s string) string {
	if number, rest := SplitNumber(s); number != "" && strings.IndexFunc(rest, isLetterOrDigit) >= 0 {
		s = rest
	}
	words := strings.FieldsFunc(joinWords(strings.ToLower(s)), func(r rune) bool { return !isLetterOrDigit(r) })
	if len(words) == 0 {
		return "section"
	}
	var b strings.Builder
	n := 0
	for i, w := range words {
		wl := len([]rune(w))
		if i > 0 && n+1+wl > maxSlugRunes {
			break
		}
		if i > 0 {
			b.WriteByte('-')
			n++
		}
		b.WriteString(w)
		n += wl
	}
	return b.String()
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// SplitNumber splits a heading into its leading section number and the
// rest: "4 Særlig om bruk", "4. Særlig", "2.1 Formål", "2a Lagring",
// "2.1b) Lagring" and "§ 3 Formål" have one, and "2024" alone is one with
// nothing after it; "3D-skriving", "10-årsregelen" and "Formål" have none. A number is digits, parts joined
// by dots, perhaps one lower-case letter, perhaps a closing "." or ")", and
// is followed by something other than a letter, a digit, a hyphen or a
// slash, which would make it part of a word. The heading IDs and the diff's
// matching of sections leave it out, so that renumbering keeps both.
func SplitNumber(heading string) (number, rest string) {
	s := strings.TrimSpace(heading)
	i := 0
	if strings.HasPrefix(s, "§") {
		i = len("§")
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	digits := func() bool {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i > j
	}
	if !digits() {
		return "", s
	}
	for i+1 < len(s) && s[i] == '.' && '0' <= s[i+1] && s[i+1] <= '9' {
		i++
		digits()
	}
	if i < len(s) && 'a' <= s[i] && s[i] <= 'z' && (i+1 == len(s) || !isLetterOrDigit(rune(s[i+1]))) {
		i++ // 2a; a letter of another script is a word, not a number
	}
	closed := i < len(s) && (s[i] == '.' || s[i] == ')')
	if closed {
		i++
	}
	if !closed && i < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[i:]); isLetterOrDigit(r) || r == '-' || r == '‐' || r == '/' {
			return "", s // 3D, 4x4, 10-årsregelen, 24/7: a word, not a number
		}
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// joinWords removes apostrophes and full stops inside words, so that
// "GitHub's" gives "githubs" and "U.S." gives "us", as GitHub's and most
// other Markdown tools' IDs do; links written for those keep working. Dots
// between digits ("2.1") are kept: they separate section numbers.
func joinWords(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if (r == '\'' || r == '’' || r == '.') && i > 0 && unicode.IsLetter(rs[i-1]) {
			if r != '.' || i+1 == len(rs) || unicode.IsLetter(rs[i+1]) || unicode.IsSpace(rs[i+1]) {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plainText is the text a reader sees in n: its text, code spans and the
// labels of its links, without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
