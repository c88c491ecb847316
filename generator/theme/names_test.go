package theme

import (
	"html/template"
	"io"
	"sync"
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
		{`{{range $i, $e := .Body}}{{end}}`, true},
		{`{{block "b" .}}{{.Body}}{{end}}`, true},
		{`{{with .X}}{{else with .Y}}{{$.Body}}{{end}}`, true},
		// The page whole: printed, handed to a function, or held by a
		// variable that is.
		{`<script type="application/json">{{.}}</script>`, true},
		{`{{$}}`, true},
		{`{{$p := .}}{{printf "%v" $p}}`, true},
		{`{{$p := $}}{{$q := $p}}{{with .X}}{{$q}}{{end}}`, true},
		{`{{with .}}{{.}}{{end}}`, true},
		{`{{define "t"}}{{.}}{{end}}{{template "t" .X}}`, true}, // t's dot is taken to be the page
		{`{{.WriteBody}}`, false},
		{`{{.Bodies}} {{"Body"}} Body {{/* .Body */}}`, false},
		{`{{$p := .}}{{$p.Title}}`, false},
		{`{{with .X}}{{.}}{{end}}{{range .Y}}{{$n := .}}{{$n}}{{.}}{{end}}`, false},
		{`{{template "main" .}}{{define "main"}}{{.Title}}{{end}}`, false},
		{``, false},
	} {
		tpl, err := template.New("page").Parse(tt.text)
		if err != nil {
			t.Fatalf("%s: %v", tt.text, err)
		}
		n := namesOf(tpl)
		if got := n.whole || n.idents["Body"]; got != tt.want {
			t.Errorf("%s: names Body %v, want %v", tt.text, got, tt.want)
		}
	}
}

// Names is answered from what the theme's loading found, not from the
// trees html/template rewrites at a kind's first page: pages made at once
// ask it while others are executed (go test -race).
func TestNamesWhilePagesAreMade(t *testing.T) {
	th, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				if th.Names(KindRevision, "Body") {
					t.Error("the default revision.html names Body")
				}
				_ = th.Execute(io.Discard, KindRevision, nil) // fails on nil data, after the escaping
			}
		})
	}
	wg.Wait()
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
