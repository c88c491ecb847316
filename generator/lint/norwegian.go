package lint

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/msg"
)

// norwegian reports for a revision in bokmål or nynorsk what keeps its
// text from being plain, correct Norwegian: the title repeated as a
// heading, straight quotes, a hyphen for a dash, headings in capitals and
// a summary that does not say what changes. Each is a warning: the text
// is allowed, but a reader is served better by the fix.
func norwegian(r *content.Revision, heads []heading) diag.List {
	var out diag.List
	title := titleHeading(r, heads)
	if title != nil {
		out = append(out, *title)
	}
	for _, h := range heads {
		if title != nil && h.line == title.Line {
			continue // to be deleted, not rewritten
		}
		if f, ok := capitals(r, h); ok {
			out = append(out, f)
		}
	}
	out = append(out, prose(r)...)
	if r.Summary != "" && vagueSummary(r.Title, r.Summary) { // a missing one is an error of its own
		out = append(out, diag.Diagnostic{File: r.File, Line: max(r.SummaryLine, 1), Level: diag.Warning,
			Message: msg.T("lint.nb.vague-summary", r.Summary),
			Fix:     msg.T("lint.nb.vague-summary.fix")})
	}
	return out
}

// norwegianLang reports whether a language code is Norwegian: bokmål,
// nynorsk, or Norwegian unspecified.
func norwegianLang(lang string) bool {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return base == "nb" || base == "nn" || base == "no"
}

// titleHeading finds the title repeated as a level-1 heading on the
// body's first line of text. The page shows the title as its own
// heading; the renderer moves the text's headings a level down below
// it, so one more on top pushes every other heading down a level.
func titleHeading(r *content.Revision, heads []heading) *diag.Diagnostic {
	if len(heads) == 0 || heads[0].level != 1 || r.Title == "" {
		return nil
	}
	first := strings.TrimLeft(string(r.Body), " \t\n")
	if r.BodyLine+strings.Count(string(r.Body[:len(r.Body)-len(first)]), "\n") != heads[0].line {
		return nil
	}
	h, t := fold(stripAttrs(heads[0].text)), fold(r.Title)
	// "# Personvernerklæring" repeats the title "Personvernerklæring –
	// Akershus Energi Varme" too: the part before the company's name.
	rest, prefix := strings.CutPrefix(t, h)
	sep, _ := utf8.DecodeRuneInString(strings.TrimSpace(rest))
	if h == "" || !prefix || (rest != "" && !strings.ContainsRune("–—-:|,", sep)) {
		return nil
	}
	return &diag.Diagnostic{File: r.File, Line: heads[0].line, Level: diag.Warning,
		Message: msg.T("lint.nb.title-heading", heads[0].text),
		Fix:     msg.T("lint.nb.title-heading.fix")}
}

// fold is s for comparing titles: in lower case, its spaces collapsed,
// without a closing full stop or colon.
func fold(s string) string {
	return strings.TrimRight(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".:")
}

var attrs = regexp.MustCompile(`\s*\{[^{}]*\}\s*$`)

// stripAttrs removes a heading's attributes ({#id}).
func stripAttrs(s string) string { return attrs.ReplaceAllString(s, "") }

var sectionNumber = regexp.MustCompile(`^\d+(?:\.\d+)*\.?\s+`)

// capitals reports a heading in capital letters, which are harder to read
// than lower case, and on a screen read as shouting. An abbreviation
// (GDPR, NAV) is a word of capitals too: a heading of one word is in
// capitals only when the word is long (KONTAKT); one of several, when
// the words have four letters between them (OM OSS).
func capitals(r *content.Revision, h heading) (diag.Diagnostic, bool) {
	text := stripAttrs(h.text)
	number := sectionNumber.FindString(text)
	words := text[len(number):]
	letters, runs, longest, run := 0, 0, 0, 0
	for _, c := range words {
		if !unicode.IsLetter(c) {
			run = 0
			continue
		}
		if !unicode.IsUpper(c) {
			return diag.Diagnostic{}, false
		}
		if run == 0 {
			runs++
		}
		run++
		letters++
		longest = max(longest, run)
	}
	if letters < 4 || (runs == 1 && longest < 6) {
		return diag.Diagnostic{}, false
	}
	return diag.Diagnostic{File: r.File, Line: h.line, Level: diag.Warning,
		Message: msg.T("lint.nb.capitals", h.text),
		Fix:     msg.T("lint.nb.capitals.fix", strings.Repeat("#", h.level)+" "+number+sentenceCase(words)+h.text[len(text):])}, true
}

// sentenceCase is s in lower case but its first letter.
func sentenceCase(s string) string {
	s = strings.ToLower(s)
	for i, c := range s {
		if unicode.IsLetter(c) {
			return s[:i] + string(unicode.ToUpper(c)) + s[i+utf8.RuneLen(c):]
		}
	}
	return s
}

// prose reports straight quotes and hyphens used as dashes in the text
// a reader reads: not in code, link targets, HTML tags or comments, where
// they are syntax. A finding is on the line it starts on, one of each
// kind a line.
func prose(r *content.Revision) diag.List {
	var out diag.List
	lines := proseLines(r.Body)
	for i, l := range lines {
		if before, after, ok := hyphenDash(l); ok {
			out = append(out, diag.Diagnostic{File: r.File, Line: r.BodyLine + i, Level: diag.Warning,
				Message: msg.T("lint.nb.hyphen", before, after),
				Fix:     msg.T("lint.nb.hyphen.fix", before, after)})
		}
	}
	for _, q := range straightQuotes(lines) {
		fix := msg.T("lint.nb.quotes.fix", q.text)
		if strings.ContainsRune(q.text, hidden) {
			fix = msg.T("lint.nb.quotes.fix-marks")
		}
		out = append(out, diag.Diagnostic{File: r.File, Line: r.BodyLine + q.line, Level: diag.Warning,
			Message: msg.T("lint.nb.quotes"),
			Fix:     fix})
	}
	return out
}

// A quotation is text between straight quotes.
type quotation struct {
	line int // of the body, where it opens
	text string
}

// straightQuotes finds the quotations of lines opened with a straight
// quote and closed with one, "…", with no space inside either mark; the
// first that opens on each line. A quotation may go on to the next lines
// of its paragraph, but not past it. One pass over the marks finds them
// all, so that a long paragraph is not read again for each of its lines.
func straightQuotes(lines []string) []quotation {
	var out []quotation
	var para strings.Builder // the open quotation's text, from its mark
	open := -1               // the line of the open quotation, or -1
	for i, l := range lines {
		if l == "" { // the end of a paragraph: a quotation stays open no further
			open = -1
			continue
		}
		if open >= 0 {
			para.WriteByte(' ')
		}
		for j := 0; j < len(l); j++ {
			if l[j] != '"' {
				if open >= 0 {
					para.WriteByte(l[j])
				}
				continue
			}
			prev, _ := utf8.DecodeLastRuneInString(l[:j])
			next, _ := utf8.DecodeRuneInString(l[j+1:])
			opens := (j == 0 || unicode.IsSpace(prev) || strings.ContainsRune("([*_/—–", prev)) &&
				next != utf8.RuneError && !unicode.IsSpace(next) && next != '"'
			closes := j > 0 && !unicode.IsSpace(prev)
			switch {
			case open >= 0 && closes:
				if len(out) == 0 || out[len(out)-1].line != open {
					out = append(out, quotation{open, strings.Join(strings.Fields(para.String()), " ")})
				}
				open = -1
			case opens: // a quotation, or a new one where a mark did not close the last
				open = i
				para.Reset()
			}
		}
	}
	return out
}

// hidden stands for what proseLines takes out of a line (a code span, a
// link's target), so that the words on each side do not meet.
const hidden = '\x00'

var (
	linkDest  = regexp.MustCompile(`\]\((?:<[^>]*>|[^()\s]*(?:\([^()]*\)[^()\s]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)`)
	htmlTag   = regexp.MustCompile(`</?[A-Za-z][^<>]*>|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>`)
	bareURL   = regexp.MustCompile(`(?:https?://|www\.)[^\s<>]+`)
	refDef    = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:`)
	listStart = regexp.MustCompile(`^\s*(?:>\s*)*(?:[-*+]|\d+[.)])?\s*`)
)

// proseLines is the body, a line for each of its lines, with what is not
// prose taken out: a line of code, a reference definition or an HTML
// comment is empty; code spans, link targets, HTML tags and URLs are
// hidden. A blank line stays empty: it ends a paragraph.
func proseLines(body []byte) []string {
	src := strings.Split(string(body), "\n")
	out := make([]string, len(src))
	inFence, inComment, prevBlank := "", false, true
	for i, l := range src {
		blank := strings.TrimSpace(l) == ""
		switch m := fence.FindStringSubmatch(l); {
		case m != nil && inFence == "":
			inFence = m[1]
			continue
		case m != nil && m[1] == inFence:
			inFence = ""
			continue
		case inFence != "":
			continue
		}
		if inComment {
			end := strings.Index(l, "-->")
			if end < 0 {
				continue
			}
			inComment, l = false, l[end+3:]
		}
		// An indented line after a blank one is code, or a nested list's
		// item: either way, not looked at.
		indented := strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t")
		if (indented && prevBlank) || refDef.MatchString(l) {
			prevBlank = blank
			continue
		}
		prevBlank = blank
		for {
			start := strings.Index(l, "<!--")
			if start < 0 {
				break
			}
			end := strings.Index(l[start:], "-->")
			if end < 0 {
				l, inComment = l[:start], true
				break
			}
			l = l[:start] + string(hidden) + l[start+end+3:]
		}
		if atx.MatchString(l) {
			l = stripAttrs(l)
		}
		l = hideCode(l)
		for _, re := range []*regexp.Regexp{linkDest, htmlTag, bareURL} {
			l = re.ReplaceAllStringFunc(l, func(s string) string {
				if strings.HasPrefix(s, "]") {
					return "]" + string(hidden)
				}
				return string(hidden)
			})
		}
		out[i] = l
		if out[i] == "" && !blank {
			out[i] = string(hidden) // not the end of a paragraph
		}
	}
	return out
}

// hideCode hides the code spans of a line: a run of backticks, up to the
// next run of as many. The runs are found first, so that a run that is
// never closed does not send a search to the line's end for each.
func hideCode(l string) string {
	type run struct{ start, end int }
	var runs []run
	next := map[int][]int{} // length → the indexes in runs of the runs of that length
	for i := 0; i < len(l); {
		if l[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(l) && l[j] == '`' {
			j++
		}
		next[j-i] = append(next[j-i], len(runs))
		runs = append(runs, run{i, j})
		i = j
	}
	if len(runs) < 2 {
		return l
	}
	var b strings.Builder
	done := 0 // of l, written or hidden
	for k := 0; k < len(runs); k++ {
		n := runs[k].end - runs[k].start
		same := next[n]
		for len(same) > 0 && same[0] <= k { // the runs of that length before
			same = same[1:]
		}
		next[n] = same
		if len(same) == 0 {
			continue // not closed: backticks of the text
		}
		b.WriteString(l[done:runs[k].start])
		b.WriteRune(hidden)
		k = same[0]
		done = runs[k].end
	}
	return b.String() + l[done:]
}

// hyphenDash finds " - " between two words of a line (not a list item's
// marker at its start), and returns the words on each side.
func hyphenDash(l string) (before, after string, ok bool) {
	start := len(listStart.FindString(l))
	for i := start; ; {
		j := strings.Index(l[i:], " - ")
		if j < 0 {
			return "", "", false
		}
		at := i + j
		i = at + 1
		b := strings.TrimRight(l[start:at], "*_")
		a := strings.TrimLeft(l[at+3:], "*_")
		last, _ := utf8.DecodeLastRuneInString(b)
		next, _ := utf8.DecodeRuneInString(a)
		if !(wordRune(last) || strings.ContainsRune(")]»\"%", last)) || !(wordRune(next) || strings.ContainsRune("([«\"", next)) {
			continue
		}
		bw := strings.Fields(b)
		aw := strings.Fields(a)
		return strings.Trim(bw[len(bw)-1], "*_"), strings.Trim(aw[0], "*_"), true
	}
}

func wordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// Words that say nothing of what changes: that something is updated or
// changed, a version, in general.
var vague = wordSet(`oppdatert oppdatering oppdateringer oppdateringar oppdatere oppdateres oppdaterast oppdatera
	endring endringer endringar endret endra endre endres endrast
	justert justering justeringer justeringar revidert revisjon revisjoner revisjonar
	forbedret forbetra forbedring forbedringer forbetring forbetringar
	diverse div ulike mindre små noen nokre nokon enkelte flere fleire mange
	ny nye nytt versjon utgave generelt generell generelle`)

// Words that carry no meaning of their own.
var stopWords = wordSet(`og i av til på for med er en et ei ein eit den det de dei denne dette disse desse
	vi me har hadde vår vårt våre som om blitt vorte blir vert var vart gjort gjorde gjennomført foretatt
	lagt inn ut no nå her herved at seg sin sitt sine vil kan også òg så`)

// The document itself, by any name.
var docWords = []string{"personvernerklæring", "erklæring", "personvernpolicy", "policy", "tekst", "dokument", "vilkår", "retningslinje", "retningslinjer"}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// vagueSummary reports whether a summary says no more than that the
// document changes ("Oppdatert personvernerklæring", "Diverse
// endringer"): its words, but the title's, the document's names and
// words without meaning of their own, are all words of change.
func vagueSummary(title, summary string) bool {
	notLetter := func(c rune) bool { return !unicode.IsLetter(c) }
	titleWords := strings.FieldsFunc(strings.ToLower(title), notLetter)
	for _, w := range strings.FieldsFunc(strings.ToLower(summary), notLetter) {
		if vague[w] || stopWords[w] || inflectionOf(w, docWords) || inflectionOf(w, titleWords) {
			continue
		}
		return false
	}
	return true
}

// inflectionOf reports whether w is one of words or an inflection of one
// (personvernerklæringen, vilkårene); not a compound (energimåler is not
// energi).
func inflectionOf(w string, words []string) bool {
	for _, base := range words {
		if rest, ok := strings.CutPrefix(w, base); ok && (rest == "" || inflections[rest]) {
			return true
		}
	}
	return false
}

var inflections = wordSet(`a e en et er ene ane ar s n`)
