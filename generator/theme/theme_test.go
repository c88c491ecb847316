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
		if got := th.Strings(lang).Date(day); got != want {
			t.Errorf("%s date %q, want %q", lang, got, want)
		}
	}
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
