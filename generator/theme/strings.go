package theme

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Strings are the UI words of one language.
type Strings struct {
	Lang   string
	Name   string            // the language's name in itself, e.g. "Norsk bokmål"
	Months []string          // January first
	Layout string            // date layout with {d}, {month} and {year}
	Words  map[string]string // key → text; may contain %s or %d
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
	return &Strings{Lang: lang, Name: f.Name, Months: f.Months, Layout: f.Date, Words: f.Words}, nil
}

// T returns the word for key, or the key in brackets if there is none, so
// that a missing word shows on the page instead of failing the build.
func (s *Strings) T(key string) string {
	if w, ok := s.Words[key]; ok {
		return w
	}
	return "[" + key + "]"
}

// Date writes t as a day in this language, e.g. "26. november 2026".
func (s *Strings) Date(t time.Time) string {
	return strings.NewReplacer(
		"{d}", strconv.Itoa(t.Day()),
		"{month}", s.Months[t.Month()-1],
		"{year}", strconv.Itoa(t.Year()),
	).Replace(s.Layout)
}
