package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestReplace(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Replace(dest, map[string][]byte{"index.html": []byte("one"), "a/b/index.html": []byte("deep")}); err != nil {
		t.Fatal(err)
	}
	if err := Replace(dest, map[string][]byte{"index.html": []byte("two")}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil || string(got) != "two" {
		t.Fatalf("index.html = %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "a")); !os.IsNotExist(err) {
		t.Errorf("a file of the old build survived the new one")
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err != nil {
		t.Errorf("no marker: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("left beside the output: %s", e.Name())
		}
	}
}

func TestReplaceRefusesForeignFolder(t *testing.T) {
	dest := t.TempDir()
	keep := filepath.Join(dest, "thesis.odt")
	if err := os.WriteFile(keep, []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Replace(dest, map[string][]byte{"index.html": []byte("x")})
	if err == nil || !strings.Contains(err.Error(), "was not made by policysite") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("the folder's own file is gone: %v", err)
	}
}

func TestReplaceAcceptsGitkeep(t *testing.T) {
	dest := t.TempDir()
	if err := os.WriteFile(filepath.Join(dest, ".gitkeep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Replace(dest, map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
}

func TestReplaceRejectsEscapes(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Replace(dest, map[string][]byte{"../evil": []byte("x")}); err == nil {
		t.Fatal("a path outside the output folder was written")
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("a failed write created the output folder")
	}
}

// A folder left by a killed build is removed by the next one.
func TestReplaceRemovesLeftovers(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	left := filepath.Join(filepath.Dir(dest), ".public.new-12345")
	if err := os.MkdirAll(filepath.Join(left, "half"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Replace(dest, map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Error("the killed build's folder is still there")
	}
}

// A rebuild links the files that did not change from the old output and
// writes the rest; the old output's files are never written to.
func TestReplaceLinksUnchanged(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Replace(dest, map[string][]byte{"same.html": []byte("same"), "changed.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(filepath.Join(dest, "same.html"))
	oldChanged, _ := os.Stat(filepath.Join(dest, "changed.html"))
	if err := Replace(dest, map[string][]byte{"same.html": []byte("same"), "changed.html": []byte("new")}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(filepath.Join(dest, "same.html"))
	if !os.SameFile(before, after) {
		t.Error("an unchanged file was written again")
	}
	newChanged, _ := os.Stat(filepath.Join(dest, "changed.html"))
	data, _ := os.ReadFile(filepath.Join(dest, "changed.html"))
	if os.SameFile(oldChanged, newChanged) || string(data) != "new" {
		t.Errorf("a changed file was not written: %q", data)
	}
}

// A Writer that is aborted leaves dest as it was and nothing beside it; one
// that commits replaces dest with what it wrote.
func TestWriter(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Replace(dest, map[string][]byte{"index.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("a/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := w.Write("a..b/index.html", []byte("dots in a name")); err != nil {
		t.Errorf("a name with two dots in it is refused: %v", err)
	}
	for _, bad := range []string{"../x", "/etc/x", "", "a/../../x", Marker} {
		if err := w.Write(bad, nil); err == nil {
			t.Errorf("Write(%q) is not refused", bad)
		}
	}
	w.Abort()
	if got, err := os.ReadFile(filepath.Join(dest, "index.html")); err != nil || string(got) != "old" {
		t.Errorf("after Abort, index.html = %q, %v", got, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
		t.Errorf("left beside the output after Abort: %v", entries)
	}

	w, err = Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("a/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dest, "a", "index.html")); err != nil || string(got) != "new" {
		t.Errorf("after Commit, a/index.html = %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); !os.IsNotExist(err) {
		t.Error("a file the Writer did not write survived Commit")
	}
}

// An aborted Writer also removes the folders Begin made for a new dest.
func TestAbortRemovesNewFolders(t *testing.T) {
	root := t.TempDir()
	w, err := Begin(filepath.Join(root, "a", "b", "public"))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("index.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	w.Abort()
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}

	// A Commit that fails leaves as little as Abort.
	w, err = Begin(filepath.Join(root, "a", "b", "public"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(w.tmp, Marker), 0o755); err != nil { // the marker cannot be written
		t.Fatal(err)
	}
	if err := w.Commit(); err == nil {
		t.Fatal("Commit did not fail")
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("left behind by a failed Commit: %v", entries)
	}
}

// When the output cannot be written, the message names the output, the
// system's reason and what to do, and never the temporary folder.
func TestCannotWrite(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Begin(filepath.Join(file, "public"))
	if err == nil || !strings.Contains(err.Error(), "cannot write the site into "+filepath.Join(file, "public")+": not a directory") ||
		!strings.Contains(err.Error(), "Choose another --dest") {
		t.Errorf("Begin under a file: %v", err)
	}

	dest := filepath.Join(root, "public")
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.Write("a", []byte("x")); err != nil {
		t.Fatal(err)
	}
	err = w.Write("a/index.html", []byte("y")) // a is a file
	if err == nil || !strings.Contains(err.Error(), "("+filepath.Join(dest, "a")+")") || strings.Contains(err.Error(), ".new-") {
		t.Errorf("a write that fails: %v", err)
	}
}

// Pages are written by every worker of a build at once, into folders that
// several of them need: each file arrives whole and each folder is made
// once, without error.
func TestWriterConcurrent(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for i := range 200 {
		want[fmt.Sprintf("doc%d/2020-01-%02d/diff/index.html", i%3, i%28+1)] = ""
		want[fmt.Sprintf("doc%d/compare/%d/%d/index.html", i%3, i, i+1)] = ""
	}
	for name := range want {
		want[name] = strings.Repeat(name, 100)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(want))
	for name, data := range want {
		wg.Go(func() { errs <- w.Write(name, []byte(data)) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	for name, data := range want {
		if got, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name))); err != nil || string(got) != data {
			t.Errorf("%s: %d bytes, %v; want %d bytes", name, len(got), err, len(data))
		}
	}
}

// A relative --dest, as make build gives: the new folder's name is
// relative too, and folders in it are made once, not walked up forever.
func TestWriterRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	w, err := Begin("public")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("doc/2020-01-01/diff/index.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	for dir := range w.made {
		if !strings.HasPrefix(dir, w.tmp+string(filepath.Separator)) {
			t.Errorf("made %q, outside the new folder %q", dir, w.tmp)
		}
	}
	if err := w.Write("a", nil); err != nil {
		t.Fatal(err)
	}
	err = w.Write("a/index.html", nil) // a is a file
	if want := "(" + filepath.Join("public", "a") + ")"; err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), ".new-") {
		t.Errorf("a write that fails: %v; want it to name %s", err, want)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile("public/doc/2020-01-01/diff/index.html"); err != nil || string(got) != "x" {
		t.Errorf("got %q, %v", got, err)
	}
}
