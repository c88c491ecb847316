package browsertest

import (
	"net/http"
	"testing"
)

// Serve follows the files' _redirects, as a static host does, and sends
// each path the headers of their _headers.
func TestServeRedirectsAndHeaders(t *testing.T) {
	base := Serve(t, map[string][]byte{
		"_redirects": []byte("/personvern/* /:splat 301\n/gammel /ny 302\n"),
		"_headers":   []byte("/*\n  X-Test: yes\n"),
		"index.html": []byte("<!DOCTYPE html><title>Start</title>"),
	})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for p, want := range map[string]struct {
		status   int
		location string
	}{
		"personvern/2026-01-01/": {301, "/2026-01-01/"},
		"gammel":                 {302, "/ny"},
		"":                       {200, ""},
	} {
		resp, err := client.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want.status || resp.Header.Get("Location") != want.location {
			t.Errorf("/%s: %d to %q, want %d to %q", p, resp.StatusCode, resp.Header.Get("Location"), want.status, want.location)
		}
		if want.status == 200 && resp.Header.Get("X-Test") != "yes" {
			t.Errorf("/%s: no header of _headers", p)
		}
	}
}
