package diff

import (
	"fmt"
	"strings"
	"testing"
)

// Sections of one heading pair with their own: the same text in order
// first, then by the text they share, and, past maxSamePairs, block by
// block inside the stretches; the diff is right either way.
func TestCompareRepeatedHeadings(t *testing.T) {
	repeat := func(n int, section func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(section(i))
		}
		return b.String()
	}
	same := func(int) string { return "## Kontakt\n\nRing oss.\n\n" }
	own := func(i int) string { return fmt.Sprintf("## Kontakt\n\nRing nummer %d om dagen.\n\n", i) }
	edited := func(i int) string { return fmt.Sprintf("## Kontakt\n\nRing nummer %d om kvelden.\n\n", i) }
	tests := []struct {
		name       string
		old, new   string
		stats      Stats
		unchanged  int // sections shown unchanged
		changed    int // sections shown changed
		newOrMoved int // sections shown new or moved
	}{
		{"the same text, one section added first",
			repeat(300, same), "## Ny\n\nTekst her.\n\n" + repeat(300, same),
			Stats{Inserted: 3, Added: 1, Kept: 900}, 300, 0, 1},
		{"the same text, one section added in the middle",
			repeat(300, same), repeat(150, same) + "## Ny\n\nTekst her.\n\n" + repeat(150, same),
			Stats{Inserted: 3, Added: 1, Kept: 900}, 300, 0, 1},
		{"texts of their own, each edited",
			repeat(150, own), repeat(150, edited),
			Stats{Inserted: 150, Deleted: 150, Changed: 150, Kept: 750}, 0, 150, 0},
		{"texts of their own, each edited, past the bound",
			repeat(250, own), repeat(250, edited),
			Stats{Inserted: 250, Deleted: 250, Changed: 250, Kept: 1250}, 0, 250, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := checkInvariant(t, tt.name, md(t, tt.old), md(t, tt.new))
			count := map[Kind]int{}
			for _, s := range d.Sections {
				count[s.Kind]++
			}
			if d.Stats != tt.stats || count[Unchanged] != tt.unchanged || count[Changed] != tt.changed || count[Added]+count[Moved] != tt.newOrMoved {
				t.Errorf("stats %+v, sections %v; want %+v, %d unchanged, %d changed, %d new or moved", d.Stats, count, tt.stats, tt.unchanged, tt.changed, tt.newOrMoved)
			}
		})
	}
}
