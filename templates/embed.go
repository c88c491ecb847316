// Package templates is policysite's default theme: html/template files, the
// stylesheet and the UI words of each language. It is embedded in the binary;
// a site overrides any file by putting one of the same name in its own
// templates/ folder.
package templates

import "embed"

// compare.wasm, the compare page's diff, is policysite's own Go built for
// the browser, and wasm_exec.js the Go toolchain's script that runs it:
// both are made here and committed, so that a build needs no Go toolchain
// for them (TestCompareWasm checks that they are up to date).
//
//go:generate go run ../generator/diffview/wasm/gen -out .

// FS holds the theme's files but compare.wasm, which is Wasm.
//
//go:embed *.html *.inc *.css *.js *.svg _headers i18n/*.yaml notices/*/* documents/*.md
var FS embed.FS

// Wasm is compare.wasm. It is not a file of FS because reading a file of
// an embed.FS copies it, and most runs of policysite (check, new, a build
// of a small site) would copy its megabytes for nothing: a []byte the
// embed directive fills is the binary's own data, read only where it is
// written out.
// It must not be changed.
//
//go:embed compare.wasm
var Wasm []byte
