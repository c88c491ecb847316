package pages

import (
	"strings"
	"sync"

	"policysite/generator/diff"
	"policysite/generator/render"
)

// Rendering is a revision's text as its pages show it and its diffs
// compare it. Its clauses are known at once; the rest (Rendered) is made when
// first asked for, by a func NewRendering is given: a build that finds
// most of its pages made by the build before (package generator) need not
// read, nor cut into the parts its diffs compare, the texts of the pages
// it does not make.
type Rendering struct {
	// Key is the sum of all the rendering was made from (the text and the
	// renderer's settings), which the program's version fixes the rest of;
	// zero when unknown. Pages are keyed by it (Page.Key).
	Key [32]byte
	// Clauses are the clauses of Doc (diff.Doc.Clauses), which the plan
	// follows through the revisions.
	Clauses []diff.Clause

	once sync.Once
	make func() Rendered
	made Rendered
}

// Rendered is what a rendering is made of.
type Rendered struct {
	// Pieces are the HTML, cut into its top-level parts: the strings the
	// diffs' Memo keeps of each (diff.Memo.PrepareParts), so that the
	// revisions that share a part share its bytes. Whole, a long
	// history's renderings were most of a build's memory.
	Pieces   []string
	Parts    []int     // the offsets of HTML's top-level parts (render.Result.Parts)
	Doc      *diff.Doc // the blocks the diffs compare
	Headings []render.Heading
}

// NewRendering returns the rendering of key made: at once when clauses is
// nil (they are then made's Doc's), else when first asked for.
func NewRendering(key [32]byte, clauses []diff.Clause, made func() Rendered) *Rendering {
	r := &Rendering{Key: key, Clauses: clauses, make: made}
	if clauses == nil {
		r.made = made()
		r.make = nil
		r.Clauses = r.made.Doc.Clauses()
		r.once.Do(func() {})
	}
	return r
}

func (r *Rendering) get() *Rendered {
	r.once.Do(func() {
		r.made, r.make = r.make(), nil
	})
	return &r.made
}

// Doc is the blocks the diffs compare.
func (r *Rendering) Doc() *diff.Doc { return r.get().Doc }

// Parts are the offsets of the HTML's top-level parts.
func (r *Rendering) Parts() []int { return r.get().Parts }

// Headings are the HTML's headings, for a table of contents.
func (r *Rendering) Headings() []render.Heading { return r.get().Headings }

// Pieces are the rendering's HTML, cut into its top-level parts.
func (r *Rendering) Pieces() []string { return r.get().Pieces }

// HTML is the rendering's HTML, whole.
func (r *Rendering) HTML() string { return strings.Join(r.get().Pieces, "") }

// HashKey identifies the rendering to package valuehash by Key: its
// text, not the HTML, blocks and headings made of it. Nil, which no sum
// takes, when it has none.
func (r *Rendering) HashKey() []byte {
	if r.Key == ([32]byte{}) {
		return nil
	}
	return r.Key[:]
}
