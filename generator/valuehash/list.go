package valuehash

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"iter"
	"math/bits"
	"reflect"
	"slices"
	"sync/atomic"
)

// A list is a slice of a Memo's pointers whose slices the Memo hashes by
// runs of it (Memo.List).
type list struct {
	elems      reflect.Value // the slice, which keeps its array
	start, end uintptr       // the addresses of its first element and past its last
	// runs[k][j] is the sum of the elements j·2ᵏ to (j+1)·2ᵏ-1, each made
	// when first asked for. Two workers may make one at once: they make
	// the same sum.
	runs [][]atomic.Pointer[[sha256.Size]byte]
}

// List has the Memo hash every slice of s it meets, s a slice of one of
// its pointer types, as a few aligned runs of s: by their lengths and sums,
// each sum kept once made, not by each of its elements. A slice of s is
// then hashed in time that grows with the logarithm of its length, not
// with the length: many values that each hold a long slice of one list
// (the compare pages of a history, each with the revisions between its
// two) are no longer hashed in time that grows with the square of the
// list's length. An empty s is no list.
//
// A slice of s is hashed otherwise than one of the same elements elsewhere,
// and two slices of the same elements at different places in s may be
// too; the same data, with the same lists, has the same sum. s's elements
// must not change while the Memo is used. List must be called before the
// Memo sums anything, and not for two slices that overlap.
func (m *Memo) List(s any) {
	v := reflect.ValueOf(s)
	if v.Kind() != reflect.Slice || !m.types[v.Type().Elem()] {
		panic(fmt.Sprintf("valuehash: List of a %T, not a slice of the Memo's pointers", s))
	}
	if v.Len() == 0 {
		return
	}
	size := v.Type().Elem().Size()
	l := &list{elems: v, start: uintptr(v.UnsafePointer()), end: uintptr(v.UnsafePointer()) + uintptr(v.Len())*size}
	for n := v.Len(); n > 0; n >>= 1 {
		l.runs = append(l.runs, make([]atomic.Pointer[[sha256.Size]byte], n))
	}
	i, found := m.search(l.start)
	if found || i > 0 && m.lists[i-1].end > l.start || i < len(m.lists) && m.lists[i].start < l.end {
		panic("valuehash: List of two slices that overlap")
	}
	m.lists = slices.Insert(m.lists, i, l)
}

// search finds the list that starts at the address start in m.lists, or
// where one would go.
func (m *Memo) search(start uintptr) (int, bool) {
	return slices.BinarySearchFunc(m.lists, start, func(l *list, p uintptr) int { return cmp.Compare(l.start, p) })
}

// listOf returns the list v, a slice of one of the Memo's pointer types,
// lies in and the index of v's first element in it; nil when it lies in
// none.
func (m *Memo) listOf(v reflect.Value) (*list, int) {
	if v.IsNil() || v.Len() == 0 {
		return nil, 0
	}
	size := v.Type().Elem().Size()
	start := uintptr(v.UnsafePointer())
	end := start + uintptr(v.Len())*size
	i, found := m.search(start)
	if !found {
		i-- // the list starting before v
	}
	if i < 0 {
		return nil, 0
	}
	l := m.lists[i]
	if l.elems.Type() != v.Type() || start >= l.end || end > l.end {
		return nil, 0
	}
	return l, int((start - l.start) / size)
}

// listed hashes v, a slice of the Memo's pointers from the element at of
// the list l, by the runs of l that make it up (cover).
func (w *writer) listed(l *list, at int, v reflect.Value) error {
	w.byte(tagList)
	w.uint(uint64(v.Len()))
	for k, j := range cover(at, v.Len(), len(l.runs)) {
		s, err := w.run(l, k, j)
		if err != nil {
			return err
		}
		w.byte(byte(k))
		w.buf.Write(s[:])
	}
	return nil
}

// cover yields the runs (k, j), elements j·2ᵏ to (j+1)·2ᵏ-1, of a list of
// runs of at most 2^(levels-1) that make up its n elements from at: from
// the start, the longest that begins there, aligned to its length, and
// fits. They are at most two of each length.
func cover(at, n, levels int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i, end := at, at+n; i < end; {
			k := levels - 1
			if i > 0 {
				k = min(k, bits.TrailingZeros(uint(i))) // a run of 2ᵏ starting at i is aligned
			}
			for i+1<<k > end {
				k--
			}
			if !yield(k, i>>k) {
				return
			}
			i += 1 << k
		}
	}
}

// run returns the sum of l's elements j·2ᵏ to (j+1)·2ᵏ-1: that of the
// element itself for a run of one, else of the sums of the run's halves.
func (w *writer) run(l *list, k, j int) ([sha256.Size]byte, error) {
	if s := l.runs[k][j].Load(); s != nil {
		return *s, nil
	}
	var s [sha256.Size]byte
	if k == 0 {
		var err error
		if s, err = sumValue(l.elems.Index(j), w.memo, w.inside); err != nil {
			return s, err
		}
	} else {
		a, err := w.run(l, k-1, 2*j)
		if err != nil {
			return s, err
		}
		b, err := w.run(l, k-1, 2*j+1)
		if err != nil {
			return s, err
		}
		s = sha256.Sum256(append(a[:], b[:]...))
	}
	l.runs[k][j].Store(&s)
	return s, nil
}
