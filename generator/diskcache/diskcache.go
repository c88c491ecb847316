// Package diskcache keeps what a build made, on disk, for the builds after
// it: entries of bytes in a folder, each under a key that hashes everything
// it was made from and the program that made it.
//
// A cache is only ever an aid. Deleting its folder, or any file in it,
// costs time and nothing else. An entry is believed only when it is whole
// and is the one asked for: each carries its key and the SHA-256 of its
// data, checked on every read, so that a file cut short by a crash, changed
// on disk or put under another name is a miss, never a result; a build
// then makes the data again and writes the entry anew. Entries are written
// to a temporary file and renamed, so that builds sharing a folder at the
// same time never read each other's halves.
//
// The layout follows Go's build cache: a file per entry, in one of 256
// folders named by the first byte of its key. Entries not used for five
// days are removed (Trim).
package diskcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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
const magic = "policysite cache 1\n"

// header is the bytes before an entry's data: magic, key, data's SHA-256.
const header = len(magic) + 2*sha256.Size

// A Cache is a folder of entries. Its methods are safe for concurrent use,
// and for use by several processes at once.
type Cache struct {
	dir string
	now func() time.Time
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

// Dir returns the cache's folder.
func (c *Cache) Dir() string { return c.dir }

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
	data, ok := check(b, k)
	if !ok {
		os.Remove(name)
		return nil, false
	}
	c.touch(name)
	return data, true
}

// check returns the data of entry b if it is whole and k's.
func check(b []byte, k Key) ([]byte, bool) {
	if len(b) < header || string(b[:len(magic)]) != magic {
		return nil, false
	}
	rest := b[len(magic):]
	if !bytes.Equal(rest[:sha256.Size], k[:]) {
		return nil, false
	}
	sum, data := rest[sha256.Size:2*sha256.Size], rest[2*sha256.Size:]
	if got := sha256.Sum256(data); !bytes.Equal(got[:], sum) {
		return nil, false
	}
	return data, true
}

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
	name := c.file(k)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	b := make([]byte, 0, header+len(data))
	b = append(b, magic...)
	b = append(b, k[:]...)
	b = append(b, sum[:]...)
	b = append(b, data...)
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cache: %w", err)
	}
	return nil
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
