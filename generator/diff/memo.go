package diff

import (
	"encoding/binary"
	"slices"
	"sync"
)

// A Memo remembers what comparing a history's revisions computes from their
// texts: the blocks of each part of a rendered revision (Memo.Blocks), the
// words of each block and section (Memo.Prepare), the diff of each section
// that kept its place, of each stretch of sections between those, of each
// pair of paragraphs and of each paragraph split or paragraphs merged, and
// the similarity of each pair of sections, so
// that a text that recurs across revisions and comparisons is worked on
// once.
// Consecutive revisions share most of their blocks, and comparing every
// archived revision with the current one compares mostly the same sections
// again and again: with a Memo the work grows with the distinct texts a
// history holds, not with the number of revisions times their size.
//
// The Memo gives each distinct block and section a number of its own, and
// remembers by those numbers: two texts share a number only if they are
// equal, so nothing rests on a hash not colliding. The zero value is ready
// to use; a Memo is safe for concurrent use.
type Memo struct {
	mu       sync.Mutex
	next     uint32 // the last number given; numbers are never reused
	parts    kept[string, memoPart]
	blocks   kept[blockKey, blockInfo]
	sections kept[string, sectionInfo]
	diffs    kept[string, memoEntry]    // stretches of sections
	placed   kept[placedKey, memoEntry] // sections that kept their place
	pairs    kept[placedKey, memoEntry] // blocks paired (a line each)
	groups   kept[string, memoEntry]    // a block split or blocks merged (pairGroup)
	sims     kept[[2]uint32, float64]
	unkept   kept[[2]uint32, bool] // cannotKeep's answers
}

// kept is a map whose entries outlive a sweep only if they were asked for
// since the one before.
type kept[K comparable, V any] struct{ old, now map[K]V }

func (k *kept[K, V]) get(key K) (V, bool) {
	if v, ok := k.now[key]; ok {
		return v, true
	}
	v, ok := k.old[key]
	if ok {
		k.set(key, v)
	}
	return v, ok
}

func (k *kept[K, V]) set(key K, v V) {
	if k.now == nil {
		k.now = map[K]V{}
	}
	k.now[key] = v
}

func (k *kept[K, V]) sweep() { k.old, k.now = k.now, nil }

// recall returns what k keeps for key, or makes it with make, outside the
// lock, and keeps it. Of two made at once the first is kept and returned
// to both, so that all get the same; number, if not nil, is called on a
// value just before it is kept, under the lock (to give it its number).
func recall[K comparable, V any](m *Memo, k *kept[K, V], key K, make func() V, number func(*V)) V {
	m.mu.Lock()
	v, ok := k.get(key)
	m.mu.Unlock()
	if ok {
		return v
	}
	v = make()
	m.mu.Lock()
	defer m.mu.Unlock()
	if first, ok := k.get(key); ok {
		return first
	}
	if number != nil {
		number(&v)
	}
	k.set(key, v)
	return v
}

// numbered gives a value its number: the next, as numbers are never reused.
func (m *Memo) numbered(id *uint32) { m.next++; *id = m.next }

// memoPart is a distinct part of a rendered revision: its HTML (the same
// string as its key) and its blocks, numbered and counted (Memo.number),
// which every revision that has the part shares and nothing changes.
type memoPart struct {
	html   string
	blocks []Block
}

type blockInfo struct {
	id    uint32
	words bag
}

type sectionInfo struct {
	id              uint32
	words, keyWords bag
}

// A placedKey names a pair of sections or blocks by their numbers, diffed
// under a bound.
type placedKey struct {
	old, new uint32
	maxCells int
}

type memoEntry struct {
	lines    []line // shared, and never changed
	degraded bool
}

// Prepare is the package's Prepare, with the words of each block and
// section counted once for all the revisions the Memo prepares, and each
// numbered for Compare. A Doc takes part in a comparison through the Memo
// that prepared it only.
func (m *Memo) Prepare(blocks []Block) *Doc {
	own := slices.Clone(blocks)
	for i := range own {
		own[i].id = 0 // numbered by this Memo, whatever numbered them before
	}
	return splitSections(pointers(own), m)
}

// PrepareHTML is Prepare of Blocks(fragment, parts), on the Memo's own
// blocks of each part, shared with the other revisions that have it.
func (m *Memo) PrepareHTML(fragment []byte, parts []int) *Doc {
	doc, _ := m.PrepareParts(fragment, parts)
	return doc
}

// Blocks is the package's Blocks, for a fragment whose top-level parts
// begin at the offsets parts (as render.Result gives them): each distinct
// part is split into blocks once for all the revisions the Memo sees, and
// its blocks numbered. Without parts, it is Blocks.
func (m *Memo) Blocks(fragment []byte, parts []int) []Block {
	if len(parts) == 0 {
		return Blocks(fragment)
	}
	blocks, _ := m.blocksAndParts(fragment, parts)
	out := make([]Block, len(blocks))
	for i, b := range blocks {
		out[i] = *b
	}
	return out
}

// PrepareParts is PrepareHTML, and the fragment's top-level parts as the
// Memo keeps them: revisions that share a part share its string and its
// blocks, so that a history's renderings take the room of its distinct
// parts, not of every revision's whole text.
func (m *Memo) PrepareParts(fragment []byte, parts []int) (*Doc, []string) {
	if len(parts) == 0 {
		return m.Prepare(Blocks(fragment)), []string{string(fragment)}
	}
	blocks, texts := m.blocksAndParts(fragment, parts)
	return splitSections(blocks, m), texts
}

// blocksAndParts is the blocks of a fragment cut into parts, the Memo's
// own, and each part's text as the Memo keeps it.
func (m *Memo) blocksAndParts(fragment []byte, parts []int) ([]*Block, []string) {
	each := make([]memoPart, len(parts))
	n := 0
	for i, from := range parts {
		to := len(fragment)
		if i+1 < len(parts) {
			to = parts[i+1]
		}
		part := fragment[from:to]
		// Most parts are met before: looked up as bytes, they are not
		// copied into a string for the key.
		m.mu.Lock()
		p, ok := m.parts.now[string(part)]
		m.mu.Unlock()
		if !ok {
			s := string(part) // the key and the text, one copy
			made := false
			p = recall(m, &m.parts, s, func() memoPart {
				made = true
				bs := Blocks(part)
				for k := range bs {
					m.number(&bs[k])
				}
				return memoPart{s, bs}
			}, nil)
			if !made {
				// Kept from before the last Sweep: so are its blocks'
				// numbers, which a block met again in another part
				// must get.
				m.keepNumbers(p.blocks)
			}
		}
		each[i] = p
		n += len(p.blocks)
	}
	blocks, texts := make([]*Block, 0, n), make([]string, len(parts))
	for i, p := range each {
		for k := range p.blocks {
			blocks = append(blocks, &p.blocks[k])
		}
		texts[i] = p.html
	}
	return blocks, texts
}

// keepNumbers marks the numbers of blocks asked for, so that a Sweep keeps
// them while a part that has the blocks is kept.
func (m *Memo) keepNumbers(blocks []Block) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range blocks {
		m.blocks.get(blocks[i].key())
	}
}

// number gives b its number and words, the Memo's for its text.
func (m *Memo) number(b *Block) {
	info := m.block(b)
	b.words, b.id = info.words, info.id
}

// block numbers a block and counts its words, once per distinct block.
func (m *Memo) block(b *Block) blockInfo {
	k := b.key()
	return recall(m, &m.blocks, k, func() blockInfo { return blockInfo{words: bagOf(b.Text)} },
		func(v *blockInfo) { m.numbered(&v.id) })
}

// section returns what is known of the section of the kind made of the
// numbered blocks, or counts its words with count and numbers it.
func (m *Memo) section(kind byte, ids []uint32, count func() (words, keyWords bag)) sectionInfo {
	key := make([]byte, 1, 1+4*len(ids))
	key[0] = kind
	for _, id := range ids {
		key = binary.LittleEndian.AppendUint32(key, id)
	}
	return recall(m, &m.sections, string(key), func() sectionInfo {
		words, keyWords := count()
		return sectionInfo{words: words, keyWords: keyWords}
	}, func(v *sectionInfo) { m.numbered(&v.id) })
}

// similarity is the similarity of two sections' bodies; without a Memo it
// is worked out each time.
func (m *Memo) similarity(a, b *section) float64 {
	if a.id != 0 && a.id == b.id {
		return 1 // the same text
	}
	if m == nil {
		return similarity(a.words, b.words)
	}
	return recall(m, &m.sims, [2]uint32{a.id, b.id}, func() float64 { return similarity(a.words, b.words) }, nil)
}

// Sweep forgets what was not asked for since the last Sweep, so that a
// long-lived Memo (serve's) holds what the current history needs. Docs
// prepared before stay good: a text forgotten and met again gets a new
// number, so it is only worked on again.
func (m *Memo) Sweep() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.parts.sweep()
	m.blocks.sweep()
	m.sections.sweep()
	m.sweepResults()
}

// SweepResults drops the results of comparisons (the diffs of sections,
// stretches and paragraphs, and the similarities) that no comparison asked
// for since the sweep before, and keeps what names the texts (the parts,
// blocks and sections, and their numbers): for a long run of comparisons
// whose results are asked for again by the next few and seldom after,
// such as a history's revisions each compared with the current one.
func (m *Memo) SweepResults() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweepResults()
}

// sweepResults is SweepResults, under m.mu.
func (m *Memo) sweepResults() {
	m.diffs.sweep()
	m.placed.sweep()
	m.pairs.sweep()
	m.groups.sweep()
	m.sims.sweep()
	m.unkept.sweep()
}

// seqLines is blockLines for the stretch of sections named by key (their
// numbers), through the memo when there is one.
func (c *comparer) seqLines(key []uint32, old, new []*Block) []line {
	if len(old)+len(new) == 0 {
		return nil
	}
	if c.memo == nil {
		return c.blockLines(old, new)
	}
	k := make([]byte, 0, 4*len(key)+8)
	for _, id := range key {
		k = binary.LittleEndian.AppendUint32(k, id)
	}
	k = binary.LittleEndian.AppendUint64(k, uint64(c.maxCells))
	return remembered(c, &c.memo.diffs, string(k), func() []line { return slices.Clip(c.blockLines(old, new)) })
}

// remembered returns the lines k keeps under key, or makes them with make
// and keeps them. The comparison is degraded if they were when made, and
// they are kept degraded only if they were: a comparison degraded before
// the lines were made must not pass that on to them.
func remembered[K comparable](c *comparer, k *kept[K, memoEntry], key K, make func() []line) []line {
	e := recall(c.memo, k, key, func() memoEntry {
		was := c.degraded
		c.degraded = false
		e := memoEntry{lines: make(), degraded: c.degraded}
		c.degraded = was
		return e
	}, nil)
	c.degraded = c.degraded || e.degraded
	return e.lines
}
