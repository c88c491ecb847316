package weblink

import (
	"reflect"
	"testing"
)

func TestParseHeader(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []Link
	}{
		{"", nil},
		// RFC 8288's examples.
		{`<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter"`,
			[]Link{{"http://example.com/TheBook/chapter2", []Param{{"rel", "previous"}, {"title", "previous chapter"}}}}},
		{`</>; rel="http://example.net/foo"`, []Link{{"/", []Param{{"rel", "http://example.net/foo"}}}}},
		{`<https://example.org/>; rel="start http://example.net/relation/other"`,
			[]Link{{"https://example.org/", []Param{{"rel", "start http://example.net/relation/other"}}}}},
		{`<https://example.org/>; rel="start", <https://example.org/index>; rel="index"`,
			[]Link{{"https://example.org/", []Param{{"rel", "start"}}}, {"https://example.org/index", []Param{{"rel", "index"}}}}},
		// White space where the grammar lets it be, an empty element, a
		// token value, a parameter without one, a quoted pair.
		{` , <a> ;REL = next ;x, <b>;title="say \"hi\""  `,
			[]Link{{"a", []Param{{"rel", "next"}, {"x", ""}}}, {"b", []Param{{"title", `say "hi"`}}}}},
	} {
		got, err := ParseHeader(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseHeader(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{
		`http://example.com/; rel="next"`, // no brackets
		`<http://example.com/; rel="next"`,
		`<http://example.com/ a>; rel="next"`, // a space in the target
		`<a>; rel="next`,                      // unclosed
		`<a>; rel=`,                           // no value
		`<a>; ="next"`,                        // no name
		`<a> <b>`,                             // no comma
		`<a>; rel="x` + "\x01" + `"`,
		`<a>; rel=next;`,
		`<%zz>; rel=next`,
	} {
		if got, err := ParseHeader(bad); err == nil {
			t.Errorf("ParseHeader(%q) = %v, want an error", bad, got)
		}
	}
}

func TestParseLinkFormat(t *testing.T) {
	in := `<http://a.example.org/>;rel="original",<http://arxiv.example.net/timemap/http://a.example.org/>;rel="self";type="application/link-format";from="Tue, 20 Jun 2000 18:02:59 GMT",` +
		`<http://arxiv.example.net/web/20000620180259/http://a.example.org/>;rel="first memento";datetime="Tue, 20 Jun 2000 18:02:59 GMT",</sensors/temp>;ct=41;rt="temperature-c";if=sensor`
	got, err := ParseLinkFormat(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || !got[2].HasRel("memento") || !got[2].HasRel("first") || got[2].HasRel("last") {
		t.Fatalf("%+v", got)
	}
	// RFC 6690 allows one or more spaces between relation types.
	if two, err := ParseLinkFormat(`</a>;rel="first  memento"`); err != nil || !two[0].HasRel("first") || !two[0].HasRel("memento") {
		t.Errorf("two spaces between relation types: %+v, %v", two, err)
	}
	if _, err := ParseLinkFormat(`</a>;rel=" memento"`); err == nil {
		t.Error("a space before the relation types is accepted")
	}
	if d, _ := got[2].Get("datetime"); d != "Tue, 20 Jun 2000 18:02:59 GMT" {
		t.Errorf("datetime %q", d)
	}
	if ct, _ := got[3].Get("ct"); ct != "41" {
		t.Errorf("ct %q", ct)
	}
	if got, err := ParseLinkFormat(""); err != nil || got != nil {
		t.Errorf("an empty document: %v, %v", got, err)
	}
	for _, bad := range []string{
		`<a>; rel="original"`,            // white space, which a header may have
		`<a>;rel="original", <b>;rel=x`,  // after a comma too
		`<a>;rel="original"` + "\n",      // a line end after the last link
		`<a>;rel="original",`,            // a comma with no link after it
		`<a>;rel="Original"`,             // a relation type in capitals
		`<a>;rel="first memento`,         // unclosed
		`<a>;datetime=Tue, 20 Jun 2000`,  // a value with spaces, unquoted
		`<a>;rel=memento,<b c>;rel=next`, // a space in a target
	} {
		if got, err := ParseLinkFormat(bad); err == nil {
			t.Errorf("ParseLinkFormat(%q) = %v, want an error", bad, got)
		}
	}
}
