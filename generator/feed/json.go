package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"
)

// JSONVersion is the version of JSON Feed the JSON feeds follow, as the
// URL of its specification (https://jsonfeed.org/version/1.1).
const JSONVersion = "https://jsonfeed.org/version/1.1"

// JSONType is JSON Feed's media type.
const JSONType = "application/feed+json"

// JSONFeed is a JSON Feed 1.1 document.
type JSONFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url,omitempty"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []JSONAuthor `json:"authors,omitempty"`
	Items       []JSONItem   `json:"items"`
}

// JSONAuthor is an author of a JSON feed.
type JSONAuthor struct {
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

// JSONItem is one item of a JSON feed.
type JSONItem struct {
	ID            string   `json:"id"`
	URL           string   `json:"url,omitempty"`
	Title         string   `json:"title,omitempty"`
	ContentText   string   `json:"content_text"`
	DatePublished string   `json:"date_published,omitempty"`
	DateModified  string   `json:"date_modified,omitempty"`
	Tags          []string `json:"tags,omitempty"`
}

// JSONFrom is the Atom feed f as a JSON feed, at feedURL, with the same
// entries in the same order: each item's id is the entry's, its url the
// entry's alternate link, its text the entry's summary, its dates the
// entry's, and its tags the terms of the entry's categories. The feed's
// page is its alternate link, its author the Atom feed's (with the
// author's e-mail address as a mailto: URL when there is no other).
func JSONFrom(f *Feed, feedURL string) *JSONFeed {
	j := &JSONFeed{Version: JSONVersion, Title: f.Title.Value, FeedURL: feedURL, Language: f.Lang, Items: []JSONItem{}}
	j.HomePageURL = alternate(f.Links)
	if f.Subtitle != nil {
		j.Description = f.Subtitle.Value
	}
	author := JSONAuthor{Name: f.Author.Name, URL: f.Author.URI}
	if author.URL == "" && f.Author.Email != "" {
		author.URL = "mailto:" + f.Author.Email
	}
	j.Authors = []JSONAuthor{author}
	for _, e := range f.Entries {
		item := JSONItem{
			ID:            e.ID,
			URL:           alternate(e.Links),
			Title:         e.Title.Value,
			ContentText:   e.Summary.Value,
			DatePublished: time.Time(e.Published).Format(time.RFC3339),
			DateModified:  time.Time(e.Updated).Format(time.RFC3339),
		}
		for _, c := range e.Categories {
			item.Tags = append(item.Tags, c.Term)
		}
		j.Items = append(j.Items, item)
	}
	return j
}

// alternate is the href of the first alternate link (a link without rel
// is one), "" if none.
func alternate(links []Link) string {
	for _, l := range links {
		if l.Rel == "alternate" || l.Rel == "" {
			return l.Href
		}
	}
	return ""
}

// MarshalJSONFeed writes the JSON feed, indented by two spaces and ending in a
// newline. It checks what JSON Feed 1.1 requires (a version, a title, and
// for each item an id and a text), and that no two items share an id.
func MarshalJSONFeed(f *JSONFeed) ([]byte, error) {
	if f.Version != JSONVersion || f.Title == "" || f.Items == nil {
		return nil, errors.New("json feed: a feed needs its version, a title and items")
	}
	seen := map[string]bool{}
	for _, it := range f.Items {
		if it.ID == "" || it.ContentText == "" {
			return nil, errors.New("json feed: an item needs an id and a text")
		}
		if seen[it.ID] {
			return nil, errors.New("json feed: two items share the id " + it.ID)
		}
		seen[it.ID] = true
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
