// Package sitetest checks what visitors get, over a build of
// examples/demo: accessibility (axe-core, WCAG 2.1 AA), requests and
// cookies, pages without JavaScript, narrow screens, and HTML validity
// (the W3C Nu HTML checker); make screenshots saves every kind of page as
// an image with it.
//
// The tools come from the npm registry, for the tests only: make test
// installs them into internal/sitetest/npm/node_modules and names the
// folder in POLICYSITE_TOOLS; the screenshots go to POLICYSITE_SCREENSHOTS.
// Without the tools or Chromium the tests skip with a message, except on
// CI, where they must run.
package sitetest
