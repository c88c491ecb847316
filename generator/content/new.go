package content

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// NewRevision is the file policysite new writes.
type NewRevision struct {
	Path      string    // the file written
	From      string    // the revision it was copied from; "" for a first revision
	Effective time.Time // the day it takes effect (its file name)
}

// SummaryPlaceholder is the summary policysite new writes.
const SummaryPlaceholder = Placeholder + " skriv hva som endres for leseren, og hvorfor (what changes for the reader, and why)"

// CreateRevision writes the next revision of a document: a copy of its
// newest revision in lang (or, for a first translation, in the site's
// language), with the title kept, the summary left as a placeholder that
// build and check reject, reason processing, and published today. The
// effective date defaults to today plus the site's leadDays, the earliest
// day a material change may take effect. It never overwrites a file.
//
// A document's first revision starts from starter, if given: a revision
// file (front matter and body) to fill in, such as the theme's
// documents/<doc>.md; its title, reason and body are kept.
func (s *Site) CreateRevision(doc, lang string, effective, today time.Time, starter []byte) (*NewRevision, error) {
	if lang == "" {
		lang = s.Config.Language
	}
	if !contains(s.Config.Languages, lang) {
		return nil, msg.Errorf("new.language-unknown", lang, strings.Join(s.Config.Languages, ", "))
	}
	if !docSlug.MatchString(doc) {
		return nil, msg.Errorf("new.document-name.invalid", doc)
	}
	if isLanguage(doc, s.Config.Languages, s.themeLangs) {
		return nil, msg.Errorf("new.document-name.language", doc)
	}
	if s.Config.atSiteFolder(doc) {
		return nil, msg.Errorf("new.document-name.reserved.site", msg.T("content.document-name.site", doc))
	}
	if s.Config.atMainAddress(doc) {
		// build's words for the name, which it would refuse at the folder.
		return nil, msg.Errorf("new.document-name.reserved", msg.T("content.document-name.reserved", doc, s.Config.Main))
	}
	if effective.IsZero() {
		effective = today.AddDate(0, 0, s.Config.LeadDays)
	}
	if effective.Before(today) {
		return nil, msg.Errorf("new.effective.past", Date(effective))
	}
	if why := outOfRange(effective); !why.IsZero() {
		return nil, msg.Errorf("new.effective.out-of-range", Date(effective), why)
	}
	name := Date(effective) + ".md"
	if lang != s.Config.Language {
		name = Date(effective) + "." + lang + ".md"
	}
	path := filepath.Join(s.Dir, "content", doc, name)

	from := s.newest(doc, lang)
	if from == nil {
		from = s.newest(doc, s.Config.Language) // a first translation starts from the original
	}
	title, body := Placeholder+" the document's title", []byte("## 1 "+Placeholder+" the first section\n\n"+Placeholder+" its text.\n")
	reason, summary := ReasonProcessing, SummaryPlaceholder
	if from == nil && starter != nil {
		r := &Revision{Effective: effective}
		var errs diag.List
		parseRevision(diags{file: "starter", list: &errs}, r, starter)
		if r.Title != "" && len(r.Body) > 0 {
			title, body, reason = r.Title, r.Body, r.Reason
			if IsPlaceholder(r.Summary) {
				summary = r.Summary
			}
		}
	}
	if from != nil {
		if !from.Effective.Before(effective) {
			return nil, msg.Errorf("new.effective.not-after-newest", doc, from.File, Date(from.Effective))
		}
		title, body = from.Title, from.Body
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.WriteString("title: " + strconv.Quote(title) + "\n")
	b.WriteString("summary: " + strconv.Quote(summary) + "\n")
	b.WriteString("reason: " + string(reason) + " # processing (§8 a), legal (§8 b) or editorial (wording only)\n")
	b.WriteString("published: " + Date(today) + "\n")
	b.WriteString("---\n")
	b.Write(body)

	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, msg.Errorf("new.exists", path)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	out := &NewRevision{Path: path, Effective: effective}
	if from != nil {
		out.From = from.File
	}
	return out, nil
}

// newest returns the latest revision of doc in lang, drafts included.
func (s *Site) newest(doc, lang string) *Revision {
	for _, ser := range s.Series {
		if ser.Doc == doc && ser.Lang == lang && len(ser.Revisions) > 0 {
			return ser.Revisions[len(ser.Revisions)-1]
		}
	}
	return nil
}
