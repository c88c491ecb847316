package lint

import (
	"strings"
	"testing"

	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/generator/render"
)

func rev(path, lang, body string) *content.Revision {
	return &content.Revision{File: path, Lang: lang, Body: []byte(body), BodyLine: 5}
}

func check(t *testing.T, series ...*content.Series) []string {
	t.Helper()
	return checkIn(t, "nb", series...)
}

// checkIn lints a site in a language.
func checkIn(t *testing.T, lang string, series ...*content.Series) []string {
	t.Helper()
	site := &content.Site{Config: content.Config{Language: lang}, Series: series}
	r := render.New()
	fs, err := Check(site, func(rev *content.Revision) ([]byte, error) { res, err := r.Render(rev.Body); return res.HTML, err }, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.WithLevel(msg.English))
	}
	return out
}

func TestLint(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"clean", "Innledning.\n\n## 1 Om oss\n\nTekst, se [rettigheter](#rettigheter).\n\n## 2 Rettigheter {#rettigheter}\n\nTekst.\n", nil},
		{"skipped level", "## 1 Om oss\n\nTekst.\n\n#### Detaljer\n\nTekst.\n", []string{"a.md:9: warning: heading level 4 follows level 2 (\"1 Om oss\"): a level is skipped — use ### for a subsection of \"1 Om oss\""}},
		{"empty section", "## 1 Om oss\n\n## 2 Rettigheter\n\nTekst.\n", []string{"a.md:5: warning: the section \"1 Om oss\" is empty"}},
		{"empty last section", "## 1 Om oss\n\nTekst.\n\n## 2 Rettigheter\n", []string{"a.md:9: warning: the section \"2 Rettigheter\" is empty"}},
		{"heading with subsections is not empty", "## 2 Bruk\n\n### 2.1 Formål\n\nTekst.\n", nil},
		{"broken anchor", "Tekst.\n\nSe [punkt 9](#kontakt).\n", []string{"a.md:7: warning: the link to #kontakt leads nowhere"}},
		{"broken anchor named on its own line", "Se [oss](#kontakt-oss).\n\n## Kontakt oss\n\nSe [punkt 9](#kontakt).\n", []string{"a.md:9: warning: the link to #kontakt leads nowhere"}},
		// The renderer percent-encodes a link's target; the heading ids are
		// not.
		{"anchor with æ, ø and å", "Se [punkt 4](#særlig-om-bruk), [punkt 5](#økonomi) og [punkt 6](#åpenhet).\n\n## 4 Særlig om bruk\n\nTekst.\n\n## 5 Økonomi\n\nTekst.\n\n## 6 Åpenhet\n\nTekst.\n", nil},
		{"anchor written percent-encoded", "Se [punkt 4](#s%C3%A6rlig-om-bruk).\n\n## 4 Særlig om bruk\n\nTekst.\n", nil},
		{"broken anchor with ø on its line", "## 1 Om oss\n\nTekst.\n\nSe [punkt 9](#sletting-av-øvrige).\n", []string{"a.md:9: warning: the link to #sletting-av-øvrige leads nowhere"}},
		{"broken anchor written percent-encoded", "Tekst.\n\nSe [punkt 9](#%C3%A5pen).\n", []string{"a.md:7: warning: the link to #åpen leads nowhere"}},
		{"hash in code is not a heading", "```\n# ikke en overskrift\n```\n\n## 1 Om oss\n\nTekst.\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(t, &content.Series{Doc: "d", Lang: "nb", Revisions: []*content.Revision{rev("a.md", "nb", tt.body)}})
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("got %q, want %q…", got[i], tt.want[i])
				}
			}
		})
	}
}

// An editorial revision that changes no text is worth a warning; a
// material one is the content's error (content.SameText), not lint's.
func TestLintIdentical(t *testing.T) {
	for _, tt := range []struct {
		reason content.Reason
		body   string
		warn   bool
	}{
		{content.ReasonEditorial, "## 1 Om oss\n\nTekst.\n", true},
		{content.ReasonEditorial, "## 1 Om oss  \r\n\r\nTekst.\t\n\n", true}, // only line ends and trailing space
		{content.ReasonEditorial, "## 1 Om oss\n\nTekst, rettet.\n", false},
		{content.ReasonProcessing, "## 1 Om oss\n\nTekst.\n", false},
		{content.ReasonLegal, "## 1 Om oss\n\nTekst.\n", false},
	} {
		a := rev("a.md", "nb", "## 1 Om oss\n\nTekst.\n")
		b := rev("b.md", "nb", tt.body)
		b.Reason = tt.reason
		got := check(t, &content.Series{Doc: "d", Lang: "nb", Revisions: []*content.Revision{a, b}})
		var warned bool
		for _, g := range got {
			warned = warned || strings.Contains(g, "b.md:5: warning: the text is identical to the revision of")
		}
		if warned != tt.warn {
			t.Errorf("%s %q: got %q, want a warning %v", tt.reason, tt.body, got, tt.warn)
		}
	}
}

func TestLintTranslation(t *testing.T) {
	orig := rev("a.md", "nb", "## 1 Om oss\n\nTekst.\n\n## 2 Rettigheter\n\nTekst.\n\n### 2.1 Innsyn\n\nTekst.\n")
	good := rev("a.en.md", "en", "## 1 About us\n\nText.\n\n## 2 Rights\n\nText.\n\n### 2.1 Access\n\nText.\n")
	short := rev("b.en.md", "en", "## 1 About us\n\nText.\n\n## 2 Rights\n\nText.\n")
	level := rev("c.en.md", "en", "## 1 About us\n\nText.\n\n## 2 Rights\n\nText.\n\n## 3 Access\n\nText.\n")
	for _, tt := range []struct {
		tr   *content.Revision
		want string
	}{
		{good, ""},
		{short, "b.en.md:5: warning: the translation has 2 headings, its original a.md has 3; \"2.1 Innsyn\" (line 13) has no counterpart"},
		{level, "c.en.md:13: warning: \"3 Access\" is a level-2 heading, but its counterpart \"2.1 Innsyn\" in a.md (line 13) is level 3"},
	} {
		got := check(t,
			&content.Series{Doc: "d", Lang: "nb", Revisions: []*content.Revision{orig}},
			&content.Series{Doc: "d", Lang: "en", Revisions: []*content.Revision{tt.tr}})
		switch {
		case tt.want == "" && len(got) != 0:
			t.Errorf("%s: got %q", tt.tr.File, got)
		case tt.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tt.want)):
			t.Errorf("%s: got %q, want %q", tt.tr.File, got, tt.want)
		}
	}
}

func TestLintTranslationWithoutOriginal(t *testing.T) {
	orig := rev("a.md", "nb", "## 1 Om oss\n\nTekst.\n")
	tr := rev("b.en.md", "en", "## 1 About us\n\nText.\n")
	tr.Effective = tr.Effective.AddDate(0, 0, 1)
	got := check(t,
		&content.Series{Doc: "d", Lang: "nb", Revisions: []*content.Revision{orig}},
		&content.Series{Doc: "d", Lang: "en", Revisions: []*content.Revision{tr}})
	if len(got) != 1 || !strings.Contains(got[0], "b.en.md:1: warning: this translation has no original: there is no 0001-01-02.md") {
		t.Errorf("got %q", got)
	}
}

// A revision skip names (one recorded in the lock, which can no longer
// change) gets no advice; the others still do.
func TestLintSkip(t *testing.T) {
	locked := rev("a.md", "nb", "Se [punkt 9](#kontakt).\n")
	open := rev("b.md", "nb", "Se [punkt 8](#rettigheter).\n")
	site := &content.Site{Config: content.Config{Language: "nb"}, Series: []*content.Series{{Doc: "d", Lang: "nb", Revisions: []*content.Revision{locked, open}}}}
	r := render.New()
	fs, err := Check(site, func(rev *content.Revision) ([]byte, error) { res, err := r.Render(rev.Body); return res.HTML, err },
		func(rev *content.Revision) bool { return rev == locked })
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].File != "b.md" {
		t.Errorf("got %v, want one finding, in b.md", fs)
	}
}

// A link to an id of the page around the text (the theme's, such as the
// contact block's heading) leads somewhere.
func TestLintPageIDs(t *testing.T) {
	r := rev("a.md", "nb", "Se [kontaktinformasjonen](#contact-heading) og [punkt 9](#finnes-ikke).\n")
	site := &content.Site{Config: content.Config{Language: "nb"}, Series: []*content.Series{{Doc: "d", Lang: "nb", Revisions: []*content.Revision{r}}}}
	rd := render.New()
	fs, err := Check(site, func(rev *content.Revision) ([]byte, error) { res, err := rd.Render(rev.Body); return res.HTML, err }, nil, "contact-heading")
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || !strings.Contains(fs[0].Message.String(), "#finnes-ikke") {
		t.Errorf("got %v, want one finding, of #finnes-ikke", fs)
	}
}
