package theme

import (
	"html/template"
	"testing"
)

// A template names a field wherever it is read: an action, a condition,
// a range or with and their else, a variable's field, a chain, an argument,
// another template of the set.
func TestNames(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{`{{.Body}}`, true},
		{`{{$.Body}}`, true},
		{`{{$p := .}}{{$p.Body}}`, true},
		{`{{(.Page).Body}}`, true},
		{`{{.Page.Body}}`, true},
		{`{{if .Body}}x{{end}}`, true},
		{`{{if .X}}{{else}}{{.Body}}{{end}}`, true},
		{`{{range .X}}{{else}}{{with .Y}}{{$.Body}}{{end}}{{end}}`, true},
		{`{{printf "%s" .Body}}`, true},
		{`{{template "t" .Body}}`, true},
		{`{{define "t"}}{{.Body}}{{end}}{{.WriteBody}}`, true},
		{`{{.WriteBody}}`, false},
		{`{{.Bodies}} {{"Body"}} Body {{/* .Body */}}`, false},
		{``, false},
	} {
		tpl, err := template.New("page").Parse(tt.text)
		if err != nil {
			t.Fatalf("%s: %v", tt.text, err)
		}
		if got := names(tpl, "Body"); got != tt.want {
			t.Errorf("%s: names Body %v, want %v", tt.text, got, tt.want)
		}
	}
}

// The default theme makes a revision's text in place, and no template of
// its pages reads the text as a value.
func TestDefaultNamesNoBody(t *testing.T) {
	th, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range kinds {
		if th.Names(kind, "Body") {
			t.Errorf("the default %s.html (or base.html) names Body: its pages make their text twice", kind)
		}
	}
	if !th.Names("no such kind", "Body") {
		t.Error("a kind the theme has no page for names everything, to be safe")
	}
}
