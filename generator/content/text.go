package content

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"

	"policysite/generator/msg"
)

// checkText rejects what makes a file not plain UTF-8 text, or text that
// reads differently from how it is stored: a byte-order mark, NUL bytes,
// another encoding, invisible direction controls. site.yaml and revisions
// are written by the same editors in the same editors' programs.
func checkText(d diags, data []byte) bool {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		d.add(1, msg.T("text.bom"), msg.T("text.bom.fix"))
	case bytes.IndexByte(data, 0) >= 0:
		d.add(lineAt(data, bytes.IndexByte(data, 0)), msg.T("text.nul"), msg.T("text.nul.fix"))
	case !utf8.Valid(data):
		d.add(lineAt(data, firstInvalidUTF8(data)), msg.T("text.not-utf8"), msg.T("text.not-utf8.fix"))
	case indexControl(data) >= 0:
		i := indexControl(data)
		r, _ := utf8.DecodeRune(data[i:])
		d.add(lineAt(data, i), msg.T("text.contains", controlProblem(r)), controlFix)
	case indexNonCharacter(data) >= 0:
		i := indexNonCharacter(data)
		r, _ := utf8.DecodeRune(data[i:])
		d.add(lineAt(data, i), msg.T("text.contains", controlProblem(r)), controlFix)
	default:
		i := indexBidiControl(data)
		if i < 0 {
			return true
		}
		r, _ := utf8.DecodeRune(data[i:])
		d.add(lineAt(data, i), msg.T("text.contains", controlProblem(r)), controlFix)
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

var controlFix = msg.T("text.control.fix")

// controlProblem says what is wrong with a control character in a text:
// the character and the harm it does, which a message about where it is
// found takes as its argument.
func controlProblem(r rune) msg.Text {
	if isBidiControl(r) {
		return msg.T("text.control.bidi", r)
	}
	if isNonCharacter(r) {
		return msg.T("text.control.noncharacter", r)
	}
	if r == '\r' {
		return msg.T("text.control.cr")
	}
	if n, ok := controlNames[r]; ok {
		return msg.T("text.control.named", r, n)
	}
	return msg.T("text.control", r)
}

// controlNames are the controls met in text pasted from other programs.
var controlNames = map[rune]msg.Text{
	0x07: msg.T("text.control.bell"), 0x08: msg.T("text.control.backspace"), 0x0B: msg.T("text.control.vertical-tab"), 0x0C: msg.T("text.control.form-feed"),
	0x1B: msg.T("text.control.escape"), 0x7F: msg.T("text.control.delete"), 0x85: msg.T("text.control.next-line"), 0x9B: msg.T("text.control.csi"),
}

// indexControl returns the offset in data, valid UTF-8, of the first C0
// control but tab, line feed and a carriage return before a line feed, or
// of DEL (U+007F) or the first C1 control (U+0080–U+009F), or -1. These change what a
// terminal shows (an escape sequence can rewrite the lines above it, in
// git diff or policysite's own messages) and XML forbids the C0 ones, so
// a feed with one cannot be read. It runs on every revision of every
// build: eight bytes at a time, each word with no byte below 0x20, no DEL
// and no 0xC2 (every C1 control is encoded as 0xC2 0x80–0x9F) passed over
// at once; a byte at a time where one is, which a line's end makes once a
// line.
func indexControl(data []byte) int {
	i := 0
	for ; i+8 <= len(data); i += 8 {
		if w := binary.LittleEndian.Uint64(data[i:]); !below(w, 0x20) && !has(w, 0x7F) && !has(w, 0xC2) {
			continue
		}
		if j := indexControlIn(data, i, i+8); j >= 0 {
			return j
		}
	}
	return indexControlIn(data, i, len(data))
}

// indexControlIn is indexControl of the bytes from..to of data, which it
// reads past to for what follows a carriage return or 0xC2.
func indexControlIn(data []byte, from, to int) int {
	for i := from; i < to; i++ {
		switch b := data[i]; {
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

// Of the eight bytes of a word (Sean Eron Anderson's "Bit Twiddling
// Hacks"): below reports whether one is less than n (n ≤ 0x80), has
// whether one is b.
const ones, highs = 0x0101010101010101, 0x8080808080808080

func below(w uint64, n byte) bool { return (w-ones*uint64(n))&^w&highs != 0 }

func has(w uint64, b byte) bool { return below(w^ones*uint64(b), 1) }

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
