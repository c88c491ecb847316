package stamp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"policysite/generator/stamp"
	"policysite/generator/stamp/stamptest"
)

// startTSA starts a stamptest server that is closed when t ends.
func startTSA(t *testing.T) *stamptest.Server {
	t.Helper()
	s, err := stamptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// quick is a client that does not wait between attempts long enough to
// matter, and otherwise has the defaults.
func quick() *stamp.Client { return &stamp.Client{Backoff: time.Nanosecond} }

func TestStamp(t *testing.T) {
	s := startTSA(t)
	at := time.Date(2027, 3, 14, 15, 9, 26, 0, time.UTC)
	s.SetClock(func() time.Time { return at })

	tsr, err := quick().Stamp(context.Background(), s.URL, digest)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := stamp.Verify(tsr, digest, s.Roots)
	if err != nil {
		t.Fatal(err)
	}
	if !tok.Time.Equal(at) {
		t.Errorf("Time = %v, want the server's clock, %v", tok.Time, at)
	}
	if want := "CN=stamptest TSA,O=stamptest"; tok.Authority != want {
		t.Errorf("Authority = %q, want %q", tok.Authority, want)
	}
	if tok.Serial == nil || tok.Serial.Sign() <= 0 {
		t.Errorf("Serial = %v, want the TSA's positive serial", tok.Serial)
	}
	if !tok.Policy.Equal(stamptest.Policy) {
		t.Errorf("Policy = %v, want %v", tok.Policy, stamptest.Policy)
	}
	if tok.Accuracy != time.Second {
		t.Errorf("Accuracy = %v, want 1s", tok.Accuracy)
	}
	if !tok.Certificate.Equal(s.Cert) {
		t.Errorf("Certificate is %q, want the TSA's", tok.Certificate.Subject)
	}
	if n := s.Requests(); n != 1 {
		t.Errorf("the TSA was asked %d times, want once", n)
	}
}

func TestStampRetries(t *testing.T) {
	tests := []struct {
		name     string
		fail     int // answers 503 before the server answers rightly
		retries  int
		requests int    // the server should see
		err      string // in the error; "" for success
	}{
		{name: "no failure", fail: 0, requests: 1},
		{name: "fails twice, default retries", fail: 2, requests: 3},
		{name: "fails thrice, default retries", fail: 3, requests: 3, err: "no token after 3 attempts: it answered 503 Service Unavailable"},
		{name: "fails four times, four retries", fail: 4, retries: 4, requests: 5},
		{name: "fails once, no retries", fail: 1, retries: -1, requests: 1, err: "no token: it answered 503 Service Unavailable; check the URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startTSA(t)
			s.FailNext(tt.fail)
			c := quick()
			c.Retries = tt.retries
			tsr, err := c.Stamp(context.Background(), s.URL, digest)
			if got := s.Requests(); got != tt.requests {
				t.Errorf("the TSA was asked %d times, want %d", got, tt.requests)
			}
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := stamp.Verify(tsr, digest, s.Roots); err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), s.URL) {
				t.Fatalf("err = %v, want one naming %s and saying %q", err, s.URL, tt.err)
			}
		})
	}
}

func TestStampDown(t *testing.T) {
	t.Run("connections closed", func(t *testing.T) {
		s := startTSA(t)
		s.SetDown(true)
		_, err := quick().Stamp(context.Background(), s.URL, digest)
		if err == nil || !strings.Contains(err.Error(), s.URL) || !strings.Contains(err.Error(), "after 3 attempts") {
			t.Fatalf("err = %v, want one naming %s after 3 attempts", err, s.URL)
		}
		// Up again, the same client gets its token.
		s.SetDown(false)
		if _, err := quick().Stamp(context.Background(), s.URL, digest); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("refused", func(t *testing.T) {
		s := startTSA(t)
		s.Close()
		_, err := quick().Stamp(context.Background(), s.URL, digest)
		if err == nil || !strings.Contains(err.Error(), s.URL) || !strings.Contains(err.Error(), "after 3 attempts") {
			t.Fatalf("err = %v, want one naming %s after 3 attempts", err, s.URL)
		}
	})
}

func TestStampMisbehavingTSA(t *testing.T) {
	tests := []struct {
		m   stamptest.Misbehavior
		err string
	}{
		{stamptest.WrongNonce, "not the request's"},
		{stamptest.NoNonce, "the token's nonce is <nil>"},
		{stamptest.WrongImprint, "not the SHA-256"},
		{stamptest.NoCertificate, "no signing certificate"},
		{stamptest.Reject, "the request is rejected"},
		{stamptest.NotTimestamp, "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.err, func(t *testing.T) {
			s := startTSA(t)
			s.SetMisbehavior(tt.m)
			_, err := quick().Stamp(context.Background(), s.URL, digest)
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), s.URL) {
				t.Fatalf("err = %v, want one naming %s and saying %q", err, s.URL, tt.err)
			}
			// A wrong answer is not the network's passing fault.
			if n := s.Requests(); n != 1 {
				t.Errorf("the TSA was asked %d times, want once", n)
			}
		})
	}
}

func TestStampNotATSA(t *testing.T) {
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		http.NotFound(w, r)
	}))
	defer srv.Close()
	_, err := quick().Stamp(context.Background(), srv.URL, digest)
	if err == nil || !strings.Contains(err.Error(), "404 Not Found") {
		t.Fatalf("err = %v, want one saying 404 Not Found", err)
	}
	srv.Close() // so that requests is read after the handler's last write
	if requests != 1 {
		t.Errorf("asked %d times, want once: a 404 does not pass", requests)
	}
}

func TestStampBadArguments(t *testing.T) {
	tests := []struct {
		name   string
		url    string
		digest []byte
		err    string
	}{
		{"short digest", "http://127.0.0.1:1/", digest[:31], "31 bytes"},
		{"no digest", "http://127.0.0.1:1/", nil, "0 bytes"},
		{"empty URL", "", digest, "not an http or https URL"},
		{"no scheme", "tsa.example/tsr", digest, "not an http or https URL"},
		{"ftp", "ftp://tsa.example/", digest, "not an http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := quick().Stamp(context.Background(), tt.url, tt.digest)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want one saying %q", err, tt.err)
			}
		})
	}
}

// cancelAfter is a RoundTripper that cancels a context once the answer's
// body is closed, read, so that a test can cancel between attempts without
// a clock.
type cancelAfter struct {
	cancel context.CancelFunc
}

func (c cancelAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		c.cancel()
		return nil, err
	}
	resp.Body = cancelOnClose{resp.Body, c.cancel}
	return resp, nil
}

// cancelOnClose is a body that cancels a context when closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b cancelOnClose) Close() error {
	defer b.cancel()
	return b.ReadCloser.Close()
}

func TestStampCancel(t *testing.T) {
	t.Run("before", func(t *testing.T) {
		s := startTSA(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := quick().Stamp(ctx, s.URL, digest)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if n := s.Requests(); n != 0 {
			t.Errorf("the TSA was asked %d times, want none", n)
		}
	})
	t.Run("while waiting to retry", func(t *testing.T) {
		s := startTSA(t)
		s.FailNext(1)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		// An hour's backoff: the test ends only if cancelling ends the wait.
		c := &stamp.Client{HTTP: &http.Client{Transport: cancelAfter{cancel}}, Backoff: time.Hour}
		_, err := c.Stamp(ctx, s.URL, digest)
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "503") {
			t.Fatalf("err = %v, want context.Canceled telling of the 503 before", err)
		}
		if n := s.Requests(); n != 1 {
			t.Errorf("the TSA was asked %d times, want once", n)
		}
	})
}
