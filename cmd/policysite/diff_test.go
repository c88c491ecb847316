package main

import "testing"

// The colour decision is tested here rather than in diff.txtar, whose
// standard output is never a terminal.
func TestUseColor(t *testing.T) {
	for _, tt := range []struct {
		name       string
		noColor    bool   // --no-color
		noColorEnv string // $NO_COLOR
		terminal   bool
		want       bool
	}{
		{"terminal", false, "", true, true},
		{"terminal, --no-color", true, "", true, false},
		{"terminal, NO_COLOR=1", false, "1", true, false},
		{"terminal, NO_COLOR=0", false, "0", true, false}, // any value but "" counts
		{"terminal, --no-color and NO_COLOR", true, "1", true, false},
		{"pipe", false, "", false, false},
		{"pipe, --no-color", true, "", false, false},
		{"pipe, NO_COLOR=1", false, "1", false, false},
	} {
		if got := useColor(tt.noColor, tt.noColorEnv, tt.terminal); got != tt.want {
			t.Errorf("%s: useColor(%t, %q, %t) = %t, want %t", tt.name, tt.noColor, tt.noColorEnv, tt.terminal, got, tt.want)
		}
	}
}
