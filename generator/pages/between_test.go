package pages

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"testing"
	"time"

	"policysite/generator/content"
	"policysite/generator/theme"
)

// rangeList is the list of the revisions between as the default diff.html
// ranged over it before BetweenHTML, and as a theme of one's own may.
const rangeList = `{{$d := .Diff}}<ol class="between">
{{- range $d.BetweenItems}}
{{- if .Hidden}}
<li class="between-more"><a href="{{$.Rel $.Doc.HistoryPath}}">{{$.Tf "betweenMore" .Hidden}}</a></li>
{{- else}}{{$r := .RevInfo}}
<li{{with .Value}} value="{{.}}"{{end}}><a href="{{$.Rel $r.Path}}"><time datetime="{{$r.EffectiveISO}}">{{$.Date $r.Effective}}</time></a> <span class="reason reason-{{$r.Reason}}">({{$.T (print "reason." $r.Reason)}})</span>: {{$r.Summary}}</li>
{{- end}}
{{- end}}
</ol>`

// The list BetweenHTML makes is the one a template ranging over
// BetweenItems makes, byte for byte, for lists short and long (one line
// for those left out, numbered after it), pages at every depth, in two
// languages, with links to index.html or not, and summaries that need
// escaping; all the pages share their lines, as a build's do, so a line
// kept under too narrow a key is found on a page it does not fit.
func TestBetweenHTMLAsRange(t *testing.T) {
	th, err := theme.Load("")
	if err != nil {
		t.Fatal(err)
	}
	ranged := template.Must(template.New("list").Parse(rangeList))
	own := template.Must(template.New("list").Parse("<ol class=\"between\">{{.BetweenHTML}}\n</ol>"))
	summaries := []string{"Nye kontaktopplysninger", `"Sitert" & <b>fet</b> + 'enkel'`, "Æ ø å – ½", "", "a\x00b"}
	reasons := []content.Reason{content.ReasonProcessing, content.ReasonLegal, "editorial", "ukjent"}
	docs := []string{"personvern", "vilkår og betingelser", "a&b"}
	var revs [3][]*RevInfo
	for d, doc := range docs {
		day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 40 {
			day = day.AddDate(0, 0, 1+i%9)
			revs[d] = append(revs[d], &RevInfo{
				Path: doc + "/" + content.Date(day) + "/", Effective: day,
				Summary: summaries[(i+d)%len(summaries)], Reason: reasons[(i*7+d)%len(reasons)],
			})
		}
	}
	lines := &betweenLines{lines: map[betweenKey]string{}}
	rng := rand.New(rand.NewPCG(11, 3))
	hidden := 0
	for range 600 {
		d := rng.IntN(len(docs))
		lo := rng.IntN(len(revs[d]))
		hi := lo + rng.IntN(len(revs[d])-lo)
		root := []string{"../", "../../", "../../../", "../../../../", ""}[rng.IntN(5)]
		p := &Page{
			Root:    root,
			Site:    &SiteInfo{indexLinks: rng.IntN(2) == 0},
			Doc:     &DocInfo{HistoryPath: docs[d] + "/history/"},
			Diff:    &DiffInfo{Old: revs[d][lo], New: revs[d][hi], Between: revs[d][lo+1 : hi+1]},
			strings: th.Strings([]string{"nb", "en"}[rng.IntN(2)]),
			between: lines,
		}
		if hi-lo > 2*BetweenEnds+1 {
			hidden++
		}
		var want, got bytes.Buffer
		if err := ranged.Execute(&want, p); err != nil {
			t.Fatal(err)
		}
		if err := own.Execute(&got, p); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("%s: between %d and %d, root %q:\n got %s\nwant %s", docs[d], lo, hi, root, got.String(), want.String())
		}
	}
	if hidden < 50 || len(lines.lines) == 0 {
		t.Fatalf("%d lists with a line for those left out, %d lines kept: the cases do not test what they should", hidden, len(lines.lines))
	}
}
