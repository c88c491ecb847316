package content

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// checkText rejects what makes a file not plain UTF-8 text, or text that
// reads differently from how it is stored: a byte-order mark, NUL bytes,
// another encoding, invisible direction controls. site.yaml and revisions
// are written by the same editors in the same editors' programs.
func checkText(d diags, data []byte) bool {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		d.add(1, "the file starts with a byte-order mark (BOM)", "save it as UTF-8 without BOM (in most editors: Encoding → UTF-8)")
	case bytes.IndexByte(data, 0) >= 0:
		d.add(lineAt(data, bytes.IndexByte(data, 0)), "the file contains NUL bytes: it is not a text file", "save it as a plain text file in UTF-8")
	case !utf8.Valid(data):
		d.add(lineAt(data, firstInvalidUTF8(data)), "the file is not valid UTF-8 text", "save it as UTF-8 (in most editors: Encoding → UTF-8); it may have been saved as Latin-1 or Windows-1252")
	case indexControl(data) >= 0:
		i := indexControl(data)
		r, _ := utf8.DecodeRune(data[i:])
		d.add(lineAt(data, i), controlProblem(r), controlFix)
	case indexNonCharacter(data) >= 0:
		i := indexNonCharacter(data)
		r, _ := utf8.DecodeRune(data[i:])
		d.add(lineAt(data, i), controlProblem(r), controlFix)
	default:
		i := indexBidiControl(data)
		if i < 0 {
			return true
		}
		r, _ := utf8.DecodeRune(data[i:])
		d.add(lineAt(data, i), controlProblem(r), controlFix)
	}
	return false
}

// isNonCharacter reports the code points Unicode keeps out of interchange
// (U+FDD0–U+FDEF, and the last two of every plane): HTML forbids them.
func isNonCharacter(r rune) bool {
	return r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE && r <= utf8.MaxRune
}

// indexNonCharacter is bytes.IndexFunc(data, isNonCharacter), fast: each
// is encoded starting with a byte from 0xEF up, which text in Latin
// letters seldom holds.
func indexNonCharacter(data []byte) int {
	for i := 0; i < len(data); i++ {
		if data[i] < 0xEF {
			continue
		}
		if r, _ := utf8.DecodeRune(data[i:]); isNonCharacter(r) {
			return i
		}
	}
	return -1
}

const controlFix = "delete it: retype the line, or paste it as plain text"

// controlProblem says what is wrong with a control character in a text.
func controlProblem(r rune) string {
	if isBidiControl(r) {
		return fmt.Sprintf("the text contains an invisible direction control character (U+%04X), which can make it read differently from how it is stored", r)
	}
	if isNonCharacter(r) {
		return fmt.Sprintf("the text contains a non-character (U+%04X), which no web page may hold", r)
	}
	name := ""
	if n, ok := controlNames[r]; ok {
		name = ", " + n
	}
	if r == '\r' {
		return "the text contains a carriage return (U+000D) that is not part of a line end (CR LF), which can hide what comes before it on a terminal"
	}
	return fmt.Sprintf("the text contains a control character (U+%04X%s), which can rewrite what a terminal shows", r, name)
}

// controlNames are the controls met in text pasted from other programs.
var controlNames = map[rune]string{
	0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
	0x1B: "escape", 0x7F: "delete", 0x85: "next line", 0x9B: "control sequence introducer",
}

// indexControl returns the offset in data, valid UTF-8, of the first C0
// control but tab, line feed and a carriage return before a line feed, or
// of DEL (U+007F) or the first C1 control (U+0080–U+009F), or -1. These change what a
// terminal shows (an escape sequence can rewrite the lines above it, in
// git diff or policysite's own messages) and XML forbids the C0 ones, so
// a feed with one cannot be read. It runs on every revision: a byte scan,
// since every C1 control is encoded as 0xC2 0x80–0x9F.
func indexControl(data []byte) int {
	for i, b := range data {
		switch {
		case b >= 0x20 && b != 0xC2 && b != 0x7F:
		case b == '\t', b == '\n':
		case b == '\r' && i+1 < len(data) && data[i+1] == '\n':
		case b == 0xC2:
			if i+1 < len(data) && data[i+1] >= 0x80 && data[i+1] <= 0x9F {
				return i
			}
		default: // C0 or DEL
			return i
		}
	}
	return -1
}

// isControlRune reports the runes a single value (of YAML, where escapes
// such as "\e" or "\u202e" make them from plain text) may not hold: the
// controls of indexControl, a carriage return alone included, the
// direction controls and the non-characters.
func isControlRune(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7F && r <= 0x9F) || isBidiControl(r) || isNonCharacter(r)
}

// indexBidiControl is bytes.IndexFunc(data, isBidiControl), fast: every
// direction control is encoded starting with the byte 0xE2, which text in
// Latin letters seldom holds.
func indexBidiControl(data []byte) int {
	for off := 0; ; off++ {
		i := bytes.IndexByte(data[off:], 0xE2)
		if i < 0 {
			return -1
		}
		off += i
		if r, _ := utf8.DecodeRune(data[off:]); isBidiControl(r) {
			return off
		}
	}
}

// indexControlReference returns the offset in data of the first numeric
// character reference (&#27; or &#x1b;, as CommonMark reads them) to a
// rune isControlRune refuses, and the reference and its rune. The file's
// own bytes are checked by checkText, but Markdown decodes a reference
// into the very character, so "&#27;[2J" would put an escape sequence on
// the page, and "&#x202e;" a direction control.
func indexControlReference(data []byte) (int, string, rune) {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("&#"))
		if i < 0 {
			return -1, "", 0
		}
		off += i
		j, base, most := off+2, 10, 7
		if j < len(data) && (data[j] == 'x' || data[j] == 'X') {
			j, base, most = j+1, 16, 6
		}
		start := j
		r := rune(0)
		for j < len(data) && j-start < most && digitValue(data[j], base) >= 0 {
			r = r*rune(base) + rune(digitValue(data[j], base))
			j++
		}
		if j > start && j < len(data) && data[j] == ';' && isControlRune(r) && r != '\t' && r != '\n' {
			return off, string(data[off : j+1]), r
		}
		off += 2
	}
}

func digitValue(c byte, base int) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case base == 16 && 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case base == 16 && 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
