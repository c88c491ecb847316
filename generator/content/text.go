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
	default:
		i := indexBidiControl(data)
		if i < 0 {
			return true
		}
		r, _ := utf8.DecodeRune(data[i:])
		d.add(lineAt(data, i), fmt.Sprintf("the text contains an invisible direction control character (U+%04X), which can make it read differently from how it is stored", r),
			"delete it: retype the line, or paste it as plain text")
	}
	return false
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
