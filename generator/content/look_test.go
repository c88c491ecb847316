package content

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// WCAG's own examples: black on white is 21:1, and #767676 is the lightest
// grey with 4.5:1 on white.
func TestContrast(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want float64
	}{{"#000000", "#ffffff", 21}, {"#ffffff", "#ffffff", 1}, {"#767676", "#ffffff", 4.54}, {"#ffffff", "#767676", 4.54}} {
		if got := Contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

// accent: is a colour whose contrast as the colour of links is checked
// against every background of the theme that links are on; each problem
// is reported at its line, with a fix that works.
func TestAccent(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // the accepted colour, or part of the one error
		fix        string
	}{
		{"six digits", `accent: "#007d74"`, "#007d74", ""},
		{"capitals", `accent: "#007D74"`, "#007d74", ""},
		{"three digits", `accent: "#036"`, "#003366", ""},
		{"none", ``, "", ""},
		{"unquoted, a comment in YAML", `accent: #00857c`, "accent is empty", `accent: "#00857c" (in YAML a # without quotes`},
		{"a name", `accent: teal`, `accent "teal" is not a colour written as #rgb or #rrggbb`, `accent: "#00857c"`},
		{"rgb()", `accent: "rgb(0, 133, 124)"`, "is not a colour written as", "#rrggbb"},
		{"eight digits", `accent: "#00857cff"`, "is not a colour written as", "#rrggbb"},
		// On white it has 4.52:1; on the panels' grey too little.
		{"too light on a panel", `accent: "#00857c"`, "accent #00857c has a contrast of 4.11:1 with #f3f4f6, the background of the panels (the footer, the contents), where it colours links; text needs at least 4.5:1", `accent: "#007d74"`},
		{"too light", `accent: "#7fb2e5"`, "has a contrast of 2.03:1", `choose a darker colour, e.g. accent: "#527394"`},
		{"a list", `accent: ["#007d74"]`, "accent must be a single line of text", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			c := parseConfig(diags{file: "site.yaml", list: &errs}, []byte("title: T\nbaseURL: https://x.no/\n"+tt.yaml+"\n"), themeLangs)
			if strings.HasPrefix(tt.want, "#") || tt.want == "" {
				if len(errs) > 0 || c.Accent != tt.want {
					t.Errorf("got %q, %v; want %q accepted", c.Accent, errs, tt.want)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Message.String(), tt.want) || !strings.Contains(errs[0].Fix.String(), tt.fix) || errs[0].Line != 3 {
				t.Errorf("got %v\nwant one diagnostic at line 3 with %q, fix %q", errs, tt.want, tt.fix)
			}
			if c.Accent != "" {
				t.Errorf("a refused accent is kept: %q", c.Accent)
			}
		})
	}
	// The fix's colour is accepted, and the message reads in bokmål.
	var errs diag.List
	parseConfig(diags{file: "site.yaml", list: &errs}, []byte("title: T\nbaseURL: https://x.no/\naccent: \"#7fb2e5\"\n"), themeLangs)
	fix := errs[0].Fix.String()
	suggested := fix[strings.Index(fix, `"`)+1 : strings.LastIndex(fix, `"`)]
	if ratio, _, _ := worstContrast(suggested); ratio < MinContrast || suggested == "#000000" {
		t.Errorf("the fix suggests %s, with %.2f:1", suggested, ratio)
	}
	if nb := errs[0].Message.In(msg.Bokmal); !strings.Contains(nb, "har en kontrast på ") || !strings.Contains(nb, "2,03:1 mot #f3f4f6, bakgrunnen til feltene") {
		t.Errorf("in bokmål: %s", nb)
	}
}

const (
	goodSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)" style="fill: url(#g)"/><use href="#g"/><text>AS</text></svg>`
	pngHeader = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
)

// logo: is an SVG or PNG file in the site folder that is what it says it
// is, and an SVG that only draws; each problem is reported at logo: in
// site.yaml.
func TestLogo(t *testing.T) {
	tests := []struct {
		name, logo, file, data string
		want                   string // the output name, or part of the one error
	}{
		{"svg", "images/logo.svg", "images/logo.svg", goodSVG, "logo.svg"},
		{"png", "logo.PNG", "logo.PNG", pngHeader, "logo.png"},
		{"gif", "logo.gif", "logo.gif", "GIF89a", `logo "logo.gif" is not an SVG or PNG file`},
		{"empty", `""`, "x", "", "logo is empty"},
		{"outside", "../logo.svg", "x", "", `logo "../logo.svg" is outside the site folder`},
		{"missing", "logo.svg", "other.svg", goodSVG, "cannot read the logo logo.svg"},
		{"png that is not", "logo.png", "logo.png", goodSVG, "the logo logo.png: the file is not a PNG image"},
		{"svg that is not", "logo.svg", "logo.svg", pngHeader, "the file is not an SVG image"},
		{"svg without its namespace", "logo.svg", "logo.svg", `<svg viewBox="0 0 1 1"/>`, "root element is not <svg"},
		{"html", "logo.svg", "logo.svg", `<html xmlns="http://www.w3.org/2000/svg"/>`, "root element is not <svg"},
		{"script", "logo.svg", "logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, "the image has <script>: a logo may not run anything"},
		{"event handler", "logo.svg", "logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, "the image has onload="},
		{"html inside", "logo.svg", "logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>`, "the image has <foreignObject>"},
		{"entity", "logo.svg", "logo.svg", `<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>`, "the image has <!ENTITY"},
		{"another host", "logo.svg", "logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/x.png"/></svg>`, "the image refers to https://evil.example/x.png"},
		{"another file", "logo.svg", "logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"><use href="sprite.svg#a"/></svg>`, "refers to sprite.svg#a"},
		{"css url", "logo.svg", "logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url( 'https://x.example/a' )"/></svg>`, "refers to url( 'https://x.example/a'"},
		{"css import", "logo.svg", "logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://x.example/a.css";</style></svg>`, "refers to @import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, data string) {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("site.yaml", "title: T\nbaseURL: https://x.no/\nlogo: "+tt.logo+"\n")
			write("content/personvern/2025-01-01.md", "---\ntitle: P\nsummary: S.\n---\nTekst.\n")
			write(tt.file, tt.data)
			site, err := Load(dir, Options{Languages: themeLangs})
			if !strings.Contains(tt.want, " ") {
				if err != nil || site.Config.Logo.Name != tt.want || string(site.Config.Logo.Data) != tt.data {
					t.Errorf("got %+v, %v; want %s", site.Config.Logo, err, tt.want)
				}
				return
			}
			errs, _ := err.(diag.List)
			if len(errs) != 1 || !strings.Contains(errs[0].Message.String(), tt.want) || errs[0].Line != 3 || !strings.HasSuffix(errs[0].File, "site.yaml") {
				t.Errorf("got %v\nwant one diagnostic at site.yaml:3 with %q", err, tt.want)
			}
			if site != nil && site.Config.Logo.Name != "" {
				t.Errorf("a refused logo is kept: %+v", site.Config.Logo)
			}
		})
	}
}

// A changed logo is a changed site: serve rebuilds.
func TestLogoInFingerprint(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://x.no/\nlogo: logo.svg\n",
		"content/personvern/2025-01-01.md": "---\ntitle: P\nsummary: S.\n---\nTekst.\n",
		"logo.svg":                         goodSVG,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, err := Load(dir, Options{Languages: themeLangs})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "logo.svg"), []byte(strings.Replace(goodSVG, "AS", "BS", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Load(dir, Options{Languages: themeLangs})
	if err != nil {
		t.Fatal(err)
	}
	if a.Fingerprint() == b.Fingerprint() {
		t.Error("the fingerprint does not change with the logo")
	}
}

// The files site.yaml names are known whether or not they could be read:
// serve watches them, and a mend of a refused logo is a change.
func TestNamedFiles(t *testing.T) {
	for _, tt := range []struct {
		yaml string
		want []string
	}{
		{"", nil},
		{"logo: images/logo.svg\n", []string{"images/logo.svg"}},
		{"logo: ./images/../logo.png\ntimestampRoots: certs/roots.pem\n", []string{"certs/roots.pem", "logo.png"}},
		{"logo: ../logo.svg\n", nil},
	} {
		var errs diag.List
		c := parseConfig(diags{file: "site.yaml", list: &errs}, []byte("title: T\nbaseURL: https://x.no/\n"+tt.yaml), themeLangs)
		got := slices.Sorted(slices.Values(c.NamedFiles()))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: NamedFiles %q, want %q", tt.yaml, got, tt.want)
		}
	}
	// A logo that is refused is still named.
	dir := t.TempDir()
	for name, data := range map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://x.no/\nlogo: logo.svg\n",
		"content/personvern/2025-01-01.md": "---\ntitle: P\nsummary: S.\n---\nTekst.\n",
		"logo.svg":                         `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, err := Load(dir, Options{Languages: themeLangs})
	if site == nil {
		t.Fatal(err)
	}
	if err == nil || site.Config.Logo.Name != "" || !slices.Equal(site.Config.NamedFiles(), []string{"logo.svg"}) {
		t.Errorf("a refused logo: %v, NamedFiles %q", err, site.Config.NamedFiles())
	}
}
