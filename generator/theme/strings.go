package theme

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Strings are the UI words of one language.
type Strings struct {
	Lang   string
	Name   string            // the language's name in itself, e.g. "Norsk bokmål"
	Months []string          // January first
	Layout string            // date layout with {d}, {month} and {year}
	Words  map[string]string // key → text; may contain %s or %d

	tag language.Tag // for the plural rules
	key []byte       // HashKey's: the sum of the language and the file it was read from
}

// HashKey identifies the words to a cache whose keys hold the program's
// version (package valuehash): by the language and the file they were
// read from, not the thousand words again on every page a build sums.
func (s *Strings) HashKey() []byte {
	return s.key // nil, not read from a file: a sum that holds it fails
}

func parseStrings(lang string, src []byte) (*Strings, error) {
	var f struct {
		Name   string            `yaml:"name"`
		Months []string          `yaml:"months"`
		Date   string            `yaml:"date"`
		Words  map[string]string `yaml:"words"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("invalid UI words: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(f.Months) != 12 {
		return nil, fmt.Errorf("months must list 12 month names, found %d", len(f.Months))
	}
	if f.Date == "" || f.Name == "" {
		return nil, fmt.Errorf("name and date must be given")
	}
	for k := range f.Words {
		if base, form, ok := pluralKey(k); ok && form != "other" {
			if _, ok := f.Words[base+".other"]; !ok {
				return nil, fmt.Errorf("%s has no %s.other, the form for any count that has no form of its own", k, base)
			}
		}
	}
	tag, _ := language.Parse(lang) // an unknown language has the rules of none: every count is other
	key := sha256.Sum256([]byte("strings\x00" + lang + "\x00" + string(src)))
	return &Strings{Lang: lang, Name: f.Name, Months: f.Months, Layout: f.Date, Words: f.Words, tag: tag, key: key[:]}, nil
}

// T returns the word for key, or the key in brackets if there is none, so
// that a missing word shows on the page instead of failing the build.
func (s *Strings) T(key string) string {
	if w, ok := s.Words[key]; ok {
		return w
	}
	return "[" + key + "]"
}

// pluralForms are the names of the plural forms (CLDR's categories), by
// x/text's plural.Form.
var pluralForms = map[plural.Form]string{
	plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many",
}

// pluralKey splits a key such as "diff.links.one" into the word's key and
// its plural form, if it ends in one.
func pluralKey(key string) (base, form string, ok bool) {
	at := strings.LastIndexByte(key, '.')
	if at < 0 {
		return "", "", false
	}
	for _, f := range pluralForms {
		if key[at+1:] == f {
			return key[:at], f, true
		}
	}
	return "", "", false
}

// PluralForm is the plural form the language's rule gives the count n:
// "one" or "other" in bokmål, nynorsk and English ("one" for 1 alone);
// "zero", "two", "few" or "many" as well in languages that have them.
func (s *Strings) PluralForm(n int) string {
	if n < 0 {
		n = -n
	}
	return pluralForms[plural.Cardinal.MatchPlural(s.tag, n, 0, 0, 0, 0)]
}

// N returns the word for key in the form for the count n: key.one,
// key.other and so on (PluralForm), with %d where the count goes. A form
// the words lack is key.other, then key itself.
func (s *Strings) N(key string, n int) string {
	if w, ok := s.Words[key+"."+s.PluralForm(n)]; ok {
		return w
	}
	if w, ok := s.Words[key+".other"]; ok {
		return w
	}
	return s.T(key)
}

// nbsp is the no-break space: a line is never broken at it.
const nbsp = "\u00a0"

// Date writes t as a day in this language, e.g. "26. november 2026", for a
// page: its spaces are no-break spaces, so that a line never breaks inside
// the date ("26." alone at the end of a line, "november 2026" on the
// next).
func (s *Strings) Date(t time.Time) string {
	return strings.ReplaceAll(s.PlainDate(t), " ", nbsp)
}

// PlainDate is Date with ordinary spaces, for plain text whose reader does
// the wrapping (an e-mail, a feed reader) or that a no-break space would
// make dearer (an SMS: GSM-7 has no such space, and one character outside
// it sends the whole message as UCS-2, 70 characters a segment instead of
// 160).
//
// The layout is expanded by hand, not by a strings.Replacer: pages show
// thousands of dates, and making a Replacer for each was a tenth of the
// templates' time in a long history.
func (s *Strings) PlainDate(t time.Time) string {
	var b strings.Builder
	b.Grow(len(s.Layout) + 16)
	for rest := s.Layout; rest != ""; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		rest = rest[i:]
		switch {
		case strings.HasPrefix(rest, "{d}"):
			b.WriteString(strconv.Itoa(t.Day()))
			rest = rest[len("{d}"):]
		case strings.HasPrefix(rest, "{month}"):
			b.WriteString(s.Months[t.Month()-1])
			rest = rest[len("{month}"):]
		case strings.HasPrefix(rest, "{year}"):
			b.WriteString(strconv.Itoa(t.Year()))
			rest = rest[len("{year}"):]
		default:
			b.WriteByte('{')
			rest = rest[1:]
		}
	}
	return b.String()
}

// LangName is the name of the language lang in this language, e.g.
// "bokmål" on a nynorsk page: the word lang.<lang>, or else the language's
// name in itself (name), or the code.
func (s *Strings) LangName(lang string, name string) string {
	if w, ok := s.Words["lang."+lang]; ok {
		return w
	}
	if name != "" {
		return name
	}
	return lang
}
