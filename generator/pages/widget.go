package pages

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"unicode/utf16"

	"policysite/generator/content"
	"policysite/generator/theme"
)

// widgetEntry is a notice as notice.json gives it to the company's main
// website.
type widgetEntry struct {
	ID       string `json:"id"` // stable: for remembering that a visitor closed it
	Document string `json:"document"`
	Language string `json:"language"`
	Kind     string `json:"kind"` // upcoming or updated
	Title    string `json:"title"`
	// TitleLanguage is the language of Title when it is not Language: the
	// original's, for a document the language has no page of.
	TitleLanguage string `json:"title_language,omitempty"`
	Message       string `json:"message"` // e.g. "Vi endrer behandlingen av personopplysninger fra 15. januar 2027:"
	Summary       string `json:"summary"`
	// SummaryLanguage is the language of Summary and Urgent when it is not
	// Language: the original's, for a change not yet translated; and
	// SummaryNote says so in Language.
	SummaryLanguage string `json:"summary_language,omitempty"`
	SummaryNote     string `json:"summary_note,omitempty"`
	Reason          string `json:"reason"`
	Urgent          string `json:"urgent,omitempty"`
	Effective       string `json:"effective"`
	Published       string `json:"published"`
	URL             string `json:"url"`      // the revision
	DiffURL         string `json:"diff_url"` // what changes
	LinkText        string `json:"link_text"`
	CloseText       string `json:"close_text"`
	Label           string `json:"label"`
	// Draft marks the notice of a revision not yet published, which only a
	// preview (serve --drafts, build --preview) shows; its message says so.
	Draft bool `json:"draft,omitempty"`

	// For notice.inc: the headline without the title and the draft's
	// words, and the language of DiffURL's page when it is not Language.
	Headline string `json:"-"`
	DiffLang string `json:"-"`
}

// widgetFile is notice.json.
type widgetFile struct {
	Date     string        `json:"date"`     // the day the site was built for
	Language string        `json:"language"` // the site's default language
	Notices  []widgetEntry `json:"notices"`
}

// notice is the notice (docs/output.md) a document in one language gives
// on the day, if any: of the next material change not yet in force
// (upcoming), else of a recent one (updated).
func (v *view) notice() *Notice {
	switch {
	case len(v.notices.upcoming) > 0:
		return v.notices.upcoming[0]
	case v.notices.updated != nil:
		return v.notices.updated
	}
	return nil
}

// widgetView is the document in lang as the widget tells of it: its series
// in the language, with at least one visible revision; or, where the
// language has no page of the document (no translation, or only drafts of
// one), a series with none, which is told of the original's changes, with
// the original's summary, title and pages (docs/output.md). nil where the
// document has nothing visible in the site's language either.
func (pl *planner) widgetView(doc, lang string) *view {
	if v := pl.series[doc][lang]; v != nil && len(v.revs) > 0 {
		return v
	}
	o := pl.series[doc][pl.site.Config.Language]
	if o == nil || len(o.revs) == 0 || lang == pl.site.Config.Language {
		return nil
	}
	v := &view{series: &content.Series{Doc: doc, Lang: lang}, byDate: map[string]*RevInfo{}}
	v.notices.upcoming, v.notices.updated = pl.notices(v, o)
	return v
}

// headline is what a notice says first in lang, worded by its kind and
// reason. Its date has ordinary spaces: notice.json is data another
// website, or a program, takes the message from as text.
func (pl *planner) headline(lang string, n *Notice) string {
	words := pl.Theme.Strings(lang)
	return fmt.Sprintf(words.T(n.Kind+"Notice."+string(n.Reason)), words.PlainDate(n.Effective))
}

// asciiJS escapes every character outside ASCII as \uXXXX, so that the
// script reads the same on a host page in any character encoding. The
// script's own code is ASCII; only its strings carry other characters.
func asciiJS(src []byte) []byte {
	var out bytes.Buffer
	for _, r := range string(src) {
		switch {
		case r < 0x80:
			out.WriteRune(r)
		case r > 0xFFFF:
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&out, "\\u%04x\\u%04x", hi, lo)
		default:
			fmt.Fprintf(&out, "\\u%04x", r)
		}
	}
	return out.Bytes()
}

// planWidget makes notice.json and notice.js for the company's main
// website, and plans notice.inc in each language, for pages without
// JavaScript.
func (pl *planner) planWidget() error {
	cfg := pl.site.Config
	file := widgetFile{Date: content.Date(pl.today), Language: cfg.Language, Notices: []widgetEntry{}}
	var docs []string
	for doc := range pl.series {
		docs = append(docs, doc)
	}
	sort.Strings(docs)
	byLang := map[string][]widgetEntry{}
	for _, doc := range docs {
		for _, lang := range cfg.Languages {
			v := pl.widgetView(doc, lang)
			if v == nil {
				continue
			}
			r := v.notice()
			if r == nil {
				continue
			}
			kind := r.Kind
			words := pl.Theme.Strings(lang)
			title, titleLang := r.Title, ""
			switch {
			case r.RevLang == "":
			case v.doc != nil && v.doc.Title != "":
				title = v.doc.Title // the document's own title in the language
			default:
				titleLang = r.RevLang // no page in the language: the original's title
			}
			headline := pl.headline(lang, r)
			n := widgetEntry{
				ID:              doc + "/" + lang + "/" + content.Date(r.Effective) + "/" + kind,
				Document:        doc,
				Language:        lang,
				Kind:            kind,
				Title:           title,
				Message:         title + ": " + headline, // on the main site: which document
				Summary:         r.Summary,
				SummaryLanguage: r.RevLang,
				SummaryNote:     r.OnlyIn,
				Reason:          string(r.Reason),
				Urgent:          r.Urgent,
				Effective:       content.Date(r.Effective),
				Published:       content.Date(r.Published),
				URL:             cfg.BaseURL + r.Path,
				DiffURL:         cfg.BaseURL + r.ChangePath,
				LinkText:        words.T("widget.read"),
				CloseText:       words.T("widget.close"),
				Label:           words.T("widget.label"),
				TitleLanguage:   titleLang,
				Headline:        headline,
				DiffLang:        r.ChangeLang,
			}
			if r.Preview {
				// Nobody may take a draft's notice for a real one, on the
				// main site's preview either; and closing it must not
				// hide the real notice once the revision is published.
				n.Draft, n.ID = true, n.ID+"/draft"
				n.Message = words.T("widget.draft") + " " + n.Message
			}
			file.Notices = append(file.Notices, n)
			byLang[lang] = append(byLang[lang], n)
		}
	}
	data, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return err
	}
	pl.out.Files["notice.json"] = append(data, '\n')

	script := pl.Theme.Static(theme.WidgetScript)
	const slot = "/*@NOTICES@*/null"
	if !bytes.Contains(script, []byte(slot)) {
		return fmt.Errorf("theme %s has no %s for the notices", theme.WidgetScript, slot)
	}
	compact, err := json.Marshal(file)
	if err != nil {
		return err
	}
	pl.out.Files[theme.WidgetScript] = asciiJS(bytes.Replace(script, []byte(slot), compact, 1))

	for _, lang := range cfg.Languages {
		words := pl.Theme.Strings(lang)
		pl.out.Snippets = append(pl.out.Snippets, Snippet{File: pl.langPrefix(lang) + "notice.inc", Name: "notice.inc", Data: map[string]any{
			"Lang": lang, "Label": words.T("widget.label"), "UrgentWhy": words.T("urgentWhy"), "Draft": words.T("widget.draft"),
			"Date": content.Date(pl.today), "Notices": byLang[lang],
		}})
	}
	return nil
}
