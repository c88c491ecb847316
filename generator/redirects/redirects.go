// Package redirects reads the _redirects file a build writes for static
// hosts that read one (Netlify, Cloudflare Pages) and gives the redirect
// it sets for a path, as those hosts do: serve follows it, and the browser
// tests' server too. headers is its twin for _headers.
package redirects

import (
	"bufio"
	"bytes"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// File is the name of the file of redirects a build writes.
const File = "_redirects"

// Rules are a _redirects file, read.
type Rules []rule

// A rule is one line of a _redirects file: "from to [status]".
type rule struct {
	match  *regexp.Regexp // the from path; its groups are the placeholders'
	names  []string       // the placeholders' names, "splat" for *, in the groups' order
	to     string
	status int
}

// Parse reads a _redirects file. A line is a path, the address to send
// it to and a status, 301 where it has none ("!", which forces a
// redirect over a file that exists, is allowed and changes nothing: the
// rules are followed first). In the path, a final "*" matches the rest
// of the path (":splat" in the address) and ":name" one segment (":name"
// in the address); a path without "*" matches with or without its final
// slash. Comments, blank lines and what is not a redirect are left out: a
// line with conditions (country, language, query), a status that is not
// one of a redirect (a 200 rewrite, a 404), a path that is not one of
// this host (a whole URL).
func Parse(data []byte) Rules {
	var rules Rules
	lines := bufio.NewScanner(bytes.NewReader(data))
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) < 2 || len(fields) > 3 || !strings.HasPrefix(fields[0], "/") {
			continue
		}
		status := http.StatusMovedPermanently
		if len(fields) == 3 {
			n, err := strconv.Atoi(strings.TrimSuffix(fields[2], "!"))
			if err != nil || !redirect(n) {
				continue
			}
			status = n
		}
		r := rule{to: fields[1], status: status}
		r.match, r.names = pathPattern(fields[0])
		rules = append(rules, r)
	}
	return rules
}

// redirect reports whether status is one of a redirect.
func redirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// pathPattern turns a rule's path into an expression that matches the
// paths it names, and the names of its groups.
func pathPattern(p string) (*regexp.Regexp, []string) {
	var expr strings.Builder
	var names []string
	expr.WriteString("^")
	splat := strings.HasSuffix(p, "*")
	if splat {
		p = strings.TrimSuffix(p, "*")
	} else if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	for i, segment := range strings.Split(p, "/") {
		if i > 0 {
			expr.WriteString("/")
		}
		if name, ok := strings.CutPrefix(segment, ":"); ok && name != "" {
			expr.WriteString("([^/]+)")
			names = append(names, name)
			continue
		}
		expr.WriteString(regexp.QuoteMeta(segment))
	}
	if splat {
		expr.WriteString("(.*)")
		names = append(names, "splat")
	} else if p != "/" {
		expr.WriteString("/?")
	}
	expr.WriteString("$")
	return regexp.MustCompile(expr.String()), names
}

// For returns where the rules send the path p (the URL's path, the site's
// base path included) and with which status: the first rule that matches,
// its placeholders filled in. ok is false when no rule matches.
func (rules Rules) For(p string) (to string, status int, ok bool) {
	for _, r := range rules {
		m := r.match.FindStringSubmatch(p)
		if m == nil {
			continue
		}
		// One pass, that a value is not read as a placeholder; the
		// longest name first, that :splat is not read as :s and "plat".
		var pairs [][2]string
		for i, name := range r.names {
			pairs = append(pairs, [2]string{":" + name, m[i+1]})
		}
		slices.SortStableFunc(pairs, func(a, b [2]string) int { return len(b[0]) - len(a[0]) })
		var args []string
		for _, kv := range pairs {
			args = append(args, kv[0], kv[1])
		}
		to = strings.NewReplacer(args...).Replace(r.to)
		return to, r.status, true
	}
	return "", 0, false
}
