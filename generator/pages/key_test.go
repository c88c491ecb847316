package pages

import (
	"fmt"
	"reflect"
	"testing"

	"policysite/generator/content"
	"policysite/generator/valuehash"
)

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

// A compare page's key holds the revisions between its two, hashed as runs
// of their series (keyMemo): any of them changed changes it, one outside
// them does not. The runs, not each revision, whether the revisions
// between end at the last or not: hashed one by one, the keys of a
// history's compare pages took time that grows with the square of its
// length.
func TestPageKeyBetween(t *testing.T) {
	const n = 13
	for _, c := range []struct{ lo, hi int }{{2, 10}, {1, n - 1}} {
		key := func(changed int, lists bool) [32]byte {
			revs := make([]*RevInfo, n)
			for i := range revs {
				revs[i] = newRevInfo(&content.Revision{Doc: "personvern", Lang: "nb", Title: "Personvern", Summary: fmt.Sprintf("Versjon %d.", i)}, content.State{}, fmt.Sprintf("personvern/%d/", i))
			}
			if changed >= 0 {
				revs[changed].Summary += " Rettet."
			}
			pl := &planner{series: map[string]map[string]*view{"personvern": {"nb": {revs: revs}}}}
			memo := pl.keyMemo()
			if !lists {
				memo = valuehash.NewMemo(reflect.TypeFor[*RevInfo](), reflect.TypeFor[*DocInfo](), reflect.TypeFor[*SiteInfo]())
			}
			p := &Page{Kind: "diff", Path: "personvern/compare/", Diff: &DiffInfo{Old: revs[c.lo-1], New: revs[c.hi], Between: revs[c.lo : c.hi+1]}, memo: memo}
			k, ok := p.Key()
			if !ok {
				t.Fatal("a compare page has no key")
			}
			return k
		}
		same := key(-1, true)
		if key(-1, true) != same {
			t.Fatal("one compare page, made twice, has two keys")
		}
		if key(-1, false) == same {
			t.Errorf("between %d and %d: the revisions are keyed one by one, not as runs of their series", c.lo-1, c.hi)
		}
		for i := range n {
			if changed := key(i, true) != same; changed != (c.lo-1 <= i && i <= c.hi) {
				t.Errorf("between %d and %d, revision %d changed: the compare page's key changed: %v", c.lo-1, c.hi, i, changed)
			}
		}
	}
}
