package content

import (
	"fmt"
	"net/mail"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is a site's site.yaml.
type Config struct {
	Title      string
	BaseURL    string         // absolute, ending in "/"
	Language   string         // the default language: revisions named <date>.md are in it
	Languages  []string       // every language revisions may use; Language first
	TimeZone   *time.Location // decides which day "today" is
	BannerDays int            // days an "updated" notice is shown after a change takes effect
	LeadDays   int            // least days between publishing and effect for a material change
	Contact    Contact
	// Timestamp are the addresses of the RFC 3161 time-stamping
	// authorities that the publishing build asks for a token over each
	// revision it records; none by default.
	Timestamp []string
	// TimestampRoots is the PEM file, in the site folder, of the root
	// certificates the authorities' tokens must chain to.
	TimestampRoots string
	// Editor is where the web editor finds the site's repository; nil
	// when site.yaml asks for no editor.
	Editor *Editor

	// unread is set when site.yaml could not be read: the rest is the
	// defaults, which say nothing of the languages the site really has.
	unread bool
}

// BasePath is the path of BaseURL: "/" or e.g. "/personvern/", decoded.
func (c Config) BasePath() string {
	if u, err := url.Parse(c.BaseURL); err == nil && u.Path != "" {
		return u.Path
	}
	return "/"
}

// Org is who speaks in the feeds and notices: the contact's name, else the
// site's title.
func (c Config) Org() string {
	if c.Contact.Name != "" {
		return c.Contact.Name
	}
	return c.Title
}

// Contact is the controller's contact block, shown on every page.
type Contact struct {
	Name    string
	Email   string
	Phone   string
	Address string
	URL     string
}

// IsZero reports whether no contact detail is given.
func (c Contact) IsZero() bool { return c == Contact{} }

// Defaults for optional site.yaml keys.
const (
	DefaultLanguage   = "nb"
	DefaultBannerDays = 30
	DefaultLeadDays   = 30
)

const siteYAMLFix = "write one key per line as key: value, indent the keys under contact: with spaces, and put values that contain a colon in quotes"

var configKeys = []string{"title", "baseURL", "language", "languages", "timeZone", "bannerDays", "leadDays", "contact", "timestamp", "timestampRoots", "editor"}
var contactKeys = []string{"name", "email", "phone", "address", "url"}

var langCode = regexp.MustCompile(`^[a-z]{2,3}$`)

// parseConfig reads site.yaml. known lists the languages the theme has UI
// strings for.
func parseConfig(d diags, src []byte, known []string) Config {
	c := Config{BannerDays: DefaultBannerDays, LeadDays: DefaultLeadDays, TimeZone: time.UTC,
		Language: DefaultLanguage, Languages: []string{DefaultLanguage}, unread: true}
	if !checkText(d, src) {
		return c
	}
	doc, ok := parseYAML(d, src, 0, siteYAMLFix)
	if !ok {
		return c
	}
	c.unread = false
	m := fields(d, doc, 0, configKeys, "site.yaml", "title: Akershus Energi Varme – personvern")

	title, _, _ := text(d, m, 0, "title")
	c.Title = strings.TrimSpace(title)
	if c.Title == "" {
		d.add(lineOf(m, "title", 1), "the site has no title", "add a line such as: title: Akershus Energi Varme – personvern")
	}

	base, line, ok := text(d, m, 0, "baseURL")
	switch {
	case !ok:
		d.add(1, "baseURL is missing", "add the address the site is published at, e.g. baseURL: https://www.example.no/personvern/")
	default:
		u, err := url.Parse(strings.TrimSpace(base))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			d.add(line, fmt.Sprintf("baseURL %q is not an absolute web address", base), "write it in full, e.g. https://www.example.no/personvern/")
			break
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		// Pages link to their files by the path: an empty segment
		// ("//personvern/") would make "//personvern/style.css", which a
		// browser loads from the host personvern. Refused, not mended, so
		// that the address in site.yaml is the address the site has.
		if clean := cleanDir(u.Path); clean != u.Path {
			fixed := *u
			fixed.Path, fixed.RawPath = clean, ""
			d.add(line, fmt.Sprintf("baseURL %q has an empty, . or .. part in its path, which would make the pages load their files from another address", base),
				"write the path with single slashes, e.g. baseURL: "+fixed.String())
			break
		}
		c.BaseURL = u.String()
	}

	if lang, line, ok := text(d, m, 0, "language"); ok {
		c.Language = lang
		checkLanguage(d, line, lang, known)
	}
	c.Languages = []string{c.Language}
	if v, ok := m["languages"]; ok {
		if v.Kind != yaml.SequenceNode {
			d.add(v.Line, "languages must be a list", "write it as languages: [nb, en]")
		} else {
			for _, item := range v.Content {
				if item.Kind != yaml.ScalarNode {
					d.add(item.Line, "each language must be a code such as nb", "write it as languages: [nb, en]")
					continue
				}
				if checkLanguage(d, item.Line, item.Value, known) && !contains(c.Languages, item.Value) {
					c.Languages = append(c.Languages, item.Value)
				}
			}
		}
	}

	if tz, line, ok := text(d, m, 0, "timeZone"); ok {
		loc, err := time.LoadLocation(tz)
		if err != nil || tz == "" || strings.EqualFold(tz, "local") {
			d.add(line, fmt.Sprintf("unknown time zone %q", tz), "use an IANA name such as Europe/Oslo or UTC")
		} else {
			c.TimeZone = loc
		}
	}
	c.BannerDays = days(d, m, "bannerDays", c.BannerDays)
	c.LeadDays = days(d, m, "leadDays", c.LeadDays)

	parseTimestamp(d, m, &c)
	if v, ok := m["editor"]; ok {
		c.Editor = parseEditor(d, v)
	}

	if v, ok := m["contact"]; ok {
		cm := fields(d, v, 0, contactKeys, "contact", "contact:\n  email: post@example.no")
		get := func(k string) string { s, _, _ := text(d, cm, 0, k); return strings.TrimSpace(s) }
		c.Contact = Contact{Name: get("name"), Email: get("email"), Phone: get("phone"), Address: get("address"), URL: get("url")}
		if c.Contact.URL != "" && !webAddress(c.Contact.URL) {
			d.add(lineOf(cm, "url", v.Line), fmt.Sprintf("contact url %q is not an absolute web address", c.Contact.URL), "write it in full, e.g. https://www.example.no")
		}
		if c.Contact.Email != "" && !mailAddress(c.Contact.Email) {
			d.add(lineOf(cm, "email", v.Line), fmt.Sprintf("contact email %q is not an e-mail address", c.Contact.Email), "write the address alone, as name@example.no")
		}
	}
	return c
}

// cleanDir is the folder path p with empty, . and .. parts taken out.
func cleanDir(p string) string {
	clean := path.Clean("/" + p)
	if clean != "/" {
		clean += "/"
	}
	return clean
}

// webAddress reports whether s is an absolute http or https address of a
// host: "https:javascript:alert(1)" has the scheme, but no host.
func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Opaque == "" && u.User == nil
}

// mailAddress reports whether s is an e-mail address alone, which a
// mailto: link can take as it is: no name, no angle brackets, and none of
// ? & # %, which would add headers or a body to the mail the link writes
// (mailto:a@b.no?bcc=…).
func mailAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && !strings.ContainsAny(s, "?&#%") && strings.Count(s, "@") == 1
}

// parseTimestamp reads timestamp: (one address or a list) and
// timestampRoots:.
func parseTimestamp(d diags, m map[string]*yaml.Node, c *Config) {
	const fix = "write the address of a time-stamping authority in full, e.g. timestamp: https://freetsa.org/tsr, or several as a list"
	v, ok := m["timestamp"]
	if !ok {
		// Roots alone: the tokens kept are checked, and no new ones asked
		// for (a site that has stopped time-stamping keeps its proof).
		if roots, line, ok := text(d, m, 0, "timestampRoots"); ok {
			c.TimestampRoots = siteFile(d, line, "timestampRoots", roots)
		}
		return
	}
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	}
	hosts := map[string]bool{}
	for _, item := range items {
		if item.Kind != yaml.ScalarNode {
			d.add(item.Line, "timestamp must be an address or a list of addresses", fix)
			continue
		}
		u, err := url.Parse(strings.TrimSpace(item.Value))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Fragment != "" {
			d.add(item.Line, fmt.Sprintf("timestamp %q is not an absolute web address", item.Value), fix)
			continue
		}
		if hosts[u.Host] {
			d.add(item.Line, fmt.Sprintf("timestamp names %s twice", u.Host), "name each time-stamping authority once: its tokens are kept by its host name")
			continue
		}
		hosts[u.Host] = true
		c.Timestamp = append(c.Timestamp, u.String())
	}
	roots, line, ok := text(d, m, 0, "timestampRoots")
	if !ok || strings.TrimSpace(roots) == "" {
		d.add(lineOf(m, "timestampRoots", v.Line), "timestamp: needs timestampRoots: the file of the root certificates its tokens must chain to",
			"save the authority's root certificate (PEM) in the site folder, e.g. timestamps/roots.pem, and add timestampRoots: timestamps/roots.pem")
		return
	}
	c.TimestampRoots = siteFile(d, line, "timestampRoots", roots)
}

// siteFile is a path in the site folder given by key, slash-separated;
// one outside it is an error.
func siteFile(d diags, line int, key, p string) string {
	p = strings.TrimSpace(p)
	if filepath.IsAbs(p) || strings.HasPrefix(filepath.ToSlash(filepath.Clean(p)), "../") || filepath.Clean(p) == ".." {
		d.add(line, fmt.Sprintf("%s %q is outside the site folder", key, p), "keep the file in the site folder, committed with the content, e.g. "+key+": timestamps/roots.pem")
		return ""
	}
	return filepath.ToSlash(filepath.Clean(p))
}

func checkLanguage(d diags, line int, lang string, known []string) bool {
	if !langCode.MatchString(lang) {
		d.add(line, fmt.Sprintf("%q is not a language code", lang), "use a lower-case ISO 639 code such as nb, nn or en")
		return false
	}
	if !contains(known, lang) {
		d.add(line, fmt.Sprintf("the theme has no words for language %q", lang),
			fmt.Sprintf("use one of %s, or add templates/i18n/%s.yaml", strings.Join(known, ", "), lang))
		return false
	}
	return true
}

func days(d diags, m map[string]*yaml.Node, key string, def int) int {
	s, line, ok := text(d, m, 0, key)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 3650 {
		d.add(line, fmt.Sprintf("%s must be a whole number of days, got %q", key, s), fmt.Sprintf("write e.g. %s: %d", key, def))
		return def
	}
	return n
}

func lineOf(m map[string]*yaml.Node, key string, def int) int {
	if v, ok := m[key]; ok {
		return v.Line
	}
	return def
}
