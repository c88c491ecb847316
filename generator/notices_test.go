package generator

import (
	"encoding/json"
	"strings"
	"testing"

	"policysite/internal/sitegen"
)

// Every language is told of every change of the original, in its own
// words: with its own translation's summary and pages where it has the
// revision, else with the original's summary, said to be in the original's
// language, and the original's page of the changes.
func TestTranslationNotices(t *testing.T) {
	const site = "title: T\nbaseURL: https://example.no/\nlanguages: [nb, nn, en]\nbannerDays: 30\n"
	rev := func(title, summary, extra, body string) string {
		return "---\ntitle: " + title + "\nsummary: " + summary + "\n" + extra + "---\n" + body + "\n"
	}
	const (
		first   = "personvern/2026-01-01"
		change  = "personvern/2027-01-15"
		changed = "Vi bytter fakturasystem."
	)
	base := map[string]string{
		"site.yaml":                   "" + site,
		"content/" + first + ".md":    rev("Personvern", "Først.", "", "Tekst."),
		"content/" + change + ".md":   rev("Personvern", changed, "published: 2026-11-01\nurgent: Leverandøren la ned.\n", "Tekst om faktura."),
		"content/" + first + ".en.md": rev("Privacy", "First.", "", "Text."),
		"content/" + first + ".nn.md": rev("Personvern", "Fyrst.", "", "Tekst."),
	}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name  string
		files map[string]string
		now   string
		page  string   // the page to look at
		want  []string // in its notice, in order
		not   []string
	}{
		{
			name:  "upcoming, not translated: the original's summary, marked",
			files: base, now: "2026-11-26", page: "en/personvern/index.html",
			want: []string{`data-notice="upcoming"`, "We are changing how we process personal data from 15 January 2027:",
				`The summary is only available in Norwegian Bokmål: <q lang="nb">` + changed + `</q>`,
				`because: <span lang="nb">Leverandøren la ned.</span>`, // urgent:, in bokmål
				`<a href="../../personvern/2027-01-15/diff/" hreflang="nb">See what changes</a>`,
				`<a href="../../personvern/2027-01-15/" hreflang="nb">Read the new version</a>`},
		},
		{
			name:  "upcoming, not translated, in nynorsk",
			files: base, now: "2026-11-26", page: "nn/personvern/index.html",
			want: []string{`data-notice="upcoming"`, "Vi endrar korleis vi behandlar personopplysningar frå 15. januar 2027:",
				`Samandraget finst berre på bokmål: <q lang="nb">` + changed + `</q>`},
		},
		{
			name:  "upcoming, translated: its own summary and pages",
			files: with(map[string]string{"content/" + change + ".en.md": rev("Privacy", "We change billing system.", "published: 2026-11-01\nurgent: The supplier closed.\n", "Text on billing.")}),
			now:   "2026-11-26", page: "en/personvern/index.html",
			want: []string{`data-notice="upcoming"`, "We are changing how we process personal data from 15 January 2027:</strong> We change billing system.</p>",
				"because: The supplier closed.</p>",
				`<a href="../../en/personvern/2027-01-15/diff/">See what changes</a>`},
			not: []string{"only available", changed, `hreflang="nb">See`},
		},
		{
			name:  "updated, the translation behind: told of the newer change",
			files: base, now: "2027-01-20", page: "en/personvern/index.html",
			want: []string{`data-notice="updated"`, "We changed how we process personal data on 15 January 2027:",
				`<q lang="nb">` + changed + `</q>`, `<a href="../../personvern/2027-01-15/diff/" hreflang="nb">See what has changed</a>`},
		},
		{
			name:  "updated, the translation's first revision: its summary, the original's diff",
			files: with(map[string]string{"content/" + first + ".en.md": "", "content/" + change + ".en.md": rev("Privacy", "We change billing system.", "published: 2026-11-01\n", "Text on billing.")}),
			now:   "2027-01-20", page: "en/personvern/index.html",
			want: []string{`data-notice="updated"`, "We changed how we process personal data on 15 January 2027:</strong> We change billing system.</p>",
				`<a href="../../personvern/2027-01-15/diff/" hreflang="nb">See what has changed</a>`},
			not: []string{"only available"},
		},
		{
			name:  "the original's own page is as before",
			files: base, now: "2026-11-26", page: "personvern/index.html",
			want: []string{`data-notice="upcoming"`, "Vi endrer hvordan vi behandler personopplysninger fra 15. januar 2027:</strong> " + changed + "</p>",
				`<a href="../personvern/2027-01-15/diff/">Se hva som endres</a>`},
			not: []string{"finnes bare", "hreflang=\"nb\">Se"},
		},
		{
			name:  "the language's notice.inc",
			files: base, now: "2026-11-26", page: "en/notice.inc",
			want: []string{`data-notice="upcoming"`, "Privacy: We are changing how we process personal data from 15 January 2027:</strong> The summary is only available in Norwegian Bokmål: <q lang=\"nb\">" + changed + "</q>",
				`<span lang="nb">Leverandøren la ned.</span>`, `href="https://example.no/personvern/2027-01-15/diff/"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range tt.files {
				if v != "" {
					files[k] = v
				}
			}
			out := generate(t, sitegen.Files(t, files), tt.now)
			page, ok := out[tt.page]
			if !ok {
				t.Fatalf("no %s", tt.page)
			}
			inOrder(t, tt.page, plainSpaces(page), tt.want, tt.not)
		})
	}
}

// notice.json gives every language its notice of the change, with the
// language of a summary not yet translated and the words that say so.
func TestWidgetTranslationNotice(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                           "title: T\nbaseURL: https://example.no/\nlanguages: [nb, en]\n",
		"content/personvern/2026-01-01.md":    "---\ntitle: Personvern\nsummary: Først.\n---\nTekst.\n",
		"content/personvern/2026-01-01.en.md": "---\ntitle: Privacy\nsummary: First.\n---\nText.\n",
		"content/personvern/2027-01-15.md":    "---\ntitle: Personvern\nsummary: Nytt.\npublished: 2026-11-01\n---\nTekst, nytt.\n",
	})
	var w struct {
		Notices []map[string]any
	}
	if err := json.Unmarshal(generate(t, dir, "2026-11-26")["notice.json"], &w); err != nil {
		t.Fatal(err)
	}
	if len(w.Notices) != 2 {
		t.Fatalf("notices %v, want one in nb and one in en", w.Notices)
	}
	for key, want := range map[string]any{
		"id": "personvern/en/2027-01-15/upcoming", "language": "en", "title": "Privacy", "summary": "Nytt.",
		"summary_language": "nb", "summary_note": "The summary is only available in Norwegian Bokmål:",
		"message":  "Privacy: We are changing how we process personal data from 15 January 2027:",
		"diff_url": "https://example.no/personvern/2027-01-15/diff/",
	} {
		if got := w.Notices[1][key]; got != want {
			t.Errorf("en notice's %s = %v, want %v", key, got, want)
		}
	}
	if _, has := w.Notices[0]["summary_language"]; has {
		t.Errorf("the original's notice has a summary_language: %v", w.Notices[0])
	}
}

// The start page tells of a coming or recent change under the document it
// concerns, as the document's pages do that day, briefly: the banner's
// headline and links, in the start page's language; on a day without a
// notice it says nothing of one.
func TestHomeNotices(t *testing.T) {
	tests := []struct {
		now, page string
		want      []string // in order
		not       []string
	}{
		{now: "2026-11-26", page: "index.html", want: []string{
			`<a href="informasjonskapsler/">`, `<a href="personvern/">`,
			`<div class="notice notice-brief notice-upcoming" data-notice="upcoming" role="note">`,
			"<strong>Vi endrer hvordan vi behandler personopplysninger fra 15. januar 2027.</strong>",
			`<a href="personvern/2027-01-15/diff/">Se hva som endres</a> · <a href="personvern/2027-01-15/">Les den nye versjonen</a>`,
			`<a href="tilgjengelighetserklaering/">`}},
		{now: "2026-11-26", page: "en/index.html", want: []string{
			`data-notice="upcoming"`, "<strong>We are changing how we process personal data from 15 January 2027.</strong>",
			// English has no translation of the change: the original's pages.
			`<a href="../personvern/2027-01-15/diff/" hreflang="nb">See what changes</a> · <a href="../personvern/2027-01-15/" hreflang="nb">Read the new version</a>`}},
		{now: "2027-01-20", page: "index.html", want: []string{
			`data-notice="updated"`, "<strong>Vi endret hvordan vi behandler personopplysninger 15. januar 2027.</strong>",
			`<a href="personvern/2027-01-15/diff/">Se hva som er endret</a></p>`},
			not: []string{`data-notice="upcoming"`}},
		{now: "2025-06-15", page: "index.html", not: []string{"data-notice", `class="notice`}},
		{now: "2025-06-15", page: "en/index.html", not: []string{"data-notice", `class="notice`}},
	}
	for _, tt := range tests {
		t.Run(tt.now+" "+tt.page, func(t *testing.T) {
			page, ok := generate(t, "../examples/demo", tt.now)[tt.page]
			if !ok {
				t.Fatalf("no %s", tt.page)
			}
			s := plainSpaces(page)
			inOrder(t, tt.page, s, tt.want, tt.not)
			if n := strings.Count(s, "<h1"); n != 1 {
				t.Errorf("%s has %d h1", tt.page, n)
			}
		})
	}

	// A document with no revision in force yet: its first one, announced,
	// with the link the pending page gives.
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\n",
		"content/personvern/2026-01-01.md": "---\ntitle: P\nsummary: Først.\n---\nTekst.\n",
		"content/vilkar/2027-01-01.md":     "---\ntitle: Vilkår\nsummary: Nye vilkår.\nreason: legal\npublished: 2026-11-01\n---\nTekst.\n",
	})
	s := strings.ReplaceAll(string(generate(t, dir, "2026-11-26")["index.html"]), "\u00a0", " ")
	want := `<p><strong>Teksten endres fra 1. januar 2027 fordi lover eller forskrifter er endret.</strong>
<a href="vilkar/2027-01-01/">Les den nye versjonen</a></p>`
	if !strings.Contains(s, want) || strings.Count(s, "data-notice") != 1 {
		t.Errorf("the start page lacks %q once:\n%s", want, s)
	}
}

// A language of languages: with no translation of a document is told of
// its changes all the same, in its own words, with the original's title,
// summary and pages, each marked as in the original's language: the demo
// has no nynorsk privacy policy.
func TestWidgetNoTranslation(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	inc := strings.ReplaceAll(string(files["nn/notice.inc"]), "\u00a0", " ")
	for _, w := range []string{
		`lang="nn"`, `data-notice="upcoming"`,
		`<strong><span lang="nb">Personvernerklæring for Fjordvarme AS</span>: Vi endrar korleis vi behandlar personopplysningar frå 15. januar 2027:</strong>`,
		`Samandraget finst berre på bokmål: <q lang="nb">Fra 15. januar 2027 får vi en ny leverandør`,
		`<a href="https://personvern.fjordvarme.example/personvern/2027-01-15/diff/" hreflang="nb">Sjå kva som blir endra</a>`,
	} {
		if !strings.Contains(inc, w) {
			t.Errorf("nn/notice.inc lacks %q:\n%s", w, inc)
		}
	}
	var w struct {
		Notices []map[string]any
	}
	if err := json.Unmarshal(files["notice.json"], &w); err != nil {
		t.Fatal(err)
	}
	var ids []string
	var nn map[string]any
	for _, n := range w.Notices {
		ids = append(ids, n["id"].(string))
		if n["language"] == "nn" {
			nn = n
		}
	}
	if want := "personvern/nb/2027-01-15/upcoming personvern/nn/2027-01-15/upcoming personvern/en/2027-01-15/upcoming"; strings.Join(ids, " ") != want {
		t.Errorf("notices %v, want %s", ids, want)
	}
	for key, want := range map[string]any{
		"id": "personvern/nn/2027-01-15/upcoming", "kind": "upcoming", "effective": "2027-01-15",
		"title": "Personvernerklæring for Fjordvarme AS", "title_language": "nb",
		"message":          "Personvernerklæring for Fjordvarme AS: Vi endrar korleis vi behandlar personopplysningar frå 15. januar 2027:",
		"summary_language": "nb", "summary_note": "Samandraget finst berre på bokmål:",
		"url":       "https://personvern.fjordvarme.example/personvern/2027-01-15/",
		"diff_url":  "https://personvern.fjordvarme.example/personvern/2027-01-15/diff/",
		"link_text": "Sjå kva som blir endra", "close_text": "Lukk", "label": "Varsel om endringar",
	} {
		if got := nn[key]; got != want {
			t.Errorf("nn notice's %s = %v, want %v", key, got, want)
		}
	}
	if s, _ := nn["summary"].(string); !strings.HasPrefix(s, "Fra 15. januar 2027 får vi") {
		t.Errorf("nn notice's summary = %q, want the bokmål one", s)
	}

	// A translation with only drafts has no page either: told the same way.
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                           "title: T\nbaseURL: https://example.no/\nlanguages: [nb, nn]\n",
		"content/personvern/2026-01-01.md":    "---\ntitle: Personvern\nsummary: Først.\n---\nTekst.\n",
		"content/personvern/2027-01-15.md":    "---\ntitle: Personvern\nsummary: Nytt.\npublished: 2026-11-01\n---\nTekst, nytt.\n",
		"content/personvern/2027-01-15.nn.md": "---\ntitle: Personvern\nsummary: Nytt.\npublished: 2026-12-01\n---\nTekst, nytt.\n",
	})
	inc = string(generate(t, dir, "2026-11-26")["nn/notice.inc"])
	if !strings.Contains(inc, "Vi endrar korleis") || !strings.Contains(inc, `<q lang="nb">Nytt.</q>`) {
		t.Errorf("nn/notice.inc, with only a draft in nynorsk:\n%s", inc)
	}
	// A day without a notice: none in nynorsk either.
	if inc := generate(t, "../examples/demo", "2025-06-15")["nn/notice.inc"]; strings.Contains(string(inc), "data-notice") {
		t.Errorf("nn/notice.inc on a day without a notice:\n%s", inc)
	}
}

// In a preview, a draft's notice on the start page says first that it is
// one, as the widget's does, and is dashed as on the pages.
func TestHomeNoticesDraft(t *testing.T) {
	site, th, err := Load("../examples/demo")
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := generateSite(site, th, day("2026-11-26"), GenerateOptions{Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	s := plainSpaces(files["index.html"])
	for _, w := range []string{
		"<strong>Vi endrer hvordan vi behandler personopplysninger fra 15. januar 2027.</strong>", // published
		`<div class="notice notice-brief notice-upcoming notice-draft" data-notice="upcoming" role="note">
<p><strong>Utkast, ikke publisert – Vi endrer hvordan vi behandler personopplysninger fra 1. juni 2027.</strong>`,
	} {
		if !strings.Contains(s, w) {
			t.Errorf("the preview's start page lacks %q:\n%s", w, s)
		}
	}
}

// inOrder requires each of want in the page named name, one after the
// other, and none of not.
func inOrder(t *testing.T, name, s string, want, not []string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(s[at:], w)
		if i < 0 {
			t.Fatalf("%s lacks %q after byte %d:\n%s", name, w, at, s)
		}
		at += i + len(w)
	}
	for _, w := range not {
		if strings.Contains(s, w) {
			t.Errorf("%s has %q", name, w)
		}
	}
}
