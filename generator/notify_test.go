package generator

import (
	"strings"
	"testing"

	"policysite/generator/content"
	"policysite/generator/notice"
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
				sms, info, _, err := tpl.SMS(d)
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
