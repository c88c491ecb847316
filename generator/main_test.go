package generator

import (
	"os"
	"testing"

	"policysite/generator/content"
	"policysite/generator/theme"
	"policysite/internal/browsertest"
)

// TestMain runs the tests with one Chromium for all of them.
func TestMain(m *testing.M) {
	os.Exit(browsertest.Main(m))
}

// generateSite builds a loaded site in memory as of the clock's day, with
// none of LoadChecked's checks: what the tests of the pages need.
func generateSite(site *content.Site, th *theme.Theme, clock content.Clock, opts GenerateOptions) (map[string][]byte, *Result, error) {
	var out Files
	res, err := Generate(&Loaded{Day: site.On(clock), Theme: th}, &out, opts)
	return out.Map(), res, err
}
