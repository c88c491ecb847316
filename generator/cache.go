package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/diskcache"
	"policysite/generator/pages"
	"policysite/generator/render"
)

// Cache keeps what a build computes from a revision's text, its rendering
// and its diffs, keyed by hashes of that text, so that a rebuild (in serve)
// only works on what changed. Entries a build did not use are dropped after
// it. A Cache is safe for concurrent use.
type Cache struct {
	mu       sync.Mutex
	renders  map[[32]byte]*pages.Rendering
	diffs    map[[2]*pages.Rendering]*diff.Diff
	usedRend map[[32]byte]bool
	usedDiff map[[2]*pages.Rendering]bool
	shared   map[[2]*pages.Rendering]bool // diffs kept by diffShared, which no page takes
	memo     diff.Memo                    // section diffs, shared by all the comparisons
	flight   singleflight.Group
	// keepDiffs is unset in the cache of a single build, which asks for
	// each diff once: kept, the diffs of every page would be held till
	// the build ends.
	keepDiffs bool
	// disk, if set, keeps renderings between processes (rendered).
	disk *diskcache.Cache
	// compared counts the diffs a single build made, for the Memo's sweeps
	// (diffKept).
	compared atomic.Int64
	// taking is set in the cache of a single build once its site is
	// planned: a diff kept for the plan (the diffs between neighbours,
	// which the plan follows the sections through) then goes to the one
	// page that shows it, and is not kept after. Kept to the end, those
	// of 10,000 revisions held 90 MB; a second page that asked for the
	// same diff would make it again.
	taking bool
	// kept are the pages and parts of pages the last build kept, and
	// keeper keeps this build's (built.go), where there are: with them,
	// each rendering's clauses.
	kept   *keptPages
	keeper *keeping
	// prepared counts the renderings made, each cut into the parts its
	// diffs compare (render), for the tests.
	prepared atomic.Int64
}

// memoWindow is how many diffs a single build makes between two sweeps of
// its Memo's results (diff.Memo.SweepResults): the pages that compare each
// revision with the current one ask again for what the pages before them
// asked, and seldom for what is much older. Kept to the end, the results of
// a history of 10,000 revisions grew by 400 MB over its pages. The results
// the Memo had to make again, counted: 3,000 revisions 58,415 kept to the
// end, 58,512 with a window of 2,048, 58,922 with 1,024; 10,000 revisions
// about 88,000 with 2,048 and 114,500 with 1,024. The diffs between
// neighbours, all made before the pages, count too: with 2,048 the
// comparisons with the current revision made again some 1,100 of the pairs
// of paragraphs the last of those had made. Of its 24,182 distinct word
// diffs, a build of 10,000 revisions made 24,336 with this window (and the
// pages from both ends, parallelEnds), 25,284 with 2,048 on one core; its
// peak, 870 MiB, is under the large site's limit (docs/performance.md).
const memoWindow = 4096

// NewCache returns an empty cache, for the builds of a long-running process.
func NewCache() *Cache {
	return &Cache{
		renders: map[[32]byte]*pages.Rendering{}, diffs: map[[2]*pages.Rendering]*diff.Diff{},
		usedRend: map[[32]byte]bool{}, usedDiff: map[[2]*pages.Rendering]bool{},
		keepDiffs: true,
	}
}

// rendering returns the cached rendering of body under the renderer
// settings named by config, or makes it with build: once, however many
// pages ask for it at the same time. build is given the key, the SHA-256
// of config and body.
func (c *Cache) rendering(config string, body []byte, build func(key [32]byte) (*pages.Rendering, error)) (*pages.Rendering, error) {
	h := sha256.New()
	h.Write([]byte(config))
	h.Write([]byte{0})
	h.Write(body)
	var key [32]byte
	copy(key[:], h.Sum(nil))
	c.mu.Lock()
	r, ok := c.renders[key]
	c.usedRend[key] = true
	c.mu.Unlock()
	if ok {
		return r, nil
	}
	v, err, _ := c.flight.Do(string(key[:]), func() (any, error) {
		c.mu.Lock()
		r, ok := c.renders[key]
		c.mu.Unlock()
		if ok { // made while this call waited for the lock
			return r, nil
		}
		r, err := build(key)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.renders[key] = r
		c.mu.Unlock()
		return r, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*pages.Rendering), nil
}

// render returns the cached rendering of a revision of site by r (made by
// newRenderer), or makes it.
func (c *Cache) render(r *render.Renderer, site *content.Site, rev *content.Revision) (*pages.Rendering, error) {
	config := site.Config.BasePath()
	return c.rendering(config, rev.Body, func(key [32]byte) (*pages.Rendering, error) {
		made := func(out render.Result) pages.Rendered {
			c.prepared.Add(1)
			doc, pieces := c.memo.PrepareParts(out.HTML, out.Parts)
			return pages.Rendered{Pieces: pieces, Parts: out.Parts, Doc: doc, Headings: out.Headings}
		}
		if clauses, ok := c.keptClauses(key); ok {
			// This program rendered the text before, and keeps what it
			// made: it is read when a page or a diff asks for it, and its
			// text is kept till then.
			body := rev.Body
			return pages.NewRendering(key, clauses, func() pages.Rendered {
				out, err := c.rendered(r, key, body)
				if err != nil {
					// This program rendered the text before, and rendering
					// is a function of the text: only a bug fails it now.
					panic(fmt.Sprintf("%s: rendered before, not now: %v", rev.File, err))
				}
				return made(out)
			}), nil
		}
		out, err := c.rendered(r, key, rev.Body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rev.File, err)
		}
		ren := pages.NewRendering(key, nil, func() pages.Rendered { return made(out) })
		c.keepClauses(key, ren.Clauses)
		return ren, nil
	})
}

// clausesKey is the key of the clauses of the rendering of key
// (rendering's), kept with the pages of a build (built.go).
func clausesKey(key [32]byte) [32]byte {
	return sha256.Sum256(append([]byte("clauses\x00"), key[:]...))
}

// keptClauses returns the clauses of the rendering of key, where the last
// build kept them with its pages: the plan needs a revision's clauses,
// not its text, which the pages that build made need not read. They are
// kept again with this build's.
func (c *Cache) keptClauses(key [32]byte) ([]diff.Clause, bool) {
	if c.kept == nil {
		return nil, false
	}
	k := clausesKey(key)
	s, ok := c.kept.Fragment(k)
	if !ok {
		return nil, false
	}
	var clauses []diff.Clause
	if gob.NewDecoder(strings.NewReader(s)).Decode(&clauses) != nil || clauses == nil {
		return nil, false // nil would make the rendering at once: so it is
	}
	if c.keeper != nil {
		c.keeper.KeepFragment(k, s)
	}
	return clauses, true
}

func (c *Cache) keepClauses(key [32]byte, clauses []diff.Clause) {
	if c.keeper == nil || len(clauses) == 0 {
		return
	}
	var b bytes.Buffer
	if gob.NewEncoder(&b).Encode(clauses) == nil {
		c.keeper.KeepFragment(clausesKey(key), b.String())
	}
}

// rendered is r's rendering of body, whose key in memory (rendering's,
// the hash of body and the settings) is key: from the disk cache where it
// has it, else made, and kept there. The disk's key adds the program's
// version, which fixes everything else r renders by (the theme's reserved
// IDs, goldmark's extensions).
func (c *Cache) rendered(r *render.Renderer, key [32]byte, body []byte) (render.Result, error) {
	if c.disk == nil {
		return r.Render(body)
	}
	k := diskcache.NewKey([]byte("rendering"), diskcache.Version(), key[:])
	var out render.Result
	if b, ok := c.disk.Get(k); ok && gob.NewDecoder(bytes.NewReader(b)).Decode(&out) == nil {
		return out, nil
	}
	out, err := r.Render(body)
	if err != nil {
		return out, err
	}
	var b bytes.Buffer
	b.Grow(len(out.HTML) + 4<<10) // the HTML, and room for the rest: not grown by doubling
	if gob.NewEncoder(&b).Encode(out) == nil {
		_ = c.disk.Put(k, b.Bytes()) // a cache that cannot be written only costs time
	}
	return out, nil
}

// diff returns the cached diff between two renderings, or makes it, once
// however many pages ask for it at the same time. A rendering is only
// replaced when its text changes, so the pointers are keys as good as the
// hashes they were found by.
func (c *Cache) diff(older, newer *pages.Rendering) *diff.Diff {
	return c.diffKept(older, newer, c.keepDiffs)
}

// diffKept is diff, keeping the diff for the rest of the build when keep
// is set: the diffs between neighbours, which the history of each section
// and the diff pages both show.
func (c *Cache) diffKept(older, newer *pages.Rendering, keep bool) *diff.Diff {
	key := [2]*pages.Rendering{older, newer}
	c.mu.Lock()
	d, ok := c.diffs[key]
	if ok && c.taking && !c.shared[key] {
		delete(c.diffs, key)
	}
	c.usedDiff[key] = true
	c.mu.Unlock()
	if ok {
		return d
	}
	v, _, _ := c.flight.Do(fmt.Sprintf("diff %p %p", older, newer), func() (any, error) {
		d := diff.Compare(older.Doc(), newer.Doc(), diff.Options{})
		if keep {
			c.mu.Lock()
			c.diffs[key] = d
			c.mu.Unlock()
		}
		if !c.keepDiffs && c.compared.Add(1)%memoWindow == 0 {
			c.memo.SweepResults()
		}
		return d, nil
	})
	return v.(*diff.Diff)
}

// diffShared is diff for a diff that several pages may ask for (the
// diffs between neighbours, each of whose clauses' history pages shows a
// part of it): made once, and kept to the end of the build.
func (c *Cache) diffShared(older, newer *pages.Rendering) *diff.Diff {
	key := [2]*pages.Rendering{older, newer}
	c.mu.Lock()
	d, ok := c.diffs[key]
	c.usedDiff[key] = true
	c.mu.Unlock()
	if ok {
		return d
	}
	// Kept whoever makes it: a diff page's flight, which this call may
	// join, keeps none of its own.
	d = c.diffKept(older, newer, true)
	c.mu.Lock()
	c.diffs[key] = d
	if c.shared == nil {
		c.shared = map[[2]*pages.Rendering]bool{}
	}
	c.shared[key] = true
	c.mu.Unlock()
	return d
}

// sweep drops what the last build did not use.
func (c *Cache) sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.renders {
		if !c.usedRend[k] {
			delete(c.renders, k)
		}
	}
	for k := range c.diffs {
		if !c.usedDiff[k] {
			delete(c.diffs, k)
		}
	}
	c.memo.Sweep()
	c.usedRend = map[[32]byte]bool{}
	c.usedDiff = map[[2]*pages.Rendering]bool{}
	c.shared = nil // a build's own: the next may take them
}
