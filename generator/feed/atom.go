// Package feed writes Atom feeds (RFC 4287), marked complete where they
// hold every entry (RFC 5005), and the same feeds as JSON Feed 1.1.
//
// It is a thin layer over encoding/xml: the feeds policysite publishes need
// a self and an alternate link on the feed and categories with a term, which
// the common feed libraries do not model correctly (gorilla/feeds writes an
// Atom category as text, without its required term attribute).
package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"time"
)

// Namespace is Atom's XML namespace.
const Namespace = "http://www.w3.org/2005/Atom"

// HistoryNamespace is the namespace of RFC 5005's feed history elements,
// written with the prefix fh.
const HistoryNamespace = "http://purl.org/syndication/history/1.0"

// Feed is an Atom feed document.
type Feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	FH      string   `xml:"xmlns:fh,attr,omitempty"` // HistoryNamespace, set by Marshal for Complete
	ID      string   `xml:"id"`
	// Complete marks the feed complete (RFC 5005, section 2,
	// <fh:complete/>): it holds every entry there is, so a reader need not
	// keep older ones it has seen, nor look for them elsewhere.
	Complete *Empty  `xml:"fh:complete"`
	Title    Text    `xml:"title"`
	Subtitle *Text   `xml:"subtitle,omitempty"`
	Updated  Time    `xml:"updated"`
	Author   Person  `xml:"author"`
	Links    []Link  `xml:"link"`
	Entries  []Entry `xml:"entry"`
}

// Entry is one entry of a feed.
type Entry struct {
	ID         string     `xml:"id"`
	Title      Text       `xml:"title"`
	Updated    Time       `xml:"updated"`
	Published  Time       `xml:"published"`
	Links      []Link     `xml:"link"`
	Categories []Category `xml:"category"`
	Summary    Text       `xml:"summary"`
}

// Empty is an element without content.
type Empty struct{}

// Text is a plain-text construct.
type Text struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

// Plain returns a text construct of type text.
func Plain(s string) Text { return Text{Type: "text", Value: s} }

// Person is an author.
type Person struct {
	Name  string `xml:"name"`
	URI   string `xml:"uri,omitempty"`
	Email string `xml:"email,omitempty"`
}

// Link is an Atom link.
type Link struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
	Title    string `xml:"title,attr,omitempty"`
}

// Category classifies an entry.
type Category struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// Time is an Atom date construct: RFC 3339.
type Time time.Time

// MarshalText writes the time as RFC 3339.
func (t Time) MarshalText() ([]byte, error) {
	return []byte(time.Time(t).Format(time.RFC3339)), nil
}

// UnmarshalText reads an RFC 3339 time.
func (t *Time) UnmarshalText(b []byte) error {
	v, err := time.Parse(time.RFC3339, string(b))
	*t = Time(v)
	return err
}

// Marshal writes the feed as an XML document. It checks the elements RFC
// 4287 requires, so that an incomplete feed is never published.
func Marshal(f *Feed) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	out := *f
	out.FH = ""
	if out.Complete != nil {
		out.FH = HistoryNamespace
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(&out); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

func (f *Feed) check() error {
	if f.ID == "" || f.Title.Value == "" || time.Time(f.Updated).IsZero() || f.Author.Name == "" {
		return errors.New("atom: a feed needs an id, a title, an updated time and an author")
	}
	self := false
	for _, l := range f.Links {
		self = self || l.Rel == "self"
	}
	if !self {
		return errors.New("atom: a feed needs a self link")
	}
	seen := map[string]bool{}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title.Value == "" || time.Time(e.Updated).IsZero() {
			return errors.New("atom: an entry needs an id, a title and an updated time")
		}
		if seen[e.ID] {
			return errors.New("atom: two entries share the id " + e.ID)
		}
		seen[e.ID] = true
		if alternate(e.Links) == "" {
			return errors.New("atom: an entry without content needs an alternate link")
		}
	}
	return nil
}
