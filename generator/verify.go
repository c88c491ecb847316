package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"

	"policysite/generator/content"
	"policysite/generator/lint"
	"policysite/generator/publish"
)

// Verify rebuilds the site in source in memory and compares it with a
// published copy in public: every page and file must be byte for byte what
// the content gives, versions.json's hashes must be those of the revision
// files, and every link between the pages must lead to a page. The day is
// the one the copy was built for (notice.json says) unless clock sets one;
// clock's Real, if set, is the actual time.
func Verify(source, public string, clock *content.Clock) ([]lint.Finding, error) {
	got, err := readTree(public)
	if err != nil {
		return nil, err
	}
	if clock == nil || clock.Day.IsZero() && clock.Now.IsZero() {
		var real time.Time
		if clock != nil {
			real = clock.Real
		}
		var n struct{ Date string }
		if err := json.Unmarshal(got["notice.json"], &n); err != nil {
			return nil, fmt.Errorf("%s has no readable notice.json to tell the day it was built for; pass --now", public)
		}
		day, err := time.Parse(content.DateLayout, n.Date)
		if err != nil {
			return nil, fmt.Errorf("%s: notice.json has no date; pass --now", public)
		}
		clock = &content.Clock{Day: day, Real: real}
	}
	// Loaded as build loads, so that the lock dates corrections as it did.
	site, th, lock, err := LoadChecked(source, *clock)
	if err != nil {
		return nil, err
	}
	want, _, err := GenerateWith(site, th, *clock, GenerateOptions{Lock: lock})
	if err != nil {
		return nil, err
	}

	var out []lint.Finding
	add := func(name string, line int, msg, fix string) {
		out = append(out, lint.Finding{File: filepath.Join(public, filepath.FromSlash(name)), Line: line, Level: lint.Error, Message: msg, Fix: fix})
	}
	for name, data := range want {
		have, ok := got[name]
		switch {
		case !ok:
			add(name, 0, "missing: the content gives this file", "publish the whole output of policysite build")
		case !bytes.Equal(have, data):
			add(name, firstDifferentLine(have, data), "differs from what the content gives", "rebuild with policysite build; if the page was edited by hand, the edit is not in the content")
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok && name != publish.Marker {
			add(name, 0, "not made from this content", "remove it, or rebuild the site into an empty folder")
		}
	}
	out = append(out, verifyVersions(site, got, public)...)
	out = append(out, verifyLinks(got, public, site.Config.BasePath())...)
	lint.Sort(out)
	return out, nil
}

// verifyVersions compares each revision's sha256 in a published
// versions.json with the revision file's.
func verifyVersions(site *content.Site, files map[string][]byte, public string) []lint.Finding {
	var out []lint.Finding
	for name, data := range files {
		if path.Base(name) != "versions.json" {
			continue
		}
		var v struct {
			Document, Language string
			Revisions          []struct{ Effective, SHA256 string }
		}
		if err := json.Unmarshal(data, &v); err != nil {
			continue // already reported as differing
		}
		for _, s := range site.Series {
			if s.Doc != v.Document || s.Lang != v.Language {
				continue
			}
			for _, e := range v.Revisions {
				for _, r := range s.Revisions {
					if content.Date(r.Effective) == e.Effective && r.SHA256 != e.SHA256 {
						out = append(out, lint.Finding{File: filepath.Join(public, filepath.FromSlash(name)), Line: lineOf(data, e.SHA256), Level: lint.Error,
							Message: fmt.Sprintf("the sha256 of the revision of %s is %s…, but %s has %s…", e.Effective, short(e.SHA256), r.Path, short(r.SHA256)),
							Fix:     "the published text and the content differ: find out which was changed"})
					}
				}
			}
		}
	}
	return out
}

func short(s string) string { return s[:min(12, len(s))] }

// verifyLinks checks that every link and source of the site's own making
// leads to a file of the site. Links inside a policy's text are the
// content's own: the comparison with the rebuilt pages covers them, and
// policysite check reports those that lead nowhere.
func verifyLinks(files map[string][]byte, public, base string) []lint.Finding {
	var out []lint.Finding
	var names []string
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		doc, err := html.Parse(bytes.NewReader(files[name]))
		if err != nil {
			continue
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					if a.Key == "data-policy-body" || a.Key == "data-diff-body" {
						return
					}
				}
				for _, a := range n.Attr {
					if a.Key != "href" && a.Key != "src" {
						continue
					}
					target, ok := resolve(name, a.Val, base)
					if !ok {
						continue // another site, mail, phone, or an anchor in the page
					}
					if _, exists := files[target]; !exists {
						out = append(out, lint.Finding{File: filepath.Join(public, filepath.FromSlash(name)), Line: lineOf(files[name], a.Val), Level: lint.Error,
							Message: fmt.Sprintf("the link %s leads to no page of the site", a.Val),
							Fix:     "rebuild with policysite build; a page may have been removed by hand"})
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	return out
}

// resolve turns a link on page name into the file it leads to; ok is false
// for links that leave the site.
func resolve(name, link, base string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false
	}
	p := u.Path
	folder := strings.HasSuffix(p, "/") || path.Base(p) == "." || path.Base(p) == ".."
	if strings.HasPrefix(p, "/") {
		if !strings.HasPrefix(p, base) {
			return "", false
		}
		p = path.Clean("/" + strings.TrimPrefix(p, base))
	} else {
		p = path.Join("/", path.Dir(name), p)
	}
	p = strings.TrimPrefix(p, "/")
	if folder {
		p = strings.TrimPrefix(p+"/index.html", "/")
	}
	return p, true
}

func firstDifferentLine(a, b []byte) int {
	n := 1
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return n
		}
		if a[i] == '\n' {
			n++
		}
	}
	return n
}

func lineOf(data []byte, s string) int {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}

// readTree reads every file under root into memory.
func readTree(root string) (map[string][]byte, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", root)
	}
	out := map[string][]byte{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return errors.New(p + " is not a regular file")
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	return out, err
}
