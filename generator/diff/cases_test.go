package diff

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the readings in testdata/cases")

// TestCases diffs each case in testdata/cases, one restructuring of a
// policy per file: the older and the newer revision (old.md, new.md), and
// the reading a lawyer must get (want), written out as the terminal shows
// it. Each diff also keeps the output contract's invariant and passes the
// quality test's measure. `go test -update` rewrites the readings from
// what the diff gives; review them before committing.
func TestCases(t *testing.T) {
	for _, file := range caseFiles(t) {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, older, newer := readCase(t, file)
			d := checkInvariant(t, name, older, newer)
			var got bytes.Buffer
			if err := d.WriteText(&got, testLabels, TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if *update {
				for i := range ar.Files {
					if ar.Files[i].Name == "want" {
						ar.Files[i].Data = got.Bytes()
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want := caseFile(ar, "want"); got.String() != want {
				t.Errorf("the reading differs (go test -run TestCases -update rewrites it; review it):\n--- got\n%s--- want\n%s", got.String(), want)
			}
			for _, p := range measure(d, older, newer).problems() {
				t.Error(p)
			}
		})
	}
}

// caseFiles are the cases in testdata/cases.
func caseFiles(t *testing.T) []string {
	files, _ := filepath.Glob("testdata/cases/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases in testdata/cases")
	}
	return files
}

// readCase reads a case: the archive, and its older and newer revision
// rendered.
func readCase(t *testing.T, file string) (ar *txtar.Archive, older, newer []byte) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return ar, md(t, caseFile(ar, "old.md")), md(t, caseFile(ar, "new.md"))
}

// caseFile is the text of the archive's file name, or "".
func caseFile(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}
