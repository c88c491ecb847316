// Package templates is policysite's default theme: html/template files, the
// stylesheet and the UI words of each language. It is embedded in the binary;
// a site overrides any file by putting one of the same name in its own
// templates/ folder.
package templates

import "embed"

// FS holds the theme's files.
//
//go:embed *.html *.inc *.css *.js *.svg _headers i18n/*.yaml notices/*/* documents/*.md
var FS embed.FS
