package pages

import (
	"testing"

	"policysite/generator/diff"
)

// A clause a revision only moved or renumbered is not said to be changed.
func TestChangeKind(t *testing.T) {
	for _, tt := range []struct {
		stats diff.Stats
		want  string
	}{
		{diff.Stats{Moved: 1, Kept: 40}, "moved"},
		{diff.Stats{Changed: 1, Renumbered: 1, Kept: 40}, "renumbered"},
		{diff.Stats{Moved: 1, Changed: 1, Renumbered: 1}, "moved"},
		{diff.Stats{Moved: 1, Inserted: 1}, "changed"},
		{diff.Stats{Changed: 1, Renumbered: 1, Links: 1}, "changed"},
		{diff.Stats{Headings: 1}, "changed"},
		{diff.Stats{Changed: 1, Deleted: 3}, "changed"},
	} {
		if got := changeKind(tt.stats); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.stats, got, tt.want)
		}
	}
}
