package render

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// letteredLists marks a bullet list whose items start "a.", "b.", "c." … (or
// "a)" …) with the class "lettered", so that the theme can show the letters,
// which legal texts refer to ("§6 b"), in place of bullets. CommonMark has no
// lettered lists; the letters stay in the text, where they can be quoted,
// searched and diffed.
type letteredLists struct{}

func (letteredLists) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.List); ok && entering && !l.IsOrdered() && lettered(l, src) {
			l.SetAttributeString("class", []byte("lettered"))
		}
		return ast.WalkContinue, nil
	})
}

func lettered(l *ast.List, src []byte) bool {
	i := 0
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		block := item.FirstChild()
		if block == nil {
			return false
		}
		t, ok := block.FirstChild().(*ast.Text)
		if !ok {
			return false
		}
		v := t.Segment.Value(src)
		if len(v) < 3 || v[0] != byte('a'+i) || (v[1] != '.' && v[1] != ')') || v[2] != ' ' || i >= 26 {
			return false
		}
		i++
	}
	return i > 0
}
