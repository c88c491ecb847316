// Package lint finds what is allowed in a revision but probably a mistake:
// an editorial revision identical to its predecessor, a translation whose sections do
// not line up with its original, a link to an anchor that does not exist,
// a skipped heading level, an empty section; and in a Norwegian text, what
// keeps it from being plain and correct (see norwegian).
package lint

import (
	"bytes"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/msg"
)

// Render turns a revision into the HTML its page shows. Its errors name
// the revision's file.
type Render func(*content.Revision) ([]byte, error)

// Check lints the revisions of a site, but those for which skip is true:
// texts that can no longer change (recorded in the lock) get no advice to
// change them.
//
// pageIDs are the ids of the page around a revision's text (the theme's):
// a link to one of them leads somewhere.
func Check(site *content.Site, render Render, skip func(*content.Revision) bool, pageIDs ...string) (diag.List, error) {
	var out diag.List
	originals := map[string]*content.Revision{} // doc/date → revision in the site's language
	for _, s := range site.Series {
		if s.Lang == site.Config.Language {
			for _, r := range s.Revisions {
				originals[s.Doc+"/"+content.Date(r.Effective)] = r
			}
		}
	}
	for _, s := range site.Series {
		for i, r := range s.Revisions {
			if skip != nil && skip(r) {
				continue
			}
			// A material one is an error of the content's (it announces a
			// change that is not there); an editorial one may be meant.
			if i > 0 && !r.Material() && content.SameText(r, s.Revisions[i-1]) {
				out = append(out, diag.Diagnostic{File: r.File, Line: r.BodyLine, Level: diag.Warning,
					Message: msg.T("lint.identical", content.Date(s.Revisions[i-1].Effective)),
					Fix:     msg.T("lint.identical.fix")})
			}
			heads := headings(r)
			out = append(out, outline(r, heads)...)
			if norwegianLang(s.Lang) {
				out = append(out, norwegian(r, heads)...)
			}
			if s.Lang != site.Config.Language {
				if orig := originals[s.Doc+"/"+content.Date(r.Effective)]; orig != nil {
					out = append(out, lineUp(r, heads, orig, headings(orig))...)
				} else {
					out = append(out, diag.Diagnostic{File: r.File, Line: 1, Level: diag.Warning,
						Message: msg.T("lint.translation.no-original", content.Date(r.Effective)),
						Fix:     msg.T("lint.translation.no-original.fix")})
				}
			}
			page, err := render(r)
			if err != nil {
				return nil, err
			}
			out = append(out, anchors(r, page, pageIDs)...)
		}
	}
	out.Sort()
	return out, nil
}

// heading is an ATX heading of the Markdown source.
type heading struct {
	level int
	text  string
	line  int  // in the file
	empty bool // no content before the next heading of the same or a higher level
}

var atx = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$`)
var fence = regexp.MustCompile("^ {0,3}(```|~~~)")

// headings reads the ATX headings of a revision, outside code blocks.
func headings(r *content.Revision) []heading {
	var out []heading
	inFence := ""
	hasContent := false
	for i, l := range strings.Split(string(r.Body), "\n") {
		if m := fence.FindStringSubmatch(l); m != nil {
			if inFence == "" {
				inFence = m[1]
			} else if m[1] == inFence {
				inFence = ""
			}
			hasContent = true
			continue
		}
		if inFence != "" {
			continue
		}
		if m := atx.FindStringSubmatch(l); m != nil {
			h := heading{level: len(m[1]), text: strings.TrimSpace(m[2]), line: r.BodyLine + i}
			// The previous heading is empty if nothing came between it and
			// this one, and this one is not below it.
			if n := len(out); n > 0 && !hasContent && h.level <= out[n-1].level {
				out[n-1].empty = true
			}
			out = append(out, h)
			hasContent = false
			continue
		}
		if strings.TrimSpace(l) != "" {
			hasContent = true
		}
	}
	if n := len(out); n > 0 && !hasContent {
		out[n-1].empty = true
	}
	return out
}

// outline reports skipped heading levels and empty sections.
func outline(r *content.Revision, heads []heading) diag.List {
	var out diag.List
	for i, h := range heads {
		if i > 0 && h.level > heads[i-1].level+1 {
			out = append(out, diag.Diagnostic{File: r.File, Line: h.line, Level: diag.Warning,
				Message: msg.T("lint.heading.skipped", h.level, heads[i-1].level, heads[i-1].text),
				Fix:     msg.T("lint.heading.skipped.fix", strings.Repeat("#", heads[i-1].level+1), heads[i-1].text)})
		}
		if h.empty {
			out = append(out, diag.Diagnostic{File: r.File, Line: h.line, Level: diag.Warning,
				Message: msg.T("lint.section.empty", h.text),
				Fix:     msg.T("lint.section.empty.fix")})
		}
	}
	return out
}

// lineUp compares a translation's sections with its original's: the same
// number of headings, at the same levels.
func lineUp(tr *content.Revision, th []heading, orig *content.Revision, oh []heading) diag.List {
	for i := 0; i < max(len(th), len(oh)); i++ {
		switch {
		case i >= len(th):
			return diag.List{{File: tr.File, Line: tr.BodyLine, Level: diag.Warning,
				Message: msg.T("lint.translation.fewer", len(th), orig.File, len(oh), oh[i].text, oh[i].line),
				Fix:     msg.T("lint.translation.fewer.fix")}}
		case i >= len(oh):
			return diag.List{{File: tr.File, Line: th[i].line, Level: diag.Warning,
				Message: msg.T("lint.translation.more", len(th), orig.File, len(oh), th[i].text),
				Fix:     msg.T("lint.translation.more.fix")}}
		case th[i].level != oh[i].level:
			return diag.List{{File: tr.File, Line: th[i].line, Level: diag.Warning,
				Message: msg.T("lint.translation.level", th[i].text, th[i].level, oh[i].text, orig.File, oh[i].line, oh[i].level),
				Fix:     msg.T("lint.translation.level.fix")}}
		}
	}
	return nil
}

// anchors reports links within the page (#id) to an id the page lacks.
func anchors(r *content.Revision, page []byte, pageIDs []string) diag.List {
	ids := map[string]bool{}
	for _, id := range pageIDs {
		ids[id] = true
	}
	var targets []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			switch {
			case a.Key == "id":
				ids[a.Val] = true
			case a.Key == "href" && strings.HasPrefix(a.Val, "#") && len(a.Val) > 1:
				targets = append(targets, a.Val[1:])
			}
		}
	}
	var missing, written []string
	seen := map[string]bool{}
	for _, raw := range targets {
		// The renderer percent-encodes a link's target (#særlig-om-bruk
		// becomes #s%C3%A6rlig-om-bruk) but not the ids: the fragment is
		// compared, and named, as the editor wrote it.
		t, err := url.PathUnescape(raw)
		if err != nil {
			t = raw
		}
		if ids[t] || seen[t] {
			continue
		}
		seen[t] = true
		missing = append(missing, t)
		written = append(written, raw)
	}
	// The source may have either form: a link is found by the first.
	lines := linkLines(r, append(slices.Clone(missing), written...))
	var out diag.List
	for i, t := range missing {
		line, ok := lines[t]
		if l, found := lines[written[i]]; found && (!ok || l < line) {
			line, ok = l, true
		}
		if !ok {
			line = lineAt(r, -1)
		}
		out = append(out, diag.Diagnostic{File: r.File, Line: line, Level: diag.Warning,
			Message: msg.T("lint.anchor.missing", t),
			Fix:     msg.T("lint.anchor.missing.fix", t)})
	}
	return out
}

// linkLines finds the file line of the first link to each of ids: the id
// after a #, followed by something that cannot be part of an id, so that
// a link to #kontakt is not found in one to #kontakt-oss. An id not found
// is not in the map.
//
// One pass over the body finds them all: looking for each id in turn
// read the body once for every id, and a revision of a thousand links to
// places it lacks has a thousand.
func linkLines(r *content.Revision, ids []string) map[string]int {
	want := make(map[string]bool, len(ids))
	// An id of id characters alone is found where the run of them after
	// a # is the id; an id with others is found by its length.
	var lengths []int
	for _, id := range ids {
		want[id] = true
		if idRun([]byte(id)) < len(id) {
			lengths = append(lengths, len(id))
		}
	}
	slices.Sort(lengths)
	lengths = slices.Compact(lengths)
	body := r.Body
	var newlines []int
	for i, c := range body {
		if c == '\n' {
			newlines = append(newlines, i)
		}
	}
	out := make(map[string]int, len(ids))
	found := func(rest []byte, n, at int) {
		if want[string(rest[:n])] {
			id := string(rest[:n])
			delete(want, id)
			out[id] = r.BodyLine + sort.SearchInts(newlines, at) // the newlines before at
		}
	}
	for at := bytes.IndexByte(body, '#'); at >= 0 && len(want) > 0; {
		rest := body[at+1:]
		found(rest, idRun(rest), at)
		for _, n := range lengths {
			if n <= len(rest) && (n == len(rest) || !idRune(rest[n:])) {
				found(rest, n, at)
			}
		}
		next := bytes.IndexByte(rest, '#')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	return out
}

// idRun is the length of the run of characters that can be part of an id
// (letters, numbers, _ and -) that s starts with.
func idRun(s []byte) int {
	for i := 0; i < len(s); {
		if !idRune(s[i:]) {
			return i
		}
		_, size := utf8.DecodeRune(s[i:])
		i += size
	}
	return len(s)
}

// idRune reports whether s starts with a character that can be part of an
// id: a letter, a number, _ or -.
func idRune(s []byte) bool {
	r, _ := utf8.DecodeRune(s)
	return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_' || r == '-'
}

// lineAt is the file line of a byte offset in the body; -1 stands for the
// body's first line.
func lineAt(r *content.Revision, i int) int {
	if i < 0 {
		return r.BodyLine
	}
	return r.BodyLine + bytes.Count(r.Body[:i], []byte("\n"))
}
