package valuehash

import (
	"bufio"
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// history is a list of revisions, and compare is a value that holds a
// slice of it, as a compare page holds the revisions between its two.
type history []*revision

type compare struct {
	Title   string
	Between []*revision
}

func newHistory(n int) history {
	h := make(history, n)
	for i := range h {
		h[i] = &revision{File: fmt.Sprintf("%d.md", i), body: []byte(strings.Repeat("x", i))}
	}
	return h
}

// listMemo is a Memo of *revision that hashes h's slices as a list.
func listMemo(h history) *Memo {
	m := NewMemo(reflect.TypeFor[*revision]())
	m.List([]*revision(h))
	return m
}

func memoSum(t *testing.T, m *Memo, v any) [32]byte {
	t.Helper()
	s, err := m.Sum(v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Every slice of a list has a sum of its own, the same for the same data
// hashed anew in another order, and another where any of its elements
// differs, not where one outside it does.
func TestList(t *testing.T) {
	const n = 37
	h, again := newHistory(n), newHistory(n)
	m, other := listMemo(h), listMemo(again)
	seen := map[[32]byte]string{}
	for lo := range n {
		for hi := lo + 1; hi <= n; hi++ {
			s := memoSum(t, m, &compare{"c", h[lo:hi]})
			if was, ok := seen[s]; ok {
				t.Fatalf("[%d:%d] has the sum of %s", lo, hi, was)
			}
			seen[s] = fmt.Sprintf("[%d:%d]", lo, hi)
		}
	}
	for hi := n; hi > 0; hi-- { // the other order
		for lo := hi - 1; lo >= 0; lo-- {
			if s := memoSum(t, other, &compare{"c", again[lo:hi]}); seen[s] != fmt.Sprintf("[%d:%d]", lo, hi) {
				t.Fatalf("[%d:%d], made anew, has another sum", lo, hi)
			}
		}
	}

	// One element changed: every slice holding it has another sum, every
	// other the same. A Memo keeps its sums, so each change is hashed
	// with a new one.
	for i := range n {
		changed := newHistory(n)
		changed[i].tags = []string{"changed"}
		cm := listMemo(changed)
		for lo := range n {
			for hi := lo + 1; hi <= n; hi++ {
				same := seen[memoSum(t, cm, &compare{"c", changed[lo:hi]})] == fmt.Sprintf("[%d:%d]", lo, hi)
				if holds := lo <= i && i < hi; same == holds {
					t.Fatalf("element %d changed: [%d:%d] has the same sum: %v", i, lo, hi, same)
				}
			}
		}
	}
}

// A list's slices are hashed with their elements' Memo sums: a value in
// which an element leads back to its list cannot be hashed, and is refused.
func TestListCycle(t *testing.T) {
	type node struct {
		Name string
		All  []*node
	}
	all := []*node{{Name: "a"}, {Name: "b"}}
	for _, e := range all {
		e.All = all
	}
	m := NewMemo(reflect.TypeFor[*node]())
	m.List(all)
	if _, err := m.Sum(all[:1]); err == nil || !strings.Contains(err.Error(), "back to itself") {
		t.Errorf("a list whose element holds it: %v, want an error", err)
	}
}

// A slice that reaches past its list's end, or of another array, is hashed
// element by element, as without the list.
func TestListOutside(t *testing.T) {
	arr := newHistory(8)
	listed := arr[:5]
	m, plain := listMemo(listed), NewMemo(reflect.TypeFor[*revision]())
	for _, s := range [][]*revision{arr[3:6], arr[5:8], newHistory(3), nil, arr[2:2]} {
		if got, want := memoSum(t, m, &compare{"c", s}), memoSum(t, plain, &compare{"c", s}); got != want {
			t.Errorf("a slice of %d not in the list: its sum changed with the list", len(s))
		}
	}
	if memoSum(t, m, &compare{"c", arr[1:4]}) == memoSum(t, plain, &compare{"c", arr[1:4]}) {
		t.Error("a slice of the list is hashed as one of no list")
	}
}

func TestListRefuses(t *testing.T) {
	h := newHistory(4)
	for name, f := range map[string]func(m *Memo){
		"not a slice":        func(m *Memo) { m.List(h[0]) },
		"not the Memo's":     func(m *Memo) { m.List([]string{"a"}) },
		"two that overlap":   func(m *Memo) { m.List([]*revision(h[:2])); m.List([]*revision(h[1:])) },
		"the same one again": func(m *Memo) { m.List([]*revision(h)); m.List([]*revision(h)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: List did not panic", name)
				}
			}()
			f(NewMemo(reflect.TypeFor[*revision]()))
		}()
	}
}

// cover makes up a slice of exactly its elements, of aligned runs, at most
// two of each length: hashing a slice reads a number of sums that grows
// with the logarithm of the list's length.
func TestCover(t *testing.T) {
	for _, size := range []int{1, 2, 3, 7, 8, 9, 64, 100, 1000} {
		levels := 0
		for n := size; n > 0; n >>= 1 {
			levels++
		}
		for at := range size {
			for n := 1; at+n <= size; n++ {
				next, count := at, map[int]int{}
				for k, j := range cover(at, n, levels) {
					if k < 0 || k >= levels || j<<k != next || (j+1)<<k > size {
						t.Fatalf("list of %d, [%d:%d]: run (%d, %d) after %d", size, at, at+n, k, j, next)
					}
					next = (j + 1) << k
					if count[k]++; count[k] > 2 {
						t.Fatalf("list of %d, [%d:%d]: three runs of %d", size, at, at+n, 1<<k)
					}
				}
				if next != at+n {
					t.Fatalf("list of %d, [%d:%d]: the runs end at %d", size, at, at+n, next)
				}
			}
		}
	}
}

// recorder is a hash.Hash that keeps what is written to it: the encoding
// a sum is taken of.
type recorder struct{ bytes.Buffer }

func (r *recorder) Sum(b []byte) []byte { return append(b, r.Bytes()...) }
func (r *recorder) Size() int           { return r.Len() }
func (r *recorder) BlockSize() int      { return 1 }

// encoding is what m's writer hashes for v.
func encoding(t *testing.T, m *Memo, v any) []byte {
	t.Helper()
	rec := &recorder{}
	w := &writer{memo: m, h: rec, buf: bufio.NewWriter(rec), seen: map[unsafe.Pointer]uint64{}, types: map[reflect.Type]keying{}}
	p := reflect.New(reflect.TypeOf(v))
	p.Elem().Set(reflect.ValueOf(v))
	if err := w.value(p.Elem()); err != nil {
		t.Fatal(err)
	}
	if err := w.buf.Flush(); err != nil {
		t.Fatal(err)
	}
	return rec.Bytes()
}

// No slice's encoding begins another's: else a slice and what follows it
// in a value (a field, the next element) could read as another slice and
// something else, and two values have one sum.
func TestListPrefixFree(t *testing.T) {
	const n = 37
	h := newHistory(n)
	m := listMemo(h)
	var encs [][]byte
	for lo := range n {
		for hi := lo + 1; hi <= n; hi++ {
			encs = append(encs, encoding(t, m, []*revision(h[lo:hi])))
		}
	}
	encs = append(encs, encoding(t, m, []*revision(nil)), encoding(t, m, []*revision(newHistory(3))))
	for i, a := range encs {
		for j, b := range encs {
			if i != j && bytes.HasPrefix(b, a) {
				t.Fatalf("encoding %d begins encoding %d", i, j)
			}
		}
	}
}

// Workers that hash slices of one list at once, making its runs' sums as
// they go, get the sums one worker gets alone (make test runs this package
// with the race detector too).
func TestListConcurrent(t *testing.T) {
	const n, workers = 300, 8
	h := newHistory(n)
	alone := listMemo(h)
	want := map[[2]int][32]byte{}
	for lo := range n {
		want[[2]int{lo, n}] = memoSum(t, alone, &compare{"c", h[lo:]})
	}
	m := listMemo(h)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for lo := w % 7; lo < n; lo += 7 {
				s, err := m.Sum(&compare{"c", h[lo:]})
				if err != nil {
					errs <- err
					return
				}
				if s != want[[2]int{lo, n}] {
					errs <- fmt.Errorf("[%d:]: another sum than alone", lo)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
