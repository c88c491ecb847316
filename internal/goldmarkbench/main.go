// Command goldmarkbench renders every Markdown file in a folder with
// goldmark alone (GFM) and writes the HTML into another folder: the
// yardstick that policysite's build speed is measured against (make bench).
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: goldmarkbench <markdown-folder> <html-folder>")
		os.Exit(2)
	}
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*.md"))
	if err != nil || len(files) == 0 {
		fmt.Fprintln(os.Stderr, "goldmarkbench: no .md files in", os.Args[1])
		os.Exit(1)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var buf bytes.Buffer
		if err := md.Convert(data, &buf); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(os.Args[2], filepath.Base(f)+".html"), buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
