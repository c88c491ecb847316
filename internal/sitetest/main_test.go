package sitetest

import (
	"os"
	"testing"

	"policysite/internal/browsertest"
)

// TestMain runs the tests with one Chromium for all of them.
func TestMain(m *testing.M) {
	os.Exit(browsertest.Main(m))
}
