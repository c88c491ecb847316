package stamp

import (
	"fmt"

	"github.com/digitorus/pkcs7"
	"github.com/digitorus/timestamp"
)

// The pinned pkcs7 reads BER with a converter that indexes past the end of
// some malformed input ("0\x82" is enough) and panics; later versions fix it
// but need a newer Go. The functions below are the only way this package
// hands bytes from a file or a TSA to the libraries, and they turn such a
// panic into an error, so that a damaged .tsr cannot crash the tool.

// parsePKCS7 is pkcs7.Parse.
func parsePKCS7(b []byte) (*pkcs7.PKCS7, error) {
	return guard(func() (*pkcs7.PKCS7, error) { return pkcs7.Parse(b) })
}

// parseToken is timestamp.Parse.
func parseToken(b []byte) (*timestamp.Timestamp, error) {
	return guard(func() (*timestamp.Timestamp, error) { return timestamp.Parse(b) })
}

// parseResponse is timestamp.ParseResponse.
func parseResponse(b []byte) (*timestamp.Timestamp, error) {
	return guard(func() (*timestamp.Timestamp, error) { return timestamp.ParseResponse(b) })
}

// guard calls f and returns what it returns, or an error if it panics.
func guard[T any](f func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, fmt.Errorf("the parser broke down on malformed input: %v", r)
		}
	}()
	return f()
}
