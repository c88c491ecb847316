package content

import (
	"path/filepath"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// SiteLanguage is the language the site.yaml in dir gives (language:),
// DefaultLanguage if it gives none, or "" if there is no site.yaml to
// read. It is what the messages to the site's editors go by, and is read
// before anything is checked: a site.yaml that YAML cannot read still
// says its language, as far as its language: line does.
func SiteLanguage(dir string) string {
	data, err := ReadFile(filepath.Join(dir, "site.yaml"), MaxConfigSize)
	if err != nil {
		return ""
	}
	var c struct {
		Language any `yaml:"language"`
	}
	if yaml.Unmarshal(data, &c) == nil {
		if s, ok := c.Language.(string); ok && s != "" {
			return s
		}
		return DefaultLanguage
	}
	if m := languageLine.FindSubmatch(data); m != nil {
		return string(m[1])
	}
	return DefaultLanguage
}

var languageLine = regexp.MustCompile(`(?m)^language:[ \t]*["']?([A-Za-z]{2,3})\b`)
