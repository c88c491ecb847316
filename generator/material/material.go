// Package material tells whether the change from one revision's text to the
// next is one that readers must be told of. A revision marked editorial
// gives no notice; WP260 rev.01 §29–31 asks that a change in what is
// processed, why, by whom or for how long reaches people before it
// applies, so an editorial revision may only change how the text says
// things: spelling, punctuation, wording, the words of a link, the flow of
// lines.
//
// Compare reads both Markdown texts as a sequence of words, numbers, link
// targets, e-mail addresses and phone numbers (punctuation, white space and
// Markdown's own marks set aside), diffs them, and reports every changed
// stretch that changes
//
//   - a number (3 år → 5 år), or a number word or unit of time (tre → fem,
//     måneder → år), since these state how long, how much and how often;
//   - a date (2024-05-01, 1.5.2024, a month's name);
//   - an e-mail address, a phone number or a link's target (a link's words
//     are wording; where it leads is not);
//   - a name new to the document: a capitalised word, not at the start of
//     a sentence, a heading, a list item or a table cell (where bokmål,
//     nynorsk and English capitalise any word), whose letters, in any
//     case, appear nowhere in the previous text (a new processor, a new
//     country, a new system);
//
// and whether more than SharePercent of the words changed.
//
// A section number at the start of a heading, a list's numbers and a
// number after "punkt" or "section" (a cross-reference) are numbering, not
// content: renumbering is editorial. A number, address or target that
// only moved (its count in the whole text is the same) is not a change.
package material

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// SharePercent is the part of the words, in per cent, that an editorial
// revision may change: more than this many in a hundred (of the longer
// text's words), and at least MinChanged words, is a rewrite that a reader
// cannot be told is harmless by "editorial" alone. Typo fixes, a changed
// link and a reworded sentence stay well under it (the demo's and the
// GitHub privacy statement's editorial revisions change under 1 %); a
// rewritten section of a ten-section policy is about 10 %.
const SharePercent = 5

// MinChanged is the fewest changed words that count as too many, so that a
// short text (an accessibility statement of 150 words) may have a sentence
// reworded.
const MinChanged = 20

// A Kind is what a change changes.
type Kind string

// The kinds of material change, most specific first.
const (
	Email  Kind = "email"
	Phone  Kind = "phone"
	Link   Kind = "link"
	Date   Kind = "date"
	Number Kind = "number"
	Name   Kind = "name"
)

// A Change is one changed stretch of the text that makes it material.
type Change struct {
	Kind Kind
	// Old and New are the stretch's words in each text, as written (white
	// space collapsed), with a few unchanged words around them; "" when
	// the stretch only adds or only removes and has no context.
	Old, New string
	// Line is the 0-based line of the new text where the change is.
	Line int
}

// A Report is what Compare found.
type Report struct {
	Changes []Change
	// Changed is the number of words added or removed, whichever is more;
	// Words the number of words of the longer text. Link targets are not
	// words.
	Changed, Words int
	// FirstLine is the 0-based line of the new text where the first
	// changed word is; -1 if no word changed.
	FirstLine int
}

// TooMuch reports whether more than SharePercent of the words changed.
func (r Report) TooMuch() bool {
	return r.Changed >= MinChanged && r.Changed*100 > SharePercent*r.Words
}

// Percent is the share of changed words, rounded up, in per cent.
func (r Report) Percent() int {
	if r.Words == 0 {
		return 0
	}
	return (r.Changed*100 + r.Words - 1) / r.Words
}

// Material reports whether anything makes the change material.
func (r Report) Material() bool { return len(r.Changes) > 0 || r.TooMuch() }

// maxTokens bounds the texts that are diffed token by token: beyond it,
// only the count of the words tells (see Compare). A policy has a few
// thousand words.
const maxTokens = 100_000

// Compare reports what makes the change from old to new material. Both are
// Markdown bodies in the language lang (nb, nn, en: the number words and
// units it knows).
func Compare(old, new []byte, lang string) Report {
	a, b := scan(string(old), lang), scan(string(new), lang)
	rep := Report{Words: max(a.words(), b.words()), FirstLine: -1}
	cntA, cntB := a.counts(), b.counts()

	// The difference of the words' counts is the least that changed: when
	// that is too much already, a long text is not diffed, and one too
	// long to diff is judged by it alone.
	if n := len(a.toks) + len(b.toks); n > maxTokens*2/5 {
		ins, del := 0, 0
		for k, n := range cntB {
			if k[0] != byte(tLink) {
				ins += max(0, n-cntA[k])
			}
		}
		for k, n := range cntA {
			if k[0] != byte(tLink) {
				del += max(0, n-cntB[k])
			}
		}
		least := rep
		least.Changed = max(ins, del)
		if n > maxTokens {
			// Too long to diff: a number, date, address or link target
			// whose count changed is still reported, without its place.
			least.Changes = countChanges(cntA, cntB)
		}
		if least.TooMuch() || n > maxTokens {
			if least.Changed > 0 || len(least.Changes) > 0 {
				least.FirstLine = 0
			}
			return least
		}
	}

	ids := map[string]rune{}
	ra, rb := a.runes(ids), b.runes(ids)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // the same texts always give the same report
	diffs := dmp.DiffMainRunes(ra, rb, false)

	oldFolded := map[string]bool{}
	for _, t := range a.toks {
		if t.kind == tWord {
			oldFolded[t.key[1:]] = true
		}
	}
	ins, del := 0, 0
	i, j := 0, 0
	h := hunk{}
	flush := func() {
		if h.i0 < i || h.j0 < j {
			h.i1, h.j1 = i, j
			if c, ok := h.judge(a, b, cntA, cntB, oldFolded); ok {
				rep.Changes = append(rep.Changes, c)
			}
			if rep.FirstLine < 0 && (a.wordsIn(h.i0, h.i1) > 0 || b.wordsIn(h.j0, h.j1) > 0) {
				rep.FirstLine = b.lineAt(h.j0)
			}
		}
	}
	for _, d := range diffs {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			i += n
			j += n
			h = hunk{i0: i, j0: j}
		case diffmatchpatch.DiffDelete:
			del += a.wordsIn(i, i+n)
			i += n
		case diffmatchpatch.DiffInsert:
			ins += b.wordsIn(j, j+n)
			j += n
		}
	}
	flush()
	rep.Changed = max(ins, del)
	return rep
}

// A hunk is a changed stretch: tokens [i0,i1) of the old text gave way to
// [j0,j1) of the new.
type hunk struct{ i0, i1, j0, j1 int }

// judge says whether the hunk makes the change material, and how.
func (h hunk) judge(a, b *text, cntA, cntB map[string]int, oldFolded map[string]bool) (Change, bool) {
	removed, added := map[string]int{}, map[string]int{}
	for _, t := range a.toks[h.i0:h.i1] {
		if t.material() {
			removed[t.key]++
		}
	}
	for _, t := range b.toks[h.j0:h.j1] {
		if t.material() {
			added[t.key]++
		}
	}
	for k, n := range removed { // the same on both sides: no change
		m := min(n, added[k])
		removed[k] -= m
		added[k] -= m
	}
	// A link to the same page at a new address (moved to another
	// folder, made relative to the site) leads where it led.
	for k := range removed {
		for k2 := range added {
			if removed[k] > 0 && added[k2] > 0 && samePage(k, k2) {
				removed[k]--
				added[k2]--
			}
		}
	}
	replaced := sum(removed) > 0 && sum(added) > 0
	// Only added or only removed: a change unless it only moved, which
	// leaves its count in the whole text as it was.
	keepOld := func(k string) bool { return removed[k] > 0 && (replaced || cntA[k] > cntB[k]) }
	keepNew := func(k string) bool { return added[k] > 0 && (replaced || cntB[k] > cntA[k]) }

	oi, nj := -1, -1 // the first old and new token that make it material
	kind := Kind("")
	better := func(k Kind) {
		if kind == "" || rank(k) < rank(kind) {
			kind = k
		}
	}
	for x := h.i0; x < h.i1; x++ {
		if t := a.toks[x]; t.material() && keepOld(t.key) {
			better(t.what())
			if oi < 0 {
				oi = x
			}
		}
	}
	for x := h.j0; x < h.j1; x++ {
		t := b.toks[x]
		switch {
		case t.material() && keepNew(t.key):
			better(t.what())
		case t.name && !oldFolded[t.key[1:]]:
			better(Name)
		default:
			continue
		}
		if nj < 0 {
			nj = x
		}
	}
	if kind == "" {
		return Change{}, false
	}
	c := Change{Kind: kind}
	c.Old = a.around(h.i0, h.i1, oi)
	c.New = b.around(h.j0, h.j1, nj)
	if nj >= 0 {
		c.Line = b.lineAt(nj)
	} else {
		c.Line = b.lineAt(h.j0)
	}
	return c, true
}

func rank(k Kind) int {
	for i, x := range []Kind{Email, Phone, Link, Date, Number, Name} {
		if x == k {
			return i
		}
	}
	return 99
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// context is how many unchanged words are shown on each side of a change;
// span how many changed tokens are shown at most, around the first that
// makes it material.
const context, span = 2, 8

// around is the stretch [i0,i1) as written, with context around it; a
// long stretch is cut to the tokens around at (when at >= 0), with "…".
func (t *text) around(i0, i1, at int) string {
	cutStart, cutEnd := false, false
	if i1-i0 > span {
		from := i0
		if at >= 0 {
			from = max(i0, at-span/2)
		}
		to := min(i1, from+span)
		cutStart, cutEnd = from > i0, to < i1
		i0, i1 = from, to
	}
	// Context from the same paragraph (or item, or row) only: a word of
	// the one before is no help.
	from, to := i0, i1
	for !cutStart && from > max(0, i0-context) && (from == i1 || t.sameLine(from-1, from)) {
		from--
	}
	for !cutEnd && to < min(len(t.toks), i1+context) && (to == i0 || t.sameLine(to-1, to)) {
		to++
	}
	if from >= to {
		return ""
	}
	s := strings.Join(strings.Fields(t.s[t.toks[from].off:t.toks[to-1].end]), " ")
	if cutStart {
		s = "… " + s
	}
	if cutEnd {
		s += " …"
	}
	return s
}

// sameLine reports whether tokens i and j are in one paragraph, heading,
// list item or table row.
func (t *text) sameLine(i, j int) bool { return t.toks[i].block == t.toks[j].block }

// A tkind is what a token of the text is.
type tkind byte

const (
	tWord   tkind = 'w' // letters
	tNumber tkind = 'n' // digits, or a number word or unit of time
	tDate   tkind = 'd' // a date written in digits, or a month's name
	tEmail  tkind = 'e'
	tPhone  tkind = 'p'
	tLink   tkind = 'l' // a link's target
)

type token struct {
	key      string // the kind's byte, then what is compared (lower case)
	kind     tkind
	off, end int  // where it is written
	block    int  // the paragraph, heading, list item or table row it is in
	name     bool // a capitalised word not at the start of a sentence
}

func (t token) material() bool { return t.kind != tWord }

// countChanges are the numbers, dates, addresses and link targets (keys of
// counts: a kind's byte, then the token) that one text has more or fewer
// of than the other, in the order of their keys, each at line 0.
func countChanges(a, b map[string]int) []Change {
	var keys []string
	for k, n := range a {
		if k[0] != byte(tWord) && b[k] != n {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, both := a[k]; !both && k[0] != byte(tWord) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []Change
	for _, k := range keys {
		c := Change{Kind: token{kind: tkind(k[0])}.what()}
		if a[k] > b[k] {
			c.Old = k[1:]
		} else {
			c.New = k[1:]
		}
		out = append(out, c)
	}
	return out
}

func (t token) what() Kind {
	switch t.kind {
	case tEmail:
		return Email
	case tPhone:
		return Phone
	case tLink:
		return Link
	case tDate:
		return Date
	}
	return Number
}

type text struct {
	s     string
	toks  []token
	lines []int // the offset each line starts at
}

func (t *text) words() int { return t.wordsIn(0, len(t.toks)) }

func (t *text) wordsIn(i, j int) int {
	n := 0
	for _, tk := range t.toks[i:j] {
		if tk.kind != tLink {
			n++
		}
	}
	return n
}

func (t *text) counts() map[string]int {
	m := make(map[string]int, len(t.toks))
	for _, tk := range t.toks {
		m[tk.key]++
	}
	return m
}

// runes numbers the tokens by their keys, as go-diff's DiffMainRunes needs.
func (t *text) runes(ids map[string]rune) []rune {
	out := make([]rune, len(t.toks))
	for i, tk := range t.toks {
		r, ok := ids[tk.key]
		if !ok {
			r = tokenRune(len(ids))
			ids[tk.key] = r
		}
		out[i] = r
	}
	return out
}

// tokenRune is the n-th distinct token's rune, past the ASCII controls and
// apart from the surrogates, which Go strings cannot hold.
func tokenRune(n int) rune {
	r := rune(n + 0x800)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

// lineAt is the 0-based line of token i, or of the text's end.
func (t *text) lineAt(i int) int {
	off := len(t.s)
	if i < len(t.toks) {
		off = t.toks[i].off
	}
	lo, hi := 0, len(t.lines)
	for lo+1 < hi {
		m := (lo + hi) / 2
		if t.lines[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

func (t *text) String() string {
	var b strings.Builder
	for _, tk := range t.toks {
		fmt.Fprintf(&b, "%c:%s ", tk.kind, tk.key[1:])
	}
	return b.String()
}

var (
	// heading: its marks and a leading section number (4, 4., 2.1, 2a, § 3).
	headingStart = regexp.MustCompile(`^#{1,6}[ \t]+(?:(?:§[ \t]*)?\d+(?:\.\d+)*[a-z]?\.?[ \t]+)?`)
	listStart    = regexp.MustCompile(`^(?:[-*+]|\d{1,9}[.)])[ \t]+`)
	quoteStart   = regexp.MustCompile(`^(?:>[ \t]?)+`)
	refDef       = regexp.MustCompile(`^\[([^\]]+)\]:[ \t]*<?([^\s>]+)`)
	headingID    = regexp.MustCompile(`^\{#[^}\s]*\}`)
	entity       = regexp.MustCompile(`^&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)
	emailAt      = regexp.MustCompile(`^[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)
	urlAt        = regexp.MustCompile(`^(?:https?://|www\.)[^\s<>()\[\]]+`)
	phoneAt      = regexp.MustCompile(`^\+?\d{2,4}(?:[ \x{a0}]\d{2,4}){2,}`)
	numberAt     = regexp.MustCompile(`^\d+(?:[.,:/-]\d+)*`)
	dateNumber   = regexp.MustCompile(`^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}/\d{1,2}/\d{2,4})$`)
	tagAt        = regexp.MustCompile(`^</?[a-zA-Z][^>]*>`)
	hrefIn       = regexp.MustCompile(`(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	autolinkAt   = regexp.MustCompile(`^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>`)
)

// scan reads a Markdown body into tokens.
func scan(s, lang string) *text {
	t := &text{s: s, lines: []int{0}}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	sc := scanner{t: t, lang: words[lang], start: true}
	for n, from := range t.lines {
		to := len(s)
		if n+1 < len(t.lines) {
			to = t.lines[n+1] - 1
		}
		sc.line(from, to)
	}
	return t
}

type scanner struct {
	t     *text
	lang  *langWords
	start bool // the next word starts a sentence
	block int  // the number of the paragraph, heading, item or row
	blank bool // the line before was blank
	// comment is set within an HTML comment, which the page does not show.
	comment bool
	// heading is set on a heading's line, whose words may all have
	// capitals (Title Case) and name no one.
	heading bool
	// ref is set after "punkt", "section" …: the number that follows is a
	// cross-reference.
	ref bool
}

func (sc *scanner) line(from, to int) {
	s := sc.t.s[:to]
	at := from
	if sc.comment {
		end := strings.Index(s[at:], "-->")
		if end < 0 {
			return
		}
		at += end + 3
		sc.comment = false
	}
	skipSpace := func() {
		for at < to && (s[at] == ' ' || s[at] == '\t') {
			at++
		}
	}
	skipSpace()
	if at == to {
		sc.start, sc.heading, sc.blank = true, false, true // a blank line ends a paragraph
		return
	}
	if m := quoteStart.FindString(s[at:]); m != "" {
		at += len(m)
		skipSpace()
	}
	wasHeading := sc.heading
	sc.heading = false
	if m := headingStart.FindString(s[at:]); m != "" {
		at += len(m)
		sc.start, sc.heading = true, true
	}
	item := false
	if m := listStart.FindString(s[at:]); m != "" {
		at += len(m)
		sc.start, item = true, true
	}
	if sc.blank || sc.heading || wasHeading || item || strings.HasPrefix(s[at:], "|") {
		sc.block++
	}
	sc.blank = false
	if m := refDef.FindStringSubmatchIndex(s[at:]); m != nil {
		if !strings.HasPrefix(s[at+m[2]:at+m[3]], "^") {
			sc.link(at+m[4], at+m[5])
		}
		return
	}
	if strings.HasPrefix(s[at:], "|") {
		sc.start = true
	}
	for at < to {
		r, size := utf8.DecodeRuneInString(s[at:])
		rest := s[at:]
		switch {
		case r == '|':
			sc.start = true // a table cell
			at++
		case r == ']' && strings.HasPrefix(rest, "]("):
			at = sc.inlineLink(at+2, to)
		case r == '<' && strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				sc.comment = true // to its end, on a line below
				return
			}
			at += 4 + end + 3
		case r == '<':
			if m := autolinkAt.FindStringSubmatchIndex(rest); m != nil {
				sc.link(at+m[2], at+m[3])
				at += m[1]
			} else if m := tagAt.FindString(rest); m != "" {
				if h := hrefIn.FindStringSubmatchIndex(m); h != nil {
					for g := 2; g < len(h); g += 2 {
						if h[g] >= 0 {
							sc.link(at+h[g], at+h[g+1])
						}
					}
				}
				at += len(m)
			} else {
				at++
			}
		case r == '{' && headingID.MatchString(rest):
			at += len(headingID.FindString(rest))
		case r == '[' && strings.HasPrefix(rest, "[^"):
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				end = 1
			}
			at += end + 1
		case r == '&' && entity.MatchString(rest):
			at += len(entity.FindString(rest))
		case (r == 'h' || r == 'w') && urlAt.MatchString(rest):
			m := strings.TrimRight(urlAt.FindString(rest), ".,;:!?'\"")
			sc.link(at, at+len(m))
			at += len(m)
		case isWord(r):
			at = sc.word(at, to)
		case r == '+' && phoneAt.MatchString(rest):
			at = sc.word(at, to)
		case r == '.' || r == '!' || r == '?' || r == ':':
			sc.start = true
			sc.ref = false
			at++
		default:
			at += size
		}
	}
}

// word reads the word, number, address or phone number at at.
func (sc *scanner) word(at, to int) int {
	s := sc.t.s[:to]
	rest := s[at:]
	field := rest
	if sp := strings.IndexAny(rest, " \t\n"); sp >= 0 {
		field = rest[:sp]
	}
	if strings.Contains(field, "@") {
		if m := emailAt.FindString(rest); m != "" {
			m = strings.TrimRight(m, ".-")
			sc.add(tEmail, strings.ToLower(m), at, at+len(m), false)
			return at + len(m)
		}
	}
	if r, _ := utf8.DecodeRuneInString(rest); r == '+' || '0' <= r && r <= '9' {
		if m := phoneAt.FindString(rest); m != "" && digits(m) >= 8 {
			sc.add(tPhone, strings.Map(keepDigits, m), at, at+len(m), false)
			sc.ref = false
			return at + len(m)
		}
		if m := numberAt.FindString(rest); m != "" {
			kind := tNumber
			if dateNumber.MatchString(m) {
				kind = tDate
			}
			if sc.ref {
				kind = tWord // a cross-reference: numbering
			}
			sc.add(kind, m, at, at+len(m), false)
			sc.ref = false
			return at + len(m)
		}
	}
	end := at
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !isWord(r) || unicode.IsDigit(r) {
			break
		}
		end += size
	}
	if end == at { // a mark alone
		_, size := utf8.DecodeRuneInString(rest)
		return at + size
	}
	w := s[at:end]
	folded := strings.ToLower(w)
	kind := tWord
	switch {
	case sc.lang != nil && sc.lang.months[folded]:
		kind = tDate
	case sc.lang != nil && (sc.lang.numbers[folded] || sc.lang.units[folded]):
		kind = tNumber
	}
	name := kind == tWord && !sc.start && !sc.heading && capitalised(w)
	sc.add(kind, folded, at, end, name)
	sc.ref = sc.lang != nil && sc.lang.refs[folded]
	return end
}

// inlineLink reads a link's target after "](", and its title; it returns
// where the text goes on.
func (sc *scanner) inlineLink(at, to int) int {
	s := sc.t.s[:to]
	for at < to && (s[at] == ' ' || s[at] == '\t') {
		at++
	}
	start, end := at, at
	if at < to && s[at] == '<' {
		start++
		end = strings.IndexByte(s[start:], '>')
		if end < 0 {
			return at + 1
		}
		end += start
	} else {
		depth := 0
		for end < to && s[end] != ' ' && s[end] != '\t' {
			if s[end] == '(' {
				depth++
			} else if s[end] == ')' {
				if depth == 0 {
					break
				}
				depth--
			}
			end++
		}
	}
	sc.link(start, end)
	if close := strings.IndexByte(s[end:], ')'); close >= 0 {
		return end + close + 1
	}
	return end
}

// link adds the target written at [from,to), if it leads out of the page.
func (sc *scanner) link(from, to int) {
	target := strings.TrimSpace(sc.t.s[from:to])
	lower := strings.ToLower(target)
	switch {
	case target == "" || strings.HasPrefix(target, "#"):
		return // within the page: follows its headings
	case strings.HasPrefix(lower, "mailto:"):
		addr, _, _ := strings.Cut(target[len("mailto:"):], "?")
		sc.add(tEmail, strings.ToLower(addr), from, to, false)
	case strings.HasPrefix(lower, "tel:"):
		sc.add(tPhone, strings.Map(keepDigits, target[len("tel:"):]), from, to, false)
	case strings.Contains(target, "@") && !strings.Contains(target, ":"):
		sc.add(tEmail, lower, from, to, false)
	default:
		sc.add(tLink, normalLink(target), from, to, false)
	}
}

// normalLink is a target as compared: http and https, www. or not, and a
// final slash or not lead to the same place.
func normalLink(target string) string {
	t := target
	lower := strings.ToLower(t)
	switch {
	case strings.HasPrefix(lower, "https://"):
		t = t[len("https://"):]
	case strings.HasPrefix(lower, "http://"):
		t = t[len("http://"):]
	case strings.HasPrefix(lower, "www."):
	default:
		return strings.TrimSuffix(t, "/")
	}
	host, path, _ := strings.Cut(t, "/")
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	path = strings.TrimSuffix(path, "/")
	if path == "" {
		return "https://" + host
	}
	return "https://" + host + "/" + path
}

// samePage reports whether two link keys lead to the same page: the same
// last part of the path (the page's name), on the same host or one of them
// relative. Folders before it, the fragment and the query are not
// compared: a site that reorganises its pages moves them, and a link to a
// section follows its heading.
func samePage(a, b string) bool {
	if a[0] != byte(tLink) || b[0] != byte(tLink) {
		return false
	}
	ha, pa := page(a[1:])
	hb, pb := page(b[1:])
	return pa == pb && (ha == hb || ha == "" || hb == "")
}

// page is a link target's host ("" if relative) and the last part of its
// path, in lower case; for an address with no path, the host twice.
func page(target string) (host, name string) {
	t := target
	if rest, ok := strings.CutPrefix(t, "https://"); ok {
		host, t, _ = strings.Cut(rest, "/")
	}
	t, _, _ = strings.Cut(t, "#")
	t, _, _ = strings.Cut(t, "?")
	t = strings.TrimSuffix(t, "/")
	if i := strings.LastIndexByte(t, '/'); i >= 0 {
		t = t[i+1:]
	}
	if t == "" {
		t = host
	}
	return host, strings.ToLower(t)
}

func (sc *scanner) add(k tkind, key string, off, end int, name bool) {
	sc.t.toks = append(sc.t.toks, token{key: string(k) + key, kind: k, off: off, end: end, block: sc.block, name: name})
	sc.start = false
}

func keepDigits(r rune) rune {
	if '0' <= r && r <= '9' || r == '+' {
		return r
	}
	return -1
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if '0' <= r && r <= '9' {
			n++
		}
	}
	return n
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// capitalised reports whether a word of two letters or more has a capital
// letter: a name (Google, EØS, iPhone); "I" and "Å" alone are not.
func capitalised(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	for _, r := range w {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}
