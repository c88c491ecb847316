package content

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"policysite/generator/msg"
)

// yamlLine matches the line number in go-yaml's error messages.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// parseYAML parses src into a document node. lineOffset is the line of the
// file on which src starts, minus one. A syntax error becomes a diagnostic at
// the first line that cannot be read: go-yaml often names another (the
// line before a tab, the end of the text for a bracket never closed).
func parseYAML(d diags, src []byte, lineOffset int, fix msg.Text) (*yaml.Node, bool) {
	var doc yaml.Node
	err := yaml.Unmarshal(src, &doc)
	if err == nil {
		return &doc, true
	}
	// The first line at which the lines so far cannot be read is the
	// mistake's; front matter and site.yaml are a few short lines.
	lines := strings.SplitAfter(string(src), "\n")
	line := len(lines)
	for k := 1; k <= len(lines); k++ {
		var prefix yaml.Node
		if perr := yaml.Unmarshal([]byte(strings.Join(lines[:k], "")), &prefix); perr != nil {
			line, err = k, perr
			break
		}
	}
	problem := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(problem); m != nil {
		problem = strings.TrimSpace(strings.Replace(problem, m[0]+":", "", 1))
	}
	text := lines[min(line, len(lines))-1]
	d.add(lineOffset+line, msg.T("yaml.unreadable-line", plainYAMLError(problem, text)), fix)
	return nil, false
}

// plainYAMLError rewords go-yaml's commonest messages, about line, for
// people who do not know YAML. Others are go-yaml's, in English.
func plainYAMLError(problem, line string) msg.Text {
	switch {
	case strings.HasPrefix(line, "\t"):
		return msg.T("yaml.tab")
	case strings.HasPrefix(line, " ") && strings.Contains(problem, "mapping values are not allowed"):
		return msg.T("yaml.leading-space")
	case strings.Contains(problem, "mapping values are not allowed"):
		return msg.T("yaml.colon")
	case strings.Contains(problem, "found character that cannot start any token"), strings.Contains(problem, "tab character"):
		return msg.T("yaml.bad-character", problem)
	case strings.Contains(problem, "did not find expected key"):
		return msg.T("yaml.indentation")
	case strings.Contains(problem, "found unexpected end of stream"), strings.Contains(problem, "did not find expected"):
		return msg.T("yaml.not-closed")
	}
	return msg.T("text.verbatim", problem)
}

// fields reads a YAML mapping whose keys must all be in known. It reports
// unknown and repeated keys, suggesting the key that was probably meant.
// example shows a correct line, for the message when n is not a mapping.
func fields(d diags, n *yaml.Node, lineOffset int, known []string, what msg.Text, example string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n == nil {
		return out
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return out
		}
		n = n.Content[0]
	}
	if n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return out // empty
	}
	if n.Kind != yaml.MappingNode {
		d.add(lineOffset+max(n.Line, 1), msg.T("yaml.not-mapping", what), msg.T("yaml.not-mapping.fix", example))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		line := lineOffset + k.Line
		if !contains(known, k.Value) {
			fix := msg.T("yaml.unknown-key.fix", strings.Join(sorted(known), ", "))
			if s := suggest(k.Value, known); s != "" {
				fix = msg.T("yaml.unknown-key.suggest", s, strings.Join(sorted(known), ", "))
			}
			d.add(line, msg.T("yaml.unknown-key", k.Value, what), fix)
			continue
		}
		if _, dup := out[k.Value]; dup {
			d.add(line, msg.T("yaml.key-twice", k.Value, what), msg.T("yaml.key-twice.fix"))
			continue
		}
		out[k.Value] = v
	}
	return out
}

// text returns the scalar value of key in m; ok is false when the key is
// absent. A value that is not a single piece of text is reported.
func text(d diags, m map[string]*yaml.Node, lineOffset int, key string) (string, int, bool) {
	v, ok := m[key]
	if !ok {
		return "", 0, false
	}
	line := lineOffset + v.Line
	if v.Kind != yaml.ScalarNode {
		d.add(line, msg.T("yaml.not-text", key), msg.T("yaml.not-text.fix", key))
		return "", line, false
	}
	if v.Tag == "!!null" {
		return "", line, true
	}
	// The file's bytes are checked (checkText), but a quoted YAML value
	// makes any character from an escape such as "\e" or "\u202e".
	if i := strings.IndexFunc(v.Value, isControlRune); i >= 0 {
		r, _ := utf8.DecodeRuneInString(v.Value[i:])
		d.add(line, msg.T("yaml.value-contains", key, controlProblem(r)), msg.T("yaml.value-contains.fix"))
	}
	return v.Value, line, true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sorted(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}

// suggest returns the known key closest to s, if it is close enough to be a
// typo (a case difference or at most two edits).
func suggest(s string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if strings.EqualFold(s, k) {
			return k
		}
		if dist := editDistance(strings.ToLower(s), k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
