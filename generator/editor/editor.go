// Package editor writes the web editor for a site's content: the
// configuration of Sveltia CMS, a Git-based editor that runs in the
// browser against the site's repository on GitHub or GitLab, and the page
// that loads it.
//
// The configuration is made from the same content contract that check
// enforces (docs/content.md): one collection per document, the site's
// languages as file-name suffixes, the front-matter keys and their rules.
// It is written afresh on every build, so it cannot drift from what check
// accepts, and a new entry starts as a copy of the newest revision, as
// policysite new does.
package editor

import (
	"bytes"
	"fmt"
	"html/template"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"policysite/generator/content"
	"policysite/generator/msg"
)

// The editor's script, pinned: the browser refuses any other bytes at this
// address (Subresource Integrity), and the page's Content-Security-Policy
// lets no other script run. To move to another release, change all three
// and run the browser test (TestEditorCreatesRevision), which loads the
// release from the test tools (internal/sitetest/npm) and checks the hash.
const (
	Version   = "0.221.1"
	ScriptURL = "https://unpkg.com/@sveltia/cms@" + Version + "/dist/sveltia-cms.js"
	Integrity = "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6"
)

// Dir is the output folder the editor is written into.
const Dir = "admin"

// TestBackend is the backend name of the editor's in-browser test
// repository, which keeps its files in the browser's origin-private file
// system; for tests and trying the editor out.
const TestBackend = "test-repo"

// Options choose the configuration's backend.
type Options struct {
	// Backend overrides site.yaml's editor backend; TestBackend for a
	// repository in the browser.
	Backend string
}

// Files are the editor's files in the output, by slash-separated path:
// admin/index.html and admin/config.yml. The site must have an editor:
// block, or Options.Backend must be TestBackend.
func Files(site *content.Site, opts Options) (map[string][]byte, error) {
	cfg, err := Config(site, opts)
	if err != nil {
		return nil, err
	}
	page, err := Page(site.Config)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{Dir + "/index.html": page, Dir + "/config.yml": cfg}, nil
}

// config is Sveltia CMS's configuration, in the order its documentation
// gives the keys; https://sveltiacms.app/en/docs.
type config struct {
	Backend     backend      `yaml:"backend"`
	PublishMode string       `yaml:"publish_mode,omitempty"`
	MediaFolder string       `yaml:"media_folder"`
	SiteURL     string       `yaml:"site_url,omitempty"`
	DisplayURL  string       `yaml:"display_url,omitempty"`
	AppTitle    string       `yaml:"app_title,omitempty"`
	I18n        *i18n        `yaml:"i18n,omitempty"`
	Output      output       `yaml:"output"`
	Collections []collection `yaml:"collections"`
}

type backend struct {
	Name        string   `yaml:"name"`
	Repo        string   `yaml:"repo,omitempty"`
	Branch      string   `yaml:"branch,omitempty"`
	APIRoot     string   `yaml:"api_root,omitempty"`
	BaseURL     string   `yaml:"base_url,omitempty"`
	AuthType    string   `yaml:"auth_type,omitempty"`
	AppID       string   `yaml:"app_id,omitempty"`
	AuthMethods []string `yaml:"auth_methods,omitempty"`
	Messages    *commits `yaml:"commit_messages,omitempty"`
}

type commits struct {
	Create string `yaml:"create"`
	Update string `yaml:"update"`
	Delete string `yaml:"delete"`
}

type i18n struct {
	Structure         string   `yaml:"structure"`
	Locales           []string `yaml:"locales"`
	DefaultLocale     string   `yaml:"default_locale"`
	InitialLocales    string   `yaml:"initial_locales"`
	OmitDefaultLocale bool     `yaml:"omit_default_locale_from_file_path"`
}

type output struct {
	OmitEmptyOptional bool `yaml:"omit_empty_optional_fields"`
}

type collection struct {
	Name            string   `yaml:"name"`
	Label           string   `yaml:"label"`
	LabelSingular   string   `yaml:"label_singular"`
	Description     string   `yaml:"description"`
	Folder          string   `yaml:"folder"`
	Extension       string   `yaml:"extension"`
	Format          string   `yaml:"format"`
	Create          bool     `yaml:"create"`
	Delete          bool     `yaml:"delete"`
	Slug            slug     `yaml:"slug"`
	IdentifierField string   `yaml:"identifier_field"`
	Summary         string   `yaml:"summary"`
	SortableFields  sortable `yaml:"sortable_fields"`
	I18n            bool     `yaml:"i18n,omitempty"`
	Fields          []field  `yaml:"fields"`
}

type slug struct {
	Template string `yaml:"template"`
	Editable bool   `yaml:"editable"`
}

type sortable struct {
	Fields  []string    `yaml:"fields"`
	Default sortDefault `yaml:"default"`
}

type sortDefault struct {
	Field     string `yaml:"field"`
	Direction string `yaml:"direction"`
}

type field struct {
	Name     string   `yaml:"name"`
	Label    string   `yaml:"label"`
	Widget   string   `yaml:"widget"`
	Required *bool    `yaml:"required,omitempty"`
	I18n     any      `yaml:"i18n,omitempty"` // true or "duplicate"
	Hint     string   `yaml:"hint,omitempty"`
	Default  any      `yaml:"default,omitempty"`
	Options  []option `yaml:"options,omitempty"`
	// datetime
	Type       string `yaml:"type,omitempty"`
	Format     string `yaml:"format,omitempty"`
	TimeFormat *bool  `yaml:"time_format,omitempty"`
	// text and string
	Pattern []string `yaml:"pattern,omitempty"`
	// markdown
	Modes            []string  `yaml:"modes,omitempty"`
	EditorComponents *[]string `yaml:"editor_components,omitempty"`
}

type option struct {
	Label string `yaml:"label"`
	Value string `yaml:"value"`
}

// Config is the editor's config.yml for site.
func Config(site *content.Site, opts Options) ([]byte, error) {
	c := site.Config
	ed := c.Editor
	name := opts.Backend
	if name == "" {
		if ed == nil {
			return nil, msg.Errorf("editor.none")
		}
		name = ed.Backend
	}
	if name != content.EditorGitHub && name != content.EditorGitLab && name != TestBackend {
		return nil, msg.Errorf("editor.backend.flag-unknown", name, TestBackend)
	}
	if name != TestBackend && (ed == nil || ed.Repo == "") {
		return nil, msg.Errorf("editor.repo.needed", name)
	}
	folder := ""
	if ed != nil && name != TestBackend {
		folder = ed.Folder
	}
	in := func(p string) string { return path.Join(folder, p) }

	cfg := config{
		Backend:  backendFor(name, ed),
		SiteURL:  c.BaseURL,
		AppTitle: "Rediger – " + c.Title,
		// The editor needs a folder for uploads; the pages take no
		// images, and the text field offers no way to add one.
		MediaFolder: in("content/.media"),
		Output:      output{OmitEmptyOptional: true},
	}
	if name != TestBackend {
		// Draft, in review, ready: each proposal is a pull or merge
		// request, where the review recipes check and preview it;
		// publishing is the merge.
		cfg.PublishMode = "editorial_workflow"
	}
	multi := len(c.Languages) > 1
	if multi {
		cfg.I18n = &i18n{Structure: "multiple_files", Locales: c.Languages, DefaultLocale: c.Language,
			InitialLocales: "default", OmitDefaultLocale: true}
	}
	for _, doc := range site.Docs() {
		cfg.Collections = append(cfg.Collections, collectionFor(site, doc, in("content/"+doc), multi))
	}
	if len(cfg.Collections) == 0 {
		return nil, msg.Errorf("editor.no-documents")
	}
	var buf bytes.Buffer
	buf.WriteString("# The configuration of the web editor (Sveltia CMS), written by policysite\n# from site.yaml and content/ on every build: edit those, not this file.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(cfg); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func backendFor(name string, ed *content.Editor) backend {
	if name == TestBackend {
		return backend{Name: TestBackend}
	}
	b := backend{Name: name, Repo: ed.Repo, Branch: ed.Branch,
		Messages: &commits{
			Create: "Ny versjon: {{collection}} {{slug}}",
			Update: "Endret: {{collection}} {{slug}}",
			Delete: "Slettet: {{collection}} {{slug}}",
		}}
	switch {
	case name == content.EditorGitLab && ed.AppID != "":
		// PKCE: GitLab signs the editor in with no server between.
		b.AuthType, b.AppID, b.AuthMethods = "pkce", ed.AppID, []string{"oauth", "token"}
	default:
		// GitHub's sign-in needs a server to keep a secret; an access
		// token needs none.
		b.AuthMethods = []string{"token"}
	}
	if ed.Host != "" {
		b.BaseURL = ed.Host
		if name == content.EditorGitLab {
			b.APIRoot = ed.Host + "/api/v4"
		} else {
			b.APIRoot = ed.Host + "/api/v3"
		}
	}
	return b
}

// Hints in the site's language are the legal team's: the editor is theirs.
// They say what check will ask of each field, so that a proposal passes.
const (
	hintTitle = "Dokumentets tittel, slik den står øverst på siden. Den er kopiert fra gjeldende versjon: endre den bare når tittelen skal endres."

	hintEffective = "Dagen endringen trer i kraft. Den blir filens navn og kan ikke endres når versjonen er lagret. " +
		"En endring kunden skal varsles om, må publiseres minst %d dager før denne dagen."

	hintPublished = "Den første dagen endringen kan publiseres, vanligvis i dag. Dagen den faktisk blir publisert, " +
		"registreres når forslaget godkjennes og slås sammen; varslingsfristen regnes fra den."

	hintSummary = "Si med enkle ord hva som endres for kunden, og hvorfor – dette står i varselet, i e-posten og i SMS-en. " +
		"For eksempel: «Vi sender varsel om driftsstans på SMS, og lagrer derfor mobilnummeret ditt.» " +
		"Ikke bare «Oppdatert personvernerklæring»."

	hintReason = "Velg hvorfor teksten endres. Det avgjør om kundene skal varsles."

	hintUrgent = "Bare når endringen ikke kan vente til varslingsfristen er ute: si hvorfor, for eksempel " +
		"«Datatilsynet påla oss å endre behandlingen straks». La feltet stå tomt ellers."

	hintCorrection = "Bare når du retter en versjon som allerede er publisert: si hva som ble rettet, og hvorfor, " +
		"for eksempel «Rettet feil telefonnummer i punkt 9». La feltet stå tomt for en ny versjon."

	hintImmaterial = "Bare for «Bare språk» når check sier at endringen ser vesentlig ut (et tall, en dato, en adresse, en lenke " +
		"eller et navn er endret): si hvorfor den ikke er det, for eksempel «Åpningstiden gjelder kundeservice på telefon, " +
		"ikke behandlingen av opplysninger». Leserne ser det sammen med versjonen. La feltet stå tomt ellers."

	hintBody = "Hele teksten, kopiert fra gjeldende versjon: endre bare det som skal endres. " +
		"Ikke gjenta tittelen som overskrift. Punkter skrives ## 1 Navn, underpunkter ### 1.1 Navn."

	describeDoc = "Hver versjon er en egen fil som heter etter dagen den trer i kraft. " +
		"En ny versjon starter som en kopi av den nyeste. Publiserte versjoner endres ikke; rett dem bare med feltet «Retting»."
)

var reasons = []option{
	{Label: "Behandlingen endres – vi behandler opplysninger på en ny måte (nye formål, opplysninger, mottakere eller lagringstid). Kundene varsles før endringen trer i kraft.", Value: string(content.ReasonProcessing)},
	{Label: "Lovendring – loven eller en myndighet krever endringen. Kundene varsles.", Value: string(content.ReasonLegal)},
	{Label: "Bare språk – rettskriving, ordlyd eller lenker, uten endring i hva vi gjør. Ingen varsling.", Value: string(content.ReasonEditorial)},
}

func collectionFor(site *content.Site, doc, folder string, multi bool) collection {
	newest := newestOf(site, doc)
	label := doc
	if newest != nil {
		label = newest.Title
	}
	no := false
	translated := any(nil)
	copied := any(nil)
	if multi {
		translated, copied = true, "duplicate"
	}
	title := field{Name: "title", Label: "Tittel", Widget: "string", I18n: translated, Hint: hintTitle}
	body := field{Name: "body", Label: "Tekst", Widget: "markdown", I18n: translated, Hint: hintBody,
		// Raw Markdown first, as the legal team writes it today: the rich
		// text mode would write the whole text back in its own style,
		// and a diff of every line would hide the change. No components:
		// pages take no images.
		Modes: []string{"raw", "rich_text"}, EditorComponents: &[]string{}}
	if newest != nil {
		title.Default = newest.Title
		body.Default = strings.TrimLeft(string(newest.Body), "\n")
	}
	return collection{
		Name: doc, Label: label, LabelSingular: "versjon", Description: describeDoc,
		Folder: folder, Extension: "md", Format: "yaml-frontmatter",
		Create: true, Delete: false,
		Slug:            slug{Template: "{{effective}}", Editable: false},
		IdentifierField: "title",
		Summary:         "{{slug}} – {{summary}}",
		SortableFields:  sortable{Fields: []string{"slug"}, Default: sortDefault{Field: "slug", Direction: "descending"}},
		I18n:            multi,
		Fields: []field{
			title,
			{Name: "effective", Label: "Trer i kraft", Widget: "datetime", Type: "date", Format: "YYYY-MM-DD", TimeFormat: &no,
				I18n: copied, Hint: fmt.Sprintf(hintEffective, site.Config.LeadDays)},
			{Name: "published", Label: "Kan publiseres fra", Widget: "datetime", Type: "date", Format: "YYYY-MM-DD", TimeFormat: &no,
				Default: "{{now}}", I18n: copied, Hint: hintPublished},
			{Name: "summary", Label: "Hva endres, og hvorfor", Widget: "text", I18n: translated, Hint: hintSummary},
			{Name: "reason", Label: "Grunn", Widget: "select", Options: reasons, Default: string(content.ReasonProcessing),
				I18n: copied, Hint: hintReason},
			{Name: "urgent", Label: "Haster", Widget: "string", Required: &no, I18n: translated, Hint: hintUrgent},
			{Name: "correction", Label: "Retting", Widget: "string", Required: &no, I18n: translated, Hint: hintCorrection},
			{Name: "immaterial", Label: "Hvorfor ikke varslet", Widget: "string", Required: &no, I18n: translated, Hint: hintImmaterial},
			body,
		},
	}
}

// newestOf is the revision a new entry starts from: the newest in the
// site's language, as policysite new takes.
func newestOf(site *content.Site, doc string) *content.Revision {
	for _, s := range site.Series {
		if s.Doc == doc && s.Lang == site.Config.Language && len(s.Revisions) > 0 {
			return s.Revisions[len(s.Revisions)-1]
		}
	}
	return nil
}

var page = template.Must(template.New("editor").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Rediger – {{.Title}}</title>
<link href="config.yml" type="application/yaml" rel="cms-config-url">
</head>
<body>
<noscript><p>Redigeringsverktøyet trenger JavaScript. Slå det på i nettleseren, eller rediger filene i content/ slik content/README.md forklarer.</p></noscript>
<script src="{{.Script}}" integrity="{{.Integrity}}" crossorigin="anonymous"></script>
</body>
</html>
`))

// Page is the editor's index.html: no part of the pages visitors load, and
// not in the sitemap.
func Page(c content.Config) ([]byte, error) {
	var buf bytes.Buffer
	err := page.Execute(&buf, map[string]string{"Lang": c.Language, "Title": c.Title, "Script": ScriptURL, "Integrity": Integrity})
	return buf.Bytes(), err
}

// Policy is the editor page's Content-Security-Policy: looser than the
// site's, for that page alone. The script is the pinned release and
// nothing else; the editor injects its styles, shows avatars and previews
// as data and blob addresses, and talks to the Git host's API.
func Policy(ed *content.Editor) string {
	connect := []string{"'self'", "data:", "blob:", "https://api.github.com", "https://gitlab.com"}
	img := []string{"'self'", "data:", "blob:", "https://avatars.githubusercontent.com", "https://gitlab.com", "https://secure.gravatar.com"}
	if ed != nil && ed.Host != "" {
		connect = append(connect, ed.Host)
		img = append(img, ed.Host)
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src " + ScriptURL,
		"style-src 'self' 'unsafe-inline'",
		"img-src " + strings.Join(img, " "),
		"connect-src " + strings.Join(connect, " "),
		"font-src 'self' data: https://cdn.jsdelivr.net/fontsource/fonts/",
		"manifest-src blob:",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; ")
}

// OpenerPolicy is the editor page's Cross-Origin-Opener-Policy. Signing in
// with GitLab opens GitLab in a window that reports back to the page that
// opened it, which the site's same-origin would cut off.
const OpenerPolicy = "same-origin-allow-popups"

// Headers is the block the build adds to _headers for the editor's folder:
// the site's Content-Security-Policy and Cross-Origin-Opener-Policy
// removed (Cloudflare Pages' "!") and the editor's set.
func Headers(basePath string, ed *content.Editor) string {
	return fmt.Sprintf("\n# The web editor (policysite, site.yaml editor:): its own, looser policy.\n%s%s/*\n"+
		"  ! Content-Security-Policy\n  ! Cross-Origin-Opener-Policy\n  Content-Security-Policy: %s\n  Cross-Origin-Opener-Policy: %s\n",
		strings.TrimSuffix(basePath, "/")+"/", Dir, Policy(ed), OpenerPolicy)
}
