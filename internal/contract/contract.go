// Package contract reads built pages and versions.json the way the output
// contract (docs/output.md, "What the pages promise", "versions.json")
// describes them, so that the tests check the promises that checkers
// outside the repository rely on, by the contract's own words. Only tests
// import it.
package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PolicyText returns the text inside the one element of page that carries
// data-policy-body, with all white space removed, without the links to
// each section's history (data-section-link), which are not the policy's.
func PolicyText(page []byte) (string, error) {
	n, err := only(page, "data-policy-body")
	if err != nil {
		return "", err
	}
	return squeeze(text(n, func(c *html.Node) bool { return hasAttr(c, "data-section-link") })), nil
}

// DiffTexts returns the text inside the one element of page that carries
// data-diff-body, read twice: without <del> and notes (the newer revision)
// and without <ins> and notes (the older one), white space removed.
func DiffTexts(page []byte) (newer, older string, err error) {
	n, err := only(page, "data-diff-body")
	if err != nil {
		return "", "", err
	}
	newer, older = DiffTextsOf(n)
	return newer, older, nil
}

// DiffTextsOf is DiffTexts for an element already parsed.
func DiffTextsOf(n *html.Node) (newer, older string) {
	newer = squeeze(text(n, func(c *html.Node) bool { return c.Data == "del" || hasAttr(c, "data-diff-note") }))
	older = squeeze(text(n, func(c *html.Node) bool { return c.Data == "ins" || hasAttr(c, "data-diff-note") }))
	return newer, older
}

// FragmentText returns the text of an HTML fragment, white space removed.
func FragmentText(fragment []byte) string {
	nodes, err := html.ParseFragment(bytes.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(text(n, nil))
	}
	return squeeze(b.String())
}

// Text returns the text under n, as it stands, white space kept.
func Text(n *html.Node) string { return text(n, nil) }

// Parse parses a page and returns the elements that carry attr.
func Parse(page []byte, attr string) ([]*html.Node, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, err
	}
	var found []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && hasAttr(n, attr) {
			found = append(found, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found, nil
}

func only(page []byte, attr string) (*html.Node, error) {
	found, err := Parse(page, attr)
	if err != nil {
		return nil, err
	}
	if len(found) != 1 {
		return nil, fmt.Errorf("%d elements carry %s, want exactly 1", len(found), attr)
	}
	return found[0], nil
}

// text concatenates the text nodes under n, skipping elements for which
// skip returns true.
func text(n *html.Node, skip func(*html.Node) bool) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if skip != nil && skip(n) {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// Versions is a versions.json, as docs/output.md describes it.
type Versions struct {
	Document  string    `json:"document"`
	Language  string    `json:"language"`
	Current   *string   `json:"current"`
	Revisions []Version `json:"revisions"`
}

// Version is one revision in versions.json.
type Version struct {
	Effective      string `json:"effective"`
	EffectiveUntil string `json:"effective_until"`
	Published      string `json:"published"`
	Status         string `json:"status"`
	Title          string `json:"title"`
	Summary        string `json:"summary"`
	Reason         string `json:"reason"`
	URL            string `json:"url"`
	SHA256         string `json:"sha256"`
	Chain          string `json:"chain"`
	DiffURL        string `json:"diff_url"`
}

// ReadVersions reads a versions.json and checks the promises that tie its
// revisions together: oldest first, at most one current one, named by
// current, and the periods: each revision's effective_until is the next
// revision's effective date (the first day it no longer applies), and the
// newest has none.
func ReadVersions(data []byte) (*Versions, error) {
	var v Versions
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	current := 0
	for i, r := range v.Revisions {
		if i > 0 && r.Effective <= v.Revisions[i-1].Effective {
			return &v, fmt.Errorf("not oldest first at %s", r.Effective)
		}
		want := ""
		if i+1 < len(v.Revisions) {
			want = v.Revisions[i+1].Effective
		}
		if r.EffectiveUntil != want {
			return &v, fmt.Errorf("the revision of %s has effective_until %q, want %q, the next revision's effective date (none for the newest)", r.Effective, r.EffectiveUntil, want)
		}
		if r.Status == "current" {
			current++
			if v.Current == nil || *v.Current != r.Effective {
				return &v, fmt.Errorf("top-level current %v is not the current revision %s", v.Current, r.Effective)
			}
		}
	}
	if current > 1 || (current == 0) != (v.Current == nil) {
		return &v, fmt.Errorf("%d current revisions, top-level current %v", current, v.Current)
	}
	return &v, nil
}
