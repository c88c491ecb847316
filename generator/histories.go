package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"

	"policysite/generator/diskcache"
	"policysite/generator/pages"
)

// histories keep the history of each document's clauses (its section
// histories' threads and the kinds of their changes) in the disk cache
// between builds, each under the sum of the renderings it was made of and
// the program's version: a build on another day, whose pages the build
// before mostly made already (built.go), then makes no diff between
// neighbours to plan them, and a build after a revision was added only
// the new one's.
type histories struct{ disk *diskcache.Cache }

// historyKey is the key of the history of rens; false when a rendering
// has no key (it was not made as a build makes it).
func historyKey(rens []*pages.Rendering) (diskcache.Key, bool) {
	h := sha256.New()
	for _, r := range rens {
		if r.Key == ([32]byte{}) {
			return diskcache.Key{}, false
		}
		h.Write(r.Key[:])
	}
	return diskcache.NewKey([]byte("section history"), diskcache.Version(), h.Sum(nil)), true
}

func (h histories) Kept(rens []*pages.Rendering) (*pages.SectionHistory, int) {
	for n := len(rens); n >= max(len(rens)-1, 1); n-- {
		key, ok := historyKey(rens[:n])
		if !ok {
			return nil, 0
		}
		b, ok := h.disk.Get(key)
		if !ok {
			continue
		}
		var hist pages.SectionHistory
		if gob.NewDecoder(bytes.NewReader(b)).Decode(&hist) == nil && fits(&hist, rens[:n]) {
			return &hist, n
		}
	}
	return nil, 0
}

func (h histories) Keep(rens []*pages.Rendering, hist *pages.SectionHistory) {
	key, ok := historyKey(rens)
	if !ok {
		return
	}
	var b bytes.Buffer
	if gob.NewEncoder(&b).Encode(hist) == nil {
		_ = h.disk.Put(key, b.Bytes()) // a cache that cannot be written only costs time
	}
}

// fits reports whether hist can be the history of rens: every clause it
// names is in its rendering, every change has its kind. A kept entry is
// checked whole (diskcache), so one that does not fit is a bug's, and
// is made again rather than followed out of range.
func fits(hist *pages.SectionHistory, rens []*pages.Rendering) bool {
	if len(hist.Kinds) != len(hist.Threads) {
		return false
	}
	// Every clause of every revision is in one thread, as Threads makes
	// them: ExtendThreads goes on from the last revision's.
	in := make([][]bool, len(rens))
	for r, ren := range rens {
		in[r] = make([]bool, len(ren.Clauses))
	}
	for k, t := range hist.Threads {
		if t == nil || t.First < 0 || len(t.Clauses) == 0 || t.Last() >= len(rens) || len(hist.Kinds[k]) != len(t.Changes) {
			return false
		}
		for i, c := range t.Clauses {
			r := t.First + i
			if c < 0 || c >= len(in[r]) || in[r][c] {
				return false
			}
			in[r][c] = true
		}
		// A thread that began after the first revision changed there.
		if t.First > 0 && (len(t.Changes) == 0 || t.Changes[0] != t.First) {
			return false
		}
		for _, r := range t.Changes {
			if r < max(t.First, 1) || r > t.Last()+1 || r >= len(rens) {
				return false
			}
		}
	}
	for _, clauses := range in {
		for _, ok := range clauses {
			if !ok {
				return false
			}
		}
	}
	return true
}
