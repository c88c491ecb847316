package content

import (
	"bytes"
	"testing"
)

// normalised is the text as SameText compares it, made as a copy: the
// definition sameText must keep without making one.
func normalised(body []byte) []byte {
	var out []byte
	for len(body) > 0 {
		line, rest, found := bytes.Cut(body, []byte("\n"))
		out = append(out, bytes.TrimRight(line, " \t\r")...)
		if found {
			out = append(out, '\n')
		}
		body = rest
	}
	return bytes.TrimSpace(out)
}

var sameTextCases = []struct {
	a, b string
	same bool
}{
	{"A text.\n", "A text.\n", true},
	{"A text.\n", "A text.", true},
	{"A text.\n", "\n\nA text.  \n\n", true},
	{"One.\nTwo.\n", "One.\r\nTwo.\r\n", true},
	{"One.\nTwo.\n", "One. \t\nTwo.\n", true},
	{"One.\n\nTwo.\n", "One.\n \nTwo.\n", true},
	{"", " \n\t\n", true},
	{"One.\nTwo.\n", "One.\nTwo.\nThree.\n", false},
	{"One.\n\nTwo.\n", "One.\nTwo.\n", false},
	{"One.\nTwo.\n", "One. Two.\n", false},
	{"  One.\n", "One.\n", true},        // the start of the text
	{"A\n  One.\n", "A\nOne.\n", false}, // indentation inside it
	{"x\u00a0\n", "x\n", true},
	{"x\u00a0\ny\n", "x\ny\n", false},
	{"", "x", false},
}

func TestSameText(t *testing.T) {
	for _, c := range sameTextCases {
		if got := SameText(&Revision{Body: []byte(c.a)}, &Revision{Body: []byte(c.b)}); got != c.same {
			t.Errorf("SameText(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
		if got := sameText([]byte(c.b), []byte(c.a)); got != c.same {
			t.Errorf("sameText(%q, %q) = %v, want %v", c.b, c.a, got, c.same)
		}
	}
}

// FuzzSameText holds sameText, which compares in place, to the copies it
// stands for.
func FuzzSameText(f *testing.F) {
	for _, c := range sameTextCases {
		f.Add(c.a, c.b)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		want := bytes.Equal(normalised([]byte(a)), normalised([]byte(b)))
		if got := sameText([]byte(a), []byte(b)); got != want {
			t.Errorf("sameText(%q, %q) = %v; the texts normalised are equal: %v", a, b, got, want)
		}
	})
}
