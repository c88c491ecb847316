package valuehash

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

type revision struct {
	File  string
	body  []byte
	day   time.Time
	notes map[string]int
	prev  *revision
	kind  any
	tags  []string
}

type site struct {
	Title string
	revs  []*revision
	state map[*revision]int
	theme *theme
	hook  func()
}

// theme is hashed by what made it, as the real one is.
type theme struct {
	fingerprint string
	parsed      func() // what could not be hashed
}

func (t *theme) HashKey() []byte {
	if t.fingerprint == "" {
		return nil
	}
	return []byte(t.fingerprint)
}

func build() *site {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	a := &revision{File: "a.md", body: []byte("# A"), day: time.Date(2026, 1, 1, 0, 0, 0, 0, oslo), notes: map[string]int{"x": 1, "y": 2}, tags: []string{"p"}}
	b := &revision{File: "b.md", body: []byte("# B"), day: time.Date(2026, 6, 1, 0, 0, 0, 0, oslo), notes: map[string]int{}, prev: a, kind: 3}
	a.kind = a // a cycle
	return &site{Title: "T", revs: []*revision{a, b}, state: map[*revision]int{a: 1, b: 2}, theme: &theme{fingerprint: "f1", parsed: func() {}}}
}

func sum(t *testing.T, v any) [32]byte {
	t.Helper()
	s, err := Sum(v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The same data, made anew (other pointers, maps filled in another order,
// a time's zone looked up meanwhile), is the same sum; every change, in a
// field exported or not, is another.
func TestSum(t *testing.T) {
	base := sum(t, build())
	same := build()
	same.state = map[*revision]int{same.revs[1]: 2, same.revs[0]: 1}
	same.revs[0].notes = map[string]int{"y": 2, "x": 1}
	_ = same.revs[1].day.Format(time.RFC3339) // fills the zone's cache
	same.theme.parsed = func() { panic("never called") }
	if sum(t, same) != base {
		t.Error("the same data made anew has another sum")
	}
	for _, tt := range []struct {
		name   string
		change func(s *site)
	}{
		{"an exported field", func(s *site) { s.Title = "U" }},
		{"a body", func(s *site) { s.revs[1].body[2] = 'C' }},
		{"a day", func(s *site) { s.revs[0].day = s.revs[0].day.AddDate(0, 0, 1) }},
		{"a day's zone", func(s *site) { s.revs[0].day = s.revs[0].day.In(time.UTC) }},
		{"a map's value", func(s *site) { s.revs[0].notes["x"] = 3 }},
		{"a map's key", func(s *site) { delete(s.revs[0].notes, "x"); s.revs[0].notes["z"] = 1 }},
		{"a map keyed by pointers", func(s *site) { s.state[s.revs[0]] = 2; s.state[s.revs[1]] = 1 }},
		{"the order of a slice", func(s *site) { s.revs[0], s.revs[1] = s.revs[1], s.revs[0] }},
		{"an empty slice for nil", func(s *site) { s.revs[1].tags = []string{} }},
		{"a value behind an interface", func(s *site) { s.revs[1].kind = 4 }},
		{"a type behind an interface", func(s *site) { s.revs[1].kind = int64(3) }},
		{"a pointer", func(s *site) { s.revs[1].prev = nil }},
		{"a Keyer's key", func(s *site) { s.theme.fingerprint = "f2" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := build()
			tt.change(s)
			if sum(t, s) == base {
				t.Error("the change did not change the sum")
			}
		})
	}
}

// A func, other than nil, is refused, naming where it is.
func TestSumRefusesFuncs(t *testing.T) {
	s := build()
	if _, err := Sum(s); err != nil {
		t.Fatalf("a nil func was refused: %v", err)
	}
	s.hook = func() {}
	_, err := Sum(s)
	if err == nil || !strings.Contains(err.Error(), ".hook") {
		t.Errorf("Sum = %v, want an error naming .hook", err)
	}
}

// The monotonic reading time.Now adds is no part of a time's sum.
func TestSumTimeNow(t *testing.T) {
	now := time.Now()
	if sum(t, now) != sum(t, now.Round(0)) {
		t.Error("the monotonic reading changed the sum")
	}
}

func BenchmarkSum(b *testing.B) {
	s := build()
	big := make([]*revision, 200)
	for i := range big {
		big[i] = &revision{File: "r.md", body: []byte(strings.Repeat("Vi lagrer opplysningene. ", 2000)), notes: map[string]int{"a": i}}
	}
	s.revs = big
	for b.Loop() {
		if _, err := Sum(s); err != nil {
			b.Fatal(err)
		}
	}
}

// A Keyer with no key (made by hand, not knowing what made it) cannot be
// hashed: a sum that left it out, or took a key all such share, could
// match a value that differs.
func TestKeyerWithoutKey(t *testing.T) {
	s := build()
	s.theme.fingerprint = ""
	if _, err := Sum(s); err == nil || !strings.Contains(err.Error(), "no key") {
		t.Errorf("a theme with no key: %v, want an error", err)
	}
	s.theme.fingerprint = "f1"
	if got, want := sum(t, s), sum(t, build()); got != want {
		t.Error("with its key again, not the same sum")
	}
}

// page is a value hashed with a Memo: pages share revisions.
type page struct {
	Title string
	Rev   *revision
	Prev  *revision
	All   []*revision
}

// acyclic is build without its cycle, which a Memo of *revision refuses.
func acyclic() *site {
	s := build()
	s.revs[0].kind = "a"
	return s
}

// With a Memo, the sum of a value is the same whatever was hashed before
// with it, the same for the same data made anew, and another for any
// change behind a pointer it keeps.
func TestMemo(t *testing.T) {
	memoSum := func(m *Memo, v any) [32]byte {
		t.Helper()
		s, err := m.Sum(v)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	pages := func(s *site) []*page {
		return []*page{
			{Title: "1", Rev: s.revs[0], All: s.revs},
			{Title: "2", Rev: s.revs[1], Prev: s.revs[0], All: s.revs},
		}
	}
	types := reflect.TypeFor[*revision]()
	s := acyclic()
	memo := NewMemo(types)
	first := [2][32]byte{memoSum(memo, pages(s)[0]), memoSum(memo, pages(s)[1])}
	if first[0] == first[1] {
		t.Fatal("two pages, one sum")
	}
	// Another order, another Memo, the data made anew.
	other, o := NewMemo(types), acyclic()
	if memoSum(other, pages(o)[1]) != first[1] || memoSum(other, pages(o)[0]) != first[0] {
		t.Error("the same pages, hashed in another order with another Memo, have other sums")
	}
	for _, tt := range []struct {
		name   string
		change func(s *site)
	}{
		{"a body", func(s *site) { s.revs[0].body[2] = 'C' }},
		{"a pointer's target's pointer", func(s *site) { s.revs[1].prev = nil }},
		{"a map in a revision", func(s *site) { s.revs[0].notes["x"] = 3 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := acyclic()
			tt.change(s)
			if memoSum(NewMemo(types), pages(s)[1]) == first[1] {
				t.Error("the change did not change the sum")
			}
		})
	}
	// What the Memo does not keep is hashed as Sum hashes it.
	if got := memoSum(NewMemo(reflect.TypeFor[*theme]()), build()); got != sum(t, build()) {
		t.Error("a Memo of a Keyer's pointers changed the sum")
	}
}

// A value in which a pointer of the Memo's leads back to itself is
// refused, not hashed for ever.
func TestMemoCycle(t *testing.T) {
	_, err := NewMemo(reflect.TypeFor[*revision]()).Sum(build())
	if err == nil || !strings.Contains(err.Error(), "back to itself") {
		t.Errorf("a cycle through a memoized pointer: %v, want an error", err)
	}
}

// A struct and its first field have one address; the Memo tells them
// apart by their types, whatever it met first.
func TestMemoSameAddress(t *testing.T) {
	type inner struct{ A string }
	type outer struct {
		In inner
		B  string
	}
	o := &outer{In: inner{A: "a"}, B: "b"}
	types := []reflect.Type{reflect.TypeFor[*outer](), reflect.TypeFor[*inner]()}
	both := struct {
		O *outer
		I *inner
	}{o, &o.In}
	first, err := NewMemo(types...).Sum(both)
	if err != nil {
		t.Fatal(err)
	}
	m := NewMemo(types...)
	if _, err := m.Sum(&o.In); err != nil {
		t.Fatal(err)
	}
	if got, err := m.Sum(both); err != nil || got != first {
		t.Errorf("with the field met first: %x, %v; want %x", got, err, first)
	}
}
