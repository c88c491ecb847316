package generator

import (
	"html"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/pages"
	"policysite/internal/sitegen"
)

// The history of each section follows what the diffs of neighbours say:
// over the demo, and, without -short, the 52 revisions of
// ../shared/corpora/github-privacy. A revision in which a clause reads
// differently (text, links, cited footnotes) is in its history; one in
// which it reads the same is not, unless it moved or its headings changed
// level; a clause is listed where it began and where it was removed; a
// clause renumbered or moved keeps one history; and each clause's page
// lists exactly those revisions, newest first, and the revision pages link
// its heading to it.
func TestSectionHistories(t *testing.T) {
	sites := []string{"../examples/demo"}
	corpus := "../../shared/corpora/github-privacy"
	switch _, err := os.Stat(corpus); {
	case testing.Short():
		t.Log("the corpus is left out with -short: the demo only")
	case err != nil:
		t.Logf("%s is absent: the demo only", corpus)
	default:
		sites = append(sites, corpus)
	}
	for _, dir := range sites {
		t.Run(path.Base(dir), func(t *testing.T) {
			const now = "2026-11-26"
			files := generate(t, dir, now)
			site, _, err := Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			d := site.On(day(now))
			cache, r := NewCache(), newRenderer(site)
			for _, ser := range site.Series {
				revs := d.Visible(ser)
				if len(revs) == 0 {
					continue
				}
				docs := make([]*diff.Doc, len(revs))
				rens := make([]*pages.Rendering, len(revs))
				for i, rev := range revs {
					if rens[i], err = cache.render(r, site, rev); err != nil {
						t.Fatal(err)
					}
					docs[i] = rens[i].Doc()
				}
				diffs := make([]*diff.Diff, len(revs)-1)
				for i := range diffs {
					diffs[i] = cache.diff(rens[i], rens[i+1])
				}
				threads := diff.Threads(docs, diffs)
				checkThreads(t, ser, revs, docs, diffs, threads)
				checkSectionPages(t, site, ser, revs, docs, threads, files)
				checkSectionIndex(t, site, ser, revs, d, threads, files)
			}
		})
	}
}

func checkThreads(t *testing.T, ser *content.Series, revs []*content.Revision, docs []*diff.Doc, diffs []*diff.Diff, threads []*diff.Thread) {
	t.Helper()
	date := func(r int) string { return content.Date(revs[r].Effective) }
	for _, th := range threads {
		name := docs[th.First].Clauses()[th.Clauses[0]].Title
		if th.First > 0 && (len(th.Changes) == 0 || th.Changes[0] != th.First) {
			t.Errorf("%s/%s %q: begins in %s, which its history does not list: %v", ser.Doc, ser.Lang, name, date(th.First), th.Changes)
		}
		if last := th.Last(); last < len(revs)-1 && !slices.Contains(th.Changes, last+1) {
			t.Errorf("%s/%s %q: removed in %s, which its history does not list", ser.Doc, ser.Lang, name, date(last+1))
		}
		for r := th.First + 1; r <= th.Last(); r++ {
			o, n := th.In(r-1), th.In(r)
			changed := docs[r-1].ClauseText(o) != docs[r].ClauseText(n)
			listed := slices.Contains(th.Changes, r)
			switch {
			case changed && !listed:
				t.Errorf("%s/%s %q reads differently in %s, which its history does not list", ser.Doc, ser.Lang, name, date(r))
			case !changed && listed:
				if p := diffs[r-1].Part(o, n); p.Stats.Moved == 0 && p.Stats.Headings == 0 {
					t.Errorf("%s/%s %q reads the same in %s, which its history lists as a change: %+v", ser.Doc, ser.Lang, name, date(r), p.Stats)
				}
			}
		}
	}
	// A clause renumbered or moved is one clause, before and after.
	for i, d := range diffs {
		for _, s := range d.Sections {
			if s.Kind != diff.Moved && !s.Renumbered {
				continue
			}
			old, was := -1, s.OldTitle
			if was == "" {
				was = s.Title
			}
			for c, cl := range docs[i].Clauses() {
				if cl.Title == was {
					old = c
				}
			}
			for c, cl := range docs[i+1].Clauses() {
				if cl.Title != s.Title || old < 0 {
					continue
				}
				if !slices.ContainsFunc(threads, func(th *diff.Thread) bool { return th.In(i) == old && th.In(i+1) == c }) {
					t.Errorf("%s/%s: %q (%s) became %q (%s) but has two histories", ser.Doc, ser.Lang, was, date(i), s.Title, date(i+1))
				}
			}
		}
	}
}

var (
	sectionLinkRe = regexp.MustCompile(`<p class="section-link" data-section-link><a href="([^"]+)" aria-describedby="([^"]+)">`)
	entryDateRe   = regexp.MustCompile(`<h2><a href="[^"]*"><time datetime="(\d{4}-\d\d-\d\d)">`)
)

// checkSectionPages checks that the revision pages link each clause's
// heading to one page, and that the page lists the thread's revisions.
func checkSectionPages(t *testing.T, site *content.Site, ser *content.Series, revs []*content.Revision, docs []*diff.Doc, threads []*diff.Thread, files map[string][]byte) {
	t.Helper()
	prefix := ""
	if ser.Lang != site.Config.Language {
		prefix = ser.Lang + "/"
	}
	docPath := prefix + ser.Doc + "/"
	if ser.Doc == site.Config.Main {
		docPath = prefix
	}
	pageOf := func(r, c int) string {
		revPath := docPath + content.Date(revs[r].Effective) + "/"
		id := docs[r].Clauses()[c].ID
		for _, m := range sectionLinkRe.FindAllSubmatch(files[revPath+"index.html"], -1) {
			if string(m[2]) == id {
				return path.Join(revPath, string(m[1])) + "/index.html"
			}
		}
		return ""
	}
	pagesSeen := map[string]bool{}
	for _, th := range threads {
		if docs[th.First].Clauses()[th.Clauses[0]].ID == "" {
			continue // the text before the first heading has no heading to link
		}
		page := pageOf(th.Last(), th.In(th.Last()))
		if page == "" {
			t.Errorf("%s/%s: the heading %q links to no history", ser.Doc, ser.Lang, docs[th.Last()].Clauses()[th.In(th.Last())].Title)
			continue
		}
		for r := th.First; r <= th.Last(); r++ {
			if got := pageOf(r, th.In(r)); got != page {
				t.Errorf("%s/%s: the heading %q in %s links to %s, in %s to %s", ser.Doc, ser.Lang, docs[r].Clauses()[th.In(r)].Title, content.Date(revs[r].Effective), got, content.Date(revs[th.Last()].Effective), page)
			}
		}
		if pagesSeen[page] {
			t.Errorf("%s: two clauses share it", page)
		}
		pagesSeen[page] = true
		var want []string
		if th.First == 0 {
			want = append(want, content.Date(revs[0].Effective))
		}
		for _, r := range th.Changes {
			want = append(want, content.Date(revs[r].Effective))
		}
		slices.Reverse(want)
		var got []string
		for _, m := range entryDateRe.FindAllSubmatch(files[page], -1) {
			got = append(got, string(m[1]))
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s lists %v, want %v", page, got, want)
		}
	}
}

var (
	sectionIndexRe = regexp.MustCompile(`(?s)<section class="sections" id="sections" aria-labelledby="sections-heading">.*?</section>`)
	indexEntryRe   = regexp.MustCompile(`<li( data-section-removed)?><a href="([^"]+)">`)
	indexBackRe    = regexp.MustCompile(`<a href="([^"#]+)#sections">`)
)

// checkSectionIndex checks that both history pages of a document list
// every page of its sections' histories once, each link leading to one,
// those removed before the revision in force marked and last, and that
// each section's page links back to the list.
func checkSectionIndex(t *testing.T, site *content.Site, ser *content.Series, revs []*content.Revision, d *content.Day, threads []*diff.Thread, files map[string][]byte) {
	t.Helper()
	docPath := ser.Doc + "/"
	if ser.Doc == site.Config.Main {
		docPath = ""
	}
	if ser.Lang != site.Config.Language {
		docPath = ser.Lang + "/" + docPath
	}
	at := len(revs) - 1
	for i, r := range revs {
		if d.Of(r).Status == content.StatusCurrent {
			at = i
		}
	}
	removed := 0
	for _, th := range threads {
		if th.Last() < at {
			removed++
		}
	}
	all := map[string]bool{}
	for name := range files {
		if rest, ok := strings.CutPrefix(name, docPath+"history/sections/"); ok && strings.Count(rest, "/") == 1 && strings.HasSuffix(rest, "/index.html") {
			all[name] = true
		}
	}
	if len(all) != len(threads) {
		t.Errorf("%s/%s: %d pages of sections' histories, want %d", ser.Doc, ser.Lang, len(all), len(threads))
	}
	for _, hist := range []string{docPath + "history/index.html", docPath + "history/material/index.html"} {
		page, ok := files[hist]
		if !ok {
			continue
		}
		list := sectionIndexRe.Find(page)
		if list == nil {
			t.Errorf("%s lists no section's history", hist)
			continue
		}
		seen := map[string]int{}
		gone, marked := 0, true
		for _, m := range indexEntryRe.FindAllSubmatch(list, -1) {
			target := path.Join(path.Dir(hist), string(m[2])) + "/index.html"
			if _, ok := files[target]; !ok {
				t.Errorf("%s links %s to %s, which was not made", hist, m[2], target)
			}
			seen[target]++
			if len(m[1]) > 0 {
				gone++
			} else if gone > 0 {
				marked = false
			}
		}
		for page := range all {
			if seen[page] != 1 {
				t.Errorf("%s links %d times to %s, want once", hist, seen[page], page)
			}
		}
		for page := range seen {
			if !all[page] {
				t.Errorf("%s links to %s, which is no section's history", hist, page)
			}
		}
		if gone != removed || !marked {
			t.Errorf("%s marks %d sections removed, in order %v; want %d, after the others", hist, gone, marked, removed)
		}
		if !strings.Contains(string(page), `<a href="#sections">`) {
			t.Errorf("%s does not link to its list of the sections' histories at the top", hist)
		}
	}
	for page := range all {
		m := indexBackRe.FindSubmatch(files[page])
		if m == nil || path.Join(path.Dir(page), string(m[1]))+"/" != docPath+"history"+"/" {
			t.Errorf("%s does not link back to %shistory/#sections: %q", page, docPath, m)
		}
	}
}

// TestSectionIndex: the history page lists the sections of the revision in
// force in its order, with what became of each in the page's language,
// those a coming revision adds after them, and those removed before it
// in a list of their own.
func TestSectionIndex(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml": "title: T\nbaseURL: https://example.no/\nlanguage: nn\n",
		"content/personvern/2020-01-01.md": "---\ntitle: P\nsummary: Den første.\nreason: processing\n---\nOm oss.\n\n" +
			"## 1 Kven vi er\n\nVi er eit fjernvarmeselskap i Fjordby.\n\n" +
			"## 2 Kva vi lagrar\n\nVi lagrar namn, adresse og målarstand så lenge du er kunde.\n\n" +
			"## 3 Informasjonskapslar\n\nNettstaden bruker berre naudsynte informasjonskapslar.\n",
		"content/personvern/2021-01-01.md": "---\ntitle: P\nsummary: Vi lagrar ikkje lenger noko.\nreason: processing\n---\nOm oss.\n\n" +
			"## 1 Kven vi er\n\nVi er eit fjernvarmeselskap i Fjordby og Nesby.\n\n" +
			"## 2 Informasjonskapslar\n\nNettstaden bruker berre naudsynte informasjonskapslar.\n",
		"content/personvern/2027-01-01.md": "---\ntitle: P\nsummary: Ny klagerett.\nreason: legal\npublished: 2026-10-01\n---\nOm oss.\n\n" +
			"## 1 Kven vi er\n\nVi er eit fjernvarmeselskap i Fjordby og Nesby.\n\n" +
			"## 2 Klage til Datatilsynet\n\nDu kan klage til Datatilsynet om du meiner vi bryt reglane.\n",
	})
	files := generate(t, dir, "2026-11-26")
	page := string(files["personvern/history/index.html"])
	list := sectionIndexRe.FindString(page)
	var got []string
	for _, li := range regexp.MustCompile(`<li[^>]*>.*</li>`).FindAllString(list, -1) {
		text := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(li, ""))
		got = append(got, strings.Join(strings.Fields(plainSpaces([]byte(text))), " "))
	}
	want := []string{
		"Innleiinga (historikk) (uendra)",
		"1 Kven vi er (historikk) (endra i 1 versjon)",
		"2 Informasjonskapslar (historikk) (endra i 1 versjon, blir fjerna 1. januar 2027)",
		"2 Klage til Datatilsynet (historikk) (ny frå 1. januar 2027)",
		"2 Kva vi lagrar (historikk) (fjerna 1. januar 2021)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("the list of the sections' histories:\n%q\nwant\n%q", got, want)
	}
	for _, w := range []string{`<h2 id="sections-heading">Historikk for kvar del</h2>`, `<h3 id="sections-removed">Delar som er fjerna</h3>`,
		`<summary>Vis delen som er fjerna</summary>`, `<li data-section-removed><a href="../../personvern/history/sections/kva-vi-lagrar/">`,
		`<time datetime="2021-01-01">1. januar 2021</time>`} {
		if !strings.Contains(plainSpaces([]byte(list)), w) {
			t.Errorf("the list of the sections' histories does not hold %s:\n%s", w, list)
		}
	}
}
