package serve

import (
	"bufio"
	"bytes"
	"net/http"
	"regexp"
	"strings"
)

// headersFile is the file of response headers a build writes for static
// hosts (Netlify, Cloudflare Pages and others). serve sends what it gives,
// so that a theme's change that breaks the Content-Security-Policy breaks
// the preview too, and is seen before it is published.
const headersFile = "_headers"

// A headerRule is one block of a _headers file: a path pattern, then
// indented "Name: value" lines (and Cloudflare's "! Name", which removes a
// header an earlier block set).
type headerRule struct {
	match  *regexp.Regexp
	set    [][2]string // name, value, in the file's order
	remove []string
}

// parseHeaders reads a _headers file. Patterns are URL paths, as the hosts
// read them: "*" matches anything, "/" included; ":name" matches one path
// segment; anything else matches itself. A rule for a whole URL
// (https://host/path) is another host's and is left out, as are lines
// that are not rules.
func parseHeaders(data []byte) []headerRule {
	var rules []headerRule
	lines := bufio.NewScanner(bytes.NewReader(data))
	for lines.Scan() {
		line := lines.Text()
		text := strings.TrimSpace(line)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' { // a new rule's path
			rules = append(rules, headerRule{match: pathPattern(text)})
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

// headersFor returns the headers rules give the path p: each rule that
// matches adds its headers, in the file's order; a header set by more than
// one has their values joined with a comma, as the hosts do.
func headersFor(rules []headerRule, p string) http.Header {
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

// allowReload lets a page's Content-Security-Policy load serve's reload
// script and its event stream, both under /__policysite/ on origin, and
// send the preview bar's form for the day there, when the policy would
// block them. It adds only that path, and only to script-src and
// connect-src (or what they fall back to, default-src) and to form-action
// where the policy has one (it falls back to nothing): the rest of the
// policy is sent as the site gives it, so that the preview breaks where
// the published site would.
func allowReload(csp, origin string) string {
	policies := strings.Split(csp, ",")
	for i, policy := range policies {
		for _, directive := range []string{"script-src", "connect-src"} {
			policy = allowIn(policy, directive, origin+"/__policysite/")
		}
		if hasDirective(policy, "form-action") {
			policy = allowIn(policy, "form-action", origin+"/__policysite/")
		}
		policies[i] = policy
	}
	return strings.Join(policies, ",")
}

// hasDirective reports whether one policy names directive.
func hasDirective(policy, directive string) bool {
	for _, part := range strings.Split(policy, ";") {
		if fields := strings.Fields(part); len(fields) > 0 && strings.EqualFold(fields[0], directive) {
			return true
		}
	}
	return false
}

// allowIn makes one policy's directive allow source, if it does not yet.
func allowIn(policy, directive, source string) string {
	parts := strings.Split(policy, ";")
	at, fallback := -1, -1
	for i, part := range parts {
		fields := strings.Fields(part)
		if len(fields) == 0 {
			continue
		}
		switch strings.ToLower(fields[0]) {
		case directive:
			at = i
		case "default-src":
			fallback = i
		}
	}
	var sources []string
	switch {
	case at >= 0:
		sources = strings.Fields(parts[at])[1:]
	case fallback >= 0:
		sources = strings.Fields(parts[fallback])[1:]
	default:
		return policy // nothing restricts it
	}
	var kept []string
	for _, s := range sources {
		switch strings.ToLower(s) {
		case "'self'", "*", "http:":
			return policy // allowed already
		case "'none'": // with a source beside it, 'none' would be ignored anyway
			continue
		}
		kept = append(kept, s)
	}
	rule := strings.Join(append(append([]string{directive}, kept...), source), " ")
	if at >= 0 {
		lead := parts[at][:len(parts[at])-len(strings.TrimLeft(parts[at], " \t"))]
		parts[at] = lead + rule
		return strings.Join(parts, ";")
	}
	return strings.TrimRight(policy, " ;") + "; " + rule
}

// HeadersFor returns the headers a _headers file gives the path p (the
// URL's path, the site's base path included), as the hosts that read it
// and serve do.
func HeadersFor(file []byte, p string) http.Header {
	return headersFor(parseHeaders(file), p)
}
