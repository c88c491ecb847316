package stamp_test

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digitorus/timestamp"

	"policysite/generator/stamp"
	"policysite/generator/stamp/stamptest"
)

// digest is the SHA-256 of a revision's text, as content.lock has it.
var digest = func() []byte {
	d := sha256.Sum256([]byte("# Personvernerklæring\n\nVi tar vare på opplysningene dine.\n"))
	return d[:]
}()

// sentinels are Verify's reasons, to check that an error has its own and
// no other.
var sentinels = []error{
	stamp.ErrNotTimestamp, stamp.ErrNotGranted, stamp.ErrNoCertificate,
	stamp.ErrSignature, stamp.ErrUntrusted, stamp.ErrUsage, stamp.ErrImprint,
}

// newAuthority makes a stamptest Authority or ends the test.
func newAuthority(tb testing.TB, o stamptest.Options) *stamptest.Authority {
	tb.Helper()
	a, err := stamptest.NewAuthority(o)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// must returns a function that returns the bytes it is given, or ends the
// test if it is given an error: must(t)(tsa.Token(…)).
func must(tb testing.TB) func([]byte, error) []byte {
	return func(b []byte, err error) []byte {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
}

func TestVerify(t *testing.T) {
	at := time.Date(2027, 3, 14, 15, 9, 26, 0, time.UTC)
	tsa := newAuthority(t, stamptest.Options{})
	good := must(t)(tsa.Token(digest, at))
	parsed, err := timestamp.ParseResponse(good)
	if err != nil {
		t.Fatal(err)
	}
	other := bytes.Repeat([]byte{7}, 32)
	sha512Digest := sha512.Sum512([]byte("revision"))
	// From 2020 to 2100: valid now, when tokens are signed, but not at
	// every token's time.
	since2020 := newAuthority(t, stamptest.Options{NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
	// TSAs with a certificate for other uses, under CAs of their own.
	noUsage := newAuthority(t, stamptest.Options{Usage: stamptest.NoUsage})
	notCritical := newAuthority(t, stamptest.Options{Usage: stamptest.TimeStampingNotCritical})
	serverAuth := newAuthority(t, stamptest.Options{Usage: stamptest.ServerAuth})

	tests := []struct {
		name string
		tsr  func(t *testing.T) []byte
		want error                // nil: verifies
		by   *stamptest.Authority // whose root is trusted; nil: tsa
	}{
		{"granted response", func(*testing.T) []byte { return good }, nil, nil},
		{"bare token", func(*testing.T) []byte { return parsed.RawToken }, nil, nil},
		{"content forged", func(t *testing.T) []byte { return must(t)(stamptest.Forge(good)) }, stamp.ErrSignature, nil},
		{"signature forged", func(t *testing.T) []byte { return must(t)(stamptest.ForgeSignature(good)) }, stamp.ErrSignature, nil},
		{"over other bytes", func(t *testing.T) []byte { return must(t)(tsa.Token(other, at)) }, stamp.ErrImprint, nil},
		{"over a SHA-512", func(t *testing.T) []byte {
			return must(t)(tsa.Respond(&timestamp.Request{HashAlgorithm: crypto.SHA512, HashedMessage: sha512Digest[:], Certificates: true}, at, stamptest.Behave))
		}, stamp.ErrImprint, nil},
		{"untrusted CA", func(t *testing.T) []byte {
			return must(t)(newAuthority(t, stamptest.Options{}).Token(digest, at))
		}, stamp.ErrUntrusted, nil},
		{"untrusted CA of the same name", func(t *testing.T) []byte {
			return must(t)(newAuthority(t, stamptest.Options{Name: "stamptest TSA"}).Token(digest, at))
		}, stamp.ErrUntrusted, nil},
		// Signed now, inside the certificate's validity, but the token's
		// time is outside: Verify takes the token's time.
		{"token time before the certificate", func(t *testing.T) []byte {
			return must(t)(since2020.Token(digest, time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)))
		}, stamp.ErrUntrusted, since2020},
		{"token time after the certificate", func(t *testing.T) []byte {
			return must(t)(since2020.Token(digest, time.Date(2100, 1, 2, 0, 0, 0, 0, time.UTC)))
		}, stamp.ErrUntrusted, since2020},
		{"token time inside the certificate", func(t *testing.T) []byte {
			return must(t)(since2020.Token(digest, at))
		}, nil, since2020},
		{"no extended key usage", func(t *testing.T) []byte { return must(t)(noUsage.Token(digest, at)) }, stamp.ErrUsage, noUsage},
		{"time-stamping not critical", func(t *testing.T) []byte { return must(t)(notCritical.Token(digest, at)) }, stamp.ErrUsage, notCritical},
		{"a web server's certificate", func(t *testing.T) []byte { return must(t)(serverAuth.Token(digest, at)) }, stamp.ErrUsage, serverAuth},
		{"no certificate", func(t *testing.T) []byte {
			return must(t)(tsa.Respond(&timestamp.Request{HashAlgorithm: crypto.SHA256, HashedMessage: digest}, at, stamptest.Behave))
		}, stamp.ErrNoCertificate, nil},
		{"rejected", func(t *testing.T) []byte {
			return must(t)(tsa.Respond(&timestamp.Request{HashAlgorithm: crypto.SHA256, HashedMessage: digest}, at, stamptest.Reject))
		}, stamp.ErrNotGranted, nil},
		{"empty", func(*testing.T) []byte { return nil }, stamp.ErrNotTimestamp, nil},
		{"garbage", func(*testing.T) []byte { return []byte("not a timestamp at all") }, stamp.ErrNotTimestamp, nil},
		{"PEM of the response", func(*testing.T) []byte {
			return []byte("-----BEGIN TSR-----\n" + hex.EncodeToString(good) + "\n-----END TSR-----\n")
		}, stamp.ErrNotTimestamp, nil},
		{"truncated", func(*testing.T) []byte { return good[:len(good)-20] }, stamp.ErrNotTimestamp, nil},
		{"trailing bytes", func(*testing.T) []byte { return append(bytes.Clone(good), 0) }, stamp.ErrNotTimestamp, nil},
		{"a certificate", func(*testing.T) []byte { return tsa.CA.Raw }, stamp.ErrNotTimestamp, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			by := tsa
			if tt.by != nil {
				by = tt.by
			}
			tok, err := stamp.Verify(tt.tsr(t), digest, by.Roots)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if !tok.Time.Equal(at) {
					t.Errorf("Time = %v, want %v", tok.Time, at)
				}
				return
			}
			t.Log(err) // for reading the messages with -v
			if tok != nil {
				t.Errorf("a Token with the error %v", err)
			}
			for _, s := range sentinels {
				if errors.Is(err, s) != (s == tt.want) {
					t.Fatalf("err = %v, want it to be %q and no other reason", err, tt.want)
				}
			}
		})
	}
}

func TestVerifyCallerMistakes(t *testing.T) {
	tsa := newAuthority(t, stamptest.Options{})
	good := must(t)(tsa.Token(digest, time.Now()))
	tests := []struct {
		name   string
		digest []byte
		roots  bool
		err    string
	}{
		{"hex digest", []byte(hex.EncodeToString(digest)), true, "64 bytes"},
		{"no roots", digest, false, "no trusted roots"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roots := tsa.Roots
			if !tt.roots {
				roots = nil
			}
			_, err := stamp.Verify(good, tt.digest, roots)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want one saying %q", err, tt.err)
			}
		})
	}
}

func TestParseRoots(t *testing.T) {
	tsa := newAuthority(t, stamptest.Options{})
	second := newAuthority(t, stamptest.Options{Name: "second"})
	tests := []struct {
		name string
		data string // of the file
		err  string // "" for success
	}{
		{"one root", string(tsa.RootsPEM), ""},
		{"bundle with comments", "# stamptest\n" + string(tsa.RootsPEM) + "\n# second\n" + string(second.RootsPEM), ""},
		{"empty", "", "hold no PEM certificates"},
		{"DER", string(tsa.CA.Raw), "hold no PEM certificates"},
		{"a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", `hold a "PRIVATE KEY" as PEM block 1`},
		{"damaged certificate", string(tsa.RootsPEM) + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "damaged certificate as PEM block 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roots, err := stamp.ParseRoots([]byte(tt.data))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := stamp.Verify(must(t)(tsa.Token(digest, time.Now())), digest, roots); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestOpenSSL checks that the tokens stamptest makes, and so what Verify is
// tested on, are what openssl ts takes them to be, where openssl is found.
func TestOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("no openssl:", err)
	}
	tsa := newAuthority(t, stamptest.Options{})
	good := must(t)(tsa.Token(digest, time.Now()))
	tests := []struct {
		name string
		tsr  []byte
		ok   bool
	}{
		{"good", good, true},
		{"forged", must(t)(stamptest.Forge(good)), false},
		{"over other bytes", must(t)(tsa.Token(bytes.Repeat([]byte{7}, 32), time.Now())), false},
		{"untrusted CA", must(t)(newAuthority(t, stamptest.Options{}).Token(digest, time.Now())), false},
		{"time-stamping not critical", must(t)(newAuthority(t, stamptest.Options{Usage: stamptest.TimeStampingNotCritical}).Token(digest, time.Now())), false},
	}
	dir := t.TempDir()
	roots := filepath.Join(dir, "roots.pem")
	if err := os.WriteFile(roots, tsa.RootsPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tsr := filepath.Join(dir, string(rune('a'+i))+".tsr")
			if err := os.WriteFile(tsr, tt.tsr, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(openssl, "ts", "-verify", "-in", tsr, "-digest", hex.EncodeToString(digest), "-CAfile", roots).CombinedOutput()
			if ok := err == nil && bytes.Contains(out, []byte("Verification: OK")); ok != tt.ok {
				t.Fatalf("openssl ts -verify: ok = %v, want %v:\n%s", ok, tt.ok, out)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	tsa := newAuthority(f, stamptest.Options{})
	good := must(f)(tsa.Token(digest, time.Now()))
	parsed, err := timestamp.ParseResponse(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(parsed.RawToken)
	f.Add(must(f)(stamptest.Forge(good)))
	f.Add(must(f)(stamptest.ForgeSignature(good)))
	f.Add(must(f)(tsa.Respond(&timestamp.Request{HashAlgorithm: crypto.SHA256, HashedMessage: digest}, time.Now(), stamptest.Reject)))
	f.Add([]byte{})
	f.Add([]byte{0x30, 0x80, 0x00, 0x00}) // BER, of indefinite length
	f.Add([]byte("0\x82"))                // made the pinned pkcs7's BER reader panic
	f.Fuzz(func(t *testing.T, tsr []byte) {
		tok, err := stamp.Verify(tsr, digest, tsa.Roots)
		if (tok == nil) == (err == nil) {
			t.Fatalf("Verify = %v, %v: want a token or an error", tok, err)
		}
	})
}
