// Package notice writes the notifications that tell customers of a change
// to a policy: an e-mail (subject, plain text and HTML), an SMS that fits in
// one message where it can, and plain text for other channels. The wording
// lives in the theme's notices/<lang>/ templates, so that the legal team can
// change it without touching code.
package notice

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	htmltemplate "html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
	texttemplate "text/template"

	"policysite/generator/content"
)

// Data is what the notice templates are written with. The plain-text
// templates (all but email.html) also have the function gsm, which writes
// the dashes, quotation marks, ellipsis and special spaces that the SMS
// alphabet GSM-7 lacks with plain ones, for text quoted in an SMS.
type Data struct {
	Lang           string
	Org            string // who writes: the contact's name, else the site's title
	Contact        content.Contact
	Title          string // the document's title
	Summary        string // what changes, and why
	Reason         string // processing or legal
	ReasonText     string // the reason in words
	Urgent         string // why the notice comes at short notice, if it does
	Upcoming       bool   // not yet in force
	Effective      string // the effective date, written out ("15. januar 2027")
	EffectiveShort string // the effective date in digits ("15.01.2027"), for SMS
	PageURL        string // the revision's page
	DiffURL        string // what changes, word by word
	HasDiff        bool   // false for a first revision: nothing to compare it with
	// ShortURL is the shortest address of a page that shows what the
	// revision changes, for SMS: its own diff page where it has one (what
	// its summary tells of), else DiffURL; "" for DiffURL.
	ShortURL string
	DocURL   string // the document's address
	Subject  string // filled in from subject.txt, for email.html
}

// TitleNamesOrg reports whether the document's title names the company
// already ("Personvernerklæring – Akershus Energi Varme"), so that an SMS,
// where every character counts, names it once.
// The company's name counts without its legal form: "Informasjonskapsler
// på fjordvarme.example" names Fjordvarme AS.
func (d Data) TitleNamesOrg() bool {
	org := strings.TrimSpace(d.Org)
	for _, form := range []string{" ASA", " AS", " SA", " BA", " KF", " IKS", " HF", " Ltd", " AB"} {
		if len(org) > len(form) && strings.EqualFold(org[len(org)-len(form):], form) {
			org = strings.TrimSpace(org[:len(org)-len(form)])
			break
		}
	}
	return org != "" && strings.Contains(strings.ToLower(d.Title), strings.ToLower(org))
}

// Templates are the notice templates of one language.
type Templates struct {
	subject, text, sms, smsShort *texttemplate.Template
	html                         *htmltemplate.Template
}

// Files of a language's notice templates, under notices/<lang>/.
var Files = []string{"subject.txt", "email.txt", "email.html", "sms.txt", "sms-short.txt"}

// Load parses the notice templates of lang; read returns a theme file.
func Load(lang string, read func(name string) ([]byte, error)) (*Templates, error) {
	src := map[string]string{}
	for _, f := range Files {
		b, err := read("notices/" + lang + "/" + f)
		if err != nil {
			return nil, fmt.Errorf("no notice templates for language %s: %w", lang, err)
		}
		src[f] = string(b)
	}
	t := &Templates{}
	var err error
	parse := func(name string) *texttemplate.Template {
		if err != nil {
			return nil
		}
		var tpl *texttemplate.Template
		tpl, err = texttemplate.New(name).Option("missingkey=error").Funcs(texttemplate.FuncMap{"gsm": toGSM}).Parse(src[name])
		if err != nil {
			err = fmt.Errorf("notices/%s/%s: %w", lang, name, err)
		}
		return tpl
	}
	t.subject, t.text, t.sms, t.smsShort = parse("subject.txt"), parse("email.txt"), parse("sms.txt"), parse("sms-short.txt")
	if err != nil {
		return nil, err
	}
	if t.html, err = htmltemplate.New("email.html").Option("missingkey=error").Parse(src["email.html"]); err != nil {
		return nil, fmt.Errorf("notices/%s/email.html: %w", lang, err)
	}
	return t, nil
}

func execText(t *texttemplate.Template, d Data) (string, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}

// Subject is the e-mail's subject line.
func (t *Templates) Subject(d Data) (string, error) {
	s, err := execText(t.subject, d)
	return strings.Join(strings.Fields(s), " "), err
}

// Text is the plain-text body of the e-mail, also used for other channels.
func (t *Templates) Text(d Data) (string, error) { return execText(t.text, d) }

// HTML is the e-mail's HTML body: a whole document with inline styles,
// which mail programs need, and no images or other outside resources.
func (t *Templates) HTML(d Data) (string, error) {
	subject, err := t.Subject(d)
	if err != nil {
		return "", err
	}
	d.Subject = subject
	var b bytes.Buffer
	if err := t.html.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}

// SMS is the text message: the full form (with the summary) when it fits in
// segments messages (1: a single SMS; 2: two concatenated segments, 306
// GSM-7 characters or 134 UCS-2), else the short form, which names the
// change and links to it. Its measure says how it travels; short reports
// that the short form was used.
func (t *Templates) SMS(d Data, segments int) (text string, info SMSInfo, short bool, err error) {
	if d.ShortURL == "" || len(d.DiffURL) < len(d.ShortURL) {
		d.ShortURL = d.DiffURL
	}
	text, err = execText(t.sms, d)
	if err != nil {
		return "", SMSInfo{}, false, err
	}
	text = strings.Join(strings.Fields(text), " ")
	if info = Measure(text); info.Segments <= max(segments, 1) {
		return text, info, false, nil
	}
	s, err := execText(t.smsShort, d)
	if err != nil {
		return "", SMSInfo{}, false, err
	}
	s = strings.Join(strings.Fields(s), " ")
	return s, Measure(s), true, nil
}

// Email is the whole message as RFC 5322 text: a subject and a
// multipart/alternative body with the plain text and the HTML, ready for a
// mail program or a mailing service. The sender and recipients are left to
// them. The part boundary is derived from the content, so the same notice
// gives the same bytes.
func (t *Templates) Email(d Data) ([]byte, error) {
	subject, err := t.Subject(d)
	if err != nil {
		return nil, err
	}
	text, err := t.Text(d)
	if err != nil {
		return nil, err
	}
	html, err := t.HTML(d)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(subject + text + html))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.SetBoundary("policysite-" + hex.EncodeToString(sum[:12])); err != nil {
		return nil, err
	}
	for _, part := range []struct{ kind, content string }{{"text/plain", text + "\n"}, {"text/html", html}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.kind + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(part.content)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&msg, "MIME-Version: 1.0\r\n")
	fmt.Fprintf(&msg, "Content-Language: %s\r\n", d.Lang)
	fmt.Fprintf(&msg, "Content-Type: multipart/alternative; boundary=%q\r\n\r\n", mw.Boundary())
	msg.Write(body.Bytes())
	return msg.Bytes(), nil
}
