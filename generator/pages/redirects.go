package pages

import (
	"strings"

	"policysite/generator/content"
)

// Redirects, the file redirects.File that static hosts read (Cloudflare
// Pages, Netlify), written only with main: in site.yaml, sends the main
// document's old addresses, from before main:
// put its pages at the site's address (<base><lang-folder><main>/…), to
// their new ones (<base><lang-folder>…), for a site that was published
// without main: first. A line for each language of the site, the address
// without its final slash first; the paths are from the host's root.
func Redirects(cfg content.Config) []byte {
	var b strings.Builder
	b.WriteString("# The main document (main: " + cfg.Main + " in site.yaml) is at the site's address.\n")
	for _, lang := range cfg.Languages {
		prefix := cfg.BasePath()
		if lang != cfg.Language {
			prefix += lang + "/"
		}
		old := prefix + cfg.Main
		b.WriteString(old + " " + prefix + " 301\n")
		b.WriteString(old + "/* " + prefix + ":splat 301\n")
	}
	return []byte(b.String())
}
