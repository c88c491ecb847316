package diffview

import (
	"bytes"
	"html"
	"strings"
	"sync"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The container a table of a policy or a diff scrolls sideways in, where
// the screen is narrower than the table: it takes focus, so that it can be
// scrolled from the keyboard, and is a region named after the table's
// caption, else the nearest heading before it, else the word for a table
// in the page's language.
const (
	scrollOpen  = `<div class="table-scroll" tabindex="0" role="region" `
	scrollClose = "</div>"
)

// ScrollTablesAfter puts every table of the HTML fragment b holds after
// from (a policy's body, a diff's) into the scrolling container, in
// place. The pages do so as they are made, after every diff: the blocks
// the diff compares, and what a diff shows as changed, never see the
// container. A caption or heading with an ID names the table by
// aria-labelledby; one without (a diff's heading) by its text as it reads
// now, what a <del> holds left out. generic names a table with neither.
//
// The fragment is HTML that policysite wrote (goldmark's, the sanitizer's,
// the diff's), in which a "<" that is not the start of a tag is escaped:
// it is scanned for tables, and only their headings and captions are
// parsed, since a build makes many long pages with a table or two. The
// pages write their bodies into their buffers (pages.Page.WriteBody), and
// only a body with a table is copied, once, to be written again with its
// containers.
func ScrollTablesAfter(b *bytes.Buffer, from int, generic string) {
	if !bytes.Contains(b.Bytes()[from:], tableTag) {
		return
	}
	held := scratch.Get().(*[]byte)
	fragment := append((*held)[:0], b.Bytes()[from:]...)
	b.Truncate(from)
	last := 0
	for at := 0; ; {
		start := indexTag(fragment, at, tableTag)
		if start < 0 {
			break
		}
		end := tableEnd(fragment, start)
		if end < 0 {
			break // not closed: left as it is
		}
		b.Write(fragment[last:start])
		b.WriteString(scrollOpen)
		b.WriteString(tableName(fragment, start, end, generic))
		b.WriteByte('>')
		b.Write(fragment[start:end])
		b.WriteString(scrollClose)
		last, at = end, end
	}
	b.Write(fragment[last:])
	*held = fragment[:0]
	scratch.Put(held)
}

var tableTag = []byte("<table")

// scratch holds the copies of the bodies ScrollTablesAfter writes again.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

// indexTag is the offset of the first start tag at or after from that
// begins with open ("<table"), or -1: open followed by ">" or a space, so
// that "<tablex" is not one.
func indexTag(s []byte, from int, open []byte) int {
	for from < len(s) {
		i := bytes.Index(s[from:], open)
		if i < 0 {
			return -1
		}
		i += from
		if j := i + len(open); j < len(s) && (s[j] == '>' || s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '/') {
			return i
		}
		from = i + len(open)
	}
	return -1
}

// tableEnd is the offset just after the </table> that closes the table
// starting at start, tables inside it counted, or -1.
func tableEnd(s []byte, start int) int {
	depth := 0
	for i := start; ; {
		open := indexTag(s, i+1, tableTag)
		closing := bytes.Index(s[i+1:], tableClose)
		if closing < 0 {
			return -1
		}
		closing += i + 1
		if open >= 0 && open < closing {
			depth++
			i = open
			continue
		}
		if depth == 0 {
			return closing + len(tableClose)
		}
		depth--
		i = closing
	}
}

var tableClose = []byte("</table>")

// tableName is the attribute that names the container of the table at
// s[start:end].
func tableName(s []byte, start, end int, generic string) string {
	// A caption is the table's first child.
	z := nethtml.NewTokenizer(bytes.NewReader(s[start:end]))
	z.Next() // <table>
	for tt := z.Next(); tt == nethtml.TextToken && len(bytes.TrimSpace(z.Text())) == 0; tt = z.Next() {
	}
	if name, _ := z.TagName(); atom.Lookup(name) == atom.Caption {
		if id, text := element(z, atom.Caption); id != "" {
			return `aria-labelledby="` + html.EscapeString(id) + `"`
		} else if text != "" {
			return `aria-label="` + html.EscapeString(text) + `"`
		}
	}
	if h := lastHeading(s[:start]); h >= 0 {
		z := nethtml.NewTokenizer(bytes.NewReader(s[h:start]))
		z.Next()
		name, _ := z.TagName()
		if id, text := element(z, atom.Lookup(name)); id != "" {
			return `aria-labelledby="` + html.EscapeString(id) + `"`
		} else if text != "" {
			return `aria-label="` + html.EscapeString(text) + `"`
		}
	}
	return `aria-label="` + html.EscapeString(generic) + `"`
}

// lastHeading is the offset of the last start tag of a heading (<h1> to
// <h6>) in s, or -1.
func lastHeading(s []byte) int {
	for i := len(s); ; {
		i = bytes.LastIndex(s[:i], headingTag)
		if i < 0 {
			return -1
		}
		if i+3 < len(s) && s[i+2] >= '1' && s[i+2] <= '6' && (s[i+3] == '>' || s[i+3] == ' ') {
			return i
		}
	}
}

var headingTag = []byte("<h")

// element reads, from a tokenizer at the start tag of an element a, its
// ID and its text up to its end tag, white space made single and what a
// <del> holds left out.
func element(z *nethtml.Tokenizer, a atom.Atom) (id, text string) {
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		if string(k) == "id" {
			id = string(v)
		}
	}
	var b strings.Builder
	deleted := 0
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return id, strings.Join(strings.Fields(b.String()), " ")
		case nethtml.TextToken:
			if deleted == 0 {
				b.Write(z.Text())
			}
		case nethtml.StartTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Del {
				deleted++
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Del:
				deleted = max(0, deleted-1)
			case a:
				return id, strings.Join(strings.Fields(b.String()), " ")
			}
		}
	}
}
