package pages

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/theme"
)

// Page is what a page template is executed with.
type Page struct {
	Kind        string // a theme.Kind*
	Lang        string
	Title       string // the page's own title; the site title is added by the theme
	Description string
	Path        string // where the page lives, relative to the site root, e.g. "personvern/2026-11-26/"
	Root        string // the relative way from the page back to the site root, e.g. "../../"
	Canonical   string // the page's absolute URL; "" for the 404 page
	Site        *SiteInfo
	Alternates  []Alternate // the page in each language, itself included; nil if only one

	Doc      *DocInfo
	Rev      *RevInfo   // revision pages
	Prev     *RevInfo   // the revision before Rev
	Next     *RevInfo   // the revision after Rev
	Current  *RevInfo   // the revision in force
	Upcoming []*RevInfo // published revisions not yet in force that readers must be told of
	Updated  *RevInfo   // the current revision, while its "updated" notice is shown
	// Original is the site language's revision in force, on a translation's
	// current pages, when it is newer than the translation.
	Original  *RevInfo
	Revisions []*RevInfo      // history page: newest first
	Compare   []CompareOption // history page: the revisions to compare, oldest first
	Body      template.HTML
	TOC       []TOCEntry // revision pages of long policies: the sections
	Diff      *DiffInfo
	Docs      []*DocInfo // home page

	strings *theme.Strings
	// prepare, if set, makes what the page shows that is costly to make
	// (its text, a diff): see Prepare.
	prepare func()
}

// Prepare makes what the page shows that is costly to make (the body and
// table of contents of a revision, a diff), for the pipeline to call just
// before it executes the page's template: on whichever core executes the
// page, and for no page that is not made.
func (p *Page) Prepare() {
	if p.prepare != nil {
		p.prepare()
		p.Body = scrollTablesHTML(p.Body, p.T("table"))
	}
	if p.Diff != nil {
		p.Diff.table = p.T("table")
	}
}

// Release drops what Prepare made that a made page need not hold till the
// build ends: a diff (a cache that keeps diffs has its own reference).
func (p *Page) Release() {
	if p.Diff != nil {
		p.Diff.Diff, p.Diff.TOC = nil, nil
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
	Title   string
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
	Title       string   // the title of its newest visible revision
	Path        string   // the current revision's page
	HistoryPath string   // the history page
	FeedPath    string   // the Atom feed of its changes
	Current     *RevInfo // nil if no revision is in force yet
}

// RevInfo is one revision as pages show it: its file's contents, where it
// stands on the day, and its pages.
type RevInfo struct {
	*content.Revision
	content.State
	Path          string      // its permanent page (the revision's file is File)
	DiffPath      string      // the diff from its predecessor; "" for the first
	ToCurrentPath string      // the diff between it and the current revision; "" for the current one
	Chain         string      // the hash chain value up to this revision (see chain)
	CorrectedOn   time.Time   // when a correction was recorded; zero if unknown or none
	Stamps        []StampInfo // trusted timestamps of its text
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

// EffectiveISO is the effective date as YYYY-MM-DD, for <time datetime>.
func (r *RevInfo) EffectiveISO() string { return content.Date(r.Effective) }

// PublishedISO is the publishing date as YYYY-MM-DD.
func (r *RevInfo) PublishedISO() string { return content.Date(r.Published) }

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
	TOC      []DiffTOCEntry
	labels   diff.Labels
	table    string // the word for a table in the page's language
}

// HTML is the body, for data-diff-body. It is written when the template
// asks, so that the pages' bodies are written in parallel, as their pages
// are. Its tables scroll sideways in a container of their own (see
// scrollTables).
func (d *DiffInfo) HTML() template.HTML {
	return scrollTablesHTML(d.Diff.HTML(d.labels), d.table)
}

// Total sums the diff up in a line, as the terminal's does.
func (d *DiffInfo) Total() string { return d.Diff.Total(d.labels) }

// Alternate is a page's version in one language.
type Alternate struct {
	Lang    string
	Name    string // the language's name in itself
	Href    string // relative link from the page
	Abs     string // absolute URL, for hreflang
	Current bool   // the page itself
}

// T returns the UI word for key in the page's language.
func (p *Page) T(key string) string { return p.strings.T(key) }

// Tf fills the UI word for key with args, as fmt.Sprintf does.
func (p *Page) Tf(key string, args ...any) string { return fmt.Sprintf(p.strings.T(key), args...) }

// Date writes a day in the page's language.
func (p *Page) Date(t time.Time) string { return p.strings.Date(t) }

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
