package pages

import "testing"

func TestWasmPolicy(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"default-src 'none'; script-src 'self'; style-src 'self'", "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'", true},
		{"script-src 'self' 'wasm-unsafe-eval'", "script-src 'self' 'wasm-unsafe-eval'", true},
		{"default-src 'self'", "default-src 'self'", false},
		{"", "", false},
	} {
		if got, ok := WasmPolicy(c.in); got != c.want || ok != c.ok {
			t.Errorf("WasmPolicy(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
