package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"policysite/generator/feed"
)

// jsonFeedSchema is JSON Feed 1.1's rules as a JSON Schema
// (testdata/schema/jsonfeed-1.1.json), formats asserted.
func jsonFeedSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/schema/jsonfeed-1.1.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("jsonfeed-1.1.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("jsonfeed-1.1.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestJSONFeedSchemaRejects: the schema the feeds are checked against is
// strict enough to fail, for each rule of JSON Feed 1.1 it states.
func TestJSONFeedSchemaRejects(t *testing.T) {
	schema := jsonFeedSchema(t)
	ok := `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"a","content_text":"x","date_published":"2026-01-01T00:00:00+01:00"}]}`
	for _, tt := range []struct{ name, doc string }{
		{"", ok},
		{"no version", `{"title":"T","items":[]}`},
		{"version 1", `{"version":"https://jsonfeed.org/version/1","title":"T","items":[]}`},
		{"no title", `{"version":"https://jsonfeed.org/version/1.1","items":[]}`},
		{"no items", `{"version":"https://jsonfeed.org/version/1.1","title":"T"}`},
		{"an item without id", `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"content_text":"x"}]}`},
		{"an item without content", `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"a"}]}`},
		{"a date that is not RFC 3339", `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"a","content_text":"x","date_published":"2026-01-01"}]}`},
		{"an unknown key", `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[],"updated":"x"}`},
		{"an author with nothing", `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[],"authors":[{}]}`},
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		err = schema.Validate(inst)
		if tt.name == "" && err != nil {
			t.Errorf("a valid feed is refused: %v", err)
		}
		if tt.name != "" && err == nil {
			t.Errorf("%s: the schema accepts %s", tt.name, tt.doc)
		}
	}
}

// TestJSONFeed: every document's JSON Feed is valid JSON Feed 1.1 and has
// the Atom feed's entries, in the same order, with the same ids, titles,
// links, dates, texts and reasons; its feed_url is its own address. Every
// page of a document names both feeds in its head, and the history page
// offers both to readers.
func TestJSONFeed(t *testing.T) {
	schema := jsonFeedSchema(t)
	files := generate(t, "../examples/demo", "2026-11-26")
	n := 0
	for name, data := range files {
		if !strings.HasSuffix(name, "feed.json") {
			continue
		}
		n++
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s is not valid JSON Feed 1.1: %v", name, err)
		}
		var j feed.JSONFeed
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&j); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		atomName := strings.TrimSuffix(name, "feed.json") + "feed.xml"
		var a feed.Feed
		if err := xml.Unmarshal(files[atomName], &a); err != nil {
			t.Fatalf("%s: %v", atomName, err)
		}
		if want := "https://personvern.fjordvarme.example/" + name; j.FeedURL != want {
			t.Errorf("%s: feed_url %s, want %s", name, j.FeedURL, want)
		}
		if j.Title != a.Title.Value || j.Language != a.Lang || j.HomePageURL != a.Links[1].Href || len(j.Authors) != 1 || j.Authors[0].Name != a.Author.Name {
			t.Errorf("%s: title, language, page or author differ from %s's: %+v", name, atomName, j)
		}
		if len(j.Items) != len(a.Entries) || len(a.Entries) == 0 {
			t.Fatalf("%s: %d items, %s: %d entries", name, len(j.Items), atomName, len(a.Entries))
		}
		for i, e := range a.Entries {
			it := j.Items[i]
			var terms []string
			for _, c := range e.Categories {
				terms = append(terms, c.Term)
			}
			pub, err1 := time.Parse(time.RFC3339, it.DatePublished)
			mod, err2 := time.Parse(time.RFC3339, it.DateModified)
			if it.ID != e.ID || it.Title != e.Title.Value || it.URL != e.Links[0].Href || it.ContentText != e.Summary.Value || !slices.Equal(it.Tags, terms) ||
				err1 != nil || err2 != nil || !pub.Equal(time.Time(e.Published)) || !mod.Equal(time.Time(e.Updated)) {
				t.Errorf("%s: item %d differs from the Atom entry:\n%+v\n%+v", name, i, it, e)
			}
		}
	}
	if n < 4 {
		t.Errorf("only %d JSON feeds", n)
	}
	for _, page := range []string{"personvern/index.html", "personvern/2019-03-01/index.html", "personvern/history/index.html", "personvern/at/index.html", "en/personvern/index.html"} {
		html := string(files[page])
		for _, want := range []string{`type="application/atom+xml"`, `<link rel="alternate" type="application/feed+json"`} {
			if !strings.Contains(html, want) {
				t.Errorf("%s does not name its feed with %s", page, want)
			}
		}
	}
	hist := string(files["personvern/history/index.html"])
	if !strings.Contains(hist, `<a href="../../personvern/feed.json" type="application/feed+json">`) {
		t.Error("the history page does not offer the JSON Feed")
	}
}

// TestAtomComplete: every Atom feed is marked complete (RFC 5005), once,
// as an empty element in the feed history namespace, a child of the feed:
// it holds every change.
func TestAtomComplete(t *testing.T) {
	files := generate(t, "testdata/basic", "2026-11-26")
	n := 0
	for name, data := range files {
		if !strings.HasSuffix(name, "feed.xml") {
			continue
		}
		n++
		dec := xml.NewDecoder(bytes.NewReader(data))
		depth, complete := 0, 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				depth++
				if el.Name.Space == feed.HistoryNamespace {
					if el.Name.Local != "complete" || depth != 2 {
						t.Errorf("%s: <%s> in the history namespace at depth %d", name, el.Name.Local, depth)
					}
					complete++
					next, err := dec.Token()
					if _, end := next.(xml.EndElement); err != nil || !end {
						t.Errorf("%s: fh:complete is not empty", name)
					}
					depth--
				}
			case xml.EndElement:
				depth--
			}
		}
		if complete != 1 {
			t.Errorf("%s: %d fh:complete elements, want 1", name, complete)
		}
	}
	if n == 0 {
		t.Error("no feed")
	}
}
