package render

import (
	"bytes"
	"regexp"
	"sync"

	"github.com/yuin/goldmark/util"
)

// Revisions of a document share most of their text, and a build renders
// every one of them. A text is cut into chunks where nothing before a cut
// can change what comes after it, each distinct chunk is rendered once by
// the Renderer, and the document is put together from the chunks: the same
// bytes as the document rendered whole, which is the definition the tests
// check it against. Goldmark's parsing was four fifths of the time a
// build spent rendering.
//
// A cut is before an ATX heading at the start of a line, after a blank
// line: the blank line has closed every paragraph and every container that
// could hold the heading's line, so the heading starts a block of the
// document's own. Not within an HTML block that only its end closes (a
// comment, <pre>, <script>, <style>, <textarea>, <?…?>, <!…>,
// <![CDATA[…]]>), which a blank line does not end: those are found with
// goldmark's own tests (htmlBlock), and a text where one seems to open
// inside another is not cut at all, as the first may not be goldmark's.
// Nor is a text where a part of it can reach another: a link reference
// definition or a footnote ("]:", "[^" anywhere), or a fence at the start
// of a line (whose closing fence a cut could miss; one in a list or a
// quotation ends at the heading). Nor, as a caution, one with a carriage
// return (which goldmark's expressions take as part of a line's end, and
// these do not), a NUL or a byte order mark.
//
// What a chunk cannot know alone is its headings' levels and IDs, which
// the document's other headings decide (headingIDs): each chunk keeps its
// headings as written, the document's are assigned as the whole's would be,
// and the start and end tags of each heading are written again with them.
// A chunk whose raw HTML claims IDs, or with a heading inside another
// block (a list, a quotation), is not put together: the document is then
// rendered whole.

// A chunk is a part of a text between two cuts, rendered alone.
type chunk struct {
	html    []byte
	parts   []int            // where html's top-level blocks begin
	heads   []int            // the index in parts of each heading, in order
	written []writtenHeading // the headings as written
	alone   []Heading        // the headings as rendered alone
	usable  bool             // false: the document must be rendered whole
}

// chunkWindow is how many documents a Renderer renders between two sweeps
// of its chunks: a chunk not used in the last two windows is let go. A
// build renders a document's revisions one after another, and they share
// chunks with their neighbours; kept for all 10,000 revisions of a
// history, the chunks would hold every distinct section of it.
const chunkWindow = 64

// chunks are a Renderer's chunks, by their text: those of this window and
// of the one before. Safe for concurrent use.
type chunks struct {
	mu       sync.Mutex
	now, old map[string]*chunk
	rendered int // documents rendered in this window
	made     int // chunks rendered, for the tests
}

// get returns the chunk of text src, rendered with render where it has
// none.
func (c *chunks) get(src []byte, render func([]byte) *chunk) *chunk {
	c.mu.Lock()
	if ch, ok := c.now[string(src)]; ok {
		c.mu.Unlock()
		return ch
	}
	if ch, ok := c.old[string(src)]; ok {
		c.now[string(src)] = ch
		c.mu.Unlock()
		return ch
	}
	c.mu.Unlock()
	ch := render(src) // two goroutines may render the same chunk: both are right
	c.mu.Lock()
	c.now[string(src)] = ch
	c.made++
	c.mu.Unlock()
	return ch
}

// done counts a document rendered, and sweeps at the end of a window.
func (c *chunks) done() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rendered++; c.rendered == chunkWindow {
		c.old, c.now, c.rendered = c.now, map[string]*chunk{}, 0
	}
}

// cuts returns the offsets in src where a chunk begins after the first,
// or nil where src is not cut (above).
func cuts(src []byte) []int {
	if bytes.Contains(src, []byte("]:")) || bytes.Contains(src, []byte("[^")) ||
		bytes.IndexByte(src, '\r') >= 0 || bytes.IndexByte(src, 0) >= 0 || bytes.Contains(src, []byte("\ufeff")) {
		return nil
	}
	var (
		at    []int
		blank = true // the line before was blank
		in    *htmlBlock
	)
	for i := 0; i < len(src); {
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i
		}
		line := src[i:end]
		switch {
		case fence(line):
			return nil // wherever it is: what looks like the end of an HTML block may be in it
		case in != nil:
			if opens(line) != nil {
				// A block in a block: the one here may not be goldmark's
				// (its start was in a list, or in a block that a blank line
				// ends), and this one may be.
				return nil
			}
			if in.ends(line) {
				in = nil
			}
		case blank && i > 0 && atx(line):
			at = append(at, i)
		default:
			if in = opens(line); in != nil && in.ends(line) {
				in = nil
			}
		}
		blank = len(bytes.Trim(line, " \t")) == 0
		i = end + 1
	}
	return at // an HTML block left open runs to the end: the cuts before it stand
}

// atx reports whether line is an ATX heading's, at the start of the line.
func atx(line []byte) bool {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	return 1 <= n && n <= 6 && (n == len(line) || line[n] == ' ' || line[n] == '\t')
}

// fence reports whether line could open or close a fenced code block.
func fence(line []byte) bool {
	t := bytes.TrimLeft(line, " ")
	return len(line)-len(t) <= 3 && (bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")))
}

// An htmlBlock is a kind of HTML block that a blank line does not end
// (CommonMark's kinds 1 to 5): the line that opens one, and the line that
// ends it, which may be the same. They are goldmark's own tests (its
// parser's html_block.go, of the version go.mod names), to the letter and
// with its case folding: a block goldmark opens there is one cuts opens,
// and goldmark's ends where cuts' does. TestChunksAsWhole's cases hold
// each kind, and lines that look like one to a looser test.
type htmlBlock struct {
	open  *regexp.Regexp
	close *regexp.Regexp // kind 1's
	mark  []byte         // the others': a string the end line holds
}

var htmlBlocks = []*htmlBlock{
	{open: regexp.MustCompile(`(?i)^[ ]{0,3}<(?:script|pre|style|textarea)(?:\s.*|>.*|/>.*|)$`), close: regexp.MustCompile(`(?i)^.*</(?:script|pre|style|textarea)>.*`)},
	{open: regexp.MustCompile(`^[ ]{0,3}<!--`), mark: []byte("-->")},
	{open: regexp.MustCompile(`^[ ]{0,3}<\?`), mark: []byte("?>")},
	{open: regexp.MustCompile(`^[ ]{0,3}<![A-Z]+.*$`), mark: []byte(">")},
	{open: regexp.MustCompile(`^[ ]{0,3}<!\[CDATA\[`), mark: []byte("]]>")},
}

// opens returns the kind of HTML block line opens, or nil.
func opens(line []byte) *htmlBlock {
	if t := bytes.TrimLeft(line, " "); len(t) == 0 || t[0] != '<' {
		return nil // most lines: no expression to run
	}
	for _, b := range htmlBlocks {
		if b.open.Match(line) {
			return b
		}
	}
	return nil
}

// ends reports whether line ends a block of b's kind.
func (b *htmlBlock) ends(line []byte) bool {
	if b.close != nil {
		return b.close.Match(line)
	}
	return bytes.Contains(line, b.mark)
}

// assemble puts the document of chunks together, or reports that it must
// be rendered whole.
func (r *Renderer) assemble(chs []*chunk) (Result, bool) {
	var (
		written []writtenHeading
		size    int
	)
	for _, ch := range chs {
		if !ch.usable {
			return Result{}, false
		}
		written = append(written, ch.written...)
		size += len(ch.html)
	}
	heads := r.ids.assign(written, nil) // no chunk's raw HTML claims an ID
	out := Result{HTML: make([]byte, 0, size+len(heads)), Headings: heads}
	h := 0
	for _, ch := range chs {
		switch {
		case len(ch.parts) == 0 && len(ch.html) == 0:
			continue // blank lines
		case len(ch.parts) == 0 || ch.parts[0] != 0:
			return Result{}, false // every byte of a rendering is in a part
		}
		k := 0 // the chunk's next heading
		for i, start := range ch.parts {
			end := len(ch.html)
			if i+1 < len(ch.parts) {
				end = ch.parts[i+1]
			}
			el := ch.html[start:end]
			out.Parts = append(out.Parts, len(out.HTML))
			if k == len(ch.heads) || ch.heads[k] != i {
				out.HTML = append(out.HTML, el...)
				continue
			}
			open, close := headingTags(ch.alone[k])
			if len(el) < len(open)+len(close) || !bytes.HasPrefix(el, open) || !bytes.HasSuffix(el, close) {
				return Result{}, false // not as goldmark writes a heading: a bug, or a new goldmark
			}
			inner := el[len(open) : len(el)-len(close)]
			open, close = headingTags(heads[h])
			out.HTML = append(append(append(out.HTML, open...), inner...), close...)
			h, k = h+1, k+1
		}
	}
	return out, true
}

// headingTags are a heading's start and end tags as goldmark writes them
// (its renderHeading and RenderAttributes), with only an id attribute
// (keepOnlyID).
func headingTags(h Heading) (open, close []byte) {
	level := "0123456"[h.Level]
	open = append([]byte{'<', 'h', level, ' '}, `id="`...)
	open = append(open, util.EscapeHTML([]byte(h.ID))...)
	open = append(open, '"', '>')
	return open, []byte{'<', '/', 'h', level, '>', '\n'}
}
