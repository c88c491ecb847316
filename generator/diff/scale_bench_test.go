package diff

import (
	"fmt"
	"testing"

	"policysite/generator/render"
	"policysite/internal/sitegen"
)

// BenchmarkComparePathological diffs each pathological input
// (sitegen.Pathologicals) with a small edit of it (sitegen.Edit), at two
// sizes: the comparison alone, the revisions rendered and prepared
// before.
func BenchmarkComparePathological(b *testing.B) {
	r := render.New()
	prepare := func(body string) *Doc {
		res, err := r.Render([]byte(body))
		if err != nil {
			b.Fatal(err)
		}
		return Prepare(Blocks(res.HTML))
	}
	for _, p := range sitegen.Pathologicals {
		for _, n := range []int{2000, 4000} {
			body := p.Body(n)
			older, newer := prepare(body), prepare(sitegen.Edit(body))
			b.Run(fmt.Sprintf("%s/%d", p.Name, n), func(b *testing.B) {
				for b.Loop() {
					Compare(older, newer, Options{})
				}
			})
		}
	}
}
