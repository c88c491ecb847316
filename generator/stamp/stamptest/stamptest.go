// Package stamptest is an RFC 3161 time-stamping authority (TSA) for tests:
// a CA and a TSA certificate made on the spot, a TSA server on loopback
// with knobs to make it fail or misbehave, and ways to make bad tokens.
//
// It needs no *testing.T, so that a testscript Setup can start a Server
// too. Keys are ECDSA P-256, quick to make.
package stamptest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/digitorus/pkcs7"
	"github.com/digitorus/timestamp"
)

// Usage is the extended key usage a TSA certificate is made with.
type Usage int

// The usages; only the first is right for a TSA (RFC 3161 2.3).
const (
	TimeStamping            Usage = iota // id-kp-timeStamping alone, critical
	TimeStampingNotCritical              // id-kp-timeStamping alone, not critical
	NoUsage                              // no extended key usage extension
	ServerAuth                           // id-kp-serverAuth, critical: a web server's certificate
)

// Options shape an Authority. The zero Options make a proper TSA.
type Options struct {
	Name  string // the TSA certificate's common name; "" means "stamptest TSA"
	Usage Usage  // the TSA certificate's extended key usage

	// NotBefore and NotAfter bound both certificates' validity; zero means
	// 2000-01-01 and 2100-01-01, so that any clock a test sets is inside.
	// Tokens are signed with the real time in a signed attribute, which
	// must be inside too.
	NotBefore, NotAfter time.Time
}

// Policy is the TSA policy of every token stamptest makes: an OID of the
// arc set aside for examples (2.999).
var Policy = asn1.ObjectIdentifier{2, 999, 3161}

// Authority is a CA and the TSA certificate it issued, with their keys.
type Authority struct {
	RootsPEM []byte            // the CA certificate, PEM: the file of roots a site trusts
	Roots    *x509.CertPool    // the CA certificate, as a pool
	CA       *x509.Certificate // the root
	Cert     *x509.Certificate // the TSA's signing certificate, issued by CA

	key crypto.Signer // of Cert
}

// NewAuthority makes a CA and a TSA certificate as o says.
func NewAuthority(o Options) (*Authority, error) {
	if o.Name == "" {
		o.Name = "stamptest TSA"
	}
	if o.NotBefore.IsZero() {
		o.NotBefore = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: o.Name + " root", Organization: []string{"stamptest"}},
		NotBefore:             o.NotBefore,
		NotAfter:              o.NotAfter,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		return nil, fmt.Errorf("stamptest: making the CA certificate: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: o.Name, Organization: []string{"stamptest"}},
		NotBefore:    o.NotBefore,
		NotAfter:     o.NotAfter,
		// openssl ts -verify rejects a TSA certificate whose key usage
		// allows more than signing.
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	switch o.Usage {
	case TimeStamping, ServerAuth:
		// x509 writes ExtKeyUsage as a non-critical extension; RFC 3161
		// wants it critical, so it goes in as an extension of its own.
		usage := asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 8} // id-kp-timeStamping
		if o.Usage == ServerAuth {
			usage = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 1}
		}
		value, err := asn1.Marshal([]asn1.ObjectIdentifier{usage})
		if err != nil {
			return nil, err
		}
		tmpl.ExtraExtensions = []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: value}}
	case TimeStampingNotCritical:
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}
	case NoUsage:
	default:
		return nil, fmt.Errorf("stamptest: unknown Usage %d", o.Usage)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, key.Public(), caKey)
	if err != nil {
		return nil, fmt.Errorf("stamptest: making the TSA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}

	roots := x509.NewCertPool()
	roots.AddCert(ca)
	return &Authority{
		RootsPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		Roots:    roots,
		CA:       ca,
		Cert:     cert,
		key:      key,
	}, nil
}

// serial returns a random certificate serial number of 128 bits, as CAs
// use.
func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return n
}

// Token returns a DER TimeStampResp granting a token over digest (taken as
// SHA-256) at time at, with the signing certificate in it and no nonce: what
// the Server answers a request for it with, made without a request.
func (a *Authority) Token(digest []byte, at time.Time) ([]byte, error) {
	return a.Respond(&timestamp.Request{
		HashAlgorithm: crypto.SHA256,
		HashedMessage: digest,
		Certificates:  true,
	}, at, Behave)
}

// Respond returns the DER TimeStampResp a Server misbehaving as m answers
// req with when its clock says at.
func (a *Authority) Respond(req *timestamp.Request, at time.Time, m Misbehavior) ([]byte, error) {
	if m == Reject {
		return timestamp.CreateErrorResponse(timestamp.Rejection, timestamp.BadRequest)
	}
	ts := &timestamp.Timestamp{
		HashAlgorithm:     req.HashAlgorithm,
		HashedMessage:     bytes.Clone(req.HashedMessage),
		Time:              at.UTC(),
		Accuracy:          time.Second,
		Policy:            Policy,
		Nonce:             req.Nonce,
		AddTSACertificate: req.Certificates,
	}
	switch m {
	case WrongNonce:
		if req.Nonce == nil {
			ts.Nonce = big.NewInt(1)
		} else {
			ts.Nonce = new(big.Int).Add(req.Nonce, big.NewInt(1))
		}
	case NoNonce:
		ts.Nonce = nil
	case WrongImprint:
		if len(ts.HashedMessage) > 0 {
			ts.HashedMessage[0] ^= 0xff
		}
	case NoCertificate:
		ts.AddTSACertificate = false
	}
	return ts.CreateResponseWithOpts(a.Cert, a.key, crypto.SHA256)
}

// Misbehavior is a way a Server answers wrongly.
type Misbehavior int

// The ways to misbehave.
const (
	Behave        Misbehavior = iota // answer rightly
	WrongNonce                       // a token with another nonce than the request's
	NoNonce                          // a token without the request's nonce
	WrongImprint                     // a token over other bytes than the request's
	NoCertificate                    // a token without the signing certificate, though asked for
	Reject                           // a response with status rejection and no token
	NotTimestamp                     // 200 OK with a web page
)

// Server is an RFC 3161 TSA on loopback, answering POSTed requests at URL
// with tokens of its Authority. Its knobs may be set while it serves.
type Server struct {
	*Authority
	URL string // where to POST requests

	srv       *httptest.Server
	mu        sync.Mutex
	fail      int
	down      bool
	clock     func() time.Time
	misbehave Misbehavior
	requests  int
}

// Start starts a Server with a new proper Authority.
func Start() (*Server, error) {
	a, err := NewAuthority(Options{})
	if err != nil {
		return nil, err
	}
	return StartAuthority(a)
}

// StartAuthority starts a Server that answers with a's tokens.
func StartAuthority(a *Authority) (*Server, error) {
	// httptest.NewServer would panic if it cannot listen; callers without
	// a *testing.T want an error.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("stamptest: listening on loopback: %w", err)
	}
	s := &Server{Authority: a, clock: time.Now}
	s.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(s.serve)}}
	s.srv.Start()
	s.URL = s.srv.URL + "/tsa"
	return s, nil
}

// Close shuts the server down; requests after are refused.
func (s *Server) Close() { s.srv.Close() }

// FailNext makes the server answer the next n requests with 503 Service
// Unavailable.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = n
}

// SetDown makes the server close every connection without an answer while
// down is true, as a TSA whose host is failing; requests are not counted.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// SetClock sets the server's clock, which gives the tokens' time; nil means
// time.Now. Tokens hold whole seconds.
func (s *Server) SetClock(clock func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if clock == nil {
		clock = time.Now
	}
	s.clock = clock
}

// SetMisbehavior makes the server answer as m says from now on.
func (s *Server) SetMisbehavior(m Misbehavior) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.misbehave = m
}

// Requests returns how many requests the server has been sent while up,
// those answered 503 included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.down
	fail := s.fail > 0
	if !down {
		s.requests++
		if fail {
			s.fail--
		}
	}
	clock, m := s.clock, s.misbehave
	s.mu.Unlock()

	if down {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
			return
		}
		panic(http.ErrAbortHandler) // closes the connection where hijacking cannot
	}
	if fail {
		http.Error(w, "stamptest: failing as asked", http.StatusServiceUnavailable)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "stamptest: POST a timestamp request", http.StatusMethodNotAllowed)
		return
	}
	if m == NotTimestamp {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><title>Not a TSA</title><p>Nothing to see here.\n")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var resp []byte
	req, err := timestamp.ParseRequest(body)
	if err != nil {
		resp, err = timestamp.CreateErrorResponse(timestamp.Rejection, timestamp.BadDataFormat)
	} else {
		resp, err = s.Respond(req, clock(), m)
	}
	if err != nil {
		http.Error(w, "stamptest: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	w.Write(resp)
}

// Forge returns tsr with one bit of the token's signed content changed (in
// its serial number), as a forger who edits a token would: the DER still
// parses and the imprint and time are untouched, but the signature no
// longer matches.
func Forge(tsr []byte) ([]byte, error) {
	ts, p7, err := parse(tsr)
	if err != nil {
		return nil, err
	}
	serial := ts.SerialNumber.Bytes()
	i, err := unique(p7.Content, serial, "serial number", "signed content")
	if err != nil {
		return nil, err
	}
	j, err := unique(tsr, p7.Content, "signed content", "response")
	if err != nil {
		return nil, err
	}
	out := bytes.Clone(tsr)
	out[j+i+len(serial)-1] ^= 1
	return out, nil
}

// ForgeSignature returns tsr with one bit of the signature changed: the
// content is intact, but the signature is not the signer's.
func ForgeSignature(tsr []byte) ([]byte, error) {
	_, p7, err := parse(tsr)
	if err != nil {
		return nil, err
	}
	if len(p7.Signers) != 1 {
		return nil, fmt.Errorf("stamptest: the token has %d signers, want 1", len(p7.Signers))
	}
	sig := p7.Signers[0].EncryptedDigest
	i, err := unique(tsr, sig, "signature", "response")
	if err != nil {
		return nil, err
	}
	out := bytes.Clone(tsr)
	// The last byte is inside the signature's last INTEGER, so the DER
	// still parses.
	out[i+len(sig)-1] ^= 1
	return out, nil
}

// parse reads a TimeStampResp made by an Authority.
func parse(tsr []byte) (*timestamp.Timestamp, *pkcs7.PKCS7, error) {
	ts, err := timestamp.ParseResponse(tsr)
	if err != nil {
		return nil, nil, fmt.Errorf("stamptest: not a granted timestamp response: %w", err)
	}
	p7, err := pkcs7.Parse(ts.RawToken)
	if err != nil {
		return nil, nil, fmt.Errorf("stamptest: the token is not CMS signed data: %w", err)
	}
	return ts, p7, nil
}

// unique returns where part is in whole, making sure it is there once, so
// that changing it there changes what was meant.
func unique(whole, part []byte, partName, wholeName string) (int, error) {
	i := bytes.Index(whole, part)
	if i < 0 || len(part) == 0 {
		return 0, fmt.Errorf("stamptest: the %s is not in the %s", partName, wholeName)
	}
	if bytes.LastIndex(whole, part) != i {
		return 0, errors.New("stamptest: the " + partName + " is in the " + wholeName + " more than once")
	}
	return i, nil
}
