package content

import (
	"policysite/generator/diag"
	"policysite/generator/msg"
)

// diags collects diagnostics for one file.
type diags struct {
	file string
	list *diag.List
}

// add is an error: build refuses the site.
func (d diags) add(line int, m, fix msg.Text) {
	*d.list = append(*d.list, diag.Diagnostic{File: d.file, Line: line, Level: diag.Error, Message: m, Fix: fix})
}

// warn is a warning: check reports it, build goes on.
func (d diags) warn(line int, m, fix msg.Text) {
	*d.list = append(*d.list, diag.Diagnostic{File: d.file, Line: line, Level: diag.Warning, Message: m, Fix: fix})
}
