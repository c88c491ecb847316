// Package browsertest starts Debian's Chromium for tests, headless, through
// chromedp, and serves a built site to it on loopback.
//
// Where no Chromium is installed, tests skip with a message, except on CI
// (the environment variable CI is set), where .ci/run installs it and a
// missing browser is a failure.
package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"policysite/generator/headers"
)

// candidates are where Chromium may be, Debian's first.
var candidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"}

// Browser starts a headless Chromium and returns a chromedp context for one
// tab, cancelled when the test ends. The flags keep Chromium from reaching
// for any host of its own (updates, safe browsing, sync): on this machine's
// closed network those connections would fail, and a test must make none.
func Browser(t *testing.T) context.Context {
	t.Helper()
	exe := ""
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium is not installed; .ci/run installs it with apt-get (package chromium)")
		}
		t.Skip("Chromium is not installed: skipping the browser test (CI runs it; apt-get install chromium to run it here)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-pings", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// No budget of its own: a busy machine makes a browser slow, not
	// wrong. The test binary's own deadline (go test -timeout) is the one
	// safety net, ended a little before it so the failure names the test.
	cancelTimeout := context.CancelFunc(func() {})
	if deadline, ok := t.Deadline(); ok {
		ctx, cancelTimeout = context.WithDeadline(ctx, deadline.Add(-30*time.Second))
	}
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

// Serve serves files (slash-separated paths to contents, as a build makes
// them) on a loopback port, with index.html for folders and the headers
// their _headers gives each path, as a static host would, and returns the
// base URL, ending in "/".
func Serve(t *testing.T, files map[string][]byte) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if strings.HasSuffix(r.URL.Path, "/") {
			name = strings.TrimPrefix(name+"/index.html", "/")
		}
		data, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, v := range headers.Parse(files[headers.File]).For(r.URL.Path) {
			w.Header()[k] = v
		}
		switch path.Ext(name) {
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case ".js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case ".css":
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		case ".json":
			w.Header().Set("Content-Type", "application/json")
		}
		_, _ = w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// Tool returns the path of a file of the test tools that make test installs
// from the npm registry (the folder named by POLICYSITE_TOOLS), or skips
// the test where they are not installed; on CI a missing tool fails it.
func Tool(t *testing.T, rel string) string {
	t.Helper()
	dir := os.Getenv("POLICYSITE_TOOLS")
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Stat(p); dir == "" || err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: make test installs the test tools with npm (POLICYSITE_TOOLS=%q)", rel, dir)
		}
		t.Skipf("%s is not installed: run make test, which installs it from the npm registry, to run this test", rel)
	}
	return p
}
