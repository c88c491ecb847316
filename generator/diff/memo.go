package diff

import (
	"crypto/sha256"
	"io"
	"slices"
	"sync"
)

// A Memo remembers what comparing a history's revisions computes from their
// texts: the words of each block (Memo.Prepare) and the diff of each pair
// of sections (Options.Memo), so that a text that recurs across revisions
// and comparisons is worked on once. Consecutive revisions share most of
// their blocks, and comparing every archived revision with the current one
// compares mostly the same sections again and again: with a Memo the work
// grows with the distinct texts a history holds, not with the number of
// revisions times their size. The zero value is ready to use; a Memo is
// safe for concurrent use.
type Memo struct {
	mu       sync.Mutex
	done     map[memoKey]memoEntry
	used     map[memoKey]bool
	bags     map[string]bag
	usedBags map[string]bag
}

type memoKey struct {
	old, new [sha256.Size]byte
	maxCells int
}

type memoEntry struct {
	section  Section // Anchor aside; its lines are shared and never changed
	degraded bool
}

func (m *Memo) get(k memoKey) (memoEntry, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.done[k]
	if ok {
		if m.used == nil {
			m.used = map[memoKey]bool{}
		}
		m.used[k] = true
	}
	return e, ok
}

func (m *Memo) put(k memoKey, e memoEntry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.done == nil {
		m.done, m.used = map[memoKey]memoEntry{}, map[memoKey]bool{}
	}
	m.done[k] = e
	m.used[k] = true
}

// Prepare is the package's Prepare, with the words of each block text
// counted once for all the revisions the Memo prepares.
func (m *Memo) Prepare(blocks []Block) *Doc {
	return &Doc{sections: splitSections(blocks, m.bag)}
}

func (m *Memo) bag(text string) bag {
	m.mu.Lock()
	if m.usedBags == nil {
		m.usedBags = map[string]bag{}
	}
	b, ok := m.usedBags[text]
	if !ok {
		if b, ok = m.bags[text]; ok {
			m.usedBags[text] = b
		}
	}
	m.mu.Unlock()
	if ok {
		return b
	}
	b = bagOf(text)
	m.mu.Lock()
	m.usedBags[text] = b
	m.mu.Unlock()
	return b
}

// Sweep forgets what was not asked for since the last Sweep, so that a
// long-lived Memo (serve's) holds what the current history needs.
func (m *Memo) Sweep() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.done {
		if !m.used[k] {
			delete(m.done, k)
		}
	}
	m.used = map[memoKey]bool{}
	m.bags, m.usedBags = m.usedBags, nil
}

// sum identifies a section's content: its blocks' kinds, texts, ids and
// link targets.
func (s *section) sum() [sha256.Size]byte {
	h := sha256.New()
	field := func(f string, end byte) {
		io.WriteString(h, f)
		h.Write([]byte{end})
	}
	write := func(b *Block) {
		field(b.Tag, 0)
		field(b.Text, 0)
		field(b.ID, 0)
		for _, l := range b.Links {
			field(l, 0)
		}
		h.Write([]byte{1})
	}
	if s.heading != nil {
		write(s.heading)
	}
	h.Write([]byte{2})
	for i := range s.body {
		write(&s.body[i])
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// paired is pair, through the memo when there is one.
func (c *comparer) paired(old, new *section, anchor string) Section {
	if c.memo == nil {
		return c.pair(old, new, anchor)
	}
	k := memoKey{old.hash, new.hash, c.maxCells}
	if e, ok := c.memo.get(k); ok {
		c.degraded = c.degraded || e.degraded
		s := e.section
		s.Anchor = anchor
		return s
	}
	was := c.degraded
	c.degraded = false
	s := c.pair(old, new, anchor)
	s.lines = slices.Clip(s.lines) // so that no append reaches the memo's copy
	c.memo.put(k, memoEntry{section: s, degraded: c.degraded})
	c.degraded = c.degraded || was
	return s
}
