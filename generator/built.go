package generator

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"policysite/generator/content"
	"policysite/generator/diskcache"
	"policysite/generator/pages"
	"policysite/generator/theme"
	"policysite/generator/valuehash"
)

// A build whose input was built before, by this version of the program,
// writes the files it made then, kept whole in the disk cache, instead of
// making them again. The key is the sum of all the loaded site holds
// (package valuehash), which is all Generate reads: the day and every
// revision's state on it, the content, the record, the theme's files (by
// their fingerprint); so a file the cache gives is the file Generate would
// make. docs/performance.md tells the layers of the cache.

// builtKey is the disk cache's key of the files Generate makes of l with
// opts: preview is the one option of Build's that changes them.
func builtKey(l *Loaded, preview bool) (diskcache.Key, error) {
	sum, err := valuehash.Sum(struct {
		Loaded  *Loaded
		Preview bool
	}{l, preview})
	if err != nil {
		return diskcache.Key{}, err
	}
	return diskcache.NewKey([]byte("built site"), diskcache.Version(), sum[:]), nil
}

// generateKept is Generate, or the files of the same build kept in the
// disk cache (built.go), which it keeps there when it has to make them.
// early is the last build of the site, looked for while l loaded (nil
// for none); generateKept takes it.
func generateKept(l *Loaded, out Writer, opts Options, early *earlyLast) (*Result, error) {
	// Build loaded the site for this build alone: its texts can go once
	// used.
	gen := GenerateOptions{Progress: opts.Progress, Preview: opts.Preview, DiskCache: opts.DiskCache, DropTexts: true}
	if opts.DiskCache == nil {
		early.release()
		return Generate(l, out, gen)
	}
	last := lastKey(l, opts.Preview)
	kept, looked := early.take(last)
	key, err := builtKey(l, opts.Preview)
	if err != nil {
		// Something the site holds cannot be hashed (TestBuiltKey finds
		// it): the build is made, as without the cache.
		kept.release()
		return Generate(l, out, gen)
	}
	// The last build may be this one: nothing changed since.
	same := kept != nil && kept.entry.key == key
	var res *Result
	if same {
		res, err = replayEntry(kept.entry, l.Theme, out)
	} else {
		res, err = replay(opts.DiskCache, key, l.Theme, out)
	}
	var bad keptError
	switch {
	case errors.As(err, &bad):
		// The kept build could not be used after all (which a whole
		// entry, as Map checks, never is but for a bug or a file cut
		// while read): it is made, every file written again.
		if same {
			kept.release()
			kept = nil
		}
	case res != nil:
		// This build is now the site's last: the pointer to it is
		// written again where the one found was not to it (or spoilt,
		// and removed).
		if !same {
			_ = opts.DiskCache.Put(last, key[:])
		}
		kept.release()
		return res, err
	case err != nil:
		kept.release()
		return res, err
	}
	if !looked {
		kept = lastPages(opts.DiskCache, last)
	}
	gen.kept = kept
	defer gen.kept.release()
	k := newKeeping(opts.DiskCache, key, l.Theme, out, gen.kept.base())
	if k == nil {
		return Generate(l, out, gen)
	}
	res, err = Generate(l, k, gen)
	if err != nil {
		k.abort()
		return nil, err
	}
	if k.commit(res) {
		_ = opts.DiskCache.Put(last, key[:]) // a cache that cannot be written only costs time
	}
	return res, nil
}

// earlyLast is the last build of a site (lastPages), looked for on another
// core while the site loads, under the key its site.yaml gives as read
// before (content.ReadConfig): mapping and checking its entry, megabytes,
// was a tenth of a build after a new revision, and the site's loading
// leaves a core free. A nil *earlyLast looked for none.
type earlyLast struct {
	key   diskcache.Key
	done  chan struct{}
	kept  *keptPages
	taken bool
}

// lookEarly looks for the last build of the site in source in disk, in
// the background; nil for no disk.
func lookEarly(disk *diskcache.Cache, source string, preview bool) *earlyLast {
	if disk == nil {
		return nil
	}
	e := &earlyLast{key: lastKeyOf(content.ReadConfig(source).BaseURL, preview), done: make(chan struct{})}
	go func() {
		defer close(e.done)
		e.kept = lastPages(disk, e.key)
	}()
	return e
}

// take returns the pages found, and true, when they were looked for under
// last, the key of the loaded site's last build; else nil and false, and
// what was found is released.
func (e *earlyLast) take(last diskcache.Key) (*keptPages, bool) {
	if e == nil {
		return nil, false
	}
	<-e.done
	e.taken = true
	if e.key != last {
		e.kept.release()
		return nil, false
	}
	return e.kept, true
}

// release releases the pages found, unless taken: for a build that
// stopped before it came to them.
func (e *earlyLast) release() {
	if e == nil {
		return
	}
	<-e.done
	if !e.taken {
		e.taken = true
		e.kept.release()
	}
}

// fragments are the pages.Fragments of a build: those the last build kept,
// and this build's, kept with its pages.
type fragments struct {
	kept   *keptPages
	keeper *keeping
}

// fragmentsOf returns the fragments of a build that finds the last
// build's kept and keeps its own with k, or nil when it does neither.
func fragmentsOf(kept *keptPages, k *keeping) pages.Fragments {
	if k == nil && kept == nil {
		return nil
	}
	return fragments{kept, k}
}

func (f fragments) Fragment(key [32]byte) (string, bool) { return f.kept.Fragment(key) }

func (f fragments) KeepFragment(key [32]byte, s string) {
	if f.keeper != nil {
		f.keeper.KeepFragment(key, s)
	}
}

// lastKey is the disk cache's key of the key of the last build of l's
// site (by its address), with preview or without: the build whose pages
// the next one looks for its own among (lastPages).
func lastKey(l *Loaded, preview bool) diskcache.Key {
	return lastKeyOf(l.Site().Config.BaseURL, preview)
}

// lastKeyOf is lastKey of a site at baseURL.
func lastKeyOf(baseURL string, preview bool) diskcache.Key {
	p := []byte{0}
	if preview {
		p[0] = 1
	}
	return diskcache.NewKey([]byte("last build"), diskcache.Version(), []byte(baseURL), p)
}

// keptPages are the pages of the last build of a site, by their keys
// (pages.Page.Key): a build that misses the whole build (a new revision,
// another day, which the whole build's key holds) writes each page of
// the same key instead of making it. Most of a site's pages stay the
// same from one day, or one revision, to the next. The data is the last
// build's entry, mapped; a nil *keptPages has none.
type keptPages struct {
	byKey map[[32]byte][]byte // its pages, and the parts of pages and clauses kept with them (KeepFragment)
	entry *builtEntry
}

// lastPages maps the entry of the build the disk cache names under last,
// or returns nil when it has none whole.
func lastPages(disk *diskcache.Cache, last diskcache.Key) *keptPages {
	b, ok := disk.Get(last)
	if !ok || len(b) != len(diskcache.Key{}) {
		return nil
	}
	e, _ := readBuilt(disk, diskcache.Key(b))
	if e == nil {
		return nil
	}
	kept := &keptPages{byKey: map[[32]byte][]byte{}, entry: e}
	var key []byte
	for _, r := range e.records {
		switch {
		case r.name == pageKeyName && len(r.data) == len(diskcache.Key{}):
			key = r.data
		case key != nil:
			kept.byKey[[32]byte(key)] = r.data
			key = nil
		}
		e.read(len(r.data)) // a key read is its page's neighbour: all but read
	}
	return kept
}

// page returns the kept page of key, copied into buf: the data is mapped,
// and a file cut short meanwhile (which no build does) is a fault, which
// reads as no page. The copy, not the mapping, goes on to be written and
// kept again, so that a fault cannot leave half a page anywhere.
func (k *keptPages) page(key [32]byte, buf *bytes.Buffer) (ok bool) {
	if k == nil {
		return false
	}
	data, ok := k.byKey[key]
	if !ok {
		return false
	}
	if !faultFree(func() { buf.Write(data) }) {
		buf.Reset()
		return false
	}
	k.entry.read(len(data))
	return true
}

// Fragment is the part of a page the last build kept under key, copied
// as page copies a page.
func (k *keptPages) Fragment(key [32]byte) (string, bool) {
	if k == nil {
		return "", false
	}
	data, ok := k.byKey[key]
	if !ok {
		return "", false
	}
	var s string
	if !faultFree(func() { s = string(data) }) {
		return "", false
	}
	k.entry.read(len(data))
	return s, true
}

func (k *keptPages) release() {
	if k != nil {
		k.entry.release()
	}
}

// base is the entry a build that found these pages keeps its own on
// (builtEntry.baseFor); nil for none.
func (k *keptPages) base() *builtEntry {
	if k == nil {
		return nil
	}
	return k.entry.baseFor()
}

// The entry of a built site is its files, each as its name's and its
// data's lengths (uvarints) and bytes, in the order they were made, and
// last the build's Result as a file of the reserved name resultName. A
// static file of the theme, the same bytes as the theme's (the compare
// page's WebAssembly, a fifth of the corpus's site), is named with
// themePrefix and no data: the key holds the theme (the site's own files'
// bytes, the program's version for the built-in ones), so replay takes it
// from the theme.
const (
	resultName  = "\x00result"
	themePrefix = "\x00theme\x00"
	// pageKeyName's record, just before a page's, holds that page's key
	// (pageKeys.page): the next build finds the page by it (lastPages).
	pageKeyName = "\x00page"
	// fragmentName's records are parts of pages kept for the next build
	// (pages.Fragments), each after its key's: no file of the build.
	fragmentName = "\x00fragment"
)

// keptError is a kept build that cannot be replayed: generateKept then
// makes the build instead. Never the reader's to see.
type keptError struct{ why string }

func (e keptError) Error() string { return "cache: a kept build: " + e.why }

// builtResult is what a kept build says of itself.
type builtResult struct {
	Documents, Revisions, Pages int
	Today                       time.Time
}

// replay writes to out the files of the build the cache keeps under key,
// and returns its Result; nil, having written nothing, when the cache has
// no such build whole. The entry is mapped, not read: it is most of the
// site's bytes, which a read would copy into memory only to write them.
func replay(disk *diskcache.Cache, key diskcache.Key, th *theme.Theme, out Writer) (res *Result, err error) {
	e, err := readBuilt(disk, key)
	if e == nil {
		return nil, err
	}
	defer e.release()
	return replayEntry(e, th, out)
}

// replayEntry is replay of the entry e, read.
func replayEntry(e *builtEntry, th *theme.Theme, out Writer) (res *Result, err error) {
	var files []record
	for _, r := range e.records {
		if r.name == pageKeyName || r.name == fragmentName {
			continue
		}
		if n, ok := strings.CutPrefix(r.name, themePrefix); ok {
			static := th.Static(n)
			if static == nil {
				return nil, keptError{"it names " + n + " of the theme, which has none"}
			}
			files = append(files, record{name: n, data: static})
			continue
		}
		if r.name != resultName {
			files = append(files, r)
			continue
		}
		var b builtResult
		// A mapped file cut short by another program meanwhile is a
		// fault, not a crash.
		err := func() (err error) {
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("reading it faulted: %v", r)
				}
			}()
			return json.Unmarshal(r.data, &b)
		}()
		if err != nil {
			return nil, keptError{"its result: " + err.Error()}
		}
		res = &Result{Documents: b.Documents, Revisions: b.Revisions, Pages: b.Pages, Kept: b.Pages, Today: b.Today}
	}
	if res == nil {
		return nil, keptError{"it has no result"}
	}
	err = parallel(len(files), func(i int) (err error) {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				err = keptError{fmt.Sprintf("reading it faulted: %v", r)}
			}
		}()
		err = out.Write(files[i].name, files[i].data)
		e.read(len(files[i].data))
		return err
	})
	return res, err
}

// keeping is a Writer that writes to out and keeps every file in the disk
// cache's entry of the build, for replay.
type keeping struct {
	out   Writer
	theme *theme.Theme
	base  *builtEntry // the entry whose files this one names, not holds again (entry.go); nil for none
	mu    sync.Mutex
	entry *diskcache.EntryWriter
	n     [binary.MaxVarintLen64]byte
}

// newKeeping returns a keeping that keeps the build in the entry key,
// on base (entry.go) where it is not nil.
func newKeeping(disk *diskcache.Cache, key diskcache.Key, th *theme.Theme, out Writer, base *builtEntry) *keeping {
	entry, err := disk.Create(key)
	if err != nil {
		return nil // a cache that cannot be written only costs time
	}
	if base != nil && base.key == key {
		// The last build is this one's, kept meanwhile by another
		// build of the same site: an entry is never its own base.
		base = nil
	}
	k := &keeping{out: out, theme: th, entry: entry, base: base}
	if base != nil {
		k.record(record{name: baseName, data: base.key[:]})
	}
	return k
}

// named is the name a file's record takes: samePrefix's, with no data,
// where the base holds the same bytes.
func (k *keeping) named(name string, data []byte) (string, []byte) {
	if sameAs(k.base, name, data) {
		return samePrefix + name, nil
	}
	return name, data
}

func (k *keeping) Write(name string, data []byte) error {
	if err := k.out.Write(name, data); err != nil {
		return err
	}
	k.keep(name, data)
	return nil
}

// Keep is out's Keep, where out has one (Keeper).
func (k *keeping) Keep(name string, data []byte) error {
	if kp, ok := k.out.(Keeper); ok {
		if err := kp.Keep(name, data); err != nil {
			return err
		}
	} else if err := k.out.Write(name, data); err != nil {
		return err
	}
	k.keep(name, data)
	return nil
}

// WritePage is Write for a page of the key pageKey gives (pages.Page.Key):
// kept with it, for the next build (lastPages).
func (k *keeping) WritePage(name string, key [32]byte, data []byte) error {
	if err := k.out.Write(name, data); err != nil {
		return err
	}
	name, data = k.named(name, data)
	k.record(record{name: pageKeyName, data: key[:]}, record{name: name, data: data})
	return nil
}

// KeepFragment keeps s, a part of a page of the key key, for the next
// build (pages.Fragments): named, where the base holds it (entry.go).
func (k *keeping) KeepFragment(key [32]byte, s string) {
	if !k.namePart(key) {
		k.record(record{name: pageKeyName, data: key[:]}, record{name: fragmentName, text: s})
	}
}

// KeepKeptFragment keeps again the part of a page the last build kept
// under key, where it did; read from it only where the base does not hold
// it.
func (k *keeping) KeepKeptFragment(key [32]byte, kept *keptPages) {
	if k.namePart(key) {
		return
	}
	if s, ok := kept.Fragment(key); ok {
		k.record(record{name: pageKeyName, data: key[:]}, record{name: fragmentName, text: s})
	}
}

// namePart keeps a record naming the base's part of a page of the key
// key, where the base holds one, and reports whether it did.
func (k *keeping) namePart(key [32]byte) bool {
	if !holdsPart(k.base, key) {
		return false
	}
	k.record(record{name: pageKeyName, data: key[:]}, record{name: sameFragmentName})
	return true
}

func (k *keeping) keep(name string, data []byte) {
	if s := k.theme.Static(name); len(s) > 0 && len(s) == len(data) && &s[0] == &data[0] {
		name, data = themePrefix+name, nil
	} else if name != resultName {
		name, data = k.named(name, data)
	}
	k.record(record{name: name, data: data})
}

// record writes records to the entry, together: a key's record and the
// one it names are never parted by another worker's.
func (k *keeping) record(records ...record) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, r := range records {
		k.entry.Write(binary.AppendUvarint(k.n[:0], uint64(len(r.name))))
		io.WriteString(k.entry, r.name)
		k.entry.Write(binary.AppendUvarint(k.n[:0], uint64(len(r.data)+len(r.text))))
		k.entry.Write(r.data)
		io.WriteString(k.entry, r.text)
	}
}

// commit puts the build, whose Result is res, in the cache, and reports
// whether it is there.
func (k *keeping) commit(res *Result) bool {
	b, err := json.Marshal(builtResult{Documents: res.Documents, Revisions: res.Revisions, Pages: res.Pages, Today: res.Today})
	if err != nil {
		k.entry.Abort()
		return false
	}
	k.keep(resultName, b)
	return k.entry.Commit() == nil // a cache that cannot be written only costs time
}

func (k *keeping) abort() { k.entry.Abort() }
