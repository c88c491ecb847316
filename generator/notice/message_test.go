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
	const diffURL = "https://www.akershusenergi.no/personvern/personvern/2027-01-15/diff/"
	long := strings.Repeat("Vi endrer mye. ", 10)   // 150 characters: with the rest, two segments
	longer := strings.Repeat("Vi endrer mye. ", 12) // 180: three
	for _, tt := range []struct {
		name     string
		edit     func(*Data)
		segments int
		short    bool
		want     []string // in the text, in order
		not      []string
		encoding string
		parts    int
	}{
		{"a short summary fits", func(d *Data) { d.Org, d.DiffURL = "AEV", "https://aev.no/p/2027-01-15/diff/" }, 1, false,
			[]string{`AEV: "Personvernerklæring" endres fra 15.01.2027. Vi bytter faktureringssystem. Se endringene: https://aev.no/p/2027-01-15/diff/`}, nil, GSM7, 1},
		{"a change in force, in the past tense", func(d *Data) { d.Org, d.DiffURL, d.Upcoming = "AEV", "https://aev.no/p/2027-01-15/diff/", false }, 1, false,
			[]string{"ble endret 15.01.2027"}, nil, GSM7, 1},
		{"a long summary: the short form links to the changes, not the policy", func(d *Data) { d.Summary = long }, 1, true,
			[]string{`Akershus Energi Varme: "Personvernerklæring" endres fra 15.01.2027. Se endringene: ` + diffURL}, []string{"Vi endrer mye", "Les mer"}, GSM7, 1},
		{"the shortest address of the changes", func(d *Data) { d.Summary, d.ShortURL = long, "https://a.no/p/2027-01-15/diff/" }, 1, true,
			[]string{"Se endringene: https://a.no/p/2027-01-15/diff/"}, []string{diffURL}, GSM7, 1},
		{"two segments let the long summary through", func(d *Data) { d.Summary = long }, 2, false,
			[]string{"15.01.2027. " + strings.TrimSpace(long) + " Se endringene: " + diffURL}, nil, GSM7, 2},
		{"but not a longer one", func(d *Data) { d.Summary = longer }, 2, true,
			[]string{"Se endringene: " + diffURL}, []string{"Vi endrer mye"}, GSM7, 1},
		{"the title names the company: named once", func(d *Data) { d.Title, d.Summary = "Personvernerklæring – Akershus Energi Varme", long }, 1, true,
			[]string{`"Personvernerklæring - Akershus Energi Varme" endres fra 15.01.2027. Se endringene: ` + diffURL}, []string{"Akershus Energi Varme:"}, GSM7, 1},
		{"urgent, in the full form", func(d *Data) {
			d.Org, d.DiffURL, d.Urgent = "AEV", "https://aev.no/d/", "Påbud."
		}, 1, false, []string{"Vi bytter faktureringssystem. Varslet med kort frist fordi: Påbud. Se endringene: https://aev.no/d/"}, nil, GSM7, 1},
		{"urgent, in the short form", func(d *Data) { d.Summary, d.Urgent = long, "Datatilsynet «påla» oss det." }, 1, true,
			[]string{`endres fra 15.01.2027. Varslet med kort frist fordi: Datatilsynet "påla" oss det. Se endringene: ` + diffURL}, nil, GSM7, 2},
		// Typographic quotes make the full form UCS-2, where 70 characters
		// fill a message: the short form, in GSM-7, is sent instead.
		{"UCS-2: the short form", func(d *Data) {
			d.Org, d.DiffURL, d.Summary = "AEV", "https://aev.no/p/2027-01-15/diff/", "«Min side» er nytt."
		}, 1, true,
			[]string{"Se endringene: https://aev.no/p/2027-01-15/diff/"}, []string{"«"}, GSM7, 1},
		{"UCS-2 in two segments: 134 characters", func(d *Data) {
			d.Org, d.DiffURL, d.Summary = "AEV", "https://aev.no/p/2027-01-15/diff/", "«Min side» er nytt."
		}, 2, false, []string{"«Min side» er nytt."}, nil, UCS2, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := data("Vi bytter faktureringssystem.", "processing")
			tt.edit(&d)
			text, info, short, err := load(t, "nb").SMS(d, tt.segments)
			if err != nil {
				t.Fatal(err)
			}
			if short != tt.short || info.Encoding != tt.encoding || info.Segments != tt.parts {
				t.Errorf("short %v, %s; want short %v, %s in %d segments\n%s", short, info, tt.short, tt.encoding, tt.parts, text)
			}
			at := 0
			for _, w := range tt.want {
				i := strings.Index(text[at:], w)
				if i < 0 {
					t.Fatalf("lacks %q:\n%s", w, text)
				}
				at += i + len(w)
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("has %q:\n%s", w, text)
				}
			}
		})
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
			full, _, short, err := tpl.SMS(d, 1)
			if err != nil || short {
				t.Fatalf("%s: the full SMS: %q short %v, %v", lang, full, short, err)
			}
			d.Summary = strings.Repeat("Vi endrer mye. ", 12)
			brief, _, short, err := tpl.SMS(d, 1)
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
		text, info, short, err := load(t, lang).SMS(d, 1)
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

func TestTitleNamesOrg(t *testing.T) {
	for _, tt := range []struct {
		org, title string
		want       bool
	}{
		{"Akershus Energi Varme", "Personvernerklæring – Akershus Energi Varme", true},
		{"Fjordvarme AS", "Personvernerklæring for Fjordvarme AS", true},
		{"Fjordvarme AS", "Informasjonskapsler på fjordvarme.example", true}, // without its legal form
		{"Fjordvarme AS", "Personvern", false},
		{"AS", "Personvern AS", true},
		{"", "Personvern", false},
	} {
		if got := (Data{Org: tt.org, Title: tt.title}).TitleNamesOrg(); got != tt.want {
			t.Errorf("%q in %q: %v, want %v", tt.org, tt.title, got, tt.want)
		}
	}
}
