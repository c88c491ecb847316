package lint

import (
	"strings"
	"testing"

	"policysite/generator/content"
)

// hints lints one revision of a site in lang, with a title and a summary.
func hints(t *testing.T, lang, title, summary, body string) []string {
	t.Helper()
	r := rev("a.md", lang, body)
	r.Title, r.Summary = title, summary
	return checkIn(t, lang, &content.Series{Doc: "d", Lang: lang, Revisions: []*content.Revision{r}})
}

const summary = "Vi tar i bruk et nytt faktureringssystem."

// testHints runs cases of a body that must give the findings that start
// with want, and no others.
func testHints(t *testing.T, tests []struct{ name, body, want string }) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := hints(t, "nb", "Personvernerklæring", summary, tt.body)
			switch {
			case tt.want == "" && len(got) != 0:
				t.Errorf("got %q, want none", got)
			case tt.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tt.want)):
				t.Errorf("got %q, want %q…", got, tt.want)
			}
		})
	}
}

func TestTitleHeading(t *testing.T) {
	testHints(t, []struct{ name, body, want string }{
		{"the title", "# Personvernerklæring\n\n## 1 Om oss\n\nTekst.\n",
			"a.md:5: warning: the text starts with the title as a heading (# Personvernerklæring); the page shows the title already, and this heading pushes every other heading down a level — delete the line"},
		{"after blank lines, in capitals, with a full stop", "\n\n#  PERSONVERNERKLÆRING.\n\nTekst.\n",
			"a.md:7: warning: the text starts with the title as a heading"},
		{"a heading of level 2", "## Personvernerklæring\n\nTekst.\n", ""},
		{"another heading", "# Om oss\n\nTekst.\n", ""},
		{"not at the top", "Innledning.\n\n# Personvernerklæring\n\nTekst.\n", ""},
		{"a longer heading", "# Personvernerklæringens formål\n\nTekst.\n", ""},
	})
	// A title with the company's name after a dash is repeated by its
	// first part too.
	got := hints(t, "nb", "Personvernerklæring – Akershus Energi Varme", summary, "# Personvernerklæring\n\nTekst.\n")
	if len(got) != 1 || !strings.Contains(got[0], "the title as a heading") {
		t.Errorf("got %q", got)
	}
}

func TestCapitals(t *testing.T) {
	testHints(t, []struct{ name, body, want string }{
		{"numbered", "## 1 BEHANDLINGSANSVARLIG\n\nTekst.\n",
			"a.md:5: warning: the heading \"1 BEHANDLINGSANSVARLIG\" is in capital letters, which are harder to read and read as shouting — write it in sentence case: ## 1 Behandlingsansvarlig"},
		{"æ, ø, å and a subsection's number", "## 2 Om\n\nTekst.\n\n### 2.1 VÅR BRUK AV SÆRLIGE ØKONOMISKE OPPLYSNINGER\n\nTekst.\n",
			"a.md:9: warning: the heading \"2.1 VÅR BRUK AV SÆRLIGE ØKONOMISKE OPPLYSNINGER\" is in capital letters, which are harder to read and read as shouting — write it in sentence case: ### 2.1 Vår bruk av særlige økonomiske opplysninger"},
		{"short words", "## OM OSS\n\nTekst.\n", "a.md:5: warning: the heading \"OM OSS\" is in capital letters"},
		{"an id kept", "## KONTAKT {#kontakt}\n\nTekst.\n", "a.md:5: warning: the heading \"KONTAKT {#kontakt}\" is in capital letters, which are harder to read and read as shouting — write it in sentence case: ## Kontakt {#kontakt}"},
		{"an abbreviation", "## 3 GDPR\n\nTekst.\n", ""},
		{"a short abbreviation", "## NAV\n\nTekst.\n", ""},
		{"an abbreviation in a heading", "## 3 Hva GDPR sier\n\nTekst.\n", ""},
		{"sentence case", "## 1 Behandlingsansvarlig\n\nTekst.\n", ""},
		{"in code", "```\n## BEHANDLINGSANSVARLIG\n```\n", ""},
	})
}

func TestStraightQuotes(t *testing.T) {
	testHints(t, []struct{ name, body, want string }{
		{"a quotation", "Tekst.\n\nVi kaller dette \"behandling\" i teksten.\n",
			"a.md:7: warning: straight quotes (\"…\") are used as quotation marks; Norwegian uses «…» — write «behandling» instead of \"behandling\""},
		{"at the start of a line", "\"Kunde\" er den som har avtale med oss.\n", "a.md:5: warning: straight quotes"},
		{"over two lines", "Vi kaller dette \"behandling av\npersonopplysninger\".\n", "a.md:5: warning: straight quotes (\"…\") are used as quotation marks; Norwegian uses «…» — write «behandling av personopplysninger»"},
		{"in a list item", "- \"Kunde\" er den som har avtale med oss.\n", "a.md:5: warning: straight quotes"},
		{"in a heading", "## 1 Hva \"kunde\" betyr\n\nTekst.\n", "a.md:5: warning: straight quotes"},
		{"around a link", "Se \"[vilkårene](https://example.com/vilkår)\".\n", "a.md:5: warning: straight quotes (\"…\") are used as quotation marks; Norwegian uses «…» — write « and » instead of \""},
		{"guillemets", "Vi kaller dette «behandling».\n", ""},
		{"in a code span", "Skriv `summary: \"Nytt\"` i filen.\n", ""},
		{"in a longer code span", "Skriv ``a ` \"b\"`` her.\n", ""},
		{"in a code block", "```yaml\nsummary: \"Nytt\"\n```\n", ""},
		{"in an indented code block", "Tekst.\n\n    summary: \"Nytt\"\n", ""},
		{"a link's title", "Se [vilkårene](https://example.com/vilkår \"Vilkår\").\n", ""},
		{"a reference's title", "Se [vilkårene][v].\n\n[v]: https://example.com/vilkår \"Vilkår\"\n", ""},
		{"an HTML attribute", "<abbr title=\"personvernforordningen\">GDPR</abbr> gjelder.\n", ""},
		{"an HTML block", "<div class=\"note\">\n\nTekst.\n\n</div>\n", ""},
		{"an HTML comment", "<!-- \"utkast\" -->\nTekst.\n\n<!--\n\"utkast\"\n-->\n", ""},
		{"an inch", "En 27\" skjerm.\n", ""},
		{"one mark", "Tekst \" uten par.\n", ""},
		{"heading attributes", "## 1 Om oss {#om title=\"x\"}\n\nTekst.\n", ""},
	})
}

func TestHyphenDash(t *testing.T) {
	testHints(t, []struct{ name, body, want string }{
		{"between words", "Tekst.\n\nVi lagrer opplysningene - som navn og adresse - i tre år.\n",
			"a.md:7: warning: a hyphen is used as a dash (\"opplysningene - som\") — write an en dash with a space on each side: \"opplysningene – som\""},
		{"in a list item", "- Navn - og adresse\n", "a.md:5: warning: a hyphen is used as a dash (\"Navn - og\")"},
		{"in a heading", "## 4 Markedsføring - særlig om SMS\n\nTekst.\n", "a.md:5: warning: a hyphen is used as a dash"},
		{"after emphasis", "**Merk** - dette gjelder alle.\n", "a.md:5: warning: a hyphen is used as a dash (\"Merk - dette\")"},
		{"a list", "Tekst:\n\n- navn\n- adresse\n  - gate\n* e-post\n", ""},
		{"a numbered list", "1. navn\n2. adresse\n", ""},
		{"a rule", "Tekst.\n\n- - -\n\nTekst.\n", ""},
		{"an en dash", "Vi lagrer opplysningene – som navn – i tre år.\n", ""},
		{"a word with a hyphen", "Vi sender e-post og SMS-varsler.\n", ""},
		{"in code", "Kjør `policysite check - --format json` nå.\n", ""},
		{"in a code block", "```\na - b\n```\n", ""},
		{"in a link's target", "Se [siden](https://example.com/a - b).\n", ""},
		{"in a table's empty cell", "| Navn | Lagres |\n|---|---|\n| Adresse | - |\n", ""},
		{"a hyphen for a minus", "Temperaturen var -5 grader.\n", ""},
	})
}

func TestVagueSummary(t *testing.T) {
	const title = "Personvernerklæring – Akershus Energi Varme"
	for _, tt := range []struct {
		summary string
		vague   bool
	}{
		{"Oppdatert", true},
		{"Oppdatert personvernerklæring", true},
		{"Oppdatering av personvernerklæringen.", true},
		{"Diverse endringer", true},
		{"Mindre endringer i teksten.", true},
		{"Vi har oppdatert personvernerklæringen vår.", true},
		{"Ny versjon av erklæringa", true},         // nynorsk
		{"Endringar i personvernerklæringa", true}, // nynorsk
		{"Oppdatert erklæring for Akershus Energi Varme", true},
		{"Vi tar i bruk et nytt faktureringssystem. Les hva det betyr for deg.", false},
		{"Første publiserte versjon av personvernerklæringen.", false},
		{"Oppdatert med nytt personvernombud", false},
		{"Nye energimålere som leses av hver time", false},
		{"Mindre språklige endringer, ingen endring i behandlingen.", false},
		{"Vi lagrer fakturaer i fem år i stedet for ti.", false},
	} {
		if got := vagueSummary(title, tt.summary); got != tt.vague {
			t.Errorf("vagueSummary(%q) = %v, want %v", tt.summary, got, tt.vague)
		}
	}
	got := hints(t, "nb", title, "Oppdatert personvernerklæring", "Tekst.\n")
	want := "a.md:1: warning: the summary does not say what changes for the reader (summary: Oppdatert personvernerklæring) — say in plain words"
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("got %q, want %q…", got, want)
	}
}

// The hints are for Norwegian alone, bokmål and nynorsk; and a revision
// that can no longer change (skip) gets none.
func TestHintsLanguages(t *testing.T) {
	const body = "## 1 BEHANDLINGSANSVARLIG\n\nVi kaller dette \"behandling\" - se punkt 2.\n"
	for _, tt := range []struct {
		lang string
		want int
	}{{"nb", 4}, {"nn", 4}, {"en", 0}, {"de", 0}} {
		if got := hints(t, tt.lang, "Tittel", "Oppdatert", body); len(got) != tt.want {
			t.Errorf("%s: got %q, want %d findings", tt.lang, got, tt.want)
		}
	}
}

// A revision that can no longer change gets no hints to change it.
func TestHintsLocked(t *testing.T) {
	locked := rev("a.md", "nb", "## 1 BEHANDLINGSANSVARLIG\n\nVi kaller dette \"behandling\" - se punkt 2.\n")
	locked.Title, locked.Summary = "Personvernerklæring", "Oppdatert"
	site := &content.Site{Config: content.Config{Language: "nb"}, Series: []*content.Series{{Doc: "d", Lang: "nb", Revisions: []*content.Revision{locked}}}}
	fs, err := Check(site, func(*content.Revision) ([]byte, error) { return nil, nil }, func(*content.Revision) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 {
		t.Errorf("got %v, want none", fs)
	}
}
