package diff

import (
	"math/rand"
	"slices"
	"testing"
)

// slowChain is heaviestChain as it was first written: every earlier item
// tried for each, the first of the heaviest taken.
func slowChain(n int, w func(i int) int, at func(i int) (x, y int)) []int {
	best, prev := make([]int, n), make([]int, n)
	top := -1
	for i := range n {
		best[i], prev[i] = w(i), -1
		xi, yi := at(i)
		for j := range i {
			if xj, yj := at(j); xj < xi && yj < yi && best[j]+w(i) > best[i] {
				best[i], prev[i] = best[j]+w(i), j
			}
		}
		if top < 0 || best[i] > best[top] {
			top = i
		}
	}
	var out []int
	for i := top; i >= 0; i = prev[i] {
		out = append(out, i)
	}
	slices.Reverse(out)
	return out
}

// heaviestChain picks the same chain as trying every pair would, ties
// included: the sections it keeps in place decide what a diff page shows.
func TestHeaviestChain(t *testing.T) {
	tests := []struct {
		name string
		// items is how many, spread is the range of x and y (small for
		// many ties), weights the range of the weights (from 0).
		items, spread, weights int
	}{
		{"none", 0, 1, 1},
		{"one", 1, 1, 3},
		{"distinct", 40, 1000, 50},
		{"ties in x and y", 60, 8, 5},
		{"equal weights", 60, 30, 1},
		{"zero weights", 30, 10, 2},
		{"long", 500, 200, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(int64(tt.items)))
			for range 200 {
				type item struct{ x, y, w int }
				items := make([]item, tt.items)
				for i := range items {
					items[i] = item{rng.Intn(tt.spread), rng.Intn(tt.spread), rng.Intn(tt.weights)}
				}
				slices.SortStableFunc(items, func(a, b item) int { return a.x - b.x })
				w := func(i int) int { return items[i].w }
				at := func(i int) (x, y int) { return items[i].x, items[i].y }
				if got, want := heaviestChain(len(items), w, at), slowChain(len(items), w, at); !slices.Equal(got, want) {
					t.Fatalf("chain of %v\n got %v\nwant %v", items, got, want)
				}
			}
		})
	}
}
