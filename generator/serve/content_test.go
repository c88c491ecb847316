package serve

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// serve answers as a static server does: HEAD without a body, a range of
// a file when asked for one.
func TestServeContentRequests(t *testing.T) {
	_, base := serveDay(t)
	head, err := http.Head(base + "/personvern/style.css")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(head.Body)
	head.Body.Close()
	if head.StatusCode != http.StatusOK || len(body) != 0 || head.ContentLength <= 0 || !strings.HasPrefix(head.Header.Get("Content-Type"), "text/css") {
		t.Errorf("HEAD: %d, %d bytes of body, length %d, %q", head.StatusCode, len(body), head.ContentLength, head.Header.Get("Content-Type"))
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/personvern/style.css", nil)
	req.Header.Set("Range", "bytes=0-9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || len(part) != 10 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("a range: %d, %d bytes, Cache-Control %q", resp.StatusCode, len(part), resp.Header.Get("Cache-Control"))
	}
}
