package content

import (
	"net/mail"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// Config is a site's site.yaml.
type Config struct {
	Title      string            // the title in the site's language (TitleIn gives it in another)
	Titles     map[string]string // the title in each language title: names, if it names any
	BaseURL    string            // absolute, ending in "/"
	Language   string            // the default language: revisions named <date>.md are in it
	Languages  []string          // every language revisions may use; Language first
	TimeZone   *time.Location    // decides which day "today" is
	BannerDays int               // days an "updated" notice is shown after a change takes effect
	LeadDays   int               // least days between publishing and effect for a material change
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
	// Main is the document served at the site's address (main:): its
	// pages at <base>/ and <base><lang>/, not <base><doc>/; "" for none.
	// MainLine is main:'s line in site.yaml, for errors.
	Main     string
	MainLine int

	// The company's look (look.go). Logo is shown in the header, its
	// file copied to the output; Accent, a colour as #rrggbb, colours
	// links and the header's bar ("" for the theme's colours).
	Logo   Logo
	Accent string

	// unread is set when site.yaml could not be read: the rest is the
	// defaults, which say nothing of the languages the site really has.
	unread bool
	// named are the files of the site folder site.yaml names (NamedFiles).
	named []string
}

// NamedFiles are the files of the site folder that site.yaml names and the
// site is made from (logo:, timestampRoots:), slash-separated, whether or
// not they could be read: serve watches them, as it watches content/, and
// a fix of one that could not be read is a change.
func (c Config) NamedFiles() []string { return c.named }

// BasePath is the path of BaseURL: "/" or e.g. "/personvern/", decoded.
func (c Config) BasePath() string {
	if u, err := url.Parse(c.BaseURL); err == nil && u.Path != "" {
		return u.Path
	}
	return "/"
}

// Org is who speaks in the feeds and notices: the contact's name, else the
// site's title in the site's language.
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

var siteYAMLFix = msg.T("config.yaml.fix")

var configKeys = []string{"title", "baseURL", "language", "languages", "timeZone", "bannerDays", "leadDays", "contact", "timestamp", "timestampRoots", "editor", "main"}
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
	m := fields(d, doc, 0, slices.Concat(configKeys, lookKeys), msg.T("yaml.what.site-yaml"), "title: Akershus Energi Varme – personvern")

	base, line, ok := text(d, m, 0, "baseURL")
	switch {
	case !ok:
		d.add(1, msg.T("config.base-url.missing"), msg.T("config.base-url.missing.fix"))
	default:
		u, err := url.Parse(strings.TrimSpace(base))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			d.add(line, msg.T("config.base-url.not-absolute", base), msg.T("config.base-url.not-absolute.fix"))
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
			d.add(line, msg.T("config.base-url.unclean", base), msg.T("config.base-url.unclean.fix", fixed.String()))
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
			d.add(v.Line, msg.T("config.languages.not-list"), msg.T("config.languages.fix"))
		} else {
			for _, item := range v.Content {
				if item.Kind != yaml.ScalarNode {
					d.add(item.Line, msg.T("config.languages.not-code"), msg.T("config.languages.fix"))
					continue
				}
				if checkLanguage(d, item.Line, item.Value, known) && !contains(c.Languages, item.Value) {
					c.Languages = append(c.Languages, item.Value)
				}
			}
		}
	}

	parseTitle(d, m, &c) // after the languages, which a title may be given in

	if tz, line, ok := text(d, m, 0, "timeZone"); ok {
		loc, err := time.LoadLocation(tz)
		if err != nil || tz == "" || strings.EqualFold(tz, "local") {
			d.add(line, msg.T("config.time-zone.unknown", tz), msg.T("config.time-zone.unknown.fix"))
		} else {
			c.TimeZone = loc
		}
	}
	c.BannerDays = days(d, m, "bannerDays", c.BannerDays)
	c.LeadDays = days(d, m, "leadDays", c.LeadDays)

	parseLook(d, m, &c)
	parseTimestamp(d, m, &c)
	if v, ok := m["editor"]; ok {
		c.Editor = parseEditor(d, v)
	}
	if doc, line, ok := text(d, m, 0, "main"); ok {
		c.MainLine = line
		if doc = strings.TrimSpace(doc); docSlug.MatchString(doc) {
			c.Main = doc
		} else {
			d.add(line, msg.T("config.main.invalid", doc), msg.T("content.document-name.invalid.fix"))
		}
	}

	if v, ok := m["contact"]; ok {
		cm := fields(d, v, 0, contactKeys, msg.T("yaml.what.contact"), "contact:\n  email: post@example.no")
		get := func(k string) string { s, _, _ := text(d, cm, 0, k); return strings.TrimSpace(s) }
		c.Contact = Contact{Name: get("name"), Email: get("email"), Phone: get("phone"), Address: get("address"), URL: get("url")}
		if c.Contact.URL != "" && !webAddress(c.Contact.URL) {
			d.add(lineOf(cm, "url", v.Line), msg.T("config.contact-url.invalid", c.Contact.URL), msg.T("config.contact-url.invalid.fix"))
		}
		if c.Contact.Email != "" && !mailAddress(c.Contact.Email) {
			d.add(lineOf(cm, "email", v.Line), msg.T("config.contact-email.invalid", c.Contact.Email), msg.T("config.contact-email.invalid.fix"))
		}
	}
	return c
}

// parseTitle reads title: the site's title as one text, or a mapping of
// the site's languages to its title in each, which must give it in the
// site's language (the others fall back to it).
func parseTitle(d diags, m map[string]*yaml.Node, c *Config) {
	if v, ok := m["title"]; ok && v.Kind == yaml.MappingNode {
		example := "title:\n  " + c.Language + ": Akershus Energi Varme – personvern"
		tm := fields(d, v, 0, c.Languages, msg.T("yaml.what.title"), example)
		for _, lang := range c.Languages {
			if _, ok := tm[lang]; !ok {
				continue
			}
			t, _, _ := text(d, tm, 0, lang)
			if t = strings.TrimSpace(t); t == "" {
				d.add(lineOf(tm, lang, v.Line), msg.T("config.title.empty", lang), msg.T("config.title.empty.fix", lang))
				continue
			}
			if c.Titles == nil {
				c.Titles = map[string]string{}
			}
			c.Titles[lang] = t
		}
		c.Title = c.Titles[c.Language]
		switch {
		case len(tm) == 0:
			d.add(v.Line, msg.T("config.title.missing"), msg.T("config.title.missing.fix"))
		case tm[c.Language] == nil:
			d.add(v.Line, msg.T("config.title.no-default", c.Language), msg.T("config.title.no-default.fix", c.Language))
		}
		return
	}
	title, _, _ := text(d, m, 0, "title")
	c.Title = strings.TrimSpace(title)
	if c.Title == "" {
		d.add(lineOf(m, "title", 1), msg.T("config.title.missing"), msg.T("config.title.missing.fix"))
	}
}

// TitleIn is the site's title in lang: the one title: gives for it, else
// the title in the site's language.
func (c Config) TitleIn(lang string) string {
	if t, ok := c.Titles[lang]; ok {
		return t
	}
	return c.Title
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
	fix := msg.T("config.timestamp.fix")
	v, ok := m["timestamp"]
	if !ok {
		// Roots alone: the tokens kept are checked, and no new ones asked
		// for (a site that has stopped time-stamping keeps its proof).
		if roots, line, ok := text(d, m, 0, "timestampRoots"); ok {
			c.TimestampRoots = siteFile(d, line, "timestampRoots", roots)
			c.name(c.TimestampRoots)
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
			d.add(item.Line, msg.T("config.timestamp.not-address"), fix)
			continue
		}
		u, err := url.Parse(strings.TrimSpace(item.Value))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Fragment != "" {
			d.add(item.Line, msg.T("config.timestamp.not-absolute", item.Value), fix)
			continue
		}
		if hosts[u.Host] {
			d.add(item.Line, msg.T("config.timestamp.twice", u.Host), msg.T("config.timestamp.twice.fix"))
			continue
		}
		hosts[u.Host] = true
		c.Timestamp = append(c.Timestamp, u.String())
	}
	roots, line, ok := text(d, m, 0, "timestampRoots")
	if !ok || strings.TrimSpace(roots) == "" {
		d.add(lineOf(m, "timestampRoots", v.Line), msg.T("config.timestamp-roots.missing"), msg.T("config.timestamp-roots.missing.fix"))
		return
	}
	c.TimestampRoots = siteFile(d, line, "timestampRoots", roots)
	c.name(c.TimestampRoots)
}

// name adds file, if any, to the files site.yaml names.
func (c *Config) name(file string) {
	if file != "" {
		c.named = append(c.named, file)
	}
}

// siteFile is a path in the site folder given by key, slash-separated;
// one outside it is an error.
func siteFile(d diags, line int, key, p string) string {
	p = strings.TrimSpace(p)
	if filepath.IsAbs(p) || strings.HasPrefix(filepath.ToSlash(filepath.Clean(p)), "../") || filepath.Clean(p) == ".." {
		d.add(line, msg.T("config.site-file.outside", key, p), msg.T("config.site-file.outside.fix", key))
		return ""
	}
	return filepath.ToSlash(filepath.Clean(p))
}

func checkLanguage(d diags, line int, lang string, known []string) bool {
	if !langCode.MatchString(lang) {
		d.add(line, msg.T("config.language.not-code", lang), msg.T("config.language.not-code.fix"))
		return false
	}
	if !contains(known, lang) {
		d.add(line, msg.T("config.language.no-words", lang), msg.T("config.language.no-words.fix", strings.Join(known, ", "), lang))
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
		d.add(line, msg.T("config.days.invalid", key, s), msg.T("config.days.invalid.fix", key, def))
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

// ReadConfig reads the site.yaml of the site in dir as Load does, saying
// nothing of its faults: for a guess made before the site is loaded (the
// disk cache's last build of the site, looked for while it loads), which
// the loaded site's own Config then confirms or overrules.
func ReadConfig(dir string) Config {
	data, err := ReadFile(filepath.Join(dir, "site.yaml"), MaxConfigSize)
	if err != nil {
		data = []byte("{}")
	}
	return parseConfig(diags{file: "site.yaml", list: new(diag.List)}, data, nil)
}
