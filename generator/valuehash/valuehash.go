// Package valuehash hashes a Go value by all it holds: every field,
// exported or not, whatever its pointers point to, its maps' entries in an
// order of their own. Two values with the same sum hold the same data, so a
// function of nothing but a value (and the program's code) gives the same
// result for both, and a cache keyed by the sum and the program's version
// (package diskcache) is exact: it can miss, never mislead.
//
// What cannot be hashed is refused with an error, not skipped: a func, a
// channel or an unsafe pointer that is not nil stands for behaviour the sum
// could not see. A type that holds such things but knows what made it says
// so as a Keyer (a theme, by the fingerprint of its files).
package valuehash

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"reflect"
	"slices"
	"sync"
	"time"
	"unsafe"
)

// A Keyer is hashed by its HashKey instead of its fields. A Keyer that
// cannot say what made it (a value made by hand, not as the program makes
// it) returns nil, and a value that holds it cannot be hashed.
type Keyer interface {
	HashKey() []byte
}

var (
	keyerType    = reflect.TypeFor[Keyer]()
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[time.Location]()
)

// writers are Sum's, kept for the next: a build sums each of its pages
// (and each key of a map in them), and a writer made afresh for each was
// most of the time a small value took.
var writers = sync.Pool{New: func() any {
	h := sha256.New()
	return &writer{h: h, buf: bufio.NewWriterSize(h, 8<<10), seen: map[unsafe.Pointer]uint64{}, types: map[reflect.Type]keying{}}
}}

// Sum returns the SHA-256 of all that v holds.
func Sum(v any) (sum [sha256.Size]byte, err error) {
	return sumOf(v, nil)
}

func sumOf(v any, memo *Memo) (sum [sha256.Size]byte, err error) {
	rv := reflect.ValueOf(v)
	if rv.IsValid() {
		// Addressable, so that the fields not exported can be read.
		p := reflect.New(rv.Type())
		p.Elem().Set(rv)
		rv = p.Elem()
	}
	return sumValue(rv, memo, nil)
}

// sumValue is the sum of v, addressable, the pointers of memo's types
// hashed by their sums in it; inside are the memo's pointers being hashed
// already, further up.
func sumValue(v reflect.Value, memo *Memo, inside []memoKey) (sum [sha256.Size]byte, err error) {
	w := writers.Get().(*writer)
	w.memo, w.inside = memo, inside
	defer func() {
		clear(w.seen) // which would keep what it points to from the collector
		w.path = w.path[:0]
		w.memo, w.inside = nil, nil
		writers.Put(w)
	}()
	w.h.Reset()
	w.buf.Reset(w.h)
	if err := w.value(v); err != nil {
		return sum, err
	}
	if err := w.buf.Flush(); err != nil {
		return sum, err
	}
	w.h.Sum(sum[:0])
	return sum, nil
}

type writer struct {
	memo   *Memo
	inside []memoKey
	h      hash.Hash
	buf    *bufio.Writer
	seen   map[unsafe.Pointer]uint64 // pointers hashed, by the order met
	types  map[reflect.Type]keying
	path   []step // where in the value, for errors
	n      [binary.MaxVarintLen64]byte
}

// keying is how a type is hashed: by its fields, or as a Keyer.
type keying uint8

const (
	byFields keying = iota
	byKey           // the type is a Keyer
	byPtrKey        // a pointer to it is
)

func (w *writer) keying(t reflect.Type) keying {
	k, ok := w.types[t]
	if !ok {
		switch {
		case t.Implements(keyerType):
			k = byKey
		case t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(keyerType):
			k = byPtrKey
		}
		w.types[t] = k
	}
	return k
}

// A step is a field of a struct (of type in), or an element's index, or
// a map's entry (key).
type step struct {
	in    reflect.Type
	index int
	key   bool
}

// Tags before each value, so that values of different shapes cannot read
// the same.
const (
	tagNil byte = iota + 1
	tagSeen
	tagPtr
	tagKey
	tagValue
	tagMemo
	tagList
)

func (w *writer) byte(b byte) { w.buf.WriteByte(b) }

func (w *writer) uint(u uint64) {
	w.buf.Write(binary.AppendUvarint(w.n[:0], u))
}

func (w *writer) bytes(b []byte) {
	w.uint(uint64(len(b)))
	w.buf.Write(b)
}

func (w *writer) string(s string) {
	w.uint(uint64(len(s)))
	w.buf.WriteString(s)
}

func (w *writer) fail(what string) error {
	return fmt.Errorf("valuehash: %s at %s cannot be hashed", what, joinPath(w.path))
}

func joinPath(p []step) string {
	if len(p) == 0 {
		return "the value"
	}
	s := ""
	for _, e := range p {
		switch {
		case e.key:
			s += "[a key]"
		case e.in != nil:
			s += "." + e.in.Field(e.index).Name
		default:
			s += fmt.Sprintf("[%d]", e.index)
		}
	}
	return s
}

// exported returns v, read through its address where it came from a field
// not exported, so that its methods and contents can be used.
func exported(v reflect.Value) reflect.Value {
	if v.CanInterface() || !v.CanAddr() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

func (w *writer) value(v reflect.Value) error {
	if !v.IsValid() {
		w.byte(tagNil)
		return nil
	}
	v = exported(v)
	t := v.Type()
	switch w.keying(t) {
	case byKey:
		if (t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface) && v.IsNil() {
			w.byte(tagNil)
			return nil
		}
		if !v.CanInterface() {
			return w.fail(t.String() + ", a Keyer out of reach,")
		}
		return w.key(t, v.Interface().(Keyer))
	case byPtrKey:
		if !v.CanAddr() {
			c := reflect.New(t).Elem()
			c.Set(v)
			v = c
		}
		return w.key(t, v.Addr().Interface().(Keyer))
	}
	switch t {
	case timeType:
		// The instant, the offset and the zone's name; not the monotonic
		// reading time.Now adds, which is no part of the time shown.
		tm := v.Interface().(time.Time)
		b, err := tm.MarshalBinary()
		if err != nil {
			return err
		}
		w.bytes(b)
		w.string(tm.Location().String())
		return nil
	case locationType:
		// The rules, not the cache of the zone last looked up.
		for _, f := range []string{"name", "zone", "tx", "extend"} {
			if err := w.value(v.FieldByName(f)); err != nil {
				return err
			}
		}
		return nil
	}
	if w.memo != nil && len(w.memo.lists) > 0 && t.Kind() == reflect.Slice && w.memo.types[t.Elem()] {
		if l, at := w.memo.listOf(v); l != nil {
			return w.listed(l, at, v)
		}
	}
	w.byte(tagValue)
	switch t.Kind() {
	case reflect.Bool:
		if v.Bool() {
			w.byte(1)
		} else {
			w.byte(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		w.uint(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		w.uint(math.Float64bits(real(c)))
		w.uint(math.Float64bits(imag(c)))
	case reflect.String:
		w.string(v.String())
	case reflect.Slice:
		if v.IsNil() {
			w.byte(tagNil)
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			w.bytes(v.Bytes())
			return nil
		}
		fallthrough
	case reflect.Array:
		w.uint(uint64(v.Len()))
		for i := range v.Len() {
			w.path = append(w.path, step{index: i})
			err := w.value(v.Index(i))
			w.path = w.path[:len(w.path)-1]
			if err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			w.path = append(w.path, step{in: t, index: i})
			err := w.value(v.Field(i))
			w.path = w.path[:len(w.path)-1]
			if err != nil {
				return err
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			w.byte(tagNil)
			return nil
		}
		p := v.UnsafePointer()
		if w.memo != nil && w.memo.types[t] {
			return w.memoized(v, p)
		}
		if n, ok := w.seen[p]; ok {
			w.byte(tagSeen)
			w.uint(n)
			return nil
		}
		w.seen[p] = uint64(len(w.seen))
		w.byte(tagPtr)
		return w.value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			w.byte(tagNil)
			return nil
		}
		e := v.Elem()
		w.string(e.Type().PkgPath() + "." + e.Type().String())
		// An interface's value is not addressable: a copy is.
		c := reflect.New(e.Type()).Elem()
		c.Set(e)
		return w.value(c)
	case reflect.Map:
		if v.IsNil() {
			w.byte(tagNil)
			return nil
		}
		return w.mapValue(v)
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if v.IsNil() {
			w.byte(tagNil)
			return nil
		}
		return w.fail(t.Kind().String())
	default:
		return w.fail(t.String())
	}
	return nil
}

// key hashes k, of type t, by its HashKey.
func (w *writer) key(t reflect.Type, k Keyer) error {
	b := k.HashKey()
	if b == nil {
		return w.fail(t.String() + ", a Keyer with no key,")
	}
	w.byte(tagKey)
	w.bytes(b)
	return nil
}

// seenKey returns the order in which the pointer k was met, if it was.
func (w *writer) seenKey(k reflect.Value) (uint64, bool) {
	if k.Kind() != reflect.Pointer || k.IsNil() {
		return 0, false
	}
	n, ok := w.seen[k.UnsafePointer()]
	return n, ok
}

// mapValue hashes a map's entries in the order of their keys' own sums.
func (w *writer) mapValue(v reflect.Value) error {
	type entry struct {
		key [sha256.Size]byte
		k   reflect.Value
		val reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		k := reflect.New(v.Type().Key()).Elem()
		k.Set(it.Key())
		var s [sha256.Size]byte
		if n, ok := w.seenKey(k); ok {
			// A pointer hashed before (a revision, keying its state):
			// known by the order it was met in, not hashed again.
			binary.BigEndian.PutUint64(s[:], n)
		} else {
			var err error
			if s, err = Sum(k.Interface()); err != nil {
				return fmt.Errorf("%w (a key of the map at %s)", err, joinPath(w.path))
			}
			s[0] |= 0x80 // never the order of a pointer met, which is < 2⁶³
		}
		val := reflect.New(v.Type().Elem()).Elem()
		val.Set(it.Value())
		entries = append(entries, entry{s, k, val})
	}
	slices.SortFunc(entries, func(a, b entry) int {
		for i := range a.key {
			if c := cmp.Compare(a.key[i], b.key[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	w.uint(uint64(len(entries)))
	for _, e := range entries {
		w.buf.Write(e.key[:])
		w.path = append(w.path, step{key: true})
		err := w.value(e.val)
		w.path = w.path[:len(w.path)-1]
		if err != nil {
			return err
		}
	}
	return nil
}

// A Memo hashes what the pointers of some types point to once, for many
// values hashed one after another that share them (the pages of a site,
// its revisions): each such pointer is hashed by the sum of what it points
// to, kept in the Memo. What the pointers point to must not change while
// the Memo is used. Sums with a Memo are not Sum's, and are the same for
// the same data whatever was hashed before; unlike Sum's, they do not tell
// one of the Memo's pointers met twice from two pointers to equal values.
// A value in which one of the Memo's pointers leads back to itself cannot
// be hashed with it. A Memo is safe for concurrent use once its lists are
// given (List).
type Memo struct {
	types map[reflect.Type]bool
	sums  sync.Map // memoKey → [sha256.Size]byte
	lists []*list  // by their first elements' addresses (List)
}

// memoKey is a pointer of a Memo's and its type: a struct and its first
// field have one address.
type memoKey struct {
	t reflect.Type
	p unsafe.Pointer
}

// NewMemo returns a Memo of the pointers of types, each a pointer type.
func NewMemo(types ...reflect.Type) *Memo {
	m := &Memo{types: map[reflect.Type]bool{}}
	for _, t := range types {
		if t.Kind() != reflect.Pointer {
			panic("valuehash: NewMemo of " + t.String() + ", not a pointer type")
		}
		m.types[t] = true
	}
	return m
}

// Sum returns the sum of all that v holds, the Memo's pointers by their
// sums; a nil Memo's is Sum's.
func (m *Memo) Sum(v any) ([sha256.Size]byte, error) {
	return sumOf(v, m)
}

// memoized hashes the pointer v, of a type of the Memo's, to p, by the sum
// of what it points to.
func (w *writer) memoized(v reflect.Value, p unsafe.Pointer) error {
	var s [sha256.Size]byte
	k := memoKey{v.Type(), p}
	if got, ok := w.memo.sums.Load(k); ok {
		s = got.([sha256.Size]byte)
	} else {
		if slices.Contains(w.inside, k) {
			return w.fail(v.Type().String() + ", leading back to itself,")
		}
		var err error
		s, err = sumValue(v.Elem(), w.memo, append(w.inside[:len(w.inside):len(w.inside)], k))
		if err != nil {
			return err
		}
		w.memo.sums.Store(k, s)
	}
	w.byte(tagMemo)
	w.buf.Write(s[:])
	return nil
}
