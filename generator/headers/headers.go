// Package headers reads the _headers file a build writes for static hosts
// that read one (Netlify, Cloudflare Pages and others) and gives the
// headers it sets for a path, as those hosts do: serve sends them, and the
// browser tests hold pages to them.
package headers

import (
	"bufio"
	"bytes"
	"net/http"
	"regexp"
	"strings"
)

// File is the name of the file of response headers a build writes.
const File = "_headers"

// Rules are a _headers file, read.
type Rules []rule

// A rule is one block of a _headers file: a path pattern, then
// indented "Name: value" lines (and Cloudflare's "! Name", which removes a
// header an earlier block set).
type rule struct {
	match  *regexp.Regexp
	set    [][2]string // name, value, in the file's order
	remove []string
}

// Parse reads a _headers file. Patterns are URL paths, as the hosts
// read them: "*" matches anything, "/" included; ":name" matches one path
// segment; anything else matches itself. A rule for a whole URL
// (https://host/path) is another host's and is left out, as are lines
// that are not rules.
func Parse(data []byte) Rules {
	var rules Rules
	lines := bufio.NewScanner(bytes.NewReader(data))
	for lines.Scan() {
		line := lines.Text()
		text := strings.TrimSpace(line)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' { // a new rule's path
			rules = append(rules, rule{match: pathPattern(text)})
			continue
		}
		if len(rules) == 0 || rules[len(rules)-1].match == nil {
			continue
		}
		r := &rules[len(rules)-1]
		if name, ok := strings.CutPrefix(text, "!"); ok {
			r.remove = append(r.remove, strings.TrimSpace(name))
			continue
		}
		name, value, ok := strings.Cut(text, ":")
		if !ok || strings.TrimSpace(name) == "" {
			continue
		}
		r.set = append(r.set, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
	}
	return rules
}

// pathPattern turns a _headers path into an expression that matches the
// paths it names, or nil for a rule that is not for a path of this host.
func pathPattern(p string) *regexp.Regexp {
	if !strings.HasPrefix(p, "/") {
		return nil
	}
	var expr strings.Builder
	expr.WriteString("^")
	for i := 0; i < len(p); {
		switch {
		case p[i] == '*':
			expr.WriteString(".*")
			i++
		case p[i] == ':' && i > 0 && p[i-1] == '/':
			j := i + 1
			for j < len(p) && p[j] != '/' {
				j++
			}
			expr.WriteString("[^/]+")
			i = j
		default:
			j := i
			for j < len(p) && p[j] != '*' && !(p[j] == ':' && p[j-1] == '/') {
				j++
			}
			expr.WriteString(regexp.QuoteMeta(p[i:j]))
			i = j
		}
	}
	expr.WriteString("$")
	return regexp.MustCompile(expr.String())
}

// For returns the headers the rules give the path p (the URL's path, the
// site's base path included): each rule that
// matches adds its headers, in the file's order; a header set by more than
// one has their values joined with a comma, as the hosts do.
func (rules Rules) For(p string) http.Header {
	h := http.Header{}
	for _, r := range rules {
		if r.match == nil || !r.match.MatchString(p) {
			continue
		}
		for _, name := range r.remove {
			h.Del(name)
		}
		for _, kv := range r.set {
			if old := h.Get(kv[0]); old != "" {
				h.Set(kv[0], old+", "+kv[1])
			} else {
				h.Set(kv[0], kv[1])
			}
		}
	}
	return h
}
