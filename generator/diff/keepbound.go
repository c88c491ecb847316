package diff

// A section's body diffed with another keeps its words in the order both
// texts have them: equal blocks and the equal runs of paired ones follow
// each other in both. So the words a diff of two bodies keeps are at most
// their longest common subsequence of words, and where that is too short
// for keeps, showsCommon can say no without the diff, which costs far more
// than the subsequence's length does. A long history compares old
// revisions with the one in force, whose sections have mostly been
// rewritten since; most of the pairs settle asks about are such.

// keepBound holds the room cannotKeep needs, kept from one call to the
// next.
type keepBound struct {
	a, b []uint64 // the bodies' words, hashed, in order
	lcs  lcsRoom
}

// cannotKeep reports whether no diff of the bodies of old and new can keep
// minMoveEvidence of their words (as keeps counts them), once for each
// pair through the memo (whatever the bound on cells, once past the
// guard). It only says so where diffing them would not mark
// the comparison degraded either (its sequences, whatever their kind, are
// at most the bodies' bytes, cells and blocks: size), so that a pair it
// turns down leaves no trace a diff would have.
func (c *comparer) cannotKeep(old, new *section) bool {
	if size(old.body)*size(new.body) > c.maxCells {
		return false
	}
	if c.memo == nil || old.id == 0 || new.id == 0 {
		return c.bound.cannotKeep(old, new)
	}
	return recall(c.memo, &c.memo.unkept, [2]uint32{old.id, new.id}, func() bool { return c.bound.cannotKeep(old, new) }, nil)
}

func (k *keepBound) cannotKeep(old, new *section) bool {
	k.a, k.b = bodyWords(k.a[:0], old.body), bodyWords(k.b[:0], new.body)
	if len(k.a)+len(k.b) == 0 {
		return false
	}
	return 2*float64(k.lcs.length(k.a, k.b)) < minMoveEvidence*float64(len(k.a)+len(k.b))
}

// size bounds the tokens, cells and blocks of a body: each token is at
// least a byte of a block's text, and each cell a cell of a row, which
// may be empty and so have no text at all.
func size(body []*Block) int {
	n := 0
	for _, b := range body {
		n += len(b.Text) + len(b.Cells) + 1
	}
	return n
}

// bodyWords appends the words of the blocks to dst, hashed as bags hash
// them (lower-cased): a coarser equality than a diff's, so the subsequence
// is at least as long as any a diff keeps. A row's text is its cells'
// texts, joined.
func bodyWords(dst []uint64, body []*Block) []uint64 {
	for _, b := range body {
		dst = appendWords(dst, b.Text)
	}
	return dst
}
