package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Bound to loopback, serve answers only requests addressed to it by a
// loopback name: another site cannot rebind a name of its own to
// 127.0.0.1 and read the preview.
func TestLoopbackOnly(t *testing.T) {
	h := loopbackOnly(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for host, want := range map[string]int{
		"127.0.0.1:1313": 200, "localhost:1313": 200, "[::1]:1313": 200, "127.0.0.1": 200,
		"evil.example:1313": 403, "evil.example": 403, "192.168.1.5:1313": 403,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("Host %s: %d, want %d", host, w.Code, want)
		}
	}
}
