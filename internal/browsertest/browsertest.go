// Package browsertest starts Debian's Chromium for tests, headless (its
// headless shell where installed), through chromedp, and serves a built
// site to it on loopback.
//
// A test package shares one Chromium: each test gets a tab of its own, so
// that tests and their subtests can run in parallel, and Chromium starts
// once, not once a test. A package whose tests call Browser runs them
// through Main, from its TestMain, which stops the browser at the end.
//
// Browser tests skip with -short. Where no Chromium is installed they skip
// with a message, except on CI (the environment variable CI is set), where
// .ci/run installs it and a missing browser is a failure.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"policysite/generator/headers"
	"policysite/generator/redirects"
)

// candidates are where Chromium may be, Debian's first. Its headless shell
// (package chromium-headless-shell, which .ci/run installs) comes before
// the whole browser: the same engine without the browser's window,
// compositor and processes around it, it takes a third less processor time
// over the same tests. Its own binary, not /usr/bin's script around it, so
// that stopping the process stops the browser.
var candidates = []string{
	"/usr/lib/chromium/chromium-headless-shell", "chromium-headless-shell",
	"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome",
}

// starts is how many times Chromium is started before the tests give up:
// on a loaded machine it has been seen to crash while starting, which says
// nothing about the pages under test.
const starts = 3

// shared is the package's one Chromium, started by the first test that
// asks for it and stopped by Main.
var shared struct {
	main    bool // the tests run through Main
	once    sync.Once
	ctx     context.Context // the browser's first tab; tabs are made from it
	cancel  context.CancelFunc
	took    time.Duration // how long it took to start
	retries []error       // the starts that failed before the one that worked
	err     error
}

// Main runs a package's tests and then stops the Chromium they shared; it
// returns the exit code for os.Exit. Call it from TestMain in every package
// whose tests call Browser.
func Main(m *testing.M) int {
	shared.main = true
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	return code
}

// Browser returns a chromedp context for a new tab of the package's
// Chromium, started headless on first use, and closes the tab when the test
// ends. Tabs share nothing a test could see but the browser's storage,
// which is kept per origin, and each Serve is an origin of its own. The
// flags keep Chromium from reaching for any host of its own (updates, safe
// browsing, sync): on this machine's closed network those connections would
// fail, and a test must make none.
func Browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser test: skipped with -short")
	}
	exe := ""
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium is not installed; .ci/run installs it with apt-get (package chromium-headless-shell)")
		}
		t.Skip("Chromium is not installed: skipping the browser test (CI runs it; apt-get install chromium-headless-shell, or chromium, to run it here)")
	}
	if !shared.main {
		t.Fatal("the package's tests do not run through browsertest.Main: call it from TestMain, which stops the shared browser")
	}
	shared.once.Do(func() { start(exe) })
	for i, err := range shared.retries {
		t.Logf("Chromium failed to start (attempt %d of %d): %v", i+1, starts, err)
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	t.Logf("a new tab of the package's Chromium (started in %s)", shared.took.Round(time.Millisecond))
	ctx, cancelTab := chromedp.NewContext(shared.ctx)
	// No budget of its own: a busy machine makes a browser slow, not
	// wrong. The test binary's own deadline (go test -timeout) is the one
	// safety net, ended a little before it so the failure names the test.
	cancelTimeout := context.CancelFunc(func() {})
	if deadline, ok := t.Deadline(); ok {
		ctx, cancelTimeout = context.WithDeadline(ctx, deadline.Add(-30*time.Second))
	}
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
	})
	return ctx
}

// start starts Chromium for the package, trying again where it fails to.
func start(exe string) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-pings", true),
		// A loaded machine can take more than the default 20 s to start
		// it; the time it took is logged.
		chromedp.WSURLReadTimeout(2*time.Minute),
	)
	began := time.Now()
	for range starts {
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(allocCtx)
		// The first Run starts the browser, bound to ctx, which lives
		// until Main cancels it: no test's context may end it.
		err := chromedp.Do(ctx)
		if err == nil {
			shared.ctx = ctx
			shared.cancel = func() { cancelCtx(); cancelAlloc() }
			shared.took = time.Since(began)
			return
		}
		cancelCtx()
		cancelAlloc()
		shared.retries = append(shared.retries, err)
	}
	shared.err = fmt.Errorf("starting Chromium failed %d times: %w", starts, errors.Join(shared.retries...))
	shared.retries = nil
}

// Serve serves files (slash-separated paths to contents, as a build makes
// them) on a loopback port, with index.html for folders, the headers
// their _headers gives each path and the redirects of their _redirects,
// as a static host would, and returns the base URL, ending in "/".
func Serve(t *testing.T, files map[string][]byte) string {
	t.Helper()
	return ServeObserved(t, files, nil)
}

// ServeObserved is Serve, and calls missing, if not nil, with the path of
// every request it has no file for: what the browser asks for by itself
// (an icon) the page's own events may not show.
func ServeObserved(t *testing.T, files map[string][]byte, missing func(path string)) string {
	t.Helper()
	rules := headers.Parse(files[headers.File]) // once: the files do not change
	moved := redirects.Parse(files[redirects.File])
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if to, status, ok := moved.For(r.URL.Path); ok {
			http.Redirect(w, r, to, status)
			return
		}
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if strings.HasSuffix(r.URL.Path, "/") {
			name = strings.TrimPrefix(name+"/index.html", "/")
		}
		data, ok := files[name]
		if !ok {
			if missing != nil {
				missing(r.URL.Path)
			}
			http.NotFound(w, r)
			return
		}
		for k, v := range rules.For(r.URL.Path) {
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
		case ".svg":
			w.Header().Set("Content-Type", "image/svg+xml")
		case ".png":
			w.Header().Set("Content-Type", "image/png")
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

// Call is a chromedp action that sends the DevTools command c with p and
// ignores its result.
func Call[P, R any](c cdp.Command[P, R], p P) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, c, p)
		return chromedp.Void{}, err
	}
}
