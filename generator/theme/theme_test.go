package theme

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"policysite/internal/sitegen"
)

func TestDefaultTheme(t *testing.T) {
	th, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(th.Languages(), " "); got != "en nb nn" {
		t.Errorf("languages %q", got)
	}
	if len(th.Static("style.css")) == 0 {
		t.Error("no style.css")
	}
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"nb": "26. november 2026", "nn": "26. november 2026", "en": "26 November 2026"} {
		if got := th.Strings(lang).PlainDate(day); got != want {
			t.Errorf("%s plain date %q, want %q", lang, got, want)
		}
		// On a page, a line never breaks inside a date.
		if got, want := th.Strings(lang).Date(day), strings.ReplaceAll(want, " ", "\u00a0"); got != want {
			t.Errorf("%s date %q, want %q", lang, got, want)
		}
	}
}

// Each count takes the form its language's plural rule gives it, from
// the words key.one, key.other …, with other for a form a language's words
// lack, and the key itself for a word with no forms.
func TestPlural(t *testing.T) {
	th, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang string
		n    int
		key  string
		want string
	}{
		{"nb", 0, "diff.links", "%d lenker endret"},
		{"nb", 1, "diff.links", "%d lenke endret"},
		{"nb", 2, "diff.links", "%d lenker endret"},
		{"nb", 21, "diff.links", "%d lenker endret"},
		{"nn", 1, "diff.inserted", "%d ord lagt til"},
		{"nn", 12, "diff.inserted", "%d ord lagde til"},
		{"nn", 1, "diff.links", "%d lenkje endra"},
		{"nn", 3, "diff.links", "%d lenkjer endra"},
		{"en", 1, "diff.links", "%d link changed"},
		{"en", 0, "diff.links", "%d links changed"},
		{"en", 101, "diff.links", "%d links changed"},
		{"en", 1, "diff.notShown", "%d unchanged section is not shown."},
		{"en", 1, "skip", "Skip to content"}, // a word with no forms
		{"en", 1, "nothing", "[nothing]"},
	}
	for _, tt := range tests {
		if got := th.Strings(tt.lang).N(tt.key, tt.n); got != tt.want {
			t.Errorf("%s N(%q, %d) = %q, want %q", tt.lang, tt.key, tt.n, got, tt.want)
		}
	}

	// A site's own words: Polish has few and many, Japanese other alone;
	// a form the words lack is other.
	dir := t.TempDir()
	months := "months: [a, b, c, d, e, f, g, h, i, j, k, l]\ndate: \"{d}\"\n"
	nb := string(mustRead(t, th, "i18n/nb.yaml"))
	sitegen.FilesIn(t, dir, map[string]string{
		"i18n/pl.yaml": "name: Polski\n" + months + "words:\n" + wordsOf(nb, "pl") + "  x.one: \"%d rzecz\"\n  x.few: \"%d rzeczy\"\n  x.other: \"%d rzeczy (other)\"\n",
		"i18n/ja.yaml": "name: 日本語\n" + months + "words:\n" + wordsOf(nb, "ja") + "  x.other: \"%d 件\"\n",
	})
	site, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{"pl", 1, "%d rzecz"}, {"pl", 3, "%d rzeczy"}, {"pl", 5, "%d rzeczy (other)"}, // many: none, so other
		{"ja", 1, "%d 件"}, {"ja", 2, "%d 件"},
	} {
		if got := site.Strings(tt.lang).N("x", tt.n); got != tt.want {
			t.Errorf("%s N(x, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}

	// A plural word without its other form is refused.
	bad := t.TempDir()
	sitegen.FilesIn(t, bad, map[string]string{"i18n/ja.yaml": "name: 日本語\n" + months + "words:\n" + wordsOf(nb, "ja") + "  x.one: \"%d ting\"\n"})
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "x.one has no x.other") {
		t.Errorf("a word with one and no other: %v", err)
	}
}

func mustRead(t *testing.T, th *Theme, name string) []byte {
	t.Helper()
	b, err := th.Read(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wordsOf is the words of a language file (the lines under words:), for a
// language of a test, each word's plural forms but other left out where
// lang's rule has no one (as a Japanese file would).
func wordsOf(file, lang string) string {
	_, words, _ := strings.Cut(file, "words:\n")
	if lang != "ja" {
		return words
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(words, "\n") {
		if key, _, _ := strings.Cut(strings.TrimSpace(line), ":"); strings.HasSuffix(key, ".one") {
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}

func TestOverride(t *testing.T) {
	dir := t.TempDir()
	sitegen.FilesIn(t, dir, map[string]string{"404.html": `{{define "main"}}<p>Borte!</p>{{end}}`, "style.css": "body{}"})
	th, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if main := th.pages[KindNotFound].Lookup("main"); main == nil || !strings.Contains(main.Tree.Root.String(), "Borte!") {
		t.Error("404.html was not overridden")
	}
	if th.pages[KindDiff].Lookup("main") == nil {
		t.Error("the other pages lost their default templates")
	}
	if string(th.Static("style.css")) != "body{}" {
		t.Error("style.css was not overridden")
	}
}

// The fingerprint (serve's cue to rebuild) tells themes apart by every
// file the pages are made with, the default theme's compare.wasm among
// them, and is the same for the same files.
// The fingerprint and the cache's key (HashKey) tell themes apart: an
// override of any file changes both.
func TestFingerprint(t *testing.T) {
	load := func(files map[string]string) (fingerprint, key string) {
		dir := t.TempDir()
		sitegen.FilesIn(t, dir, files)
		th, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		return th.Fingerprint(), string(th.HashKey())
	}
	base, baseKey := load(nil)
	if again, againKey := load(nil); again != base || againKey != baseKey {
		t.Errorf("the default theme has two fingerprints or keys")
	}
	keys := map[string]bool{baseKey: true}
	for _, files := range []map[string]string{
		{"style.css": "body{}"},
		{"style.css": "body{ }"},
		{"404.html": `{{define "main"}}<p>Borte!</p>{{end}}`},
		{CompareWasm: "\x00asm"},
	} {
		got, key := load(files)
		if got == base {
			t.Errorf("overriding %v leaves the fingerprint", files)
		}
		if keys[key] {
			t.Errorf("overriding %v gives a key met before", files)
		}
		keys[key] = true
	}
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		file, data, want string
	}{
		{"diff.html", `{{define "main"}}{{if}}{{end}}`, "diff.html"},
		{"i18n/de.yaml", "name: Deutsch\nmonths: [a, b, c, d, e, f, g, h, i, j, k, l]\ndate: \"{d}\"\nwords:\n  skip: Zum Inhalt\n", "missing words"},
		{"i18n/nb.yaml", "name: x\nmonths: [a]\ndate: x\n", "12 month names"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		sitegen.FilesIn(t, dir, map[string]string{tt.file: tt.data})
		_, err := Load(dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), filepath.Join(dir, filepath.FromSlash(tt.file))) {
			t.Errorf("%s: got %v, want an error naming the file and %q", tt.file, err, tt.want)
		}
	}
}
