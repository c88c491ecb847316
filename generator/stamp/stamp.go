package stamp

import (
	"bytes"
	"cmp"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"time"

	"github.com/digitorus/timestamp"
)

// Defaults for a Client's zero fields.
const (
	DefaultTimeout = 30 * time.Second // of one request, when HTTP is nil
	DefaultRetries = 2                // when Retries is zero
	DefaultBackoff = time.Second      // when Backoff is zero
)

// maxResponse bounds what is read of a TSA's answer. Tokens are a few
// kilobytes; the bound keeps a wrong URL from filling memory.
const maxResponse = 1 << 20

// defaultHTTP is the client of a Client whose HTTP is nil.
var defaultHTTP = &http.Client{Timeout: DefaultTimeout}

// Client asks TSAs for tokens. The zero Client is ready to use.
type Client struct {
	// HTTP sends the requests; nil means a client that gives up on a
	// request after DefaultTimeout.
	HTTP *http.Client
	// Retries is how many times a request is sent again after a network
	// error or a 5xx answer; zero means DefaultRetries, negative none.
	Retries int
	// Backoff is the wait before the first retry, doubled before each
	// further one; zero means DefaultBackoff, negative no wait.
	Backoff time.Duration
}

// Stamp asks the TSA at tsaURL for a token over digest, a SHA-256 (32
// bytes), and returns the TSA's DER TimeStampResp exactly as received, to
// be stored and checked later with Verify.
//
// The request carries a random nonce and asks for the signing certificate
// (certReq), without which the token could not be checked offline. Stamp
// sends it again after network errors and 5xx answers, as Retries and
// Backoff say, and gives up when ctx is done. It rejects an answer that is
// not a granted timestamp response, whose nonce is not the request's,
// whose imprint is not digest, whose signature does not match, or that
// lacks the signing certificate. It does not check the certificate's trust;
// Verify does.
func (c *Client) Stamp(ctx context.Context, tsaURL string, digest []byte) ([]byte, error) {
	if len(digest) != sha256.Size {
		return nil, fmt.Errorf("stamp: the digest to stamp is %d bytes; a SHA-256 digest is %d", len(digest), sha256.Size)
	}
	if u, err := url.Parse(tsaURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("stamp: the TSA URL %q is not an http or https URL; check the TSA's address in site.yaml", tsaURL)
	}
	// 64 random bits: RFC 3161 asks only that a nonce be unlikely to repeat.
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, fmt.Errorf("stamp: making a nonce: %w", err)
	}
	req, err := (&timestamp.Request{
		HashAlgorithm: crypto.SHA256,
		HashedMessage: digest,
		Certificates:  true,
		Nonce:         nonce,
	}).Marshal()
	if err != nil {
		return nil, fmt.Errorf("stamp: making the request: %w", err)
	}

	retries, backoff := c.Retries, c.Backoff
	if retries == 0 {
		retries = DefaultRetries
	}
	if backoff == 0 {
		backoff = DefaultBackoff
	}
	attempts := 1 + max(retries, 0)
	var a answer
	for n := 1; ; n++ {
		var again bool
		a, again, err = c.post(ctx, tsaURL, req)
		if err == nil {
			break
		}
		if !again {
			return nil, fmt.Errorf("stamp: TSA %s: %w", tsaURL, err)
		}
		if n == attempts {
			tries := "no token"
			if attempts > 1 {
				tries = fmt.Sprintf("no token after %d attempts", attempts)
			}
			return nil, fmt.Errorf("stamp: TSA %s: %s: %w; check the URL in site.yaml and the network, or try again later", tsaURL, tries, err)
		}
		if werr := wait(ctx, backoff); werr != nil {
			return nil, fmt.Errorf("stamp: TSA %s: stopped before asking again: %w (the last attempt failed: %v)", tsaURL, werr, err)
		}
		backoff *= 2
	}

	ts, err := parseResponse(a.body)
	if err != nil {
		return nil, fmt.Errorf("stamp: TSA %s: its answer (%d bytes of %s) is not a granted timestamp: %v", tsaURL, len(a.body), a.contentType, err)
	}
	switch {
	case ts.Nonce == nil || ts.Nonce.Cmp(nonce) != 0:
		return nil, fmt.Errorf("stamp: TSA %s: the token's nonce is %v, not the request's %v; the answer is not to this request", tsaURL, ts.Nonce, nonce)
	case ts.HashAlgorithm != crypto.SHA256 || !bytes.Equal(ts.HashedMessage, digest):
		return nil, fmt.Errorf("stamp: TSA %s: the token is over the %v digest %x, not the SHA-256 %x asked for", tsaURL, ts.HashAlgorithm, ts.HashedMessage, digest)
	case !ts.AddTSACertificate:
		// timestamp.Parse checks the signature only when the token carries
		// certificates: this also makes sure that was done.
		return nil, fmt.Errorf("stamp: TSA %s: the token carries no signing certificate although the request asked for it; it could not be verified offline", tsaURL)
	}
	return a.body, nil
}

// answer is a TSA's answer to a request.
type answer struct {
	body        []byte
	contentType string // for messages: a web page where a token should be says much
}

// post sends one request and returns the answer, or an error and whether
// it is worth asking again.
func (c *Client) post(ctx context.Context, tsaURL string, req []byte) (a answer, again bool, err error) {
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, tsaURL, bytes.NewReader(req))
	if err != nil {
		return a, false, err
	}
	hr.Header.Set("Content-Type", "application/timestamp-query")
	hr.Header.Set("Accept", "application/timestamp-reply")
	h := c.HTTP
	if h == nil {
		h = defaultHTTP
	}
	resp, err := h.Do(hr)
	if err != nil {
		// A cancelled ctx is the caller's wish, not the network's failure.
		return a, ctx.Err() == nil, err
	}
	defer resp.Body.Close()
	a.contentType = cmp.Or(resp.Header.Get("Content-Type"), "no stated type")
	a.body, err = io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	switch {
	case err != nil:
		return a, ctx.Err() == nil, fmt.Errorf("reading the answer: %w", err)
	case resp.StatusCode >= 500:
		return a, true, fmt.Errorf("it answered %s", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return a, false, fmt.Errorf("it answered %s; is the URL a TSA's?", resp.Status)
	case len(a.body) > maxResponse:
		return a, false, fmt.Errorf("its answer is over %d bytes, far more than a timestamp; is the URL a TSA's?", maxResponse)
	}
	return a, false, nil
}

// wait waits d, or until ctx is done.
func wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
