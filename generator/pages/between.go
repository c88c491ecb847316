package pages

import (
	"html/template"
	"slices"
	"strings"
	"sync"

	"policysite/generator/theme"
)

// BetweenEnds is how many of the revisions between a compare page lists
// at each end of a longer list: every one where there are at most
// 2×BetweenEnds+1, else the first and the last BetweenEnds and, between
// them, a line that counts the rest and links to the history, which lists
// them all. Every page listing them all made a long history's pages grow
// with the square of its length: 10,000 revisions, 3 GB of lists.
const BetweenEnds = 10

// A BetweenItem is a line of a compare page's list of the revisions
// between (DiffInfo.BetweenItems): a revision, or the line that stands for
// those left out.
type BetweenItem struct {
	*RevInfo // nil on the line for those left out
	// Value is the revision's number in the list where it does not follow
	// from the line before (the first after those left out), else 0.
	Value int
	// Hidden is how many revisions the line for those left out stands
	// for.
	Hidden int
}

// BetweenItems are the lines of the list of Between, as BetweenEnds says.
func (d *DiffInfo) BetweenItems() []BetweenItem {
	lines := func(revs []*RevInfo) []BetweenItem {
		out := make([]BetweenItem, len(revs))
		for i, r := range revs {
			out[i].RevInfo = r
		}
		return out
	}
	n := len(d.Between)
	if n <= 2*BetweenEnds+1 {
		return lines(d.Between)
	}
	tail := lines(d.Between[n-BetweenEnds:])
	tail[0].Value = n - BetweenEnds + 1
	return slices.Concat(lines(d.Between[:BetweenEnds]), []BetweenItem{{Hidden: n - 2*BetweenEnds}}, tail)
}

// BetweenEnds is the package's BetweenEnds, for the compare page's script,
// which lists a pair's revisions between as the static pages do.
func (p *Page) BetweenEnds() int { return BetweenEnds }

// A compare page lists up to 2×BetweenEnds+1 revisions between, some
// twenty actions of a template each: of a build of 10,000 revisions the
// lists were two thirds of the compare pages' templates. Yet a compare
// page of a revision with the one in force lists mostly the same
// revisions as the pages of its neighbours, each the same line on every
// page of its language and depth. So the default theme prints the list
// ready-made (BetweenHTML), each revision's line made once; a theme
// that wants other markup ranges over DiffInfo.BetweenItems itself.

// betweenLine is a line of the default diff.html's list: the same markup
// as its range over BetweenItems was, which html/template escapes the
// same.
var betweenLine = template.Must(template.New("between").Parse("{{if .Hidden}}\n" +
	`<li class="between-more"><a href="{{.Href}}">{{.More}}</a></li>` +
	"{{else}}\n" +
	`<li{{with .Value}} value="{{.}}"{{end}}><a href="{{.Href}}"><time datetime="{{.Rev.EffectiveISO}}">{{.Date}}</time></a> <span class="reason reason-{{.Rev.Reason}}">({{.Reason}})</span>: {{.Rev.Summary}}</li>` +
	"{{end}}"))

// betweenData is what a line of betweenLine shows: a revision's, or (where
// Hidden is set) the line for those left out.
type betweenData struct {
	Hidden       int
	Href, More   string
	Value        int
	Rev          *RevInfo
	Date, Reason string
}

// betweenLines keeps the lines of revisions the compare pages list, for
// all the pages of a build (Plan gives them one).
type betweenLines struct {
	mu    sync.Mutex
	lines map[betweenKey]string
}

// A betweenKey is all a revision's line is made of besides the revision:
// the words of the page's language, the link to the revision from the
// page, and the line's number where it has one.
type betweenKey struct {
	rev     *RevInfo
	strings *theme.Strings
	href    string
	value   int
}

// BetweenHTML is the list of the revisions between as the default
// diff.html prints it: the list items of BetweenItems, each on a line of
// its own.
func (p *Page) BetweenHTML() (template.HTML, error) {
	if p.Diff == nil {
		return "", nil
	}
	var b strings.Builder
	b.Grow(BetweenEnds * 2 * 400) // some 300 bytes a line: grown line by line, the list was copied four times
	for _, it := range p.Diff.BetweenItems() {
		if it.Hidden > 0 {
			if err := betweenLine.Execute(&b, betweenData{Hidden: it.Hidden, Href: p.Rel(p.Doc.HistoryPath), More: p.Tf("betweenMore", it.Hidden)}); err != nil {
				return "", err
			}
			continue
		}
		line, err := p.betweenLine(it)
		if err != nil {
			return "", err
		}
		b.WriteString(line)
	}
	return template.HTML(b.String()), nil
}

// betweenLine is a revision's line, made once for the pages that share
// its key.
func (p *Page) betweenLine(it BetweenItem) (string, error) {
	r := it.RevInfo
	k := betweenKey{r, p.strings, p.Rel(r.Path), it.Value}
	if p.between != nil {
		p.between.mu.Lock()
		line, ok := p.between.lines[k]
		p.between.mu.Unlock()
		if ok {
			return line, nil
		}
	}
	var b strings.Builder
	d := betweenData{Href: k.href, Value: it.Value, Rev: r, Date: p.Date(r.Effective), Reason: p.T("reason." + string(r.Reason))}
	if err := betweenLine.Execute(&b, d); err != nil {
		return "", err
	}
	line := b.String()
	if p.between != nil {
		p.between.mu.Lock()
		p.between.lines[k] = line
		p.between.mu.Unlock()
	}
	return line, nil
}
