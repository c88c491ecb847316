package msg

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogue checks every entry: a unique ID, both texts, and the same
// placeholders in both, so that no argument is lost or misread in either
// language.
func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range catalogue {
		if seen[e.id] {
			t.Errorf("%s is in the catalogue twice", e.id)
		}
		seen[e.id] = true
		if !idForm.MatchString(e.id) {
			t.Errorf("%s: an ID is dotted lower-case words, e.g. content.unknown-key", e.id)
		}
		if strings.TrimSpace(e.en) == "" || strings.TrimSpace(e.nb) == "" {
			t.Errorf("%s: the English or the bokmål is missing", e.id)
			continue
		}
		if (e.enOne == "") != (e.nbOne == "") {
			t.Errorf("%s: a form for one in one language only", e.id)
		}
		want, err := placeholders(e.en)
		if err != nil {
			t.Errorf("%s: English: %v", e.id, err)
			continue
		}
		for lang, text := range map[string]string{"bokmål": e.nb, "English for one": e.enOne, "bokmål for one": e.nbOne} {
			if text == "" {
				continue
			}
			got, err := placeholders(text)
			if err != nil {
				t.Errorf("%s: %s: %v", e.id, lang, err)
			} else if !slices.Equal(got, want) && !(strings.HasSuffix(lang, "for one") && omitsCount(text, got, want)) {
				t.Errorf("%s: the %s has the placeholders %v, the English %v:\n\t%s\n\t%s", e.id, lang, got, want, e.en, text)
			}
		}
	}
	// Every message compiles, in both languages: printer panics on one
	// that does not, which would otherwise be found only when printed.
	for _, e := range catalogue {
		for _, l := range []Lang{English, Bokmal} {
			compiled().printer(e.id, l)
		}
	}
}

// omitsCount reports whether a text for a count of one has the
// placeholders want but the count's (the first argument): "a revision"
// for "%d revisions". It must then number its placeholders (%[2]s), or
// x/text would take the count for the next one.
func omitsCount(text string, got, want []string) bool {
	rest := slices.DeleteFunc(slices.Clone(want), func(p string) bool { return strings.HasPrefix(p, "1:") })
	return slices.Equal(got, rest) && (len(rest) == 0 || strings.Contains(text, "%["))
}

// TestIDsInSource finds every message policysite makes (msg.T and
// msg.Errorf) in the module's source, and every message the CI scripts
// ask for (say <id> or ask <key> <id> in ci/*.sh, through policysite say),
// and checks that its ID is in the catalogue, and that every entry of the
// catalogue is made somewhere. An ID must be a string literal, so that
// none escapes the search.
func TestIDsInSource(t *testing.T) {
	root := filepath.Join("..", "..")
	used := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		inMsg := f.Name.Name == "msg"
		test := strings.HasSuffix(p, "_test.go")
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 || !isMaker(call.Fun, inMsg) {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: the ID of a message must be a string literal", fset.Position(call.Pos()))
				return true
			}
			id, _ := strconv.Unquote(lit.Value)
			if _, ok := compiled().entries[id]; !ok {
				t.Errorf("%s: %s is not in the catalogue", fset.Position(lit.Pos()), id)
			}
			if !test {
				used[id] = true
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	scripts, err := filepath.Glob(filepath.Join(root, "ci", "*.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range scripts {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range sayCalls(string(src)) {
			if !idForm.MatchString(c.id) {
				t.Errorf("%s:%d: say %s: the ID of a message must be written out in the script", p, c.line, c.id)
			} else if _, ok := compiled().entries[c.id]; !ok {
				t.Errorf("%s:%d: %s is not in the catalogue", p, c.line, c.id)
			}
			used[c.id] = true
		}
	}
	for _, e := range catalogue {
		if !used[e.id] {
			t.Errorf("%s is in the catalogue, but no code writes it", e.id)
		}
	}
}

// idForm is how an ID is written (TestCatalogue).
var idForm = regexp.MustCompile(`^[a-z0-9]+(?:[.-][a-z0-9]+)+$`)

// sayCall is a script's call of its say function, or of its ask function
// (ask KEY ID [ARG...], which queues the message for one policysite say
// --stdin): the ID it asks for, as written, and the line it is on.
type sayCall struct {
	id   string
	line int
}

// sayAt finds say, or ask and its key, where a command starts: at the
// start of a line, after ; & | ( { or $(, after the ) of a case's pattern,
// or after then, do or else. "$policysite" say, which the functions run,
// is not one.
var sayAt = regexp.MustCompile(`(?:^|[;&|(){]|\bthen|\bdo|\belse)[ \t]*(?:say|ask[ \t]+[^ \t;|&)]+)[ \t]+([^ \t;|&)]+)`)

// sayCalls lists the say commands of a shell script, comment lines aside.
func sayCalls(src string) []sayCall {
	var out []sayCall
	for i, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, m := range sayAt.FindAllStringSubmatch(line, -1) {
			out = append(out, sayCall{id: m[1], line: i + 1})
		}
	}
	return out
}

// TestSayCalls holds sayCalls to the ways the scripts call say.
func TestSayCalls(t *testing.T) {
	src := `say review.title
x=$(say review.revisions "$n")
{ echo; say review.new-revision "$path"; } >>"$out"
if a; then say review.check-ok; fi
  say "$id"
# say it in the log
"$policysite" say -- "$@"
echo "never say review.bogus here"
ask title review.title
  0) ask check review.check-ok ;;
if a; then ask "new.$i" review.new-revision "$path"; fi
"$policysite" say --stdin <"$tmp/asks" >"$tmp/said"
echo "never ask x review.bogus here"
`
	var got []string
	for _, c := range sayCalls(src) {
		got = append(got, fmt.Sprintf("%d:%s", c.line, c.id))
	}
	want := []string{"1:review.title", "2:review.revisions", "3:review.new-revision", "4:review.check-ok", "5:\"$id\"",
		"9:review.title", "10:review.check-ok", "11:review.new-revision"}
	if !slices.Equal(got, want) {
		t.Errorf("sayCalls = %q, want %q", got, want)
	}
}

// isMaker reports whether fun is msg.T or msg.Errorf (T or Errorf in
// package msg itself).
func isMaker(fun ast.Expr, inMsg bool) bool {
	name := ""
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && x.Name == "msg" {
			name = f.Sel.Name
		}
	case *ast.Ident:
		if inMsg {
			name = f.Name
		}
	}
	return name == "T" || name == "Errorf"
}

func TestIn(t *testing.T) {
	for _, tt := range []struct {
		text   Text
		en, nb string
	}{
		{T("msg.flag-unknown", "de"), `--messages "de" is not a language of the messages: use en or nb`, "--messages «de» er ikke et språk meldingene finnes på: bruk en eller nb"},
		// Numbers as written, not grouped as the language groups them: a
		// year is not 2,300 nor 2 300.
		{T("cmd.now.out-of-range", "--now 2300-01-01", 2300, 1990, 2200),
			"--now 2300-01-01 is the year 2300: policysite builds for days from 1990-01-01 to 2200-12-31; give the day to build for, e.g. --now 2026-11-26",
			"--now 2300-01-01 er i år 2300: policysite bygger for dager fra 1990-01-01 til 2200-12-31; oppgi dagen det skal bygges for, for eksempel --now 2026-11-26"},
		// A count chooses its form.
		{T("check.warnings", 1), "1 warning", "1 advarsel"},
		{T("check.warnings", 12345), "12345 warnings", "12345 advarsler"},
		{T("check.warnings", 0), "0 warnings", "0 advarsler"},
		// A form for one may leave the count out.
		{T("record.refuse-history", 1, "personvern", "2025-01-01", T("record.refuse-history.its")),
			"personvern has nothing on record, but a revision in force says it was published before today, on 2025-01-01; recording it now would start its history over, as if it were new",
			"personvern har ingenting i protokollen, men en gjeldende versjon sier at den ble publisert før i dag, 2025-01-01; å registrere den nå ville starte historikken på nytt, som om den var ny"},
		// A message inside a message is in the same language.
		{T("msg.flag-unknown", T("msg.flag-unknown", "x")), "", ""},
	} {
		if tt.en != "" && tt.text.In(English) != tt.en {
			t.Errorf("%s in English: %q, want %q", tt.text.ID, tt.text.In(English), tt.en)
		}
		if tt.nb != "" && tt.text.In(Bokmal) != tt.nb {
			t.Errorf("%s in bokmål: %q, want %q", tt.text.ID, tt.text.In(Bokmal), tt.nb)
		}
		if tt.en == "" && !strings.Contains(tt.text.In(Bokmal), "«--messages «x» er") {
			t.Errorf("%s: the inner message is not in bokmål: %s", tt.text.ID, tt.text.In(Bokmal))
		}
	}
}

func TestError(t *testing.T) {
	inner := os.ErrNotExist
	err := Errorf("msg.env-unknown", inner)
	if !errors.Is(err, os.ErrNotExist) {
		t.Error("Errorf does not wrap its error argument")
	}
	if got := String(err, Bokmal); !strings.HasPrefix(got, "POLICYSITE_MESSAGES=«file does not exist» er") {
		t.Errorf("String in bokmål: %s", got)
	}
	if got := String(fmt.Errorf("context: %w", err), Bokmal); !strings.HasPrefix(got, "context: POLICYSITE_MESSAGES=\"file") {
		t.Errorf("String of a wrapped message: %s", got)
	}
}

func TestChoose(t *testing.T) {
	for _, tt := range []struct {
		flag, site string
		env        map[string]string
		want       Lang
		err        bool
	}{
		{want: English},
		{env: map[string]string{"LANG": "nb_NO.UTF-8"}, want: Bokmal},
		{env: map[string]string{"LANG": "nb_NO.UTF-8", "LC_MESSAGES": "C"}, want: English},
		{env: map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "nn_NO.UTF-8"}, want: Bokmal},
		{env: map[string]string{"LANG": "no_NO"}, want: Bokmal},
		{site: "nn", env: map[string]string{"LANG": "en_US.UTF-8"}, want: Bokmal},
		{site: "en", env: map[string]string{"LANG": "nb_NO.UTF-8"}, want: English},
		{site: "nb", env: map[string]string{"POLICYSITE_MESSAGES": "en"}, want: English},
		{flag: "nb", site: "en", env: map[string]string{"POLICYSITE_MESSAGES": "en"}, want: Bokmal},
		{flag: "en", site: "nb", want: English},
		{flag: "sv", err: true},
		{flag: "sv", site: "nb", want: Bokmal, err: true},
		{env: map[string]string{"POLICYSITE_MESSAGES": "bokmål"}, err: true},
		{env: map[string]string{"POLICYSITE_MESSAGES": "bokmål", "LANG": "nn_NO"}, want: Bokmal, err: true},
	} {
		got, err := Choose(tt.flag, tt.site, func(k string) string { return tt.env[k] })
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("Choose(%q, %q, %v) = %v, %v; want %v, error %v", tt.flag, tt.site, tt.env, got, err, tt.want, tt.err)
		}
	}
}

// TestSay holds Say to what policysite say promises a script: its
// arguments as text, as given; a count read as a number, choosing the
// plural form; and an error, not a message, for an unknown ID, the wrong
// number of arguments or a count that is not a number.
func TestSay(t *testing.T) {
	for _, tt := range []struct {
		id     string
		args   []string
		en, nb string
		err    string // the error's ID
	}{
		{id: "review.title", en: "Policy review", nb: "Kontroll av forslaget"},
		{id: "review.revisions", args: []string{"1"}, en: "The change adds or edits 1 revision:", nb: "Forslaget legger til eller endrer 1 versjon:"},
		{id: "review.revisions", args: []string{"12"}, en: "The change adds or edits 12 revisions:", nb: "Forslaget legger til eller endrer 12 versjoner:"},
		{id: "review.new-revision", args: []string{"content/a%d-2027.md"}, en: "New revision: `content/a%d-2027.md`.", nb: "Ny versjon: `content/a%d-2027.md`."},
		{id: "review.preview", args: []string{"2027-01-15", "--dest x"}, en: "Preview of the site as it will look on 2027-01-15, every page marked as a preview: --dest x.",
			nb: "Forhåndsvisning av nettstedet slik det vil se ut fra 2027-01-15, med hver side merket som forhåndsvisning: --dest x."},
		{id: "review.bogus", err: "say.unknown"},
		{id: "review.revisions", err: "say.args"},
		{id: "review.title", args: []string{"x"}, err: "say.args"},
		{id: "review.revisions", args: []string{"many"}, err: "say.not-number"},
	} {
		text, err := Say(tt.id, tt.args)
		var e *Error
		switch {
		case tt.err != "":
			if !errors.As(err, &e) || e.ID != tt.err {
				t.Errorf("Say(%q, %q): error %v, want %s", tt.id, tt.args, err, tt.err)
			}
		case err != nil:
			t.Errorf("Say(%q, %q): %v", tt.id, tt.args, err)
		case text.In(English) != tt.en || text.In(Bokmal) != tt.nb:
			t.Errorf("Say(%q, %q) = %q, %q; want %q, %q", tt.id, tt.args, text.In(English), text.In(Bokmal), tt.en, tt.nb)
		}
	}
}
