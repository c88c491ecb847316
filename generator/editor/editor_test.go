package editor_test

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/editor"
	"policysite/generator/headers"
	"policysite/internal/browsertest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func load(t *testing.T, block string) *content.Site {
	t.Helper()
	site, _, err := generator.Load(demoWithEditor(t, block))
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// TestConfigGolden keeps the demo's configuration in testdata/demo.yml, so
// that a change to it is seen in review.
func TestConfigGolden(t *testing.T) {
	got, err := editor.Config(load(t, "editor:\n  backend: github\n  repo: fjordvarme/personvern\n"), editor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "demo.yml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the configuration differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

type cmsConfig struct {
	Backend map[string]any `yaml:"backend"`
	I18n    *struct {
		Locales       []string `yaml:"locales"`
		DefaultLocale string   `yaml:"default_locale"`
		Omit          bool     `yaml:"omit_default_locale_from_file_path"`
	} `yaml:"i18n"`
	PublishMode string `yaml:"publish_mode"`
	Collections []struct {
		Name   string `yaml:"name"`
		Folder string `yaml:"folder"`
		Create bool   `yaml:"create"`
		Delete bool   `yaml:"delete"`
		Slug   struct {
			Template string `yaml:"template"`
		} `yaml:"slug"`
		Fields []struct {
			Name     string `yaml:"name"`
			Widget   string `yaml:"widget"`
			Required *bool  `yaml:"required"`
			Hint     string `yaml:"hint"`
			Default  any    `yaml:"default"`
			Options  []struct {
				Label, Value string
			} `yaml:"options"`
		} `yaml:"fields"`
	} `yaml:"collections"`
}

// TestConfigFollowsContract reads the configuration back and holds it to
// the content contract that check enforces: the documents, the
// languages, the front-matter keys and reasons, the file name.
func TestConfigFollowsContract(t *testing.T) {
	site := load(t, "editor:\n  backend: gitlab\n  repo: fjordvarme/nett/personvern\n  branch: publisert\n  folder: nettsted/\n  appID: abc123\n  host: https://git.fjordvarme.example\n")
	data, err := editor.Config(site, editor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var c cmsConfig
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	wantBackend := map[string]any{"name": "gitlab", "repo": "fjordvarme/nett/personvern", "branch": "publisert",
		"auth_type": "pkce", "app_id": "abc123", "base_url": "https://git.fjordvarme.example", "api_root": "https://git.fjordvarme.example/api/v4"}
	for k, v := range wantBackend {
		if c.Backend[k] != v {
			t.Errorf("backend %s = %v, want %v", k, c.Backend[k], v)
		}
	}
	if c.PublishMode != "editorial_workflow" {
		t.Errorf("publish_mode = %q: proposals must be pull or merge requests", c.PublishMode)
	}
	if c.I18n == nil || !slices.Equal(c.I18n.Locales, site.Config.Languages) || c.I18n.DefaultLocale != site.Config.Language || !c.I18n.Omit {
		t.Errorf("i18n = %+v, want the site's languages %v, %s's files without a suffix", c.I18n, site.Config.Languages, site.Config.Language)
	}
	var names []string
	keys := content.FrontMatterKeys()
	for _, col := range c.Collections {
		names = append(names, col.Name)
		if col.Folder != "nettsted/content/"+col.Name {
			t.Errorf("collection %s: folder %q, want nettsted/content/%s", col.Name, col.Folder, col.Name)
		}
		if col.Slug.Template != "{{effective}}" || !col.Create || col.Delete {
			t.Errorf("collection %s: slug %q, create %v, delete %v: files are named by the day they take effect, and published ones stay", col.Name, col.Slug.Template, col.Create, col.Delete)
		}
		seen := map[string]bool{}
		for _, f := range col.Fields {
			seen[f.Name] = true
			if f.Name != "body" && !slices.Contains(keys, f.Name) {
				t.Errorf("collection %s: field %s is no front-matter key check accepts (%v)", col.Name, f.Name, keys)
			}
			if f.Hint == "" {
				t.Errorf("collection %s: field %s has no hint", col.Name, f.Name)
			}
			if f.Name == "reason" {
				var values []content.Reason
				for _, o := range f.Options {
					values = append(values, content.Reason(o.Value))
					if len(o.Label) < 40 {
						t.Errorf("reason %s: %q does not explain itself", o.Value, o.Label)
					}
				}
				if !slices.Equal(values, content.Reasons) {
					t.Errorf("reason options %v, want %v", values, content.Reasons)
				}
			}
			optional := f.Required != nil && !*f.Required
			if optional != (f.Name == "urgent" || f.Name == "correction" || f.Name == "immaterial") {
				t.Errorf("collection %s: field %s required = %v", col.Name, f.Name, !optional)
			}
		}
		for _, k := range []string{"title", "summary", "reason", "effective", "published", "urgent", "correction", "immaterial", "body"} {
			if !seen[k] {
				t.Errorf("collection %s has no field %s", col.Name, k)
			}
		}
	}
	if !slices.Equal(names, site.Docs()) {
		t.Errorf("collections %v, want one per document %v", names, site.Docs())
	}
}

// TestConfigValidates checks every kind of configuration against the
// editor's own schema (from the test tools).
func TestConfigValidates(t *testing.T) {
	schemaFile := browsertest.Tool(t, "@sveltia/cms/schema/sveltia-cms.json")
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sveltia-cms.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sveltia-cms.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, block, backend string }{
		{"one language", "", editor.TestBackend}, // the repository's own site, below
		{"github", "editor:\n  backend: github\n  repo: fjordvarme/personvern\n", ""},
		{"gitlab pkce", "editor:\n  backend: gitlab\n  repo: fjordvarme/nett/personvern\n  appID: abc123\n  host: https://git.fjordvarme.example\n", ""},
		{"gitlab token", "editor:\n  backend: gitlab\n  repo: fjordvarme/personvern\n  folder: nettsted\n", ""},
		{"test", "", editor.TestBackend},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := load(t, tc.block)
			if tc.name == "one language" {
				var err error
				if site, _, err = generator.Load(filepath.Join("..", "..")); err != nil {
					t.Fatal(err)
				}
				if len(site.Config.Languages) != 1 {
					t.Fatalf("the repository's site has the languages %v: the case wants one", site.Config.Languages)
				}
			}
			data, err := editor.Config(site, editor.Options{Backend: tc.backend})
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if err := yaml.Unmarshal(data, &v); err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err != nil {
				t.Errorf("%v\n%s", err, data)
			}
		})
	}
}

// TestScriptPinned holds the page's integrity hash to the release the
// test tools install, so that moving to another release cannot forget it.
func TestScriptPinned(t *testing.T) {
	script, err := os.ReadFile(browsertest.Tool(t, "@sveltia/cms/dist/sveltia-cms.js"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha512.Sum384(script)
	if got := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); got != editor.Integrity {
		t.Errorf("the installed @sveltia/cms has integrity %s; editor.Integrity is %s: change Version and Integrity together", got, editor.Integrity)
	}
	pkg, err := os.ReadFile(browsertest.Tool(t, "@sveltia/cms/package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(pkg, []byte(`"version": "`+editor.Version+`"`)) {
		t.Errorf("the test tools install another release than %s: make package.json and editor.Version agree", editor.Version)
	}
}

// TestBuildWritesEditor: the editor is in the output only when site.yaml
// asks for it, outside the sitemap, with its policy for its folder alone.
func TestBuildWritesEditor(t *testing.T) {
	day, _ := time.Parse(content.DateLayout, "2026-11-26")
	clock := content.Clock{Day: day, Real: day}
	build := func(block string) map[string][]byte {
		l, err := generator.LoadChecked(demoWithEditor(t, block), clock)
		if err != nil {
			t.Fatal(err)
		}
		var out generator.Files
		if _, err := generator.Generate(l, &out, generator.GenerateOptions{}); err != nil {
			t.Fatal(err)
		}
		return out.Map()
	}
	plain := build("")
	for name := range plain {
		if strings.HasPrefix(name, editor.Dir+"/") {
			t.Errorf("a site without editor: has %s", name)
		}
	}
	files := build("editor:\n  backend: github\n  repo: fjordvarme/personvern\n")
	page := string(files["admin/index.html"])
	for _, want := range []string{`<script src="` + editor.ScriptURL + `" integrity="`, `crossorigin="anonymous"`, `<meta name="robots" content="noindex, nofollow">`, `<html lang="nb">`, `rel="cms-config-url"`} {
		if !strings.Contains(page, want) {
			t.Errorf("admin/index.html lacks %s:\n%s", want, page)
		}
	}
	if len(files["admin/config.yml"]) == 0 {
		t.Error("no admin/config.yml")
	}
	if bytes.Contains(files["sitemap.xml"], []byte("admin")) {
		t.Error("the sitemap lists the editor")
	}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "admin/") && bytes.Contains(data, []byte("admin/")) {
			t.Errorf("%s links to the editor, which is no part of what visitors load", name)
		}
	}
	site := headers.Parse(files[headers.File]).For("/personvern/")["Content-Security-Policy"]
	admin := headers.Parse(files[headers.File]).For("/admin/")["Content-Security-Policy"]
	if len(site) != 1 || strings.Contains(site[0], "unpkg") || !strings.Contains(site[0], "script-src 'self'") {
		t.Errorf("the pages' policy changed: %q", site)
	}
	if len(admin) != 1 || admin[0] != editor.Policy(nil) {
		t.Errorf("the editor's policy is %q, want only %q", admin, editor.Policy(nil))
	}
	if coop := headers.Parse(files[headers.File]).For("/admin/")["Cross-Origin-Opener-Policy"]; len(coop) != 1 || coop[0] != editor.OpenerPolicy {
		t.Errorf("the editor's Cross-Origin-Opener-Policy is %q, want only %q", coop, editor.OpenerPolicy)
	}
	if coop := headers.Parse(files[headers.File]).For("/personvern/")["Cross-Origin-Opener-Policy"]; len(coop) != 1 || coop[0] != "same-origin" {
		t.Errorf("the pages' Cross-Origin-Opener-Policy changed: %q", coop)
	}
	if !bytes.Equal(plain["_headers"], files["_headers"][:len(plain["_headers"])]) {
		t.Error("the editor changed the site's own header rules")
	}
}

// TestNginxExample keeps examples/nginx.conf's policy for the editor the
// one the build gives it.
func TestNginxExample(t *testing.T) {
	conf, err := os.ReadFile(filepath.Join("..", "..", "examples", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`add_header Content-Security-Policy "` + editor.Policy(nil) + `" always;`, `add_header Cross-Origin-Opener-Policy "` + editor.OpenerPolicy + `" always;`} {
		if !bytes.Contains(conf, []byte(want)) {
			t.Errorf("examples/nginx.conf lacks the editor's\n%s", want)
		}
	}
}
