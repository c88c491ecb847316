package diff

import "math/bits"

// lcsRoom is the room lcsRoom.length needs, kept from one call to the
// next.
type lcsRoom struct {
	sym   map[uint64]int32 // the shorter sequence's distinct items, numbered
	masks []uint64         // for each of them, where it stands in the shorter sequence
	v     []uint64
}

// length is the length of the longest common subsequence of a and b, by
// Allison and Dix's and Hyyrö's bit-parallel algorithm: a row of the table
// of lengths is a bit vector over the shorter sequence, and each item of
// the longer one moves it on in a few word operations per 64 items.
func (k *lcsRoom) length(a, b []uint64) int {
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) == 0 {
		return 0
	}
	w := (len(short) + 63) / 64
	if k.sym == nil {
		k.sym = map[uint64]int32{}
	}
	clear(k.sym)
	k.masks = k.masks[:0]
	for i, h := range short {
		s, ok := k.sym[h]
		if !ok {
			s = int32(len(k.masks) / w)
			k.sym[h] = s
			for range w {
				k.masks = append(k.masks, 0)
			}
		}
		k.masks[int(s)*w+i/64] |= 1 << (i % 64)
	}
	k.v = k.v[:0]
	for range w {
		k.v = append(k.v, ^uint64(0))
	}
	v := k.v
	for _, h := range long {
		s, ok := k.sym[h]
		if !ok {
			continue // matches nothing: the row stays as it is
		}
		m := k.masks[int(s)*w : int(s)*w+w]
		var carry uint64
		for i := range v {
			u := v[i] & m[i]
			var sum uint64
			sum, carry = bits.Add64(v[i], u, carry)
			v[i] = sum | (v[i] &^ m[i])
		}
	}
	zeros := 0
	for i, x := range v {
		if i == w-1 && len(short)%64 != 0 {
			x |= ^uint64(0) << (len(short) % 64) // past the end: not counted
		}
		zeros += bits.OnesCount64(^x)
	}
	return zeros
}
