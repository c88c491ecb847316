package serve

import (
	"strings"
)

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
