package generator

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"policysite/templates"
)

// The company's look from site.yaml: the logo is copied to the output and
// shown in every page's header with the site's title as its text; the
// accent is written into the stylesheet, which the pages load, and nowhere
// else. Every page names the theme's icon, which is in the output.
func TestLook(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	logo, err := os.ReadFile("../examples/demo/fjordvarme-logo.svg")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(files["logo.svg"], logo) {
		t.Error("logo.svg is not the demo's logo")
	}
	icon, _ := templates.FS.ReadFile("favicon.svg")
	if len(icon) == 0 || !bytes.Equal(files["favicon.svg"], icon) {
		t.Error("favicon.svg is not the theme's icon")
	}
	css := string(files["style.css"])
	if !strings.HasSuffix(css, ":root { --accent: #007d74; }\n") || !strings.Contains(css, "--link: var(--accent, #0b57a4)") {
		t.Errorf("the accent is not at the end of style.css:\n%s", css[max(0, len(css)-300):])
	}
	for name, page := range map[string]string{"index.html": "", "personvern/2019-03-01/index.html": "../../", "en/personvern/index.html": "../../", "404.html": "/"} {
		data := string(files[name])
		title := "Fjordvarme AS – personvern" // the site's title in the page's language
		if strings.HasPrefix(name, "en/") {
			title = "Privacy at Fjordvarme AS"
		}
		if !strings.Contains(data, `<a class="site-title" href="`) || !strings.Contains(data, `<img class="logo" src="`+page+`logo.svg" alt="`+title+`"></a>`) {
			t.Errorf("%s: no logo in the header", name)
		}
		if !strings.Contains(data, `<link rel="icon" href="`+page+`favicon.svg" type="image/svg+xml">`) {
			t.Errorf("%s: no icon", name)
		}
		if strings.Contains(data, "#007d74") {
			t.Errorf("%s: the accent is in the page, not only in the stylesheet", name)
		}
	}

	// Without them, the title is the header's text and the stylesheet
	// the theme's.
	plain := generate(t, "testdata/basic", "2026-11-26")
	theme, _ := templates.FS.ReadFile("style.css")
	if !bytes.Equal(plain["style.css"], theme) {
		t.Error("style.css is not the theme's, without an accent")
	}
	if _, ok := plain["logo.svg"]; ok {
		t.Error("a logo without logo:")
	}
	if !strings.Contains(string(plain["index.html"]), `<a class="site-title" href="./">Eksempel AS – personvern</a>`) {
		t.Error("the header lacks the site's title")
	}
}
