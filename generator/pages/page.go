package pages

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"policysite/generator/valuehash"
	"slices"
	"strings"
	"time"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/diffview"
	"policysite/generator/theme"
)

// Page is what a page template is executed with.
type Page struct {
	Kind        string // a theme.Kind*
	Lang        string
	Title       string // the page's own title; the site title is added by the theme
	Description string
	Path        string    // where the page lives, relative to the site root, e.g. "personvern/2026-11-26/"
	Root        string    // the relative way from the page back to the site root, e.g. "../../"
	Canonical   string    // the page's absolute URL; "" for the 404 page
	Site        *SiteInfo // the site, its title in the page's language
	// Alternates are the page in each language, itself included; nil if
	// only one. A start page's end with the site language's start page as
	// x-default (Lang "x-default"), for hreflang.
	Alternates []Alternate
	// Languages are the language switcher's: every language of the site
	// with a start page, in site.yaml's order, the page's own Current;
	// each links to the page in it, or to its start page where the page
	// has no translation. Nil on a site of one language.
	Languages []Alternate
	// HomePath is the start page in the page's language, relative to the
	// site root: "" for the site's language, "en/" for English.
	HomePath string

	Doc      *DocInfo
	Rev      *RevInfo  // revision pages
	Prev     *RevInfo  // the revision before Rev
	Next     *RevInfo  // the revision after Rev
	Current  *RevInfo  // the revision in force
	Upcoming []*Notice // published changes not yet in force that readers must be told of
	Updated  *Notice   // the newest change in force, while its "updated" notice is shown
	// Original is the site language's revision in force, on a translation's
	// current pages, when it is newer than the translation.
	Original  *RevInfo
	Revisions []*RevInfo      // history page: every revision, newest first
	History   *HistoryInfo    // history page: what it lists, and how
	Compare   []CompareOption // history page: the revisions to compare, oldest first
	At        *AtInfo         // the page of the version at a date: the periods
	Body      template.HTML
	TOC       []TOCEntry // revision pages of long policies: the sections
	Diff      *DiffInfo
	Docs      []*HomeDoc   // home page
	Section   *SectionInfo // a clause's history page
	// Versions are a revision page's links to the other versions of its
	// document, and Memento's (memento.go); nil on other pages.
	Versions *VersionLinks

	strings *theme.Strings
	names   map[string]string // each language's name in itself, for LangName
	// prepare, if set, makes what the page shows that is costly to make
	// (its text, a diff): see Prepare. from gives all it makes them of
	// besides the page's fields (renderings, by their keys), for Key:
	// asked for once the site is planned, when the page is keyed.
	// fragments gives the keys of the parts prepare keeps (Fragments).
	prepare   func()
	from      func() any
	fragments func() [][32]byte
	// body, set by prepare, writes the page's body (WriteBody); Body is
	// made of it only for a theme whose page names Body. out is the
	// buffer the page's template writes into while it does (Writing).
	body func(*bytes.Buffer)
	out  *bytes.Buffer
	// memo hashes what the site's pages share once for all their keys
	// (Plan sets it); nil hashes each page whole.
	memo *valuehash.Memo
	// between keeps the lines of compare pages' lists for all the pages
	// (BetweenHTML; Plan sets it); nil makes each page's own.
	between *betweenLines
}

// FragmentKeys are the keys of the parts of the page its making keeps
// (Input.Fragments), for a page not made, whose parts must be kept again.
func (p *Page) FragmentKeys() [][32]byte {
	if p.fragments == nil {
		return nil
	}
	return p.fragments()
}

// Key returns the sum of all the page shows (package valuehash): its
// fields, and what Prepare makes the rest of. Two pages of the same key,
// made by the same program with the same theme, are the same bytes, so a
// page kept under its key can be written instead of made (package
// generator keeps the pages of the build before). ok is false when
// something the page holds cannot be hashed; its prepare without a from is
// one: a page must say what its costly part is made of to be kept.
func (p *Page) Key() (key [32]byte, ok bool) {
	if p.prepare != nil && p.from == nil {
		return key, false
	}
	v := struct {
		Page Page
		From any
	}{Page: *p}
	v.Page.prepare, v.Page.from, v.Page.fragments = nil, nil, nil // funcs: what they read is From
	v.Page.memo, v.Page.between = nil, nil                        // what they keep, the page holds
	if p.from != nil {
		v.From = p.from()
	}
	key, err := p.memo.Sum(&v)
	return key, err == nil
}

// Prepare makes what the page shows that is costly to make (the body and
// table of contents of a revision, a diff), for the pipeline to call just
// before it executes the page's template: on whichever core executes the
// page, and for no page that is not made.
func (p *Page) Prepare() {
	if p.prepare != nil {
		p.prepare()
	}
	if p.Diff != nil {
		p.Diff.table = p.T("table")
	}
}

// Writing tells the page the buffer its template writes into, or nil once
// it is made, for what the page writes where the template prints it
// (WriteBody, DiffInfo.WriteBody).
func (p *Page) Writing(b *bytes.Buffer) {
	p.out = b
	if p.Diff != nil {
		p.Diff.out = b
	}
}

// WriteBody writes the body where the template prints WriteBody, as
// DiffInfo.WriteBody does a diff's, and gives nothing to print: a policy's
// text is not first made whole into a string of its own, with its links
// to the clauses' histories put in by a copy, and then copied into the
// page. Made otherwise (no buffer), it gives the body to print.
func (p *Page) WriteBody() template.HTML {
	if p.body == nil {
		return p.Body
	}
	return writeBody(p.out, p.T("table"), p.body)
}

// makeBody sets the body's writer, and Body where a template of the
// page's kind names it (theme.Theme.Names).
func (p *Page) makeBody(th *theme.Theme, write func(*bytes.Buffer)) {
	p.body = write
	if th.Names(p.Kind, "Body") {
		p.Body = writeBody(nil, p.T("table"), write)
	}
}

// writeBody writes a body with write at the end of out, its tables in
// their containers named by the word table where nothing else names
// them, and gives nothing to print; with no out, it gives the body made
// whole.
func writeBody(out *bytes.Buffer, table string, write func(*bytes.Buffer)) template.HTML {
	if out == nil {
		var b bytes.Buffer
		write(&b)
		diffview.ScrollTablesAfter(&b, 0, table)
		return template.HTML(b.String())
	}
	from := out.Len()
	write(out)
	diffview.ScrollTablesAfter(out, from, table)
	return ""
}

// Release drops what Prepare made, which a made page need not hold till
// the build ends, and Prepare makes again: the body, its contents, the
// section's changes, a diff (a cache that keeps diffs has its own
// reference). Held, they were a site's every page again in memory.
func (p *Page) Release() {
	if p.Diff != nil {
		p.Diff.Diff, p.Diff.TOC = nil, nil
	}
	if p.prepare == nil {
		return // nothing else was made for the page: it holds what it shows
	}
	p.Body, p.TOC, p.body = "", nil, nil
	if p.Section != nil {
		for _, sc := range p.Section.Changes {
			sc.body = ""
		}
	}
}

// File is the output file a page is made into: its folder's index.html,
// or the file its path names (404.html).
func (p *Page) File() string {
	if strings.HasSuffix(p.Path, ".html") {
		return p.Path
	}
	return p.Path + "index.html"
}

// SiteInfo is the site as pages show it.
type SiteInfo struct {
	Title   string // in the page's language (site.yaml's title: for it)
	Org     string // the organisation: the contact's name, else the title in the site's language
	BaseURL string
	Contact content.Contact
	// Accessibility is the path of the accessibility statement in each
	// language that has one (the document tilgjengelighetserklaering).
	Accessibility map[string]string
	// Preview is the day a preview is built for, zero on the published
	// site: every page of a preview says it is one, and for which day.
	Preview time.Time
	// DayForm is the address of serve's endpoint that picks the day the
	// preview is built for, "" in any build: the bar then carries a form
	// to pick another day (GenerateOptions.DayForm).
	DayForm string

	// Logo is the logo's file at the root of the output (logo.svg or
	// logo.png), "" for none.
	Logo string

	basePath string // the path of baseURL, for PreviewBack
	// indexLinks makes every link between pages name the page's file
	// (…/index.html): a preview of a proposed change is read from its
	// files, downloaded from the CI job, where a link to a folder shows
	// the folder, not the page.
	indexLinks bool
}

// PreviewBack is the page's path from the host's root, e.g.
// "/personvern/2026-11-26/": where serve's day form sends the reader back
// to once the site is built for the day picked.
func (p *Page) PreviewBack() string { return p.Site.basePath + p.Path }

// AccessibilityPath is the path of the accessibility statement in the
// page's language, or "".
func (p *Page) AccessibilityPath() string { return p.Site.Accessibility[p.Lang] }

// Stamped reports whether any revision the page lists has a trusted
// timestamp.
func (p *Page) Stamped() bool {
	for _, r := range p.Revisions {
		if len(r.Stamps) > 0 {
			return true
		}
	}
	return false
}

// DocInfo is one document in one language.
type DocInfo struct {
	Slug        string
	Lang        string
	Title       string // the title of its newest visible revision
	Path        string // the current revision's page
	HistoryPath string // the history page
	// MaterialHistoryPath is the history page without editorial changes;
	// it exists only when a revision is editorial (HistoryInfo).
	MaterialHistoryPath string
	FeedPath            string   // the Atom feed of its changes
	JSONFeedPath        string   // the same feed as JSON Feed
	AtPath              string   // the page of which revision applied on a day
	Current             *RevInfo // nil if no revision is in force yet
}

// HomeDoc is a document as the start page lists it: with the notices its
// pages give on the day (the current page's: every material change not yet
// in force, then the recent one), which the start page shows briefly.
type HomeDoc struct {
	*DocInfo
	Notices []*Notice
}

// RevInfo is one revision as pages show it: its file's contents, where it
// stands on the day, and its pages.
type RevInfo struct {
	*content.Revision
	content.State
	// The fields of Revision and State the templates read most, again:
	// text/template finds a promoted field by a search of the embedded
	// structs at every use, which was an eighth of a build of 3,000
	// revisions. newRevInfo sets them; nothing changes them after.
	Effective     time.Time
	Title         string
	Summary       string
	Reason        content.Reason
	Lang          string
	Published     time.Time
	Status        content.Status
	Path          string      // its permanent page (the revision's file is File)
	DiffPath      string      // the diff from its predecessor; "" for the first
	First         bool        // the first visible revision of the document, in any language: it changed nothing, it began
	Until         time.Time   // an archived revision's end: the effective date of the next; zero for the others
	ToCurrentPath string      // the diff between it and the current revision; "" for the current one
	Chain         string      // the hash chain value up to this revision (see chain)
	CorrectedOn   time.Time   // when a correction was recorded; zero if unknown or none
	Stamps        []StampInfo // trusted timestamps of its text
	// A corrected revision's text as first published (see correction.go):
	// its sha256, the page that shows it and the page of what the
	// correction changed; the paths are "" when the site does not keep
	// that text (FirstLost), and all three for a revision not corrected.
	FirstSHA256    string
	FirstPath      string
	CorrectionPath string
	FirstLost      bool
	// Replaced, on the page of a text as first published, is the
	// corrected revision whose first wording it is.
	Replaced *RevInfo
}

// newRevInfo is r as pages show it, in state st, its page at path.
func newRevInfo(r *content.Revision, st content.State, path string) *RevInfo {
	return &RevInfo{Revision: r, State: st, Path: path,
		Effective: r.Effective, Title: r.Title, Summary: r.Summary, Reason: r.Reason, Lang: r.Lang,
		Published: st.Published, Status: st.Status}
}

// StampInfo is a trusted timestamp of a revision's text, as shown.
type StampInfo struct {
	Authority string    // the host name of the time-stamping authority
	Time      time.Time // what it certifies
	Clock     string    // the time of day, in the site's time zone, e.g. "00:15 CET"
	Path      string    // the token file in the output
	Digest    string    // the sha256 it is over: the text with LF line ends
}

// TimeISO is the time as RFC 3339, for <time datetime>.
func (s StampInfo) TimeISO() string { return s.Time.UTC().Format(time.RFC3339) }

// ChangePath is the page that shows a reader what the revision changes:
// for one not yet in force, its comparison with the revision in force,
// else its diff from the one before it. A first revision changes nothing
// that can be shown: its own page, and diff false.
func (r *RevInfo) ChangePath() (path string, diff bool) {
	path = r.DiffPath
	if (r.Status == content.StatusUpcoming || r.Status == content.StatusDraft) && r.ToCurrentPath != "" {
		path = r.ToCurrentPath
	}
	if path == "" {
		return r.Path, false
	}
	return path, true
}

// A Notice is a material change (see package generator's doc) as a page
// in one language tells of it: every language is told of every change of
// the original, in its own words, with the summary of its own translation
// of the revision where there is one, else the original's, marked as such.
type Notice struct {
	// RevInfo is the revision announced: the language's own where it has
	// it, else the original's.
	*RevInfo
	Kind string // "upcoming" or "updated"
	// RevLang is "" when the revision is the language's own; else the
	// original's language, in which its summary, urgent and page are.
	RevLang string
	// OnlyIn says, in the page's language, that the summary is only in
	// RevLang ("Sammendraget finnes bare på bokmål:"); "" without RevLang.
	OnlyIn string
	// ChangePath is the page that shows what changes: the language's own
	// diff or comparison, else the original's.
	ChangePath string
	// ChangeLang is "" when ChangePath is in the page's language, else
	// the original's language.
	ChangeLang string
}

// Headline is what a notice says first, as its banner says it, for a
// notice given briefly, with no summary after it: "Vi endrer hvordan vi
// behandler personopplysninger fra 15. januar 2027." (the banner's colon,
// which leads to the summary, made a full stop). Its date has no-break
// spaces.
func (p *Page) Headline(n *Notice) string {
	h := strings.TrimSpace(p.Tf(n.Kind+"Notice."+string(n.Reason), p.Date(n.Effective)))
	return strings.TrimSuffix(h, ":") + "."
}

// EffectiveISO is the effective date as YYYY-MM-DD, for <time datetime>.
func (r *RevInfo) EffectiveISO() string { return content.Date(r.Effective) }

// PublishedISO is the publishing date as YYYY-MM-DD.
func (r *RevInfo) PublishedISO() string { return content.Date(r.Published) }

// HistoryInfo is what a history page lists. A document has two when any
// of its revisions is editorial: every revision (history/), and the
// material ones with the first (history/material/), for a reader who wants
// only the changes that can matter to them; each links to the other.
type HistoryInfo struct {
	Years []HistoryYear // the revisions listed, by the year they took effect, newest first
	// AllPath is the history page that lists every revision, MaterialPath
	// the one without editorial changes, "" when no revision is editorial.
	AllPath, MaterialPath string
	Material              bool // this is the page without editorial changes
	All, Listed           int  // the revisions on the full page, and on the one without editorial changes
	// Sections are the histories of the document's clauses: those of the
	// revision in force, in their order in its text, and those to come;
	// Removed those removed before it, the most recently removed first.
	Sections, Removed []SectionEntry
}

// HistoryYear is the revisions a history page lists that took effect in
// one year, newest first.
type HistoryYear struct {
	Year      int
	Revisions []*RevInfo
}

// CompareOption is a revision in the history page's form for comparing any
// two revisions.
type CompareOption struct {
	*RevInfo
	Prev        string // the effective date of the revision before it, "" for the first
	Current     bool
	DefaultFrom bool // selected as the older revision at first
	DefaultTo   bool // selected as the newer revision at first
}

// DiffInfo is a diff page's comparison.
type DiffInfo struct {
	Old, New *RevInfo
	*diff.Diff
	Adjacent bool // New directly follows Old
	// Correction is set on the page of what a correction changed: Old is
	// New's text as first published.
	Correction bool
	// Between are the revisions whose changes a comparison of revisions
	// that are not neighbours sums up: those after Old, up to New, oldest
	// first; nil on a diff page.
	Between []*RevInfo
	TOC     []DiffTOCEntry
	labels  *diff.Labels // the language's, shared (planner.labels)
	table   string       // the word for a table in the page's language
	// out is the buffer the page's template writes into while it does
	// (Page.Writing), for WriteBody. It and table are the page's, copied:
	// a pointer back to the page would send its key (Key: a hash of all
	// it holds) round in a circle, and leave it unkeyed.
	out *bytes.Buffer
}

// HTML is the body, for data-diff-body. It is written when the template
// asks, so that the pages' bodies are written in parallel, as their pages
// are. Its tables scroll sideways in a container of their own
// (diffview.ScrollTablesAfter).
func (d *DiffInfo) HTML() template.HTML { return writeBody(nil, d.table, d.write) }

// WriteBody writes HTML where the template prints WriteBody: while the
// page is made into a buffer (Page.Writing), its text so far is in the
// buffer and the body follows it, so WriteBody writes the body there and
// gives nothing to print. A page of the corpus's diffs is some 100 kB,
// which HTML made into a string of its own, and the template then copied
// (docs/performance.md). A theme prints WriteBody as the text of an
// element, as the default diff.html does; never in an attribute or a
// condition, where HTML serves.
func (d *DiffInfo) WriteBody() template.HTML { return writeBody(d.out, d.table, d.write) }

func (d *DiffInfo) write(b *bytes.Buffer) { d.Diff.WriteHTML(b, *d.labels, 2) }

// Total sums the diff up in a line, as the terminal's does: "12 words
// added and 3 removed, 1 link changed".
func (d *DiffInfo) Total() string { return d.Diff.Total(*d.labels) }

// SectionCounts says how many sections changed, in a sentence or two, as
// the terminal's does: "7 sections changed, 1 new section and 1 section
// moved."
func (d *DiffInfo) SectionCounts() string { return d.Diff.SectionCounts(*d.labels) }

// DiffWords are the words of the page's language that a diff is shown in
// (the theme's diff.* and table), as JSON text: the compare page hands
// them to its diff (compare.wasm), which shows a diff in the same words
// as the static diff pages.
func (p *Page) DiffWords() (string, error) {
	w := diffview.Words{Lang: p.Lang, Words: map[string]string{}}
	for k, v := range p.strings.Words {
		if strings.HasPrefix(k, "diff.") || k == "table" {
			w.Words[k] = v
		}
	}
	b, err := json.Marshal(w)
	return string(b), err
}

// ComparePath is the compare page of the page's document: any two of its
// revisions, compared in the browser.
func (p *Page) ComparePath() string { return ComparePath(p.Doc.Path) }

// TextPath is a revision's text.json (pages.TextFile), which the compare
// page's diff compares.
func (o CompareOption) TextPath() string { return o.Path + TextFile }

// Alternate is a page's version in one language.
type Alternate struct {
	Lang    string
	Name    string // the language's name in itself
	Href    string // relative link from the page
	Abs     string // absolute URL, for hreflang
	Current bool   // the page's own language
}

// T returns the UI word for key in the page's language.
func (p *Page) T(key string) string { return p.strings.T(key) }

// Tf fills the UI word for key with args, as fmt.Sprintf does.
func (p *Page) Tf(key string, args ...any) string { return fmt.Sprintf(p.strings.T(key), args...) }

// Tn fills the UI word for key in the plural form for the count n with n,
// e.g. {{.Tn "diff.links" 1}}: "1 link changed" (theme.Strings.N).
func (p *Page) Tn(key string, n int) string { return fmt.Sprintf(p.strings.N(key, n), n) }

// Date writes a day in the page's language, with no-break spaces: a line
// never breaks inside it.
func (p *Page) Date(t time.Time) string { return p.strings.Date(t) }

// LangName is the name of a language in the page's language, e.g.
// "bokmål" on a nynorsk page (the word lang.<code>, else the language's
// name in itself).
func (p *Page) LangName(lang string) string {
	return p.strings.LangName(lang, p.names[lang])
}

// DocumentTitle is the page's title for the browser's tab, a bookmark and
// a search result: its own title, then the site's, unless the page's
// title names the site or the organisation already ("Privacy policy for
// Fjordvarme AS", not "Privacy policy for Fjordvarme AS – Fjordvarme AS –
// privacy").
func (p *Page) DocumentTitle() string {
	own := strings.ToLower(p.Title)
	for _, name := range []string{p.Site.Title, p.Site.Org} {
		if name != "" && strings.Contains(own, strings.ToLower(name)) {
			return p.Title
		}
	}
	if p.Site.Title == "" {
		return p.Title
	}
	return p.Title + " – " + p.Site.Title
}

// Dated fills the UI word for key with days, each written in the page's
// language inside a <time datetime> element, as Tf fills it with strings:
// "Gjaldt fra <time …>1. september 2020</time> til <time …>…</time>".
func (p *Page) Dated(key string, days ...time.Time) template.HTML {
	args := make([]any, len(days))
	for i, d := range days {
		args[i] = `<time datetime="` + content.Date(d) + `">` + template.HTMLEscapeString(p.Date(d)) + `</time>`
	}
	return template.HTML(fmt.Sprintf(template.HTMLEscapeString(p.strings.T(key)), args...))
}

// Period says when a revision applies, or applied: "Gjaldt fra … til …"
// for an archived one, "Gjelder fra …" for the current one, "Trer i kraft
// …" for one to come.
func (p *Page) Period(r *RevInfo) template.HTML {
	switch {
	case !r.Until.IsZero():
		return p.Dated("inForceFromTo", r.Effective, r.Until)
	case r.Status == content.StatusUpcoming || r.Status == content.StatusDraft:
		return p.Dated("takesEffectOn", r.Effective)
	}
	return p.Dated("inForceFromOn", r.Effective)
}

// Rel returns a link from the page to path, a path relative to the site root.
func (p *Page) Rel(path string) string {
	s := p.Root + path
	if p.Site != nil && p.Site.indexLinks {
		if page, frag, _ := strings.Cut(s, "#"); page == "" || strings.HasSuffix(page, "/") {
			if frag != "" {
				frag = "#" + frag
			}
			return page + "index.html" + frag
		}
	}
	if s != "" {
		return s
	}
	return "./"
}

// Tel turns a phone number as written ("63 82 33 50") into a tel: target.
func (p *Page) Tel(phone string) string {
	return strings.Map(func(r rune) rune {
		if (r >= '0' && r <= '9') || r == '+' {
			return r
		}
		return -1
	}, phone)
}

// Host returns the host of an address, for showing a website link briefly.
func (p *Page) Host(addr string) string {
	if u, err := url.Parse(addr); err == nil && u.Host != "" {
		return strings.TrimPrefix(u.Host, "www.") + strings.TrimSuffix(u.Path, "/")
	}
	return addr
}

// rootFrom returns the relative way back to the site root from a page at
// path: one "../" per folder.
func rootFrom(path string) string {
	return strings.Repeat("../", strings.Count(path, "/"))
}

// AccentStyle is the theme's stylesheet with the site's accent colour (as
// #rrggbb, checked) written in at its end, as the custom property
// --accent: the pages need no style of their own, which the
// Content-Security-Policy of _headers would refuse.
func AccentStyle(css []byte, accent string) []byte {
	out := slices.Clip(css)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return append(out, "/* The site's accent colour (accent: in site.yaml), written in by the build. */\n:root { --accent: "+accent+"; }\n"...)
}
