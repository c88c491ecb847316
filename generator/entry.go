package generator

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime/debug"
	"strings"
	"sync/atomic"

	"policysite/generator/diskcache"
)

// A kept build's entry (built.go) is a list of records, each a name and
// data. A build that made most of its files as the build before made
// them (keptPages) keeps an entry that names that build's as its base
// (baseName, first) and, for each file whose bytes the base holds the
// same, a record named samePrefix and the file's name, with no data:
// writing those megabytes again into the cache was a tenth of such a
// build. A base is always an entry of its own, never one with a base:
// a build on a delta's base builds on the same base, until the bytes
// held afresh are half the site, and then keeps an entry whole.
//
// A part of a page kept again (fragmentName) that the base holds under
// the same key is a record named sameFragmentName, with no data, after
// its key's: a key names all a part is made of, and the base is of the
// same program, so the same key is the same bytes. The section histories'
// parts were more than half of what a build after a new revision kept.
const (
	baseName         = "\x00base"
	samePrefix       = "\x00same\x00"
	sameFragmentName = "\x00same fragment"
)

// A record is a name and its data.
type record struct {
	name string
	data []byte
	text string // data given as a string, written after data: not copied into bytes first
}

// builtEntry is a kept build's entry, read: its records in order, a
// same record's data taken from its base.
type builtEntry struct {
	key     diskcache.Key
	records []record
	files   map[string][]byte   // each file's data, for a build that takes this as its base
	parts   map[[32]byte][]byte // each part of a page's (fragmentName) data, by its key, likewise
	base    *builtEntry         // nil for an entry whole
	own     int                 // the bytes of files the entry holds itself
	all     int                 // the bytes of all its files
	unmap   []func()
	mapped  []byte       // the entry's data, mapped
	reads   atomic.Int64 // the bytes read of it and its base (read)
}

// read notes that n bytes of the entry's files, or its base's, were read:
// past each diskcache.ResidentMax bytes read, the pages of both are let
// go (diskcache.Forget), where one is larger than that, so that a build
// that writes a large entry's files does not hold all of it in its memory
// (a smaller one is mapped whole at once, and kept so). Any goroutine may
// call it, but not after release.
func (e *builtEntry) read(n int) {
	if e == nil {
		return
	}
	if r := e.reads.Add(int64(n)); r/diskcache.ResidentMax != (r-int64(n))/diskcache.ResidentMax {
		for x := e; x != nil; x = x.base {
			if len(x.mapped) > diskcache.ResidentMax {
				diskcache.Forget(x.mapped)
			}
		}
	}
}

// readBuilt maps and reads the entry key and its base; nil, without an
// error, when the cache has no such entry whole. A mapped file cut short
// meanwhile by another program is a fault, which reads as an error; the
// caller reads the data with debug.SetPanicOnFault too.
func readBuilt(disk *diskcache.Cache, key diskcache.Key) (*builtEntry, error) {
	return readEntry(disk, key, false)
}

// readEntry is readBuilt, of a base when asBase is set: an entry read as
// a base that names a base of its own is refused at once, so that no
// entry is read through more than one base, whatever names what (an
// entry replaced by a build on itself, by two builds of one site at
// once, named itself).
func readEntry(disk *diskcache.Cache, key diskcache.Key, asBase bool) (e *builtEntry, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			e.release()
			e, err = nil, keptError{fmt.Sprintf("reading it faulted: %v", r)}
		}
	}()
	b, unmap, ok := disk.Map(key)
	if !ok {
		return nil, nil
	}
	e = &builtEntry{key: key, files: map[string][]byte{}, parts: map[[32]byte][]byte{}, unmap: []func(){unmap}, mapped: b}
	// Each file's name and length is read where it stands: every page of
	// the entry, near enough. A large one's pages are let go as they are
	// passed (builtEntry.read).
	for len(b) > 0 {
		var name, data []byte
		at := len(b)
		if name, b, ok = cut(b); ok {
			data, b, ok = cut(b)
		}
		e.read(at - len(b))
		if !ok {
			e.release() // not a spoilt entry, which Map refuses, but a bug
			return nil, keptError{"it is cut short"}
		}
		n := string(name)
		// The key a part of a page follows (KeepFragment).
		var partKey *[32]byte
		if k := len(e.records) - 1; k >= 0 && e.records[k].name == pageKeyName && len(e.records[k].data) == len(diskcache.Key{}) {
			partKey = (*[32]byte)(e.records[k].data)
		}
		switch {
		case n == baseName:
			if asBase || len(e.records) > 0 || len(data) != len(diskcache.Key{}) || e.base != nil || diskcache.Key(data) == key {
				e.release()
				return nil, keptError{"it names a base out of place"}
			}
			base, err := readEntry(disk, diskcache.Key(data), true)
			if base == nil || base.base != nil {
				base.release()
				e.release()
				if err == nil {
					err = keptError{"its base is gone, or has a base of its own"}
				}
				return nil, err
			}
			e.base = base
			continue
		case strings.HasPrefix(n, samePrefix):
			n = n[len(samePrefix):]
			var ok bool
			if e.base != nil {
				data, ok = e.base.files[n]
			}
			if !ok {
				e.release()
				return nil, keptError{"its base has no " + n}
			}
			e.all += len(data)
		case n == sameFragmentName:
			var ok bool
			if e.base != nil && partKey != nil {
				data, ok = e.base.parts[*partKey]
			}
			if !ok {
				e.release()
				return nil, keptError{"its base has no such part of a page"}
			}
			n = fragmentName // read as one held here
			e.all += len(data)
		case n != pageKeyName && n != resultName && !strings.HasPrefix(n, themePrefix):
			// A file, or a part of a page (fragmentName), held here.
			e.own += len(data)
			e.all += len(data)
		}
		if !strings.HasPrefix(n, "\x00") {
			e.files[n] = data
		}
		if n == fragmentName && partKey != nil {
			e.parts[*partKey] = data
		}
		e.records = append(e.records, record{name: n, data: data})
	}
	return e, nil
}

// release unmaps the entry and its base; a nil entry has none.
func (e *builtEntry) release() {
	if e == nil {
		return
	}
	for _, f := range e.unmap {
		f()
	}
	e.unmap, e.mapped = nil, nil // the addresses may be the heap's next
	e.base.release()
}

// baseFor is the entry a build after this one keeps its entry on: this
// one if it is whole, else its base, while the bytes this one holds
// itself are under half its files'; nil then, for an entry whole.
func (e *builtEntry) baseFor() *builtEntry {
	switch {
	case e == nil:
		return nil
	case e.base == nil:
		return e
	case 2*e.own < e.all:
		return e.base
	}
	return nil
}

// holdsPart reports whether base holds a part of a page (fragmentName)
// under key.
func holdsPart(base *builtEntry, key [32]byte) bool {
	if base == nil {
		return false
	}
	_, ok := base.parts[key]
	return ok
}

// sameAs reports whether the base holds data as the file name: false,
// too, when reading the base faults.
func sameAs(base *builtEntry, name string, data []byte) bool {
	if base == nil {
		return false
	}
	b, ok := base.files[name]
	if !ok || len(b) != len(data) {
		return false
	}
	var same bool
	faultFree(func() { same = bytes.Equal(b, data) })
	base.read(len(b))
	return same
}

// faultFree runs f, which reads a mapped entry, and reports whether it
// read it to the end: a file cut short meanwhile by another program (which
// no build does) is a fault, which reads as false, not a crash.
func faultFree(f func()) (ok bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	f()
	return true
}

// cut takes a length (a uvarint) and that many bytes off b.
func cut(b []byte) (p, rest []byte, ok bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) < n {
		return nil, b, false
	}
	return b[w : w+int(n)], b[w+int(n):], true
}
