// Package weblink parses links as HTTP's Link header carries them (RFC
// 8288, Web Linking) and as the CoRE link format writes them (RFC 6690,
// application/link-format, the format of a Memento TimeMap), each by its
// RFC's grammar, for the tests that hold the build's _headers and TimeMaps
// to them. Nothing is repaired: the first thing the grammar does not allow
// is an error.
package weblink

import (
	"fmt"
	"strings"
)

// A Link is one link-value: its target, as written, and its parameters,
// in order, their names in lower case.
type Link struct {
	Target string
	Params []Param
}

// A Param is one link-param; Value is unquoted, and "" where the
// parameter has none.
type Param struct {
	Name, Value string
}

// Get is the value of the link's first parameter named name, and whether
// there is one.
func (l Link) Get(name string) (string, bool) {
	for _, p := range l.Params {
		if p.Name == strings.ToLower(name) {
			return p.Value, true
		}
	}
	return "", false
}

// Rels are the relation types of the link's rel parameter.
func (l Link) Rels() []string {
	rel, _ := l.Get("rel")
	return strings.Fields(rel)
}

// HasRel reports whether the link has the relation type rel.
func (l Link) HasRel(rel string) bool {
	for _, r := range l.Rels() {
		if strings.EqualFold(r, rel) {
			return true
		}
	}
	return false
}

// ParseHeader parses the value of a Link header (RFC 8288, section 3):
//
//	Link       = #link-value
//	link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
//	link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
//
// where #, the list of RFC 7230, section 7, allows white space around its
// commas and empty elements.
func ParseHeader(s string) ([]Link, error) {
	p := &parser{s: s}
	var links []Link
	for {
		p.ows()
		if p.done() {
			return links, nil
		}
		if p.peek() == ',' { // an empty element
			p.i++
			continue
		}
		l, err := p.linkValue(false)
		if err != nil {
			return nil, err
		}
		links = append(links, l)
		p.ows()
		if p.done() {
			return links, nil
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
	}
}

// ParseLinkFormat parses a document in the CoRE link format (RFC 6690,
// section 2), which allows no white space outside quoted strings:
//
//	Link            = link-value-list
//	link-value-list = [ link-value *[ "," link-value ]]
//	link-value      = "<" URI-Reference ">" *( ";" link-param )
//
// A link-param's value is a ptoken or a quoted-string; rel's is a
// relation-types: one registered relation type, or several in quotes,
// each separated by one or more spaces.
func ParseLinkFormat(s string) ([]Link, error) {
	p := &parser{s: s}
	var links []Link
	if p.done() {
		return nil, nil
	}
	for {
		l, err := p.linkValue(true)
		if err != nil {
			return nil, err
		}
		links = append(links, l)
		if p.done() {
			return links, nil
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
	}
}

type parser struct {
	s string
	i int
}

func (p *parser) done() bool { return p.i >= len(p.s) }

func (p *parser) peek() byte {
	if p.done() {
		return 0
	}
	return p.s[p.i]
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *parser) expect(c byte) error {
	if p.peek() != c {
		if p.done() {
			return p.errorf("%q expected, found the end", c)
		}
		return p.errorf("%q expected, found %q", c, p.peek())
	}
	p.i++
	return nil
}

// ows skips optional white space (RFC 7230: spaces and tabs).
func (p *parser) ows() {
	for !p.done() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// linkValue parses "<" URI-Reference ">" and the link-params after it;
// strict is RFC 6690's grammar, without white space.
func (p *parser) linkValue(strict bool) (Link, error) {
	if err := p.expect('<'); err != nil {
		return Link{}, err
	}
	end := strings.IndexByte(p.s[p.i:], '>')
	if end < 0 {
		return Link{}, p.errorf("no > ends the target")
	}
	target := p.s[p.i : p.i+end]
	if err := uriReference(target); err != nil {
		return Link{}, p.errorf("target %q: %v", target, err)
	}
	p.i += end + 1
	l := Link{Target: target}
	for {
		save := p.i
		if !strict {
			p.ows()
		}
		if p.peek() != ';' {
			p.i = save
			return l, nil
		}
		p.i++
		if !strict {
			p.ows()
		}
		param, err := p.linkParam(strict)
		if err != nil {
			return Link{}, err
		}
		l.Params = append(l.Params, param)
	}
}

func (p *parser) linkParam(strict bool) (Param, error) {
	name := p.span(isTchar)
	if name == "" {
		return Param{}, p.errorf("a parameter's name expected")
	}
	if strict && strings.HasSuffix(name, "*") {
		return Param{}, p.errorf("parameter %s: extended values are not read here", name)
	}
	param := Param{Name: strings.ToLower(name)}
	if !strict {
		p.ows() // BWS
	}
	if p.peek() != '=' {
		return param, nil
	}
	p.i++
	if !strict {
		p.ows() // BWS
	}
	if p.peek() == '"' {
		v, err := p.quoted()
		if err != nil {
			return Param{}, err
		}
		param.Value = v
	} else {
		valid := isTchar
		if strict {
			valid = isPtokenChar
		}
		if param.Value = p.span(valid); param.Value == "" {
			return Param{}, p.errorf("parameter %s: a value expected", name)
		}
	}
	if strict && (param.Name == "rel" || param.Name == "rev") {
		// relation-type *( 1*SP relation-type ): spaces between, none around.
		if strings.TrimSpace(param.Value) != param.Value {
			return Param{}, p.errorf("%s=%q: a space before or after the relation types", param.Name, param.Value)
		}
		for _, r := range strings.Fields(param.Value) {
			if err := relationType(r); err != nil {
				return Param{}, p.errorf("%s=%q: %v", param.Name, param.Value, err)
			}
		}
	}
	return param, nil
}

// span consumes the longest run of bytes valid accepts.
func (p *parser) span(valid func(byte) bool) string {
	start := p.i
	for !p.done() && valid(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// quoted parses a quoted-string (RFC 7230, section 3.2.6) and gives its
// text.
func (p *parser) quoted() (string, error) {
	p.i++ // the opening quote
	var b strings.Builder
	for {
		if p.done() {
			return "", p.errorf("a quoted string is not closed")
		}
		c := p.s[p.i]
		p.i++
		switch {
		case c == '"':
			return b.String(), nil
		case c == '\\':
			if p.done() || !isQuotable(p.s[p.i]) {
				return "", p.errorf("a backslash quotes nothing it may")
			}
			b.WriteByte(p.s[p.i])
			p.i++
		case c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80:
			b.WriteByte(c)
		default:
			return "", p.errorf("%q may not be in a quoted string", c)
		}
	}
}

func isQuotable(c byte) bool { return c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7e) || c >= 0x80 }

// isTchar: tchar of RFC 7230.
func isTchar(c byte) bool {
	return isAlnum(c) || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// isPtokenChar: ptokenchar of RFC 6690.
func isPtokenChar(c byte) bool {
	return isAlnum(c) || strings.IndexByte("!#$%&'()*+-./:<=>?@[]^_`{|}~", c) >= 0
}

func isAlnum(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// relationType checks a relation-type of RFC 6690: a registered one
// (LOALPHA *( LOALPHA / DIGIT / "." / "-" )) or an extension's URI.
func relationType(r string) error {
	if r == "" {
		return fmt.Errorf("an empty relation type")
	}
	if r[0] >= 'a' && r[0] <= 'z' {
		reg := true
		for i := 0; i < len(r); i++ {
			c := r[i]
			if !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
				reg = false
				break
			}
		}
		if reg {
			return nil
		}
	}
	if scheme, _, ok := strings.Cut(r, ":"); ok && scheme != "" && uriReference(r) == nil {
		return nil // ext-rel-type: a URI
	}
	return fmt.Errorf("%q is neither a registered relation type nor a URI", r)
}

// uriReference checks that s is made of the characters a URI-reference
// (RFC 3986) may hold, each % starting an escape.
func uriReference(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlnum(c) || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0:
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return fmt.Errorf("%% is not followed by two hexadecimal digits")
			}
			i += 2
		default:
			return fmt.Errorf("%q may not be in a URI", c)
		}
	}
	return nil
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
