package diff

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// threadsOf follows the clauses of revisions given as Markdown, each diff
// made by one Memo as a build makes them.
func threadsOf(t *testing.T, revs ...string) ([]*Doc, []*Diff, []*Thread) {
	t.Helper()
	var m Memo
	docs := make([]*Doc, len(revs))
	for i, src := range revs {
		docs[i] = m.PrepareHTML(md(t, src), nil)
	}
	diffs := make([]*Diff, len(revs)-1)
	for i := range diffs {
		diffs[i] = Compare(docs[i], docs[i+1], Options{})
	}
	return docs, diffs, Threads(docs, diffs)
}

// describe writes each thread as its headings, revision by revision, and
// the revisions that changed it: "1 Lagring|2 Lagring|- @1,2".
func describe(docs []*Doc, threads []*Thread) string {
	var out []string
	for _, th := range threads {
		var b strings.Builder
		for r := range docs {
			if r > 0 {
				b.WriteByte('|')
			}
			if c := th.In(r); c >= 0 {
				title := docs[r].Clauses()[c].Title
				if title == "" {
					title = "(intro)"
				}
				b.WriteString(title)
			} else {
				b.WriteByte('-')
			}
		}
		fmt.Fprintf(&b, " @%v", th.Changes)
		out = append(out, b.String())
	}
	return strings.Join(out, "\n")
}

// A clause renumbered, then moved, then renamed keeps one history; its
// subsections are part of it; one removed ends its history with the
// revision that removed it; one added begins with the revision that added
// it; the text before the first heading is a clause of its own.
func TestThreads(t *testing.T) {
	storage := "Vi lagrer fakturaer i fem år fordi bokføringsloven krever det, og kundeopplysninger så lenge du er kunde."
	docs, _, threads := threadsOf(t,
		"Innledning.\n\n## 1 Formål\n\nFakturering.\n\n## 2 Lagring\n\n"+storage+"\n\n### 2.1 Sikkerhetskopier\n\nI tretti dager.\n\n## 3 Kontakt\n\nRing oss.",
		// Lagring renumbered (a section put before it).
		"Innledning.\n\n## 1 Formål\n\nFakturering.\n\n## 2 Deling\n\nVi deler ingenting med andre selskaper.\n\n## 3 Lagring\n\n"+storage+"\n\n### 3.1 Sikkerhetskopier\n\nI tretti dager.\n\n## 4 Kontakt\n\nRing oss.",
		// A subsection of Lagring changed; nothing else.
		"Innledning.\n\n## 1 Formål\n\nFakturering.\n\n## 2 Deling\n\nVi deler ingenting med andre selskaper.\n\n## 3 Lagring\n\n"+storage+"\n\n### 3.1 Sikkerhetskopier\n\nI nitti dager.\n\n## 4 Kontakt\n\nRing oss.",
		// Lagring moved to the end and renamed; Deling removed.
		"Innledning, kortere.\n\n## 1 Formål\n\nFakturering.\n\n## 2 Kontakt\n\nRing oss.\n\n## 3 Hvor lenge vi lagrer\n\n"+storage+"\n\n### 3.1 Sikkerhetskopier\n\nI nitti dager.",
	)
	want := strings.Join([]string{
		"(intro)|(intro)|(intro)|(intro) @[3]",
		"1 Formål|1 Formål|1 Formål|1 Formål @[]",
		"2 Lagring|3 Lagring|3 Lagring|3 Hvor lenge vi lagrer @[1 2 3]",
		"3 Kontakt|4 Kontakt|4 Kontakt|2 Kontakt @[1 3]",
		"-|2 Deling|2 Deling|- @[1 3]",
	}, "\n")
	if got := describe(docs, threads); got != want {
		t.Errorf("threads:\n%s\nwant:\n%s", got, want)
	}
}

// Every revision whose diff from the one before lists a section of a
// clause is in the clause's history, and no other: the threads say what
// the diffs say, and the Part of a change shows the change.
func TestThreadsFollowDiffs(t *testing.T) {
	docs, diffs, threads := threadsOf(t,
		"## 1 A\n\nEn.\n\n## 2 B\n\nTo.\n\n### 2.1 C\n\nTre.",
		"## 1 A\n\nEn, endret.\n\n## 2 B\n\nTo.\n\n### 2.1 C\n\nTre.",
		"## 1 A\n\nEn, endret.\n\n## 2 B\n\nTo.\n\n### 2.1 C\n\nTre, endret.",
	)
	for _, th := range threads {
		for r := th.First + 1; r <= th.Last(); r++ {
			part := diffs[r-1].Part(th.In(r-1), th.In(r))
			listed := slices.ContainsFunc(part.Sections, Section.Listed)
			if listed != slices.Contains(th.Changes, r) {
				t.Errorf("%s in revision %d: listed %v, changes %v", docs[r].Clauses()[th.In(r)].Title, r, listed, th.Changes)
			}
		}
	}
	if got := describe(docs, threads); got != "1 A|1 A|1 A @[1]\n2 B|2 B|2 B @[2]" {
		t.Errorf("threads:\n%s", got)
	}
	part := diffs[1].Part(1, 1)
	if part.Stats.Inserted != 1 || part.Stats.Changed != 1 || !strings.Contains(string(part.HTML(testLabels)), "<ins>") {
		t.Errorf("the part of clause B: %+v\n%s", part.Stats, part.HTML(testLabels))
	}
}

// Threads followed through the first revisions, then extended through the
// rest, are the threads of all of them, whatever the first are; a revision
// with no clause (an empty text) among them included.
func TestExtendThreads(t *testing.T) {
	storage := "Vi lagrer fakturaer i fem år fordi bokføringsloven krever det."
	docs, diffs, all := threadsOf(t,
		"Innledning.\n\n## 1 Formål\n\nFakturering.\n\n## 2 Lagring\n\n"+storage,
		"Innledning.\n\n## 1 Formål\n\nFakturering.\n\n## 2 Deling\n\nIngenting.\n\n## 3 Lagring\n\n"+storage,
		"",
		"Innledning, kortere.\n\n## 1 Formål\n\nFakturering og innkreving.\n\n## 2 Lagring\n\n"+storage,
		"Innledning, kortere.\n\n## 2 Lagring\n\n"+storage+"\n\n## 3 Kontakt\n\nRing oss.",
	)
	want := describe(docs, all)
	for from := 1; from < len(docs); from++ {
		prefix := Threads(docs[:from], diffs[:from-1])
		rest := slices.Clone(diffs)
		for i := range from - 1 {
			rest[i] = nil // not read
		}
		if got := describe(docs, ExtendThreads(prefix, docs, rest, from)); got != want {
			t.Errorf("extended from %d:\n%s\nwant:\n%s", from, got, want)
		}
	}
}
