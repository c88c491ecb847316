package diffview

import (
	"bytes"
	"strings"
	"testing"
)

func TestScrollTables(t *testing.T) {
	const open = `<div class="table-scroll" tabindex="0" role="region" `
	tests := []struct {
		name, in, want string
	}{
		{"no table", `<h2 id="a">A</h2><p>x</p>`, `<h2 id="a">A</h2><p>x</p>`},
		{"heading with an id",
			"<h2 id=\"lagring\">5 Lagring</h2>\n<table>\n<tr><td>x</td></tr>\n</table>\n<p>etter</p>",
			"<h2 id=\"lagring\">5 Lagring</h2>\n" + open + `aria-labelledby="lagring">` + "<table>\n<tr><td>x</td></tr>\n</table></div>\n<p>etter</p>"},
		{"the nearest heading",
			`<h2 id="a">A</h2><h3 id="b">B</h3><table><tr><td>x</td></tr></table><h2 id="c">C</h2><table></table>`,
			`<h2 id="a">A</h2><h3 id="b">B</h3>` + open + `aria-labelledby="b"><table><tr><td>x</td></tr></table></div><h2 id="c">C</h2>` + open + `aria-labelledby="c"><table></table></div>`},
		{"a diff's heading, as it reads now",
			`<h2 class="d-changed"><del>4</del><ins>7</ins> Hvor &amp; "lenge"</h2><table class="d-table"><tr><td>x</td></tr></table>`,
			`<h2 class="d-changed"><del>4</del><ins>7</ins> Hvor &amp; "lenge"</h2>` + open + `aria-label="7 Hvor &amp; &#34;lenge&#34;"><table class="d-table"><tr><td>x</td></tr></table></div>`},
		{"a caption",
			`<h2 id="a">A</h2><table><caption>Lagringstider</caption><tr><td>x</td></tr></table>`,
			`<h2 id="a">A</h2>` + open + `aria-label="Lagringstider"><table><caption>Lagringstider</caption><tr><td>x</td></tr></table></div>`},
		{"a caption with an id",
			`<table><caption id="t1">Lagringstider</caption></table>`,
			open + `aria-labelledby="t1"><table><caption id="t1">Lagringstider</caption></table></div>`},
		{"no heading",
			`<p>Før</p><table><tr><td>x</td></tr></table>`,
			`<p>Før</p>` + open + `aria-label="Tabell"><table><tr><td>x</td></tr></table></div>`},
		{"a table in a table",
			`<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>`,
			open + `aria-label="Tabell"><table><tr><td><table><tr><td>x</td></tr></table></td></tr></table></div>`},
		{"text that looks like a table",
			`<p>&lt;table&gt; <code>&lt;table&gt;</code></p>`,
			`<p>&lt;table&gt; <code>&lt;table&gt;</code></p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			b.WriteString("<h2 id=\"outside\">Before the fragment</h2>")
			from := b.Len()
			b.WriteString(tt.in)
			ScrollTablesAfter(&b, from, "Tabell")
			got, before := b.String()[from:], b.String()[:from]
			if got != tt.want || before != "<h2 id=\"outside\">Before the fragment</h2>" {
				t.Errorf("ScrollTablesAfter(%s)\n got %s%s\nwant %s", tt.in, before, got, tt.want)
			}
			// The container adds no text and changes none: without it,
			// the fragment is as it was.
			unwrapped := got
			for {
				i := strings.Index(unwrapped, open)
				if i < 0 {
					break
				}
				j := i + strings.Index(unwrapped[i:], ">")
				k := j + strings.Index(unwrapped[j:], "</table></div>") + len("</table>")
				unwrapped = unwrapped[:i] + unwrapped[j+1:k] + unwrapped[k+len("</div>"):]
			}
			if unwrapped != tt.in {
				t.Errorf("without the containers the fragment changed:\n%s\n%s", unwrapped, tt.in)
			}
		})
	}
}
