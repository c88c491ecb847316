// Package stamp gets RFC 3161 trusted timestamps for the revisions recorded
// in content.lock and checks them offline.
//
// A time-stamping authority (TSA) signs a token saying that it saw a
// SHA-256 digest at a time. Client.Stamp asks a TSA for one over a
// revision's digest and returns its answer, a DER TimeStampResp (the .tsr
// file openssl ts reads), to be kept in the repository. Verify checks such
// a file later without the network: the token's signature, the signing
// certificate's chain to trusted roots at the token's time, its
// time-stamping usage, and that the token is over the digest.
package stamp

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/digitorus/timestamp"
)

// The reasons Verify rejects a token. The errors it returns wrap one of them
// (test with errors.Is) and say more.
var (
	// ErrNotTimestamp: the bytes are neither a TimeStampResp nor a bare
	// TimeStampToken, or their structure is damaged.
	ErrNotTimestamp = errors.New("not an RFC 3161 timestamp response")
	// ErrNotGranted: the TSA's response says it refused the request, so it
	// holds no token.
	ErrNotGranted = errors.New("the TSA did not grant a timestamp")
	// ErrNoCertificate: the token does not carry its signing certificate,
	// so it cannot be checked offline.
	ErrNoCertificate = errors.New("the token carries no signing certificate")
	// ErrSignature: the token's signature does not match its content; it
	// was forged or damaged.
	ErrSignature = errors.New("the token's signature is not valid")
	// ErrUntrusted: the signing certificate does not chain to any of the
	// trusted roots, or was not valid at the token's time.
	ErrUntrusted = errors.New("the token's signer is not trusted")
	// ErrUsage: the signing certificate is not one for time-stamping (it
	// lacks a critical extended key usage of id-kp-timeStamping alone).
	ErrUsage = errors.New("the token's signing certificate is not for time-stamping")
	// ErrImprint: the token is over other bytes than the digest given, or
	// not over a SHA-256 digest.
	ErrImprint = errors.New("the token is not over this digest")
)

// Token is what a verified token says.
type Token struct {
	Time        time.Time             // when the TSA saw the digest (genTime), UTC
	Accuracy    time.Duration         // how far Time may be off; 0 when the TSA does not say
	Authority   string                // the signing certificate's subject, as a distinguished name
	Serial      *big.Int              // the TSA's serial number for the token
	Policy      asn1.ObjectIdentifier // the TSA policy the token was issued under
	Certificate *x509.Certificate     // the signing certificate
}

// Verify checks offline that tsr is a timestamp token over digest (a
// SHA-256, 32 bytes) signed by a TSA whose certificate chains to one of
// roots. tsr is a DER TimeStampResp as Client.Stamp returns it, or the bare
// TimeStampToken inside one.
//
// The chain is checked at the token's own time, not now: a TSA certificate
// that expired since still vouches for the tokens it signed while valid.
// The signing certificate must be in the token and must have the critical
// extended key usage id-kp-timeStamping and no other, as RFC 3161 requires.
//
// An error wraps one of ErrNotTimestamp, ErrNotGranted, ErrNoCertificate,
// ErrSignature, ErrUntrusted, ErrUsage or ErrImprint, except when digest is
// not 32 bytes or roots is nil, which are the caller's mistakes.
func Verify(tsr, digest []byte, roots *x509.CertPool) (*Token, error) {
	if len(digest) != sha256.Size {
		return nil, fmt.Errorf("stamp: the digest to verify against is %d bytes; a SHA-256 digest is %d", len(digest), sha256.Size)
	}
	// A nil pool would make x509 trust the system's roots: every public CA,
	// not the TSAs the site chose.
	if roots == nil {
		return nil, errors.New("stamp: no trusted roots to verify the token against; read them with ParseRoots")
	}
	token, err := tokenOf(tsr)
	if err != nil {
		return nil, err
	}

	p7, err := parsePKCS7(token)
	if err != nil {
		return nil, fmt.Errorf("stamp: %w: its token is not CMS signed data: %v", ErrNotTimestamp, err)
	}
	if len(p7.Signers) != 1 {
		return nil, fmt.Errorf("stamp: %w: the token has %d signers; a TSA's token has one", ErrNotTimestamp, len(p7.Signers))
	}
	signer := p7.GetOnlySigner()
	if signer == nil {
		return nil, fmt.Errorf("stamp: %w; the TSA must be asked with certReq set, as Client.Stamp does", ErrNoCertificate)
	}
	// timestamp.Parse checks the signature too, but only when the token
	// carries certificates, and its errors cannot be told apart from those
	// of parsing; checking here first makes a forgery ErrSignature.
	if err := p7.Verify(); err != nil {
		return nil, fmt.Errorf("stamp: %w (the token was forged or damaged): %v", ErrSignature, err)
	}
	ts, err := parseToken(token)
	if err != nil {
		return nil, fmt.Errorf("stamp: %w: its signed content is not a TSTInfo: %v", ErrNotTimestamp, err)
	}

	intermediates := x509.NewCertPool()
	for _, c := range p7.Certificates {
		if c != signer {
			intermediates.AddCert(c)
		}
	}
	_, err = signer.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: intermediates,
		CurrentTime:   ts.Time,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
	})
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &invalid) && invalid.Reason == x509.IncompatibleUsage:
		return nil, fmt.Errorf("stamp: %w: %q: %v", ErrUsage, signer.Subject, err)
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return nil, fmt.Errorf("stamp: %w: a certificate of the token's signer %q was not valid at the token's time: %v", ErrUntrusted, signer.Subject, err)
	case err != nil:
		return nil, fmt.Errorf("stamp: %w: the signing certificate %q does not chain to a trusted root at the token's time %s: %v; if the TSA is meant to be trusted, add its root certificate to the roots file",
			ErrUntrusted, signer.Subject, ts.Time.UTC().Format(time.RFC3339), err)
	}
	if err := timeStampingOnly(signer); err != nil {
		return nil, err
	}

	if ts.HashAlgorithm != crypto.SHA256 {
		return nil, fmt.Errorf("stamp: %w: the token is over a %v digest, not a SHA-256 one", ErrImprint, ts.HashAlgorithm)
	}
	if !bytes.Equal(ts.HashedMessage, digest) {
		return nil, fmt.Errorf("stamp: %w: the token is over %x, not %x (it is a token for other bytes)", ErrImprint, ts.HashedMessage, digest)
	}

	return &Token{
		Time:        ts.Time.UTC(),
		Accuracy:    ts.Accuracy,
		Authority:   signer.Subject.String(),
		Serial:      ts.SerialNumber,
		Policy:      ts.Policy,
		Certificate: signer,
	}, nil
}

// timeStampResp is the outside of RFC 3161's TimeStampResp, read only to
// reach the token: timestamp.ParseResponse parses a response only together
// with checking its signature, and then the reasons it fails cannot be told
// apart. The status's optional text and failure bits follow Status and are
// left to timestamp.ParseResponse, which words them.
type timeStampResp struct {
	Status struct {
		Status int
	}
	Token asn1.RawValue `asn1:"optional"`
}

// tokenOf returns the TimeStampToken in tsr, a TimeStampResp or a bare
// token.
func tokenOf(tsr []byte) ([]byte, error) {
	if len(tsr) == 0 {
		return nil, fmt.Errorf("stamp: %w: there are no bytes", ErrNotTimestamp)
	}
	var resp timeStampResp
	rest, err := asn1.Unmarshal(tsr, &resp)
	if err != nil {
		// A bare token is a CMS ContentInfo, whose first field is an OID
		// where a response has its status: it never reads as a response.
		if _, perr := parsePKCS7(tsr); perr == nil {
			return tsr, nil
		}
		// Which tag was found where is no help; that the bytes end early
		// may be.
		why := "the bytes are neither a DER TimeStampResp, as a TSA sends, nor the TimeStampToken in one"
		if serr := (asn1.SyntaxError{}); errors.As(err, &serr) {
			why = err.Error() + " (is it cut short?)"
		}
		return nil, fmt.Errorf("stamp: %w: %s", ErrNotTimestamp, why)
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("stamp: %w: %d bytes follow the response; was something appended to the file?", ErrNotTimestamp, len(rest))
	}
	switch timestamp.Status(resp.Status.Status) {
	case timestamp.Granted, timestamp.GrantedWithMods:
	default:
		// ParseResponse words the status, its text and failure info.
		_, why := parseResponse(tsr)
		if why == nil {
			why = errors.New(timestamp.Status(resp.Status.Status).String())
		}
		return nil, fmt.Errorf("stamp: %w: %v", ErrNotGranted, why)
	}
	if len(resp.Token.FullBytes) == 0 {
		return nil, fmt.Errorf("stamp: %w: the response is granted but holds no token", ErrNotTimestamp)
	}
	return resp.Token.FullBytes, nil
}

// oidExtKeyUsage is the extended key usage extension (RFC 5280 4.2.1.12).
var oidExtKeyUsage = asn1.ObjectIdentifier{2, 5, 29, 37}

// timeStampingOnly reports whether c is a TSA certificate as RFC 3161 2.3
// asks: an extended key usage extension, critical, of id-kp-timeStamping
// alone. x509's own check takes a certificate without the extension as good
// for any use, and does not look at criticality.
func timeStampingOnly(c *x509.Certificate) error {
	critical, found := false, false
	for _, e := range c.Extensions {
		if e.Id.Equal(oidExtKeyUsage) {
			found, critical = true, e.Critical
		}
	}
	switch {
	case !found:
		return fmt.Errorf("stamp: %w: %q has no extended key usage; a TSA's has id-kp-timeStamping", ErrUsage, c.Subject)
	case !critical:
		return fmt.Errorf("stamp: %w: the extended key usage of %q is not marked critical, as RFC 3161 requires of a TSA", ErrUsage, c.Subject)
	case len(c.ExtKeyUsage) != 1 || c.ExtKeyUsage[0] != x509.ExtKeyUsageTimeStamping || len(c.UnknownExtKeyUsage) > 0:
		return fmt.Errorf("stamp: %w: the extended key usage of %q must be id-kp-timeStamping alone", ErrUsage, c.Subject)
	}
	return nil
}

// ParseRoots reads PEM CERTIFICATE blocks into a pool of trusted roots.
// Text between blocks is skipped, as in CA bundles with comments; a block
// of another type (a key, say) is an error, since it means the wrong file.
func ParseRoots(data []byte) (*x509.CertPool, error) {
	pool, err := parseRoots(data)
	if err != nil {
		return nil, fmt.Errorf("stamp: the TSA roots %v", err)
	}
	return pool, nil
}

// parseRoots is ParseRoots with errors that read on from "the TSA roots",
// for callers that name the file (policysite reads every file of a site
// through content.ReadFile, which refuses pipes and devices).
func parseRoots(data []byte) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	n := 0
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		n++
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("hold a %q as PEM block %d; they should be CERTIFICATE blocks only (is this the right file?)", block.Type, n)
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("hold a damaged certificate as PEM block %d: %v", n, err)
		}
		pool.AddCert(c)
	}
	if n == 0 {
		return nil, errors.New("hold no PEM certificates; they should be the TSAs' root certificates as -----BEGIN CERTIFICATE----- blocks")
	}
	return pool, nil
}
