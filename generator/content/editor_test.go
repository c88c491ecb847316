package content

import (
	"strings"
	"testing"

	"policysite/generator/diag"
)

// The editor: block ends up in the editor's configuration and page: each
// value must have the form it has on the Git host, or be refused at its
// line.
func TestParseEditor(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string  // part of the one diagnostic; "" if accepted
		ed         *Editor // what an accepted block gives
	}{
		{"github", "  backend: github\n  repo: akershusenergi/personvern", "", &Editor{Backend: "github", Repo: "akershusenergi/personvern", Branch: "main"}},
		{"gitlab all", "  backend: gitlab\n  repo: a/b/c\n  branch: publisert\n  folder: nettsted/\n  appID: 0a1B\n  host: https://git.x.no/",
			"", &Editor{Backend: "gitlab", Repo: "a/b/c", Branch: "publisert", Folder: "nettsted", AppID: "0a1B", Host: "https://git.x.no"}},
		{"folder root", "  backend: github\n  repo: a/b\n  folder: .", "", &Editor{Backend: "github", Repo: "a/b", Branch: "main"}},
		{"no backend", "  repo: a/b", "has no backend", nil},
		{"unknown backend", "  backend: bitbucket\n  repo: a/b", `unknown editor backend "bitbucket"`, nil},
		{"no repo", "  backend: github", "has no repo", nil},
		{"github subgroup", "  backend: github\n  repo: a/b/c", "is not a repository name", nil},
		{"repo url", "  backend: github\n  repo: https://github.com/a/b", "is not a repository name", nil},
		{"repo dots", "  backend: gitlab\n  repo: a/../b", "is not a repository name", nil},
		{"repo quote", "  backend: github\n  repo: \"a/b'\"", "is not a repository name", nil},
		{"branch space", "  backend: github\n  repo: a/b\n  branch: \"main x\"", "is not a branch name", nil},
		{"branch dots", "  backend: github\n  repo: a/b\n  branch: a..b", "is not a branch name", nil},
		{"folder absolute", "  backend: github\n  repo: a/b\n  folder: /srv/x", "is not a folder in the repository", nil},
		{"folder outside", "  backend: github\n  repo: a/b\n  folder: ../x", "is not a folder in the repository", nil},
		{"folder template", "  backend: github\n  repo: a/b\n  folder: \"{{x}}\"", "is not a folder in the repository", nil},
		{"appID on github", "  backend: github\n  repo: a/b\n  appID: abc", "appID is for backend: gitlab", nil},
		{"appID odd", "  backend: gitlab\n  repo: a/b\n  appID: \"a b\"", "is not a GitLab application ID", nil},
		{"host http", "  backend: gitlab\n  repo: a/b\n  host: http://git.x.no", "is not the https address", nil},
		{"host path", "  backend: gitlab\n  repo: a/b\n  host: https://git.x.no/api/v4", "is not the https address", nil},
		{"unknown key", "  backend: github\n  repo: a/b\n  repository: a/b", `unknown key "repository"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			c := parseConfig(diags{file: "site.yaml", list: &errs}, []byte("title: T\nbaseURL: https://x.no/\neditor:\n"+tt.yaml+"\n"), themeLangs)
			if tt.want == "" {
				if len(errs) > 0 || c.Editor == nil || *c.Editor != *tt.ed {
					t.Errorf("got %+v, %v; want %+v", c.Editor, errs, tt.ed)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Message.String(), tt.want) || errs[0].Fix.IsZero() || errs[0].Line < 3 {
				t.Errorf("got %v\nwant one diagnostic with %q at its line, with a fix", errs, tt.want)
			}
		})
	}
}

// effective: repeats the file name's day; a file whose name and key
// disagree is refused, with both ways out.
func TestEffectiveKey(t *testing.T) {
	_, errs := parseOne(t, "---\ntitle: T\nsummary: S\neffective: 2026-11-26\n---\nTekst\n")
	if len(errs) != 0 {
		t.Errorf("the file's own day is refused: %v", errs)
	}
	_, errs = parseOne(t, "---\ntitle: T\nsummary: S\neffective: 2027-01-01\n---\nTekst\n")
	if len(errs) != 1 || errs[0].Line != 4 || !strings.Contains(errs[0].Message.String(), "effective 2027-01-01 is not the day in the file name (2026-11-26)") ||
		!strings.Contains(errs[0].Fix.String(), "rename the file to 2027-01-01.md") || !strings.Contains(errs[0].Fix.String(), "effective: 2026-11-26") {
		t.Errorf("got %v", errs)
	}
}
