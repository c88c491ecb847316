package lint

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"policysite/generator/content"
)

// regexpLine is linkLines for one id as it was first written: a regular
// expression for the id, looked for from the body's start. An id not found
// is on line 0, as linkLines leaves it out.
func regexpLine(r *content.Revision, id string) int {
	re, ok := regexps[id]
	if !ok {
		re = regexp.MustCompile("#" + regexp.QuoteMeta(id) + `(?:[^\p{L}\p{N}_-]|$)`)
		regexps[id] = re
	}
	loc := re.FindIndex(r.Body)
	if loc == nil {
		return 0
	}
	return r.BodyLine + strings.Count(string(r.Body[:loc[0]]), "\n")
}

var regexps = map[string]*regexp.Regexp{}

func TestLinkLines(t *testing.T) {
	tests := []struct {
		name, body string
		ids        []string
		want       []int // for each id
	}{
		{"first link", "Se [a](#kontakt).\n\nSe [b](#kontakt).\n", []string{"kontakt"}, []int{5}},
		{"not in a longer id", "[a](#kontakt-oss)\n[b](#kontakt_2)\n[c](#kontaktæ)\n[d](#kontakt)\n", []string{"kontakt"}, []int{8}},
		{"at the end", "[a](#kontakt-oss)\n#kontakt", []string{"kontakt"}, []int{6}},
		{"not found", "Tekst.\n", []string{"kontakt"}, []int{0}},
		{"letters of any script", "\n[a](#særlig-om-bruk)", []string{"særlig-om-bruk"}, []int{6}},
		{"an id with a dot", "[a](#a.bc)\n[b](#a.b)\n", []string{"a.b", "a"}, []int{6, 5}},
		{"an id that ends in a dot", "[a](#a.b)\n[b](#a.)\n", []string{"a."}, []int{6}},
		{"ids that share a start", "#ab\n#a\n#abc", []string{"abc", "a", "ab"}, []int{7, 6, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rev("a.md", "nb", tt.body)
			got := linkLines(r, tt.ids)
			for i, id := range tt.ids {
				if got[id] != tt.want[i] {
					t.Errorf("#%s on line %d, want %d", id, got[id], tt.want[i])
				}
				if want := regexpLine(r, id); got[id] != want {
					t.Errorf("#%s on line %d, the regular expression's %d", id, got[id], want)
				}
			}
		})
	}
}

// linkLines finds what one regular expression for each id finds.
func TestLinkLinesAsRegexp(t *testing.T) {
	pieces := []string{"#", "a", "b", "-", "_", ".", "æ", "2", " ", "\n", "(", ")", "%C3", "#a", "#a.b"}
	ids := []string{"a", "b", "ab", "a-b", "a.b", "a.", "æ", "a_2", "a%C3", "b.", "2", "ab-æ"}
	rng := rand.New(rand.NewSource(1))
	for range 2000 {
		var b strings.Builder
		for range rng.Intn(40) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		r := rev("a.md", "nb", b.String())
		got := linkLines(r, ids)
		for _, id := range ids {
			if want := regexpLine(r, id); got[id] != want {
				t.Fatalf("#%s in %q on line %d, want %d", id, b.String(), got[id], want)
			}
		}
	}
}
