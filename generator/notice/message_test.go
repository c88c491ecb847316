package notice

import (
	"bytes"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"

	"policysite/generator/content"
	"policysite/templates"
)

func data(summary, reason string) Data {
	return Data{
		Lang: "nb", Org: "Akershus Energi Varme",
		Contact: content.Contact{Name: "Akershus Energi Varme", Email: "fjernvarme@akershusenergi.no", Phone: "63 82 33 50"},
		Title:   "Personvernerklæring", Summary: summary, Reason: reason, Upcoming: true,
		Effective: "15. januar 2027", EffectiveShort: "15.01.2027",
		PageURL: "https://www.akershusenergi.no/personvern/personvern/2027-01-15/",
		DiffURL: "https://www.akershusenergi.no/personvern/personvern/2027-01-15/diff/",
		DocURL:  "https://www.akershusenergi.no/personvern/personvern/",
		HasDiff: true,
	}
}

// A first revision has nothing to compare with: no promise of a diff.
func TestFirstRevision(t *testing.T) {
	d := data("Første versjon.", "processing")
	d.HasDiff = false
	for _, lang := range []string{"nb", "nn", "en"} {
		tpl := load(t, lang)
		text, err := tpl.Text(d)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		html, err := tpl.HTML(d)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if strings.Contains(text, "ord for ord") || strings.Contains(text, "word by word") || strings.Contains(html, "/diff/") {
			t.Errorf("%s: a first revision's notice promises a diff:\n%s", lang, text)
		}
	}
}

func load(t *testing.T, lang string) *Templates {
	t.Helper()
	tpl, err := Load(lang, func(name string) ([]byte, error) { return fs.ReadFile(templates.FS, name) })
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestTextByReason(t *testing.T) {
	tpl := load(t, "nb")
	for reason, want := range map[string]string{
		"processing": "Endringen gjelder hvordan vi behandler personopplysninger om deg.",
		"legal":      "Endringen skyldes at lover eller forskrifter er endret.",
	} {
		text, err := tpl.Text(data("Vi sender SMS om avbrudd.", reason))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{want, "Vi sender SMS om avbrudd.", "15. januar 2027", "/2027-01-15/diff/", "fjernvarme@akershusenergi.no", "63 82 33 50", "innsyn", "retting og sletting", "protestere"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the text lacks %q:\n%s", reason, w, text)
			}
		}
	}
}

func TestEveryLanguage(t *testing.T) {
	for _, lang := range []string{"nb", "nn", "en"} {
		tpl := load(t, lang)
		d := data("Summary.", "legal")
		d.Urgent = "Datatilsynet"
		if _, err := tpl.Email(d); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
		html, err := tpl.HTML(d)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if !strings.Contains(html, `lang="`+lang+`"`) || !strings.Contains(html, "Datatilsynet") {
			t.Errorf("%s: the HTML is not in its language or lacks the urgent reason", lang)
		}
	}
}

// The e-mail parses as a MIME message with a plain and an HTML part.
func TestEmail(t *testing.T) {
	msg, err := load(t, "nb").Email(data("Vi sender SMS om avbrudd.", "processing"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(strings.NewReader(string(msg)))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != "Vi endrer «Personvernerklæring» fra 15. januar 2027" {
		t.Errorf("subject %q, %v", subject, err)
	}
	mediaType, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("content type %q, %v", mediaType, err)
	}
	r := multipart.NewReader(m.Body, params["boundary"])
	var kinds []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(p) // decodes quoted-printable
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, strings.Split(p.Header.Get("Content-Type"), ";")[0])
		if !strings.Contains(string(body), "Vi sender SMS om avbrudd.") || !strings.Contains(string(body), "«Personvernerklæring»") {
			t.Errorf("%s part lacks the summary or the title:\n%s", p.Header.Get("Content-Type"), body)
		}
	}
	if strings.Join(kinds, " ") != "text/plain text/html" {
		t.Errorf("parts %v", kinds)
	}
	// The same notice is the same bytes (a reproducible build); another
	// notice has another boundary.
	again, err := load(t, "nb").Email(data("Vi sender SMS om avbrudd.", "processing"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := load(t, "nb").Email(data("Vi sender e-post om avbrudd.", "processing"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, msg) || bytes.Contains(other, []byte(params["boundary"])) {
		t.Error("the e-mail is not a function of the notice")
	}
}

func TestSMS(t *testing.T) {
	tpl := load(t, "nb")
	d := data("Vi bytter faktureringssystem.", "processing")
	d.Org, d.DiffURL = "AEV", "https://aev.no/p/2027-01-15/diff/" // short enough for the summary
	text, info, short, err := tpl.SMS(d)
	if err != nil {
		t.Fatal(err)
	}
	if short || info.Segments != 1 || info.Encoding != GSM7 || !strings.Contains(text, "Vi bytter faktureringssystem.") {
		t.Errorf("a short summary should fit: %q %s", text, info)
	}
	d.Upcoming = false
	if text, _, _, err := tpl.SMS(d); err != nil || !strings.Contains(text, "ble endret 15.01.2027") {
		t.Errorf("a change in force is told in the past tense: %q, %v", text, err)
	}
	long := strings.Repeat("Vi endrer mye. ", 12)
	if text, info, short, err = tpl.SMS(data(long, "processing")); err != nil {
		t.Fatal(err)
	}
	if !short || strings.Contains(text, "Vi endrer mye") || !strings.HasSuffix(text, "/personvern/personvern/") || info.Segments != 1 {
		t.Errorf("a long summary should give the short form: %q %s", text, info)
	}
	// Typographic quotes make the full form UCS-2, where 70 characters
	// fill a message: the short form, in GSM-7, is sent instead.
	d.Summary = "«Min side» er nytt."
	if text, info, short, err = tpl.SMS(d); err != nil {
		t.Fatal(err)
	}
	if !short || info.Encoding != GSM7 || strings.Contains(text, "«") {
		t.Errorf("%q %s", text, info)
	}
}

// Every notice names the document that changed by its title, in every
// language and form, and not the privacy policy when it is another document.
func TestOtherDocument(t *testing.T) {
	const title = "Informasjonskapsler på fjordvarme.example"
	for _, lang := range []string{"nb", "nn", "en"} {
		tpl := load(t, lang)
		for _, upcoming := range []bool{true, false} {
			d := data("Ingen statistikk.", "processing")
			d.Lang, d.Title, d.Upcoming = lang, title, upcoming
			d.Org, d.DiffURL = "AEV", "https://aev.no/p/2027-01-15/diff/" // short enough for the summary
			subject, err := tpl.Subject(d)
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			text, err := tpl.Text(d)
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			html, err := tpl.HTML(d)
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			full, _, short, err := tpl.SMS(d)
			if err != nil || short {
				t.Fatalf("%s: the full SMS: %q short %v, %v", lang, full, short, err)
			}
			d.Summary = strings.Repeat("Vi endrer mye. ", 12)
			brief, _, short, err := tpl.SMS(d)
			if err != nil || !short {
				t.Fatalf("%s: the short SMS: %q short %v, %v", lang, brief, short, err)
			}
			for name, got := range map[string]string{"subject": subject, "text": text, "HTML": html, "SMS": full, "short SMS": brief} {
				if !strings.Contains(got, title) {
					t.Errorf("%s, upcoming %v: the %s does not name %q:\n%s", lang, upcoming, name, title, got)
				}
				if l := strings.ToLower(got); strings.Contains(l, "personvernerkl") || strings.Contains(l, "privacy policy") {
					t.Errorf("%s, upcoming %v: the %s speaks of the privacy policy:\n%s", lang, upcoming, name, got)
				}
			}
		}
	}
}

// A title with typographic dashes or quotes keeps the SMS in GSM-7, where
// the short form of the company's real policy fits in one message.
func TestSMSTitle(t *testing.T) {
	for _, lang := range []string{"nb", "nn", "en"} {
		d := data(strings.Repeat("Vi endrer mye. ", 12), "processing")
		d.Lang, d.Title = lang, "Personvernerklæring – Akershus Energi Varme"
		text, info, short, err := load(t, lang).SMS(d)
		if err != nil {
			t.Fatal(err)
		}
		if !short || info.Encoding != GSM7 || info.Segments != 1 || !strings.Contains(text, `"Personvernerklæring - Akershus Energi Varme"`) {
			t.Errorf("%s: %q %s", lang, text, info)
		}
	}
}

// The reason is told in words, without a section number: which section
// says when a document may change (punkt 8 in the company's privacy policy,
// punkt 9 in the demo's) differs from document to document, and most have
// none.
func TestReasonWithoutSection(t *testing.T) {
	for _, lang := range []string{"nb", "nn", "en"} {
		tpl := load(t, lang)
		for reason, want := range map[string]string{"processing": "personopplysning", "legal": "lover eller forskrifter"} {
			d := data("Summary.", reason)
			d.Lang = lang
			if lang == "en" {
				want = map[string]string{"processing": "how we process personal data about you", "legal": "laws or regulations"}[reason]
			}
			text, err := tpl.Text(d)
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			html, err := tpl.HTML(d)
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			for name, got := range map[string]string{"text": text, "HTML": html} {
				if !strings.Contains(got, want) {
					t.Errorf("%s, %s: the %s lacks the reason %q:\n%s", lang, reason, name, want, got)
				}
				if l := strings.ToLower(got); strings.Contains(l, "punkt 8") || strings.Contains(l, "section 8") {
					t.Errorf("%s, %s: the %s names a section of the privacy policy:\n%s", lang, reason, name, got)
				}
			}
		}
	}
}
