// Package diskcache keeps what a build made, on disk, for the builds after
// it: entries of bytes in a folder, each under a key that hashes everything
// it was made from and the program that made it.
//
// A cache is only ever an aid. Deleting its folder, or any file in it,
// costs time and nothing else. An entry is believed only when it is whole
// and is the one asked for: each carries its key, its length and the CRC-32C
// of its data, checked on every read, so that a file cut short by a crash,
// changed on disk or put under another name is a miss, never a result; a
// build then makes the data again and writes the entry anew. (CRC-32C, not
// SHA-256: it finds any change a fault makes but for one in four billion, at
// a tenth of the cost; the key, which says what the data is, is SHA-256.) Entries are written
// to a temporary file and renamed, so that builds sharing a folder at the
// same time never read each other's halves.
//
// The layout follows Go's build cache: a file per entry, in one of 256
// folders named by the first byte of its key. Entries not used for five
// days are removed (Trim).
package diskcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// A Key names an entry: the SHA-256 of what its data was made from.
type Key [sha256.Size]byte

// NewKey hashes parts, each kept apart from the next, into a Key. The
// first should say what kind of data the entry holds and the program's
// version (Version), so that a change of either is a new key.
func NewKey(parts ...[]byte) Key {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		// Each part's length first: ("ab", "c") and ("a", "bc") differ.
		l := uint64(len(p))
		for i := range n {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write(p)
	}
	var k Key
	h.Sum(k[:0])
	return k
}

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// magic begins every entry: the format, which a later one can change.
const magic = "policysite cache 2\n"

// header is the bytes before an entry's data: magic, key, the data's
// length (8 bytes) and CRC-32C (4 bytes), little-endian.
const (
	header   = len(magic) + sha256.Size + 8 + 4
	lengthAt = len(magic) + sha256.Size
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// A Cache is a folder of entries. Its methods are safe for concurrent use,
// and for use by several processes at once.
type Cache struct {
	dir string
	now func() time.Time
	// OnMap, if set, is called with an entry's size before Map maps it:
	// the mapping takes room beside the heap, which a process that
	// limits its heap (debug.SetMemoryLimit) may make. Set it before the
	// Cache is used.
	OnMap func(size int64)
}

// Open opens the cache in dir, making the folder if there is none.
func Open(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	readme := filepath.Join(dir, "README")
	if _, err := os.Stat(readme); errors.Is(err, fs.ErrNotExist) {
		text := "This folder is policysite's cache: what a build made, kept for the next.\nIt is safe to delete; a build then makes it again.\n"
		if err := os.WriteFile(readme, []byte(text), 0o644); err != nil {
			return nil, err
		}
	}
	return &Cache{dir: dir, now: time.Now}, nil
}

func (c *Cache) file(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, s[:2], s)
}

// Get returns the data of the entry k, or false when there is none that is
// whole and k's. A bad entry is removed.
func (c *Cache) Get(k Key) ([]byte, bool) {
	name := c.file(k)
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, false
	}
	data, ok := whole(b, k, false)
	if !ok {
		os.Remove(name)
		return nil, false
	}
	c.touch(name)
	return data, true
}

// Map returns the data of the entry k as Get does, but mapped into memory
// rather than read, for data too large to copy: the system's cache of the
// file is the memory. Call release when done with the data, which must not
// be used after. The data is checked, as Get's is; an entry replaced
// meanwhile leaves the mapping as it was, but one changed in place, which
// no build does, could end it early: Map's caller reads it with
// debug.SetPanicOnFault.
func (c *Cache) Map(k Key) (data []byte, release func(), ok bool) {
	name := c.file(k)
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() < int64(header) || info.Size() > 1<<40 {
		os.Remove(name)
		return nil, nil, false
	}
	if c.OnMap != nil {
		c.OnMap(info.Size())
	}
	b, unmap, err := mapFile(f, int(info.Size()))
	if err != nil {
		return nil, nil, false
	}
	if data, ok = whole(b, k, true); !ok {
		unmap()
		os.Remove(name)
		return nil, nil, false
	}
	c.touch(name)
	return data, unmap, true
}

// whole returns the data of the entry b if it is whole and k's: the
// format, the key, the length and the CRC-32C its header gives. b is
// mapped when mapped is set: a large entry's pages are then let go as the
// sum is taken (ResidentMax).
func whole(b []byte, k Key, mapped bool) ([]byte, bool) {
	if len(b) < header || string(b[:len(magic)]) != magic || !bytes.Equal(b[len(magic):lengthAt], k[:]) {
		return nil, false
	}
	data := b[header:]
	n, sum := binary.LittleEndian.Uint64(b[lengthAt:]), binary.LittleEndian.Uint32(b[lengthAt+8:])
	if uint64(len(data)) != n {
		return nil, false
	}
	if !mapped || len(b) <= ResidentMax {
		return data, crc32.Checksum(data, castagnoli) == sum
	}
	var crc uint32
	for from := 0; from < len(b); from += ResidentMax {
		chunk := b[from:min(from+ResidentMax, len(b))]
		if from == 0 {
			crc = crc32.Update(crc, castagnoli, chunk[header:])
		} else {
			crc = crc32.Update(crc, castagnoli, chunk)
		}
		Forget(chunk)
	}
	return data, crc == sum
}

// ResidentMax is the most of a mapped entry that Map keeps in the
// process's memory at once, and the most a reader should let pile up
// before it calls Forget. A page of a mapping read stays with the process
// till it is unmapped or let go, and counts as its memory: 10,000
// revisions' entry, 1.8 GB, made a rebuild's peak 2 GB. A smaller entry
// is mapped whole at once (mapPopulate), which its readers read through.
const ResidentMax = 64 << 20

// touch marks an entry used, for Trim, at most once an hour: writing its
// time at every read would cost more than the read.
func (c *Cache) touch(name string) {
	now := c.now()
	if info, err := os.Stat(name); err == nil && now.Sub(info.ModTime()) > time.Hour {
		os.Chtimes(name, now, now)
	}
}

// Put stores data as the entry k, replacing any.
func (c *Cache) Put(k Key, data []byte) error {
	// A buffer for the header alone: the data, whole, is written as it
	// is, not copied into a buffer of 256 KB first (a cold build puts a
	// rendering for every revision).
	w, err := c.create(k, header)
	if err != nil {
		return err
	}
	w.Write(data)
	return w.Commit()
}

// An EntryWriter writes an entry as its data is made, for data too large
// to hold whole: nothing is in the cache until Commit.
type EntryWriter struct {
	name string // the entry's file
	f    *os.File
	buf  *bufio.Writer
	sum  hash.Hash32
	n    uint64
	err  error
}

// Create begins the entry k.
func (c *Cache) Create(k Key) (*EntryWriter, error) { return c.create(k, entryBuffer) }

// entryBuffer is the size of the buffer an entry is written through.
const entryBuffer = 256 << 10

// create is Create, written through a buffer of size bytes.
func (c *Cache) create(k Key, size int) (*EntryWriter, error) {
	name := c.file(k)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	w := &EntryWriter{name: name, f: f, buf: bufio.NewWriterSize(f, size), sum: crc32.New(castagnoli)}
	// The data's length and sum go in after it, when they are known
	// (Commit).
	w.buf.WriteString(magic)
	w.buf.Write(k[:])
	w.buf.Write(make([]byte, 12))
	return w, nil
}

// Write adds p to the entry's data. An error is kept for Commit.
func (w *EntryWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	w.sum.Write(p)
	n, err := w.buf.Write(p)
	w.n += uint64(n)
	w.err = err
	return n, err
}

// WriteString is Write for a string, copied straight into the writer's
// buffer (AvailableBuffer), where its sum is taken: the kept parts of
// pages are strings of tens of kilobytes, which []byte(s) would copy
// whole first.
func (w *EntryWriter) WriteString(s string) (int, error) {
	n := 0
	for len(s) > 0 && w.err == nil {
		if w.buf.Available() == 0 {
			w.err = w.buf.Flush()
			continue
		}
		b := w.buf.AvailableBuffer()
		b = append(b, s[:min(len(s), cap(b))]...)
		m, _ := w.Write(b)
		n += m
		s = s[len(b):]
	}
	return n, w.err
}

// Commit puts the entry in the cache, replacing any of its key.
func (w *EntryWriter) Commit() error {
	err := w.err
	if err == nil {
		err = w.buf.Flush()
	}
	if err == nil {
		var end [12]byte
		binary.LittleEndian.PutUint64(end[:], w.n)
		binary.LittleEndian.PutUint32(end[8:], w.sum.Sum32())
		_, err = w.f.WriteAt(end[:], int64(lengthAt))
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.f.Name(), w.name)
	}
	if err != nil {
		os.Remove(w.f.Name())
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// Abort drops the entry.
func (w *EntryWriter) Abort() {
	w.f.Close()
	os.Remove(w.f.Name())
}

// Unused is how long an entry may go unused before Trim removes it.
const Unused = 5 * 24 * time.Hour

// trimEvery is how often Trim looks at the entries.
const trimEvery = 24 * time.Hour

// Trim removes the entries not used for Unused, and what a build stopped
// while writing left behind; it looks at most once a day (it notes when in
// the file trim.txt), so that most builds pay nothing for it.
func (c *Cache) Trim() error {
	now := c.now()
	mark := filepath.Join(c.dir, "trim.txt")
	if info, err := os.Stat(mark); err == nil && now.Sub(info.ModTime()) < trimEvery {
		return nil
	}
	var errs []error
	for i := range 256 {
		sub := filepath.Join(c.dir, fmt.Sprintf("%02x", i))
		entries, err := os.ReadDir(sub)
		if err != nil {
			continue // no entry begins with that byte yet
		}
		for _, e := range entries {
			info, err := e.Info()
			if err != nil {
				continue // removed meanwhile
			}
			if now.Sub(info.ModTime()) > Unused {
				if err := os.Remove(filepath.Join(sub, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
					errs = append(errs, err)
				}
			}
		}
	}
	errs = append(errs, os.WriteFile(mark, []byte(now.UTC().Format(time.RFC3339)+"\n"), 0o644))
	return errors.Join(errs...)
}
