package theme

import (
	"html/template"
	"text/template/parse"
)

// Names reports whether a template of the page kind may read ident, a
// field or method of the page: .Body, $.Body, $p.Body, (.X).Body, or the
// page whole ({{.}}, {{$}}, {{printf "%v" $p}} where $p holds the page).
// A page makes what no template of its kind can read only when one may:
// the default revision.html writes the policy's text in place
// ({{.WriteBody}}), and a theme of its own that prints {{.Body}} gets it as
// before. The answers are worked out as the theme is loaded: html/template
// rewrites the trees at a kind's first page.
func (t *Theme) Names(kind, ident string) bool {
	n, ok := t.named[kind]
	return !ok || n.whole || n.idents[ident]
}

// named is what the templates of a page kind read of the page: the
// identifiers they name, and whether they may read it whole.
type named struct {
	idents map[string]bool
	whole  bool
	page   map[string]bool // the variables that may hold the page
}

// namesOf walks every template of tpl's set. The dot at the top of each
// is taken to be the page: so it is where a page's template starts, and
// where one passes it on ({{template "main" .}}).
func namesOf(tpl *template.Template) *named {
	n := &named{idents: map[string]bool{}, page: map[string]bool{}}
	for _, tt := range tpl.Templates() {
		if tt.Tree != nil {
			n.list(tt.Tree.Root, true)
		}
	}
	return n
}

// list walks a list of nodes; dot says whether the dot may be the page.
func (n *named) list(l *parse.ListNode, dot bool) {
	if l == nil {
		return
	}
	for _, node := range l.Nodes {
		switch node := node.(type) {
		case *parse.ActionNode:
			n.pipe(node.Pipe, dot)
		case *parse.IfNode:
			n.pipe(node.Pipe, dot)
			n.list(node.List, dot)
			n.list(node.ElseList, dot)
		case *parse.RangeNode:
			n.branch(&node.BranchNode, dot)
		case *parse.WithNode:
			n.branch(&node.BranchNode, dot)
		case *parse.TemplateNode:
			if !n.isPage(node.Pipe, dot) { // the page passed on is walked where it goes
				n.pipe(node.Pipe, dot)
			}
		}
	}
}

// branch walks a range or with, whose dot inside is its pipeline's value.
func (n *named) branch(b *parse.BranchNode, dot bool) {
	n.pipe(b.Pipe, dot)
	n.list(b.List, n.isPage(b.Pipe, dot))
	n.list(b.ElseList, dot)
}

func (n *named) pipe(p *parse.PipeNode, dot bool) {
	if p == nil {
		return
	}
	if len(p.Decl) > 0 && n.isPage(p, dot) { // {{$p := .}}: $p holds the page
		for _, v := range p.Decl {
			n.page[v.Ident[0]] = true
		}
		return
	}
	for _, c := range p.Cmds {
		for _, arg := range c.Args {
			n.arg(arg, dot)
		}
	}
}

func (n *named) arg(a parse.Node, dot bool) {
	switch a := a.(type) {
	case *parse.FieldNode:
		n.add(a.Ident)
	case *parse.ChainNode:
		n.add(a.Field)
		n.arg(a.Node, dot)
	case *parse.VariableNode:
		if len(a.Ident) == 1 {
			n.whole = n.whole || n.holdsPage(a)
		} else {
			n.add(a.Ident[1:])
		}
	case *parse.DotNode:
		n.whole = n.whole || dot
	case *parse.PipeNode:
		n.pipe(a, dot)
	}
}

func (n *named) add(idents []string) {
	for _, id := range idents {
		n.idents[id] = true
	}
}

// isPage reports whether the pipeline p may be the page alone: the dot
// where it may be, $, or a variable that may hold it.
func (n *named) isPage(p *parse.PipeNode, dot bool) bool {
	if p == nil || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	switch a := p.Cmds[0].Args[0].(type) {
	case *parse.DotNode:
		return dot
	case *parse.VariableNode:
		return len(a.Ident) == 1 && n.holdsPage(a)
	}
	return false
}

func (n *named) holdsPage(v *parse.VariableNode) bool {
	return v.Ident[0] == "$" || n.page[v.Ident[0]]
}
