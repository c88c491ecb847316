package pages

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"policysite/generator/content"
)

// The links between the versions of a document, for machines: each
// revision page links its neighbours, the version in force and the
// history (RFC 5829), in its head and in the Link header _headers gives
// it; the document's page is an original resource in Memento's sense (RFC
// 7089), the revisions that have been in force at it are its mementos,
// listed in the document's TimeMap, each with its Memento-Datetime; and
// each revision page describes itself as a schema.org DigitalDocument
// (LinkedData).

// TimeMapFile is the TimeMap of a document in a language, beside its
// page: every revision that has been in force, as a memento of the
// document's page (RFC 7089, application/link-format).
const TimeMapFile = "timemap.link"

// TimeMapType is the media type of a TimeMap.
const TimeMapType = "application/link-format"

// VersionLinks are a revision page's links to the other versions of its
// document (RFC 5829) and, on the document's page and on a memento, to
// Memento's (RFC 7089). Paths are from the site's root. The document's
// page is "" with main: (the site's root), so whether Latest and Original
// are links is told by TimeMap and Datetime, not by their being "".
type VersionLinks struct {
	Predecessor string // predecessor-version: the visible revision before
	Successor   string // successor-version: the visible revision after, upcoming ones included
	// Latest is latest-version: the document's page, where the revision
	// in force is; a link only while one is (TimeMap is then set). An
	// upcoming revision is never the latest version before it takes
	// effect.
	Latest  string
	History string // version-history: the history page
	TimeMap string // the document's TimeMap; "" while no revision is in force
	// Original is, on a memento (the page of a revision that has been in
	// force: Datetime is set), the document's page, of which it was the
	// state.
	Original string
	// Datetime is a memento's Memento-Datetime: the start of its
	// effective day in the site's time zone. Zero on other pages.
	Datetime time.Time
}

// MementoDatetime is Datetime as HTTP writes a date (RFC 1123, GMT), ""
// on a page that is not a memento.
func (l *VersionLinks) MementoDatetime() string {
	if l.Datetime.IsZero() {
		return ""
	}
	return l.Datetime.UTC().Format(http.TimeFormat)
}

// A Link is one link-value of a Link header or TimeMap (RFC 8288), its
// target a path from the site's root.
type Link struct {
	Path string
	Rel  string
	Type string // the target's media type, where it is not a page
}

// Links are l's links, in the order the page's head has them.
func (l *VersionLinks) Links() []Link {
	var links []Link
	add := func(ok bool, path, rel string, typ ...string) {
		if ok {
			links = append(links, Link{Path: path, Rel: rel, Type: strings.Join(typ, "")})
		}
	}
	add(l.Predecessor != "", l.Predecessor, "predecessor-version")
	add(l.Successor != "", l.Successor, "successor-version")
	add(l.TimeMap != "", l.Latest, "latest-version")
	add(true, l.History, "version-history")
	add(!l.Datetime.IsZero(), l.Original, "original")
	add(l.TimeMap != "", l.TimeMap, "timemap", TimeMapType)
	return links
}

// versionLinks are the links of revision i's page, its document's page
// or its dated one.
func (pl *planner) versionLinks(v *view, i int, docPage bool) *VersionLinks {
	r := v.revs[i]
	l := &VersionLinks{History: v.doc.HistoryPath}
	if i > 0 {
		l.Predecessor = v.revs[i-1].Path
	}
	if i+1 < len(v.revs) {
		l.Successor = v.revs[i+1].Path
	}
	if v.current != nil {
		l.Latest, l.TimeMap = v.doc.Path, v.doc.Path+TimeMapFile
	}
	if memento(r) && !docPage {
		l.Original, l.Datetime = v.doc.Path, pl.midnight(r.Effective)
	}
	return l
}

// memento reports whether r has been the state of its document's page:
// the current and the archived revisions, not one to come.
func memento(r *RevInfo) bool {
	return r.Status == content.StatusCurrent || r.Status == content.StatusArchived
}

// firstLinks are the links of the page of r's text as first published: a
// version between the revision before r and r, which replaced it. It is
// not a memento: the document's page showed r under its address.
func (pl *planner) firstLinks(v *view, r *RevInfo) *VersionLinks {
	i := v.indexOf(r)
	l := pl.versionLinks(v, i, true)
	l.Successor = r.Path
	return l
}

// linkedPage is a page whose head links the other versions, for _headers.
type linkedPage struct {
	path  string
	links *VersionLinks
}

// planTimeMap writes the TimeMap of a document in one language, where a
// revision is in force: the document's page as the original, the TimeMap
// itself, and every revision that has been in force as a memento, oldest
// first, the first and last marked as such. It is in the link format of
// RFC 6690, which allows no white space between its links, with absolute
// addresses.
func (pl *planner) planTimeMap(v *view) {
	if v.current == nil {
		return
	}
	base := pl.site.Config.BaseURL
	var mementos []*RevInfo
	for _, r := range v.revs {
		if memento(r) {
			mementos = append(mementos, r)
		}
	}
	when := func(r *RevInfo) string { return pl.midnight(r.Effective).UTC().Format(http.TimeFormat) }
	links := []string{
		linkValue(";", base+v.doc.Path, "original"),
		linkValue(";", base+v.doc.Path+TimeMapFile, "self", [2]string{"type", TimeMapType},
			[2]string{"from", when(mementos[0])}, [2]string{"until", when(mementos[len(mementos)-1])}),
	}
	for i, r := range mementos {
		rel := "memento"
		switch {
		case len(mementos) == 1:
			rel = "first last memento"
		case i == 0:
			rel = "first memento"
		case i == len(mementos)-1:
			rel = "last memento"
		}
		links = append(links, linkValue(";", base+r.Path, rel, [2]string{"datetime", when(r)}))
	}
	pl.out.Files[v.doc.Path+TimeMapFile] = []byte(strings.Join(links, ","))
	pl.timeMaps = append(pl.timeMaps, v.doc.Path+TimeMapFile)
}

// linkValue writes one link-value (RFC 8288, RFC 6690): the target, its
// relation and further parameters, each value quoted. The values written
// here never hold a quote or a backslash.
// The parameters are separated by sep: ";" in a TimeMap, "; " in a
// header.
func linkValue(sep, target, rel string, params ...[2]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<%s>%srel=\"%s\"", target, sep, rel)
	for _, p := range params {
		fmt.Fprintf(&b, "%s%s=\"%s\"", sep, p[0], p[1])
	}
	return b.String()
}

// LinkHeader is the value of the Link header of a page with links l, its
// targets absolute: base is the site's baseURL.
func LinkHeader(base string, l *VersionLinks) string {
	var vals []string
	for _, k := range l.Links() {
		var params [][2]string
		if k.Type != "" {
			params = append(params, [2]string{"type", k.Type})
		}
		vals = append(vals, linkValue("; ", base+k.Path, k.Rel, params...))
	}
	return strings.Join(vals, ", ")
}

// linkHeaders is the block added to _headers for the pages that link the
// other versions: each page's Link header, as its head has the links, and
// on a memento its Memento-Datetime; then each TimeMap's media type,
// which no file name extension gives. Each page is named as a folder and
// as its index.html, as the compare pages are.
func (pl *planner) linkHeaders() string {
	if len(pl.linked) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n# Links between the versions of each document (policysite): RFC 5829's, and Memento's\n# (RFC 7089) with the Memento-Datetime of each revision that has been in force.\n")
	for _, lp := range pl.linked {
		link := LinkHeader(pl.site.Config.BaseURL, lp.links)
		for _, p := range []string{pl.basePath + lp.path, pl.basePath + lp.path + "index.html"} {
			fmt.Fprintf(&b, "%s\n  Link: %s\n", p, link)
			if d := lp.links.MementoDatetime(); d != "" {
				fmt.Fprintf(&b, "  Memento-Datetime: %s\n", d)
			}
		}
	}
	for _, tm := range pl.timeMaps {
		fmt.Fprintf(&b, "%s\n  Content-Type: %s\n", pl.basePath+tm, TimeMapType)
	}
	return b.String()
}

// link gives page p the links l, in its head and in _headers.
func (pl *planner) link(p *Page, l *VersionLinks) {
	p.Versions = l
	pl.linked = append(pl.linked, linkedPage{path: p.Path, links: l})
}

// DigitalDocument is a revision as schema.org describes a document, for
// a revision page's <script type="application/ld+json">.
type DigitalDocument struct {
	Context     string `json:"@context"`
	Type        string `json:"@type"`
	Name        string `json:"name"`
	URL         string `json:"url"` // the revision's permanent page
	Description string `json:"description,omitempty"`
	// Version is the revision's effective date, as its address names it.
	Version    string `json:"version"`
	InLanguage string `json:"inLanguage"`
	// DatePublished is the publication day; DateModified the day its
	// text last changed there: the correction's, where it was corrected
	// (absent where that day is not known), else the publication day.
	DatePublished string `json:"datePublished"`
	DateModified  string `json:"dateModified,omitempty"`
	// IsBasedOn is the page of the revision before it, absent on the
	// first.
	IsBasedOn string `json:"isBasedOn,omitempty"`
}

// LinkedData describes the revision a revision page shows, for search
// engines and other machines (schema.org, JSON-LD); nil on other pages.
// The template writes it inside a data block, which html/template
// escapes as JSON for a script element: no "</script" or "<!--" can
// appear in it.
func (p *Page) LinkedData() *DigitalDocument {
	r := p.Rev
	if r == nil || p.Versions == nil {
		return nil
	}
	d := &DigitalDocument{
		Context:       "https://schema.org",
		Type:          "DigitalDocument",
		Name:          r.Title,
		URL:           p.Site.BaseURL + r.Path,
		Description:   r.Summary,
		Version:       content.Date(r.Effective),
		InLanguage:    p.Lang,
		DatePublished: content.Date(r.Published),
	}
	switch {
	case !r.CorrectedOn.IsZero():
		d.DateModified = content.Date(r.CorrectedOn)
	case r.Correction == "":
		d.DateModified = d.DatePublished
	}
	if prev := p.Versions.Predecessor; prev != "" {
		d.IsBasedOn = p.Site.BaseURL + prev
	}
	return d
}

// NginxFile holds the same headers as linkHeaders for nginx, which reads
// no _headers: two maps from the path asked for to each page's Link and
// Memento-Datetime, for the server's http block to include
// (examples/nginx.conf).
const NginxFile = "_links.nginx"

// nginxMaps is NginxFile's text.
func (pl *planner) nginxMaps() []byte {
	var b strings.Builder
	b.WriteString("# The Link and Memento-Datetime headers of each revision page, as _headers gives them\n# (policysite), for nginx: include this file in the http block (examples/nginx.conf).\n")
	b.WriteString("map $uri $policysite_link {\n    default \"\";\n")
	for _, lp := range pl.linked {
		link := nginxQuote(LinkHeader(pl.site.Config.BaseURL, lp.links))
		for _, p := range []string{pl.basePath + lp.path, pl.basePath + lp.path + "index.html"} {
			fmt.Fprintf(&b, "    %s %s;\n", nginxQuote(p), link)
		}
	}
	b.WriteString("}\nmap $uri $policysite_memento_datetime {\n    default \"\";\n")
	for _, lp := range pl.linked {
		if d := lp.links.MementoDatetime(); d != "" {
			for _, p := range []string{pl.basePath + lp.path, pl.basePath + lp.path + "index.html"} {
				fmt.Fprintf(&b, "    %s %s;\n", nginxQuote(p), nginxQuote(d))
			}
		}
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// nginxQuote writes s as a string of nginx's configuration: in single
// quotes, a quote or backslash in it escaped.
func nginxQuote(s string) string {
	return "'" + nginxEscaper.Replace(s) + "'"
}

// nginxEscaper is made once: a Replacer builds its tables on first use,
// which for the map of every page's links was a millisecond a build.
var nginxEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`)
