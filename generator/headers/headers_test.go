package headers

import "testing"

func TestHeadersFor(t *testing.T) {
	rules := Parse([]byte(`# a comment
/*
  X-Frame-Options: DENY
  X-Test: all

/personvern/
  X-Exact: home
/personvern/:doc/history/
  X-Segment: history
/personvern/*.json
  Cache-Control: no-cache
  X-Test: json
/personvern/notice.js
  ! X-Frame-Options
https://other.example/*
  X-Other: other host
  not a header line
`))
	for _, tt := range []struct {
		path string
		want map[string]string // "" for a header that must be absent
	}{
		{"/", map[string]string{"X-Frame-Options": "DENY", "X-Test": "all", "X-Exact": "", "X-Other": ""}},
		{"/personvern/", map[string]string{"X-Exact": "home", "X-Test": "all"}},
		{"/personvern/index.html", map[string]string{"X-Exact": ""}},
		{"/personvern/personvern/history/", map[string]string{"X-Segment": "history"}},
		{"/personvern/a/b/history/", map[string]string{"X-Segment": ""}},
		{"/personvern/personvern/versions.json", map[string]string{"Cache-Control": "no-cache", "X-Test": "all, json"}},
		{"/personvern/notice.js", map[string]string{"X-Frame-Options": "", "X-Test": "all"}},
	} {
		h := rules.For(tt.path)
		for name, want := range tt.want {
			if got := h.Get(name); got != want {
				t.Errorf("%s: %s %q, want %q", tt.path, name, got, want)
			}
		}
	}
}
