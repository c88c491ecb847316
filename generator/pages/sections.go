package pages

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/diffview"
	"policysite/generator/theme"
)

// Each clause's history (docs/output.md, "Each section's history"): a page
// per clause of a document in a language (diff.Threads: a top-level
// section with the sections below it, or the text before the first
// heading), listing every revision that changed it with its own part of
// the revision's diff.

// SectionsPath is where the pages of a document's clauses live, each in a
// folder named by its address (SectionSlug).
func SectionsPath(docPath string) string { return docPath + "history/sections/" }

// introSlug is the address of the text before the first heading.
const introSlug = "intro"

// SectionSlugs are the last parts of the addresses of the history pages
// of threads, the clauses' histories of docs (in order): the slug of the
// heading's id in the revision a clause first appears in, introSlug for the
// text before the first heading, with -2, -3 … after one taken by an
// earlier thread. policysite diff --section finds a page by it.
func SectionSlugs(clauses [][]diff.Clause, threads []*diff.Thread) []string {
	taken := map[string]bool{}
	slugs := make([]string, len(threads))
	for k, t := range threads {
		base := introSlug
		if id := clauses[t.First][t.Clauses[0]].ID; id != "" {
			base = SectionSlug(id)
		}
		slug := base
		for n := 2; taken[slug]; n++ {
			slug = base + "-" + strconv.Itoa(n)
		}
		taken[slug] = true
		slugs[k] = slug
	}
	return slugs
}

// SectionSlug is a clause's address, made from its heading's id in the
// revision it first appears in: ASCII letters, digits and "-" (æ → ae,
// ø → o, å → a, other letters without their accents), so that the folder
// reads the same on any host and in any archive.
func SectionSlug(id string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(id)) {
		switch {
		case r == 'æ':
			b.WriteString("ae")
		case r == 'ø':
			b.WriteByte('o')
		case r == 'å':
			b.WriteByte('a')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			continue // an accent, its letter written
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
			continue
		}
		dash = false
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		return "section"
	}
	return s
}

// sectionThread is one clause's history as its page and the headings of
// the revision pages link to it.
type sectionThread struct {
	t    *diff.Thread
	path string
	info *SectionInfo
}

// planSections follows the clauses of a document in a language through
// its revisions, and gives each its address: the slug of its heading's id
// in the revision it first appears in, numbered (-2, -3 …) after any the
// earlier ones took, so that a clause keeps its address when it is later
// renamed or renumbered, and as revisions are added. It returns nil when
// the planner has no diffs to follow them by.
func (pl *planner) planSections(v *view) []*sectionThread {
	if pl.Diff == nil || pl.Rendering == nil {
		return nil
	}
	rens := make([]*Rendering, len(v.revs))
	clauses := make([][]diff.Clause, len(v.revs))
	for i, r := range v.revs {
		rens[i] = pl.Rendering(r.Revision)
		if rens[i] == nil {
			return nil
		}
		clauses[i] = rens[i].Clauses
	}
	hist, diffs := pl.sectionHistory(rens)
	threads := hist.Threads
	v.sectionPaths = make([][]string, len(v.revs))
	for i := range v.revs {
		v.sectionPaths[i] = make([]string, len(clauses[i]))
	}
	slugs := SectionSlugs(clauses, threads)
	out := make([]*sectionThread, len(threads))
	for k, t := range threads {
		st := &sectionThread{t: t, path: SectionsPath(v.doc.Path) + slugs[k] + "/"}
		out[k] = st
		for r := t.First; r <= t.Last(); r++ {
			v.sectionPaths[r][t.In(r)] = st.path
		}
		pl.planSection(v, st, rens, diffs, hist.Kinds[k])
	}
	v.sectionsIn, v.sectionsRemoved = sectionIndex(v, clauses, out)
	return out
}

// cutFragment takes a change's total and body apart (the total's length,
// a colon, the total, the body).
func cutFragment(s string) (total, body string, ok bool) {
	n, rest, ok := strings.Cut(s, ":")
	l, err := strconv.Atoi(n)
	if !ok || err != nil || l < 0 || l > len(rest) {
		return "", "", false
	}
	return rest[:l], rest[l:], true
}

// neighbourDiff is the diff of two neighbours a clause's history page
// shows a part of, where the section history was kept and the part was
// not: the diff Input.SharedDiff keeps for the others that show a part of
// it, else Diff's.
func (pl *planner) neighbourDiff(older, newer *Rendering) *diff.Diff {
	if pl.SharedDiff != nil {
		return pl.SharedDiff(older, newer)
	}
	return pl.Diff(older, newer)
}

// changeKey is the key of what a clause's history page shows of one
// change (its part of the diff of two renderings, its anchors prefixed
// with the change's id, in the labels' words; and its total): false when a
// rendering or the labels have no key.
func changeKey(older, newer *Rendering, old, new int, labels *diff.Labels, id string) (key [32]byte, ok bool) {
	lk := labels.HashKey()
	if lk == nil || older.HashKey() == nil || newer.HashKey() == nil {
		return key, false
	}
	h := sha256.New()
	fmt.Fprintf(h, "section change\x00%d\x00%d\x00%s\x00", old, new, id)
	h.Write(older.Key[:])
	h.Write(newer.Key[:])
	h.Write(lk)
	h.Sum(key[:0])
	return key, true
}

// sectionHistory returns the history of a document's clauses through
// its renderings, as kept by the build before where it was, and made
// through the rest; and the diffs between neighbours it made (nil where
// the history was kept). The renderings before those it makes diffs of
// are not made (Rendering.Doc) for it.
func (pl *planner) sectionHistory(rens []*Rendering) (*SectionHistory, []*diff.Diff) {
	var hist *SectionHistory
	from := 0
	if pl.Histories != nil {
		if hist, from = pl.Histories.Kept(rens); hist == nil {
			from = 0
		}
	}
	diffs := make([]*diff.Diff, max(len(rens)-1, 0))
	if from == len(rens) {
		return hist, diffs
	}
	for i := max(from-1, 0); i < len(diffs); i++ {
		diffs[i] = pl.Diff(rens[i], rens[i+1])
	}
	if hist == nil {
		hist = &SectionHistory{}
	}
	docs := make([]*diff.Doc, len(rens)) // those ExtendThreads reads
	for i := max(from-1, 0); i < len(rens); i++ {
		docs[i] = rens[i].Doc()
	}
	hist.Threads = diff.ExtendThreads(hist.Threads, docs, diffs, from)
	hist.Kinds = append(hist.Kinds, make([][]string, len(hist.Threads)-len(hist.Kinds))...)
	for k, t := range hist.Threads {
		for _, r := range t.Changes[len(hist.Kinds[k]):] {
			old, new := t.In(r-1), t.In(r)
			kind := "added"
			switch {
			case old < 0:
			case new < 0:
				kind = "removed"
			default:
				kind = changeKind(diffs[r-1].Part(old, new).Stats)
			}
			hist.Kinds[k] = append(hist.Kinds[k], kind)
		}
	}
	if pl.Histories != nil {
		pl.Histories.Keep(rens, hist)
	}
	return hist, diffs
}

// SectionEntry is a clause in the history page's list of the clauses'
// histories (HistoryInfo.Sections).
type SectionEntry struct {
	Heading string // as the reader finds it now (SectionInfo.Heading); "" for the text before the first heading
	Path    string // its history page
	// Added is the revision it began in, nil when it is in the first;
	// Removed the one that removed it, or nil.
	Added, Removed *RevInfo
	Changed        int // the revisions that changed it between the two
}

// sectionIndex lists the clauses of a document in a language for its
// history page: those of the revision in force (or of the newest, when none
// is), in their order in its text, then those that begin after it, in
// their order in the newest revision, then, in the second list, those
// removed before it, the most recently removed first.
func sectionIndex(v *view, clauses [][]diff.Clause, threads []*sectionThread) (in, removed []SectionEntry) {
	at := len(v.revs) - 1
	if v.current != nil {
		at = v.indexOf(v.current)
	}
	entry := func(st *sectionThread) SectionEntry {
		e := SectionEntry{Heading: st.info.Heading, Path: st.path, Removed: st.info.Removed}
		if st.t.First > 0 {
			e.Added = v.revs[st.t.First]
		}
		for _, c := range st.info.Changes {
			if c.Kind == "changed" {
				e.Changed++
			}
		}
		return e
	}
	byClause := func(r int) []*sectionThread {
		of := make([]*sectionThread, len(clauses[r]))
		for _, st := range threads {
			if c := st.t.In(r); c >= 0 {
				of[c] = st
			}
		}
		return of
	}
	for _, st := range byClause(at) {
		if st != nil {
			in = append(in, entry(st))
		}
	}
	if newest := len(v.revs) - 1; at < newest {
		for _, st := range byClause(newest) {
			if st != nil && st.t.First > at {
				in = append(in, entry(st))
			}
		}
	}
	var gone []*sectionThread
	for _, st := range threads {
		if st.t.Last() < at {
			gone = append(gone, st)
		}
	}
	// Most recently removed first; removed together, in their order in
	// the text they were last in.
	slices.SortStableFunc(gone, func(a, b *sectionThread) int {
		if a.t.Last() != b.t.Last() {
			return b.t.Last() - a.t.Last()
		}
		return a.t.In(a.t.Last()) - b.t.In(b.t.Last())
	})
	for _, st := range gone {
		removed = append(removed, entry(st))
	}
	return in, removed
}

// SectionInfo is what a clause's history page shows.
type SectionInfo struct {
	Heading string // the clause's heading in the newest revision that has it; "" for the text before the first heading
	// In is the newest revision that has the clause, Anchor the clause's
	// place on its page ("" for the text before the first heading), and
	// Current whether that is the revision in force.
	In      *RevInfo
	Anchor  string
	Current bool
	Removed *RevInfo         // the revision that removed it, or nil
	Changes []*SectionChange // newest first; the last is where it began
}

// SectionChange is a revision in a clause's history.
type SectionChange struct {
	*RevInfo
	// Kind is "first" (in the first version), "added", "changed",
	// "moved", "renumbered" or "removed" (changeKind).
	Kind string
	// Heading is the clause's heading in the revision, or in the one
	// before it for a removed clause.
	Heading string
	DiffID  string // the id of the element that holds its diff ("" for "first")
	body    template.HTML
	total   string
}

// HTML is the clause's diff in this revision, for its data-section-diff
// element: as on the revision's diff page, its headings under the
// change's own, its ids its own on the page.
func (c *SectionChange) HTML() template.HTML { return c.body }

// Total sums the clause's changes up in a line, as a diff page's summary
// does ("12 words added and 3 removed").
func (c *SectionChange) Total() string { return c.total }

// planSection plans the history page of one clause.
func (pl *planner) planSection(v *view, st *sectionThread, rens []*Rendering, diffs []*diff.Diff, kinds []string) {
	lang := v.series.Lang
	words := pl.Theme.Strings(lang)
	t := st.t
	last := t.Last()
	// The clause as a reader finds it now: in the revision in force,
	// where that has it, else in the newest revision that has it.
	at := last
	if v.current != nil {
		if c := v.indexOf(v.current); t.In(c) >= 0 {
			at = c
		}
	}
	clause := rens[at].Clauses[t.In(at)]
	info := &SectionInfo{Heading: clause.Title, In: v.revs[at], Anchor: clause.ID, Current: v.revs[at] == v.current}
	if last < len(v.revs)-1 {
		info.Removed = v.revs[last+1]
	}
	type change struct {
		rev        int
		old, new   int
		kind, head string
		part       *diff.Diff // the clause's part of the revision's diff; nil for "first", and until prepared where the history was kept
	}
	var changes []change
	if t.First == 0 {
		changes = append(changes, change{rev: 0, old: -1, new: t.Clauses[0], kind: "first", head: rens[0].Clauses[t.Clauses[0]].Title})
	}
	for j, r := range t.Changes {
		c := change{rev: r, old: t.In(r - 1), new: t.In(r), kind: kinds[j]}
		if diffs[r-1] != nil {
			c.part = diffs[r-1].Part(c.old, c.new)
		}
		if c.new >= 0 {
			c.head = rens[r].Clauses[c.new].Title
		} else {
			c.head = rens[r-1].Clauses[c.old].Title
		}
		changes = append(changes, c)
	}
	title := fmt.Sprintf(words.T("sectionTitle"), info.Heading, v.doc.Title)
	if info.Heading == "" {
		title = fmt.Sprintf(words.T("sectionIntroTitle"), v.doc.Title)
	}
	p := pl.page(theme.KindSection, lang, st.path, title)
	p.Doc, p.Current, p.Section = v.doc, v.current, info
	st.info = info
	labels := *pl.labels(lang)
	// The changes the page shows a diff of, newest first, each with the
	// key of what it shows of it (pages.Fragments).
	type shownChange struct {
		sc    *SectionChange
		c     change
		key   [32]byte
		keyed bool
	}
	var shown []*shownChange
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		sc := &SectionChange{RevInfo: v.revs[c.rev], Kind: c.kind, Heading: c.head}
		info.Changes = append(info.Changes, sc)
		if c.kind == "first" {
			continue
		}
		sc.DiffID = "v" + content.Date(v.revs[c.rev].Effective)
		key, keyed := changeKey(rens[c.rev-1], rens[c.rev], c.old, c.new, &labels, sc.DiffID)
		shown = append(shown, &shownChange{sc, c, key, keyed})
	}
	p.prepare = func() {
		for _, sh := range shown {
			sc, c := sh.sc, sh.c
			keep := sh.keyed && pl.Fragments != nil
			if keep {
				if s, ok := pl.Fragments.Fragment(sh.key); ok {
					if total, body, ok := cutFragment(s); ok {
						sc.body, sc.total = template.HTML(body), total
						pl.Fragments.KeepFragment(sh.key, s) // for the build after
						continue
					}
				}
			}
			if c.part == nil { // the history was kept: the diff is made now
				c.part = pl.neighbourDiff(rens[c.rev-1], rens[c.rev]).Part(c.old, c.new)
			}
			part := *c.part // its anchors are prefixed below: a copy, kept as it was
			part.Sections = slices.Clone(part.Sections)
			prefix := sc.DiffID + "-"
			for k := range part.Sections {
				s := &part.Sections[k]
				s.Anchor = prefix + s.Anchor
				if s.Peer != "" {
					s.Peer = prefix + s.Peer
				}
			}
			// Written after its total, as the fragment kept for the build
			// after holds it (cutFragment): the body is the fragment's end.
			sc.total = part.Total(labels)
			var b bytes.Buffer
			b.WriteString(strconv.Itoa(len(sc.total)) + ":" + sc.total)
			from := b.Len()
			part.WriteHTML(&b, labels, 3)
			diffview.ScrollTablesAfter(&b, from, words.T("table"))
			fragment := b.String()
			sc.body = template.HTML(fragment[from:])
			if keep {
				pl.Fragments.KeepFragment(sh.key, fragment)
			}
		}
	}
	// A page kept by the last build, and not made, keeps its parts for
	// the build after, which may make it again (a change added).
	p.fragments = func() [][32]byte {
		var keys [][32]byte
		for _, sh := range shown {
			if sh.keyed {
				keys = append(keys, sh.key)
			}
		}
		return keys
	}
	p.from = func() any {
		// Each change's part is the diff of two renderings' clauses.
		type part struct {
			Older, Newer *Rendering
			Old, New     int
		}
		parts := make([]part, len(shown))
		for i, sh := range shown {
			parts[i] = part{rens[sh.c.rev-1], rens[sh.c.rev], sh.c.old, sh.c.new}
		}
		return struct {
			Labels *diff.Labels
			Parts  []part
		}{&labels, parts}
	}
	// The switcher leads to the document's history in another language:
	// a clause there is not this one's translation, which no diff pairs.
	pl.switcher(p, func(l string) (string, bool) {
		if ov := pl.series[v.series.Doc][l]; ov != nil && len(ov.revs) > 0 {
			return ov.doc.HistoryPath, true
		}
		return "", false
	})
	pl.plan(p, v.revs[changes[len(changes)-1].rev].Effective)
}

// writeLinked writes the revision's body, its pieces (Rendering.Pieces)
// one after the other with sectionLinks's links put in, to b: the body is
// not made whole first. A heading, its id and its end tag are in one piece
// (a piece is a top-level block of the HTML); where one is not, the body
// is made whole and sectionLinks puts the links in, so that the body is
// the same either way.
func writeLinked(b *bytes.Buffer, p *Page, pieces []string, clauses []diff.Clause, paths []string) {
	links, ok := linkPlaces(pieces, clauses, paths)
	if !ok {
		b.WriteString(sectionLinks(p, strings.Join(pieces, ""), clauses, paths))
		return
	}
	k, from := 0, 0 // the first piece not yet written whole, and how much of it is
	for _, l := range links {
		for ; k < l.piece; k, from = k+1, 0 {
			b.WriteString(pieces[k][from:])
		}
		b.WriteString(pieces[k][from:l.at])
		writeSectionLink(b, p, clauses[l.clause].ID, paths[l.clause])
		from = l.at
	}
	for ; k < len(pieces); k, from = k+1, 0 {
		b.WriteString(pieces[k][from:])
	}
}

// A linkPlace is where sectionLinks puts a clause's link: after its
// heading, which ends at pieces[piece][:at].
type linkPlace struct{ piece, at, clause int }

// linkPlaces finds the places sectionLinks would put the links in the
// pieces made whole, searching as it does. ok is false where that cannot
// be told piece by piece: an id, a heading's start or its end tag that
// crosses two pieces.
func linkPlaces(pieces []string, clauses []diff.Clause, paths []string) (places []linkPlace, ok bool) {
	if len(paths) != len(clauses) {
		return nil, true
	}
	piece, last := 0, 0 // the last link's place
	for i, c := range clauses {
		if c.ID == "" || paths[i] == "" {
			continue
		}
		attr := ` id="` + template.HTMLEscapeString(c.ID) + `"`
		k, at := piece, -1
		for ; k < len(pieces); k++ {
			from := 0
			if k == piece {
				from = last
			}
			if a := strings.Index(pieces[k][from:], attr); a >= 0 {
				at = from + a
				break
			}
			if across(pieces[k][from:], pieces[k+1:], attr) {
				return nil, false
			}
		}
		if at < 0 {
			continue
		}
		s := pieces[k]
		if at < 3 {
			return nil, false // the tag begins in another piece
		}
		if s[at-3] != '<' || s[at-2] != 'h' || (k == piece && at-3 < last) {
			continue // not a heading's own id
		}
		end := strings.Index(s[at:], "</h"+string(s[at-1])+">")
		if end < 0 {
			return nil, false // it ends in another piece, or not at all
		}
		piece, last = k, at+end+len("</h0>")
		places = append(places, linkPlace{piece, last, i})
	}
	return places, true
}

// across reports whether s begins at the end of a and ends in the pieces
// after it.
func across(a string, after []string, s string) bool {
	for n := min(len(a), len(s)-1); n > 0; n-- {
		if strings.HasSuffix(a, s[:n]) && prefixOf(after, s[n:]) {
			return true
		}
	}
	return false
}

// prefixOf reports whether s begins the pieces made whole.
func prefixOf(pieces []string, s string) bool {
	for _, p := range pieces {
		if len(p) >= len(s) {
			return strings.HasPrefix(p, s)
		}
		if !strings.HasPrefix(s, p) {
			return false
		}
		s = s[len(p):]
	}
	return false
}

// A bodyWriter is what a clause's link is written to: the body's buffer,
// or sectionLinks's builder.
type bodyWriter interface{ WriteString(string) (int, error) }

// writeSectionLink writes the link after a clause's heading to the
// clause's history page at path.
func writeSectionLink(w bodyWriter, p *Page, id, path string) {
	w.WriteString("\n<p class=\"section-link\" data-section-link><a href=\"")
	w.WriteString(template.HTMLEscapeString(p.Rel(path)))
	w.WriteString(`" aria-describedby="`)
	w.WriteString(template.HTMLEscapeString(id))
	w.WriteString(`">`)
	w.WriteString(template.HTMLEscapeString(p.T("sectionHistoryLink")))
	w.WriteString("</a></p>")
}

// sectionLinks puts, after each clause's heading in a revision's body, a
// link to the clause's history: a paragraph marked data-section-link, which
// is not part of the policy's text (docs/output.md). paths are the clauses'
// history pages, in the order of clauses.
func sectionLinks(p *Page, body string, clauses []diff.Clause, paths []string) string {
	if len(paths) != len(clauses) {
		return body
	}
	var b strings.Builder
	last := 0
	for i, c := range clauses {
		if c.ID == "" || paths[i] == "" {
			continue
		}
		attr := ` id="` + template.HTMLEscapeString(c.ID) + `"`
		at := strings.Index(body[last:], attr)
		if at < 0 {
			continue
		}
		at += last
		open := strings.LastIndex(body[:at], "<h")
		if open < 0 || open < last || at-open != 3 {
			continue // not a heading's own id
		}
		level := body[open+2]
		end := strings.Index(body[at:], "</h"+string(level)+">")
		if end < 0 {
			continue
		}
		end += at + len("</h0>")
		if b.Len() == 0 {
			b.Grow(len(body) + 200*len(clauses))
		}
		b.WriteString(body[last:end])
		writeSectionLink(&b, p, c.ID, paths[i])
		last = end
	}
	if last == 0 {
		return body
	}
	b.WriteString(body[last:])
	return b.String()
}

// SectionNote says in a few words what became of a clause in the history
// page's list of the clauses' histories: when it was added, how many
// revisions changed it, when it was removed, each day in a <time>
// ("lagt til 1. mai 2022, endret i 2 versjoner"), or that it is unchanged.
func (p *Page) SectionNote(e SectionEntry) template.HTML {
	later := func(r *RevInfo) bool { return r.Status == content.StatusUpcoming || r.Status == content.StatusDraft }
	var parts []string
	if r := e.Added; r != nil {
		key := "sectionIndexAdded"
		if later(r) {
			key = "sectionIndexComing"
		}
		parts = append(parts, string(p.Dated(key, r.Effective)))
	}
	if e.Changed > 0 {
		parts = append(parts, template.HTMLEscapeString(p.Tn("sectionIndexChanged", e.Changed)))
	}
	if r := e.Removed; r != nil {
		key := "sectionIndexRemoved"
		if later(r) {
			key = "sectionIndexRemoving"
		}
		parts = append(parts, string(p.Dated(key, r.Effective)))
	}
	if len(parts) == 0 {
		return template.HTML(template.HTMLEscapeString(p.T("sectionIndexUnchanged")))
	}
	return template.HTML(strings.Join(parts, ", "))
}

// changeKind is what a revision did to a clause it kept, by the clause's
// part of its diff: "moved" or "renumbered" when not a word, link or
// heading of it changed, so that a move is not called a change of the
// text; else "changed".
func changeKind(s diff.Stats) string {
	switch {
	case s.Inserted > 0 || s.Deleted > 0 || s.Links > 0 || s.Headings > 0:
		return "changed"
	case s.Moved > 0:
		return "moved"
	case s.Renumbered > 0:
		return "renumbered"
	}
	return "changed"
}
