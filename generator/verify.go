package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	"policysite/generator/diag"
	"policysite/generator/msg"
	"policysite/generator/publish"
)

// ErrNotOutput is wrapped by Verify's error for a folder that is not the
// output of policysite build: one named by mistake.
var ErrNotOutput = msg.Errorf("verify.not-output")

// maxForeign is how many files (and empty folders) not made from the
// content Verify reports before it stops: a copy of the site holds none,
// and a folder with many is another folder, which need not be read to the
// end to say so.
const maxForeign = 20

// maxLook is the most Verify reads of a published file that differs from
// what the content gives, to look into it further (the hashes in a
// versions.json, the links of a page). A larger one is reported as
// differing, and not looked into.
const maxLook = 8 << 20

// Verify rebuilds the site in source in memory and compares it with a
// published copy in public: every page and file must be byte for byte what
// the content gives, versions.json's hashes must be those of the revision
// files, and every link between the pages must lead to a page. The day is
// the one the copy was built for (notice.json says) unless clock sets one;
// clock's Real, if set, is the actual time.
//
// The copy is read a file at a time, and no more of a file than it takes
// to find where it differs: a folder named by mistake, however large,
// costs no memory. One without notice.json and the marker is refused
// before anything is read (an error wrapping ErrNotOutput); in one that
// holds many files the content does not give, Verify stops after
// maxForeign of them and returns them with an error that says so.
func Verify(source, public string, clock *content.Clock) (diag.List, error) {
	info, err := os.Stat(public)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, msg.Errorf("verify.not-folder", public)
	}
	notice, noticeErr := readAtMost(filepath.Join(public, "notice.json"), maxLook)
	if _, err := os.Lstat(filepath.Join(public, publish.Marker)); err != nil && noticeErr != nil {
		return nil, msg.Errorf("verify.not-site", public, ErrNotOutput, publish.Marker)
	}
	if clock == nil || clock.Day.IsZero() && clock.Now.IsZero() {
		var real time.Time
		if clock != nil {
			real = clock.Real
		}
		var n struct{ Date string }
		if err := json.Unmarshal(notice, &n); err != nil {
			return nil, msg.Errorf("verify.no-notice", public)
		}
		day, err := time.Parse(content.DateLayout, n.Date)
		if err != nil {
			return nil, msg.Errorf("verify.notice-no-date", public)
		}
		clock = &content.Clock{Day: day, Real: real}
	}
	// Loaded as build loads, so that the lock dates corrections as it did.
	l, err := LoadChecked(source, *clock)
	if err != nil {
		return nil, err
	}
	site := l.Site()
	var rebuilt Files
	if _, err := Generate(l, &rebuilt, GenerateOptions{}); err != nil {
		return nil, err
	}
	want := rebuilt.Map()

	var out diag.List
	add := func(name string, line int, m, fix msg.Text) {
		file := filepath.Join(public, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") { // a folder: say so
			file += string(filepath.Separator)
		}
		out = append(out, diag.Diagnostic{File: file, Line: line, Level: diag.Error, Message: m, Fix: fix})
	}
	rebuildEmpty := msg.T("verify.rebuild-empty.fix")
	folders := map[string]bool{} // the folders the content gives
	for name := range want {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			folders[d] = true
		}
	}
	present := map[string]bool{} // the files found, for the links
	differ := map[string]bool{}
	foreign := 0
	errStop := errors.New("stop")
	err = filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		name := filepath.ToSlash(rel)
		data, wanted := want[name]
		switch {
		case name == ".":
			return nil
		case name == publish.Marker:
			if !d.Type().IsRegular() {
				add(name, 0, msg.T("verify.marker.not-file"), msg.T("verify.marker.not-file.fix"))
				if d.IsDir() {
					return fs.SkipDir
				}
			} else if line, same, err := compareFile(p, []byte(publish.MarkerText)); err != nil {
				return err
			} else if !same {
				add(name, line, msg.T("verify.marker.changed"), msg.T("verify.marker.changed.fix", publish.MarkerText))
			}
			return nil
		case d.IsDir():
			if folders[name] {
				return nil
			}
			if empty, err := emptyFolder(p); err != nil || !empty {
				return err // its files are reported one by one
			}
			add(name+"/", 0, msg.T("verify.empty-folder"), rebuildEmpty)
		case !d.Type().IsRegular():
			add(name, 0, msg.T("verify.not-regular"), rebuildEmpty)
		case !wanted:
			present[name] = true
			add(name, 0, msg.T("verify.foreign"), rebuildEmpty)
		default:
			present[name] = true
			line, same, err := compareFile(p, data)
			if err != nil {
				return err
			}
			if !same {
				differ[name] = true
				add(name, line, msg.T("verify.differs"), msg.T("verify.differs.fix"))
			}
			return nil
		}
		if foreign++; foreign >= maxForeign {
			return errStop
		}
		return nil
	})
	if errors.Is(err, errStop) {
		out.Sort()
		return out, msg.Errorf("verify.stopped", foreign, public, source)
	}
	if err != nil {
		return nil, err
	}
	for name := range want {
		if !present[name] {
			add(name, 0, msg.T("verify.missing"), msg.T("verify.missing.fix"))
		}
	}
	// What is published, as far as it is worth looking into: the rebuilt
	// file where the two are the same, else the published one, if small.
	published := func(name string) ([]byte, bool) {
		if !present[name] {
			return nil, false
		}
		if data, ok := want[name]; ok && !differ[name] {
			return data, true
		}
		data, err := readAtMost(filepath.Join(public, filepath.FromSlash(name)), maxLook)
		return data, err == nil
	}
	var names []string
	for name := range present {
		names = append(names, name)
	}
	sort.Strings(names)
	out = append(out, verifyVersions(site, names, published, public)...)
	out = append(out, verifyLinks(names, published, present, public, site.Config.BasePath())...)
	out.Sort()
	return out, nil
}

// compareFile compares the file at p with want, reading it a piece at a
// time and no further than the first difference, and returns the line it
// is at.
func compareFile(p string, want []byte) (line int, same bool, err error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, false, err
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	line, off := 1, 0
	for {
		n, err := f.Read(buf)
		have := buf[:n]
		if rest := want[off:]; len(rest) >= n && bytes.Equal(have, rest[:n]) {
			line += bytes.Count(have, []byte("\n"))
		} else {
			return line + firstDifferentLine(have, rest) - 1, false, nil
		}
		off += n
		switch {
		case err == io.EOF:
			return line, off == len(want), nil
		case err != nil:
			return 0, false, err
		}
	}
}

// readAtMost reads the regular file at p, unless it is larger than limit.
func readAtMost(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a file", p)
	case info.Size() > limit:
		return nil, fmt.Errorf("%s is larger than %d bytes", p, limit)
	}
	return io.ReadAll(io.LimitReader(f, limit)) // it may grow while it is read
}

// emptyFolder reports whether the folder at p holds nothing, reading no
// more of it than its first entry.
func emptyFolder(p string) (bool, error) {
	f, err := os.Open(p)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.ReadDir(1)
	if err == io.EOF {
		return true, nil
	}
	return false, err
}

// verifyVersions compares each revision's sha256 in a published
// versions.json with the revision file's.
func verifyVersions(site *content.Site, names []string, published func(string) ([]byte, bool), public string) diag.List {
	var out diag.List
	for _, name := range names {
		if path.Base(name) != "versions.json" {
			continue
		}
		data, ok := published(name)
		if !ok {
			continue // too large to look into; already reported as differing
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
						out = append(out, diag.Diagnostic{File: filepath.Join(public, filepath.FromSlash(name)), Line: lineOf(data, e.SHA256), Level: diag.Error,
							Message: msg.T("verify.sha256", e.Effective, short(e.SHA256), r.File, short(r.SHA256)),
							Fix:     msg.T("verify.sha256.fix")})
					}
				}
			}
		}
	}
	return out
}

func short(s string) string { return s[:min(12, len(s))] }

// verifyLinks checks that every link and source of the site's own making
// leads to a file of the site (one of present). Links inside a policy's
// text are the content's own: the comparison with the rebuilt pages covers
// them, and policysite check reports those that lead nowhere.
func verifyLinks(names []string, published func(string) ([]byte, bool), present map[string]bool, public, base string) diag.List {
	var out diag.List
	for _, name := range names {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		data, ok := published(name)
		if !ok {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
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
					if !present[target] {
						out = append(out, diag.Diagnostic{File: filepath.Join(public, filepath.FromSlash(name)), Line: lineOf(data, a.Val), Level: diag.Error,
							Message: msg.T("verify.link", a.Val),
							Fix:     msg.T("verify.link.fix")})
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
