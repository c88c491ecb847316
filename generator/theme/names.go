package theme

import (
	"html/template"
	"slices"
	"text/template/parse"
)

// Names reports whether a template of the page kind names ident as a field
// or method: .Body, $p.Body, (.X).Body. A page makes what no template of
// its kind can print only when one names it: the default revision.html
// writes the policy's text in place ({{.WriteBody}}), and a theme of its
// own that prints {{.Body}} gets it as before.
func (t *Theme) Names(kind, ident string) bool {
	key := kind + "." + ident
	if v, ok := t.named.Load(key); ok {
		return v.(bool)
	}
	tpl, ok := t.pages[kind]
	named := !ok || names(tpl, ident)
	t.named.Store(key, named)
	return named
}

// names reports whether any template of tpl's set names ident.
func names(tpl *template.Template, ident string) bool {
	for _, tt := range tpl.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil && nodeNames(tt.Tree.Root, ident) {
			return true
		}
	}
	return false
}

func nodeNames(n parse.Node, ident string) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if nodeNames(c, ident) {
				return true
			}
		}
	case *parse.ActionNode:
		return nodeNames(n.Pipe, ident)
	case *parse.IfNode:
		return branchNames(&n.BranchNode, ident)
	case *parse.RangeNode:
		return branchNames(&n.BranchNode, ident)
	case *parse.WithNode:
		return branchNames(&n.BranchNode, ident)
	case *parse.TemplateNode:
		return nodeNames(n.Pipe, ident)
	case *parse.PipeNode:
		if n == nil {
			return false
		}
		for _, c := range n.Cmds {
			if nodeNames(c, ident) {
				return true
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			if nodeNames(a, ident) {
				return true
			}
		}
	case *parse.FieldNode:
		return slices.Contains(n.Ident, ident)
	case *parse.VariableNode:
		return slices.Contains(n.Ident[1:], ident)
	case *parse.ChainNode:
		return slices.Contains(n.Field, ident) || nodeNames(n.Node, ident)
	}
	return false
}

func branchNames(b *parse.BranchNode, ident string) bool {
	return nodeNames(b.Pipe, ident) || nodeNames(b.List, ident) || nodeNames(b.ElseList, ident)
}
