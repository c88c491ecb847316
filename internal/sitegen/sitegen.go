// Package sitegen writes sites for benchmarks and tests. Write makes synthetic ones: many
// revisions of several documents in two languages, each revision a small,
// realistic edit of the one before (a word changed, a sentence added, a
// section added or moved now and then), so that diffs do real work.
package sitegen

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Write creates a site with revisions in total in dir: three documents, in
// bokmål and (every fifth revision) English.
func Write(dir string, revisions int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	site := "title: Syntetisk\nbaseURL: https://example.no/\nlanguages: [nb, en]\n"
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(site), 0o644); err != nil {
		return err
	}
	docs := []string{"personvern", "vilkar", "informasjonskapsler"}
	rng := rand.New(rand.NewSource(int64(revisions)))
	sections := make([][]string, len(docs))
	for d := range docs {
		for s := 0; s < 24; s++ {
			sections[d] = append(sections[d], paragraph(rng, 60+rng.Intn(80)))
		}
	}
	// A revision a week in each document, or a day where weeks would run
	// past the day the benchmarks build for: a revision not yet in force
	// then would be refused for want of a notice period.
	day, step := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), 7
	if day.AddDate(0, 0, 7*(revisions/len(docs)+1)).After(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)) {
		step = 1
	}
	written := 0
	last := make([]string, len(docs))
	for i := 0; written < revisions; i++ {
		d := i % len(docs)
		body := last[d]
		for body == last[d] { // an edit may change nothing (a section moved onto itself): a revision changes the text
			edit(rng, sections[d])
			body = render(sections[d])
		}
		last[d] = body
		date := day.AddDate(0, 0, step*(i/len(docs))).Format("2006-01-02")
		if err := write(dir, docs[d], date+".md", fmt.Sprintf("Versjon %d.", i), body); err != nil {
			return err
		}
		written++
		if i%5 == 0 && written < revisions {
			if err := write(dir, docs[d], date+".en.md", fmt.Sprintf("Version %d.", i), body); err != nil {
				return err
			}
			written++
		}
	}
	return nil
}

func write(dir, doc, name, summary, body string) error {
	p := filepath.Join(dir, "content", doc, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte("---\ntitle: "+doc+"\nsummary: "+summary+"\nreason: processing\n---\n"+body), 0o644)
}

var words = strings.Fields("vi behandler personopplysninger om deg når du kjøper fjernvarme fra oss og for å kunne levere varme måle forbruket sende faktura svare på spørsmål lagre opplysningene sikkert slette dem når de ikke lenger trengs du har rett til innsyn retting sletting og å protestere mot behandlingen")

func paragraph(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[rng.Intn(len(words))]
	}
	text := []rune(strings.Join(w, " "))
	return strings.ToUpper(string(text[:1])) + string(text[1:]) + "."
}

// edit changes a document a little, as a revision would. Documents keep
// about their size, so that a longer history means more revisions, not
// longer ones.
func edit(rng *rand.Rand, s []string) {
	i := rng.Intn(len(s))
	switch rng.Intn(10) {
	case 0: // a section moves
		j := rng.Intn(len(s))
		s[i], s[j] = s[j], s[i]
	case 1, 2: // a sentence is added, and a long paragraph loses its first
		s[i] += " " + paragraph(rng, 12)
		if w := strings.Fields(s[i]); len(w) > 150 {
			s[i] = strings.Join(w[12:], " ")
		}
	default: // a word changes
		w := strings.Fields(s[i])
		w[rng.Intn(len(w))] = words[rng.Intn(len(words))]
		s[i] = strings.Join(w, " ")
	}
}

func render(sections []string) string {
	var b strings.Builder
	for i, s := range sections {
		fmt.Fprintf(&b, "## %d Punkt om %s\n\n%s\n\n", i+1, strings.Fields(s)[2], s)
	}
	return b.String()
}

// Files writes a small site a test spells out, files being slash-separated
// paths to contents, into a new temporary folder, and returns the folder.
func Files(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	FilesIn(t, dir, files)
	return dir
}

// FilesIn writes files, as Files does, into dir, making folders as needed.
func FilesIn(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
