package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/generator/publish"
)

// verifyDemo builds examples/demo into a new folder and returns it; the
// copy verifies.
func verifyDemo(t *testing.T) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: "../examples/demo", Dest: dest, Clock: day("2026-11-26")}); err != nil {
		t.Fatal(err)
	}
	return dest
}

func verifyText(t *testing.T, dest string) (string, error) {
	t.Helper()
	fs, err := Verify("../examples/demo", dest, &content.Clock{Real: day("2026-11-26").Real})
	var got []string
	for _, f := range fs {
		got = append(got, f.WithLevel(msg.English))
	}
	return strings.Join(got, "\n"), err
}

// What the rest of the copy does not show is reported too: a folder added
// with nothing in it, and the marker policysite build writes when it is
// not what build wrote.
func TestVerifyFoldersAndMarker(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(t *testing.T, dest string)
		want   string // "" for a copy that verifies
	}{
		{"as built", func(*testing.T, string) {}, ""},
		{"empty folder", func(t *testing.T, dest string) {
			must(t, os.MkdirAll(filepath.Join(dest, "personvern", "extra"), 0o755))
		}, "personvern/extra/:1: error: an empty folder not made from this content"},
		{"empty folders inside each other", func(t *testing.T, dest string) {
			must(t, os.MkdirAll(filepath.Join(dest, "a", "b"), 0o755))
		}, "a/b/:1: error: an empty folder not made from this content"},
		{"marker edited", func(t *testing.T, dest string) {
			must(t, os.WriteFile(filepath.Join(dest, publish.Marker), []byte("This folder is mine.\n"), 0o644))
		}, publish.Marker + ":1: error: the marker policysite build writes has been changed"},
		{"marker made longer", func(t *testing.T, dest string) {
			must(t, os.WriteFile(filepath.Join(dest, publish.Marker), []byte(publish.MarkerText+"more\n"), 0o644))
		}, publish.Marker + ":2: error: the marker policysite build writes has been changed"},
		{"marker a folder", func(t *testing.T, dest string) {
			must(t, os.Remove(filepath.Join(dest, publish.Marker)))
			must(t, os.Mkdir(filepath.Join(dest, publish.Marker), 0o755))
		}, publish.Marker + ":1: error: the marker policysite build writes is not a file"},
		// A host may leave out hidden files: a copy without the marker is
		// still the site.
		{"marker left out", func(t *testing.T, dest string) {
			must(t, os.Remove(filepath.Join(dest, publish.Marker)))
		}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dest := verifyDemo(t)
			tt.change(t, dest)
			got, err := verifyText(t, dest)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("findings:\n%s\nwant %q", got, tt.want)
			}
		})
	}
}

// A folder that is not policysite's output is refused before the site is
// built, and one that holds many files the content does not give is left
// after the first maxForeign of them.
func TestVerifyNotASite(t *testing.T) {
	other := t.TempDir()
	for i := range 100 {
		must(t, os.WriteFile(filepath.Join(other, strings.Repeat("x", i%7+1)+string(rune('a'+i%26))+".txt"), []byte("x"), 0o644))
	}
	_, err := Verify("../examples/demo", other, &content.Clock{Real: day("2026-11-26").Real})
	if !errors.Is(err, ErrNotOutput) || !strings.Contains(err.Error(), "has neither notice.json nor .policysite-output; name the folder") {
		t.Errorf("a folder without notice.json or the marker: %v", err)
	}

	// With a notice.json (say, another site's), it is looked into, and
	// left after the first files the content does not give.
	dest := verifyDemo(t)
	for i := range 1000 {
		dir := filepath.Join(dest, "other", strings.Repeat("d", i%10+1))
		must(t, os.MkdirAll(dir, 0o755))
		must(t, os.WriteFile(filepath.Join(dir, strings.Repeat("f", i/10+1)), []byte("x"), 0o644))
	}
	got, err := verifyText(t, dest)
	if err == nil || !strings.Contains(err.Error(), "stopped after 20 files and folders that the content does not give") || !strings.Contains(err.Error(), "does not look like the site built from ../examples/demo") {
		t.Fatalf("no early stop: %v", err)
	}
	if n := strings.Count(got, "not made from this content"); n != maxForeign {
		t.Errorf("%d files reported before stopping, want %d:\n%s", n, maxForeign, got)
	}
}

// Verify reads a published file a piece at a time: a large one costs no
// memory of its size, whether it is named as a file of the site or not.
func TestVerifyLargeFileMemory(t *testing.T) {
	const size = 100 << 20
	for _, name := range []string{"big.bin", "style.css", "personvern/index.html"} {
		t.Run(name, func(t *testing.T) {
			dest := verifyDemo(t)
			p := filepath.Join(dest, filepath.FromSlash(name))
			f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
			must(t, err)
			must(t, f.Truncate(size)) // the built file, then zeros: sparse, no disk used
			must(t, f.Close())

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			got, err := verifyText(t, dest)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, name+":") {
				t.Errorf("the large %s is not reported:\n%s", name, got)
			}
			// Everything allocated, freed or not: rebuilding the demo site
			// takes some megabytes, the file would take fifty.
			grew := after.TotalAlloc - before.TotalAlloc
			t.Logf("verifying allocated %d MB", grew>>20)
			if grew > size/2 {
				t.Errorf("verifying allocated %d MB for a file of %d MB", grew>>20, size>>20)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// readTree reads every file under root into memory, for the tests that
// look into a whole build.
func readTree(root string) (map[string][]byte, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", root)
	}
	out := map[string][]byte{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return errors.New(p + " is not a regular file")
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	return out, err
}
