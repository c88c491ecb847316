package generator

import (
	"strings"
	"testing"

	"policysite/generator/content"
	"policysite/generator/notice"
	"policysite/internal/sitegen"
)

// TestNoticeNamesDocument writes every notice of the demo and of the
// company's real site: each names its own document by its revision's title,
// in the subject, the text, the HTML and the SMS; the cookie statement's
// never call it the privacy policy nor cite its punkt 8; and the SMS fits in
// one GSM-7 message.
func TestNoticeNamesDocument(t *testing.T) {
	for _, source := range []string{"../examples/demo", ".."} {
		site, th, err := Load(source)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, ser := range site.Series {
			for _, r := range ser.Revisions {
				if !r.Material() {
					continue
				}
				name := source + " " + ser.Doc + " " + ser.Lang + " " + content.Date(r.Effective)
				d, tpl, err := Notice(site, th, NoticeRequest{Doc: ser.Doc, Lang: ser.Lang, Date: content.Date(r.Effective), Clock: day("2026-11-26")})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				seen[ser.Doc] = true
				subject, err := tpl.Subject(d)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				text, err := tpl.Text(d)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				html, err := tpl.HTML(d)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				sms, info, _, err := tpl.SMS(d, 1)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if info.Encoding != notice.GSM7 || info.Segments != 1 {
					t.Errorf("%s: the SMS is not one GSM-7 message: %s\n%s", name, info, sms)
				}
				for form, got := range map[string]string{"subject": subject, "text": text, "HTML": html, "SMS": sms} {
					title := r.Title
					if form == "SMS" {
						title = strings.NewReplacer("–", "-", "«", `"`, "»", `"`).Replace(title)
					}
					if !strings.Contains(got, title) {
						t.Errorf("%s: the %s does not name %q:\n%s", name, form, title, got)
					}
					if l := strings.ToLower(got); ser.Doc == "informasjonskapsler" && (strings.Contains(l, "personvernerkl") || strings.Contains(l, "punkt 8")) {
						t.Errorf("%s: the %s speaks of the privacy policy:\n%s", name, form, got)
					}
				}
			}
		}
		if source == "../examples/demo" && !seen["informasjonskapsler"] {
			t.Error("the demo has no notice of its cookie statement to test")
		}
	}
}

// Without a date, a translation that has fallen behind its original does
// not announce its own old change as the news: the notice is refused,
// naming the original's newer change and the file to write.
func TestNoticeTranslationBehind(t *testing.T) {
	const site = "title: T\nbaseURL: https://example.no/\nlanguages: [nb, en]\n"
	rev := func(summary, extra string) string {
		return "---\ntitle: P\nsummary: " + summary + "\n" + extra + "---\n" + summary + "\n"
	}
	for _, tt := range []struct {
		name  string
		files map[string]string
		lang  string
		date  string
		want  string // the change announced, or the error
		fails bool
	}{
		{"behind: refused", map[string]string{
			"content/p/2027-01-15.md": rev("Nytt.", "published: 2026-11-01\n"),
		}, "en", "", "the en translation of p has fallen behind: its notice would announce the change of 2024-05-01, but the original (nb) has changed since, most recently on 2027-01-15 (reason: processing), which has no translation into en; write the translation, content/p/2027-01-15.en.md (policysite new p --lang en --effective 2027-01-15), or send the notice in nb (--lang nb)", true},
		{"behind by a change in force: refused", map[string]string{
			"content/p/2025-06-01.md": rev("Lov.", "reason: legal\n"),
		}, "en", "", "most recently on 2025-06-01 (reason: legal)", true},
		{"translated: its own", map[string]string{
			"content/p/2027-01-15.md":    rev("Nytt.", "published: 2026-11-01\n"),
			"content/p/2027-01-15.en.md": rev("New.", "published: 2026-11-01\n"),
		}, "en", "", "New.", false},
		{"the original's newer change is editorial", map[string]string{
			"content/p/2025-06-01.md": rev("Skrivefeil.", "reason: editorial\n"),
		}, "en", "", "First en.", false},
		{"the original's newer change is a draft", map[string]string{
			"content/p/2027-06-01.md": rev("Utkast.", "published: 2027-04-01\n"),
		}, "en", "", "First en.", false},
		{"named by its date", map[string]string{
			"content/p/2027-01-15.md": rev("Nytt.", "published: 2026-11-01\n"),
		}, "en", "2024-05-01", "First en.", false},
		{"the original", map[string]string{
			"content/p/2027-01-15.md": rev("Nytt.", "published: 2026-11-01\n"),
		}, "nb", "", "Nytt.", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"site.yaml":                  site,
				"content/p/2024-05-01.md":    rev("Først.", ""),
				"content/p/2024-05-01.en.md": rev("First en.", ""),
			}
			for k, v := range tt.files {
				files[k] = v
			}
			s, th, err := Load(sitegen.Files(t, files))
			if err != nil {
				t.Fatal(err)
			}
			d, _, err := Notice(s, th, NoticeRequest{Doc: "p", Lang: tt.lang, Date: tt.date, Clock: day("2026-11-26")})
			switch {
			case tt.fails && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want the error %q", err, tt.want)
			case !tt.fails && err != nil:
				t.Errorf("got %v", err)
			case !tt.fails && d.Summary != tt.want:
				t.Errorf("announces %q, want %q", d.Summary, tt.want)
			}
		})
	}
}
