package content

import (
	"strings"
	"testing"

	"policysite/generator/diag"
)

// The addresses of site.yaml become links on every page: each must be
// what it says it is, and nothing a browser reads otherwise.
func TestConfigAddresses(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // part of the one diagnostic; "" if accepted
		fix        string
		base       string // the BaseURL of an accepted site.yaml
	}{
		{"root", "baseURL: https://www.akershusenergi.no", "", "", "https://www.akershusenergi.no/"},
		{"folder", "baseURL: https://www.akershusenergi.no/personvern", "", "", "https://www.akershusenergi.no/personvern/"},
		{"two folders", "baseURL: http://x.no:8080/a/b/", "", "", "http://x.no:8080/a/b/"},
		{"double slash", "baseURL: https://www.akershusenergi.no//personvern/", "has an empty, . or .. part in its path", "baseURL: https://www.akershusenergi.no/personvern/", ""},
		{"double slash at the end", "baseURL: https://x.no/personvern//", "has an empty", "baseURL: https://x.no/personvern/", ""},
		{"only slashes", "baseURL: https://x.no//", "has an empty", "baseURL: https://x.no/", ""},
		{"encoded slashes", "baseURL: https://x.no/a%2F%2Fb/", "has an empty", "baseURL: https://x.no/a/b/", ""},
		{"dot", "baseURL: https://x.no/./personvern/", "has an empty, . or ..", "baseURL: https://x.no/personvern/", ""},
		{"dot dot", "baseURL: https://x.no/a/../personvern/", "has an empty, . or ..", "baseURL: https://x.no/personvern/", ""},
		{"no host", "baseURL: https:///personvern/", "is not an absolute web address", "write it in full", ""},
		{"user", "baseURL: https://user:pw@x.no/", "is not an absolute web address", "write it in full", ""},
		{"contact url", "baseURL: https://x.no/\ncontact:\n  url: https://www.akershusenergi.no/kontakt", "", "", "https://x.no/"},
		{"contact url opaque", "baseURL: https://x.no/\ncontact:\n  url: \"https:javascript:alert(1)\"", `contact url "https:javascript:alert(1)" is not an absolute web address`, "https://www.example.no", ""},
		{"contact url without host", "baseURL: https://x.no/\ncontact:\n  url: https:/kontakt", "contact url", "https://www.example.no", ""},
		{"contact url relative", "baseURL: https://x.no/\ncontact:\n  url: //evil.example/", "contact url", "https://www.example.no", ""},
		{"contact url javascript", "baseURL: https://x.no/\ncontact:\n  url: javascript:alert(1)", "contact url", "https://www.example.no", ""},
		{"contact email", "baseURL: https://x.no/\ncontact:\n  email: personvern@akershusenergi.no", "", "", "https://x.no/"},
		{"contact email plus", "baseURL: https://x.no/\ncontact:\n  email: post+personvern@x.no", "", "", "https://x.no/"},
		{"contact email with headers", "baseURL: https://x.no/\ncontact:\n  email: a@x.no?bcc=all@evil.example", "is not an e-mail address", "name@example.no", ""},
		{"contact email with a body", "baseURL: https://x.no/\ncontact:\n  email: a@x.no&body=x", "is not an e-mail address", "name@example.no", ""},
		{"contact email with a name", "baseURL: https://x.no/\ncontact:\n  email: Personvern <a@x.no>", "is not an e-mail address", "the address alone", ""},
		{"contact email two", "baseURL: https://x.no/\ncontact:\n  email: \"a@x.no, b@x.no\"", "is not an e-mail address", "name@example.no", ""},
		{"contact email at only", "baseURL: https://x.no/\ncontact:\n  email: \"@\"", "is not an e-mail address", "name@example.no", ""},
		{"contact email javascript", "baseURL: https://x.no/\ncontact:\n  email: \"javascript:alert(1)//@x.no\"", "is not an e-mail address", "name@example.no", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			c := parseConfig(diags{file: "site.yaml", list: &errs}, []byte("title: T\n"+tt.yaml+"\n"), themeLangs)
			if tt.want == "" {
				if len(errs) > 0 || c.BaseURL != tt.base {
					t.Errorf("got %q, %v; want %q accepted", c.BaseURL, errs, tt.base)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Message.String(), tt.want) || !strings.Contains(errs[0].Fix.String(), tt.fix) || errs[0].Line < 2 {
				t.Errorf("got %v\nwant one diagnostic with %q, fix %q", errs, tt.want, tt.fix)
			}
		})
	}
}

// The site's title is one text, or a title in each language the site has,
// with the site's language's required: the pages in a language without a
// title of its own take that one.
func TestConfigTitle(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       map[string]string // TitleIn for nb, nn and en; nil if refused
		problem    string            // part of the one diagnostic
		line       int
	}{
		{"text", "title: Fjordvarme – personvern", map[string]string{"nb": "Fjordvarme – personvern", "nn": "Fjordvarme – personvern", "en": "Fjordvarme – personvern"}, "", 0},
		{"each language", "title:\n  nb: Fjordvarme – personvern\n  nn: Fjordvarme – personvern på nynorsk\n  en: Fjordvarme – privacy", map[string]string{"nb": "Fjordvarme – personvern", "nn": "Fjordvarme – personvern på nynorsk", "en": "Fjordvarme – privacy"}, "", 0},
		{"some languages", "title:\n  en: Fjordvarme – privacy\n  nb: Fjordvarme – personvern", map[string]string{"nb": "Fjordvarme – personvern", "nn": "Fjordvarme – personvern", "en": "Fjordvarme – privacy"}, "", 0},
		{"not the site's language", "title:\n  en: Fjordvarme – privacy", nil, "gives no title in nb", 2},
		{"a language the site has not", "title:\n  nb: Fjordvarme\n  de: Fjordwärme", nil, `unknown key "de" in title`, 3},
		{"empty", "title:\n  nb: Fjordvarme\n  en: \"\"", nil, "title has no text for en", 3},
		{"empty mapping", "title: {}", nil, "the site has no title", 1},
		{"missing", "timeZone: UTC", nil, "the site has no title", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			c := parseConfig(diags{file: "site.yaml", list: &errs}, []byte(tt.yaml+"\nbaseURL: https://x.no/\nlanguages: [nb, nn, en]\n"), themeLangs)
			if tt.want == nil {
				if len(errs) != 1 || !strings.Contains(errs[0].Message.String(), tt.problem) || errs[0].Line != tt.line {
					t.Errorf("got %v; want one diagnostic with %q on line %d", errs, tt.problem, tt.line)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("refused: %v", errs)
			}
			for lang, want := range tt.want {
				if got := c.TitleIn(lang); got != want {
					t.Errorf("TitleIn(%s) = %q, want %q", lang, got, want)
				}
			}
			if c.Title != tt.want["nb"] {
				t.Errorf("Title = %q, want the site's language's %q", c.Title, tt.want["nb"])
			}
		})
	}
}
