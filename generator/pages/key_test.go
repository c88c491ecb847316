package pages

import "testing"

// A page's key holds what its costly part is made of (from), not only its
// fields: two pages alike but for the rendering they show have other
// keys; a page whose making names nothing it is made of has none.
func TestPageKey(t *testing.T) {
	page := func(ren *Rendering, from bool) *Page {
		p := &Page{Kind: "revision", Path: "personvern/"}
		p.prepare = func() { p.Body = "made" }
		if from {
			p.from = func() any { return ren }
		}
		return p
	}
	a, b := &Rendering{Key: [32]byte{1}}, &Rendering{Key: [32]byte{2}}
	ka, ok1 := page(a, true).Key()
	kb, ok2 := page(b, true).Key()
	ka2, _ := page(&Rendering{Key: [32]byte{1}}, true).Key()
	switch {
	case !ok1 || !ok2:
		t.Fatal("a page that names what it is made of has no key")
	case ka == kb:
		t.Error("pages of two renderings have one key")
	case ka != ka2:
		t.Error("pages of one rendering have two keys")
	}
	if _, ok := page(a, false).Key(); ok {
		t.Error("a page that does not name what it is made of has a key")
	}
	if _, ok := page(&Rendering{}, true).Key(); ok {
		t.Error("a page of a rendering with no key has a key")
	}
}
