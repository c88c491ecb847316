package generator

import (
	"os"
	"runtime/debug"
	"testing"

	"policysite/generator/content"
	"policysite/generator/theme"
	"policysite/internal/browsertest"
)

// TestMain runs the tests with one Chromium for all of them, collecting
// garbage at five times the live heap (as make test's GOGC=400) unless
// GOGC says otherwise: the tests build dozens of sites whose garbage dies
// young, and collecting was a fifth of their processor time.
func TestMain(m *testing.M) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	os.Exit(browsertest.Main(m))
}

// generateSite builds a loaded site in memory as of the clock's day, with
// none of LoadChecked's checks: what the tests of the pages need.
func generateSite(site *content.Site, th *theme.Theme, clock content.Clock, opts GenerateOptions) (map[string][]byte, *Result, error) {
	var out Files
	res, err := Generate(&Loaded{Day: site.On(clock), Theme: th}, &out, opts)
	return out.Map(), res, err
}
