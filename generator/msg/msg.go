// Package msg holds the messages policysite writes to people, in English
// and bokmål: one catalogue, each message under a stable ID (see
// catalogue.go), printed with golang.org/x/text/message.
//
// A message is made where the problem is found, as a Text: its ID and its
// arguments. It is put into words only where it is shown, in the language
// chosen for the person reading (Choose), so that the same finding can be
// written in either language and a machine can read its ID.
package msg

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Lang is a language policysite writes its messages in.
type Lang int

// The languages of the catalogue. English is the zero value: what a
// message is in when nothing says otherwise.
const (
	English Lang = iota
	Bokmal
)

// Code is the language's code, as in HTML's lang attribute.
func (l Lang) Code() string {
	if l == Bokmal {
		return "nb"
	}
	return "en"
}

var bokmal = language.MustParse("nb")

func (l Lang) tag() language.Tag {
	if l == Bokmal {
		return bokmal
	}
	return language.English
}

// A Text is a message of the catalogue with its arguments, not yet put
// into words. The zero Text is no message.
type Text struct {
	ID   string
	Args []any
}

// T is the message id of the catalogue with args. Every call names the
// ID as a string literal: the catalogue's test finds them in the source.
func T(id string, args ...any) Text { return Text{ID: id, Args: args} }

// IsZero reports whether t is no message.
func (t Text) IsZero() bool { return t.ID == "" }

// String is the message in English.
func (t Text) String() string { return t.In(English) }

// In is the message in lang. An argument that is a message itself (a
// Text, or an error of this package) is put into words in lang too.
func (t Text) In(lang Lang) string {
	if t.ID == "" {
		return ""
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		args[i] = localArg(a, lang)
	}
	c := compiled()
	if _, ok := c.entries[t.ID]; !ok {
		// Only a message missing from the catalogue, which its test
		// finds: say what there is rather than nothing.
		return fmt.Sprint(append([]any{t.ID + ":"}, args...)...)
	}
	return c.printer(t.ID, lang).Sprintf(t.ID, args...)
}

// A Localizer can be put into words in either language.
type Localizer interface {
	In(Lang) string
}

func localArg(a any, lang Lang) any {
	switch v := a.(type) {
	case Localizer:
		return v.In(lang)
	case error:
		return String(v, lang)
	case int:
		return number(v)
	case int32:
		return number(v)
	case int64:
		return number(v)
	case uint64:
		return number(v)
	}
	return a
}

// number is an integer argument. x/text's printer writes numbers as the
// language groups their digits (2,026 in English, 2 026 in bokmål), but a
// year, a line or a size in a message must read as it is written in the
// file or on the command line; a count may still choose a plural form.
type number int64

func (n number) Format(s fmt.State, verb rune) {
	fmt.Fprintf(s, fmt.FormatString(s, verb), int64(n))
}

func (n number) PluralForm(t language.Tag, _ int) (plural.Form, int) {
	v := int64(n)
	if v < 0 {
		v = -v
	}
	return plural.Cardinal.MatchPlural(t, int(v), 0, 0, 0, 0), int(v)
}

// Error is an error that is a message of the catalogue. Its Error is the
// English; String puts it into the reader's language. The first argument
// that is an error is the one it wraps, as %w would.
type Error struct {
	Text
}

// Errorf is the message id with args, as an error.
func Errorf(id string, args ...any) error { return &Error{Text: Text{ID: id, Args: args}} }

func (e *Error) Error() string { return e.Text.String() }

// Unwrap is the first argument that is an error.
func (e *Error) Unwrap() error {
	for _, a := range e.Args {
		if err, ok := a.(error); ok {
			return err
		}
	}
	return nil
}

// String is err in lang: the message of the catalogue that err is, or
// wraps first on its chain, or else err's own words (an error of the
// system, which has none in the catalogue).
func String(err error, lang Lang) string {
	if err == nil {
		return ""
	}
	if l, ok := err.(Localizer); ok {
		return l.In(lang)
	}
	var e *Error
	if errors.As(err, &e) && err.Error() == e.Error() {
		return e.In(lang)
	}
	return err.Error()
}

// Choose picks the language of the messages: the flag's value if given
// (--messages), else $POLICYSITE_MESSAGES, else the site's language
// (site.yaml's language:, "" for none), else the locale ($LC_ALL,
// $LC_MESSAGES, $LANG, the first set), else English. Norwegian of any
// kind (nb, nn, no) gets bokmål, the Norwegian of the catalogue. A flag
// or variable that names no language the catalogue has is an error, since
// it was given on purpose; it comes with the language the rest chooses,
// to say so in.
func Choose(flag, site string, getenv func(string) string) (Lang, error) {
	if flag != "" {
		l, ok := Parse(flag)
		if !ok {
			l, _ = Choose("", site, getenv)
			return l, Errorf("msg.flag-unknown", flag)
		}
		return l, nil
	}
	if v := getenv("POLICYSITE_MESSAGES"); v != "" {
		l, ok := Parse(v)
		if !ok {
			l, _ = Choose("", site, func(k string) string {
				if k == "POLICYSITE_MESSAGES" {
					return ""
				}
				return getenv(k)
			})
			return l, Errorf("msg.env-unknown", v)
		}
		return l, nil
	}
	if site != "" {
		return norwegianOr(site), nil
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return norwegianOr(v), nil
		}
	}
	return English, nil
}

// Parse reads a language code or locale (nb, nn, no, en, nb_NO.UTF-8,
// en-GB): Norwegian is bokmål, English is English.
func Parse(code string) (Lang, bool) {
	base := strings.ToLower(code)
	if i := strings.IndexAny(base, "_-.@"); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "nb", "nn", "no":
		return Bokmal, true
	case "en":
		return English, true
	}
	return English, false
}

// norwegianOr is Bokmal for a Norwegian code or locale, else English: a
// site or locale in another language gets the English messages.
func norwegianOr(code string) Lang {
	l, _ := Parse(code)
	return l
}

// compiled is the catalogue, ready for printing when a message is first
// put into words. Each message is compiled into the printers' catalogue
// the first time it is printed (printer): a command prints a few of the
// hundreds of messages, its help among them, and compiling them all was a
// tenth of the start of every run.
var compiled = sync.OnceValue(func() *compiledCatalogue {
	c := &compiledCatalogue{entries: map[string]entry{}, done: map[string]bool{}, b: catalog.NewBuilder(catalog.Fallback(language.English))}
	for _, e := range catalogue {
		c.entries[e.id] = e
	}
	return c
})

type compiledCatalogue struct {
	entries map[string]entry // by ID

	mu       sync.Mutex
	b        *catalog.Builder
	done     map[string]bool // the IDs in b, in both languages
	printers map[Lang]*message.Printer
}

// printer is the printer of lang, with the message id (of the catalogue)
// compiled into its catalogue. The printers are made once the first
// message is in b, in both languages: a printer chooses its language
// among those its catalogue has when it is made.
func (c *compiledCatalogue) printer(id string, lang Lang) *message.Printer {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.done[id] {
		e := c.entries[id]
		for _, l := range []struct {
			lang      Lang
			text, one string
		}{{English, e.en, e.enOne}, {Bokmal, e.nb, e.nbOne}} {
			var err error
			if l.one == "" {
				err = c.b.SetString(l.lang.tag(), e.id, l.text)
			} else {
				err = c.b.Set(l.lang.tag(), e.id, plural.Selectf(1, "", "=1", l.one, "other", l.text))
			}
			if err != nil {
				panic(fmt.Sprintf("msg: %s: %v", e.id, err))
			}
		}
		c.done[id] = true
	}
	if c.printers == nil {
		c.printers = map[Lang]*message.Printer{}
		for _, l := range []Lang{English, Bokmal} {
			c.printers[l] = message.NewPrinter(l.tag(), message.Catalog(c.b))
		}
	}
	return c.printers[lang]
}
