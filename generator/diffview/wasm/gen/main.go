// Command gen builds the theme's compare.wasm from policysite's Go
// (generator/diffview/wasm) and copies the Go toolchain's wasm_exec.js
// beside it, into the folder -out (the theme, templates/: go generate
// ./templates, or make wasm). It writes the Go version that made them into
// compare.wasm.version: the same Go makes the same bytes, which
// TestCompareWasm checks.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

func main() {
	out := flag.String("out", ".", "the folder to write compare.wasm, wasm_exec.js and compare.wasm.version into")
	flag.Parse()
	if err := build(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func build(out string) error {
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return err
	}
	version, err := goEnv("GOVERSION")
	if err != nil {
		return err
	}
	exec_, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	wasm, err := filepath.Abs(filepath.Join(out, "compare.wasm"))
	if err != nil {
		return err
	}
	_, self, _, _ := runtime.Caller(0)
	// -trimpath and -buildvcs=false: the bytes depend on the Go version
	// and the source alone, not on the folder or the commit built in.
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", wasm, ".")
	cmd.Dir = filepath.Dir(filepath.Dir(self)) // generator/diffview/wasm
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, "wasm_exec.js"), exec_, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "compare.wasm.version"), []byte(version+"\n"), 0o644)
}

func goEnv(name string) (string, error) {
	b, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}
