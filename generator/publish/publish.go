// Package publish replaces a build's output folder as a whole, so that a
// reader of the folder (a web server, a sync to a host) sees either the old
// site or the new one, never a mix, and a failed or killed build leaves the
// old one untouched.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"policysite/generator/msg"
)

// Marker is written into every output folder. Replace refuses to replace a
// non-empty folder without it, so that a mistyped --dest cannot delete a
// folder that policysite did not make.
const Marker = ".policysite-output"

// MarkerText is what the marker holds; verify reports a marker that holds
// anything else.
const MarkerText = "This folder is written by policysite build and replaced whole on every build.\n"

// Replace makes dest hold exactly files (slash-separated relative paths to
// contents). It writes them into a new folder beside dest, then swaps that
// folder in with a single rename.
func Replace(dest string, files map[string][]byte) error {
	w, err := Begin(dest)
	if err != nil {
		return err
	}
	if err := w.WriteAll(files); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}

// A Writer writes a new output folder beside dest, file by file, so that a
// build can write its pages while it makes the rest, and puts the folder in
// place of dest on Commit. Until then dest is as it was. Write and WriteAll
// may be called from several goroutines at once, so that each can write
// what it made (creating files is much of a build's time on some disks);
// Commit and Abort come after every Write has returned.
type Writer struct {
	dest, tmp, prev string
	unlock          func()
	parents         []string // folders made for dest, innermost first

	mu   sync.Mutex
	made map[string]bool // folders made in tmp
}

// Begin starts replacing dest, which must be new, empty, or made by
// policysite. One build at a time replaces a folder: Begin waits for
// another build's Commit or Abort.
func Begin(dest string) (*Writer, error) {
	dest = filepath.Clean(dest)
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if err := Check(dest); err != nil {
		return nil, err
	}
	made := missing(parent)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, cannot(dest, "", err)
	}
	// Holding the lock, any folder a build left beside dest is from a
	// build that was killed.
	unlock, exclusive := lockBeside(parent)
	removeStale(parent, base, exclusive)
	w := &Writer{dest: dest, prev: previous(dest), unlock: unlock, made: map[string]bool{}, parents: made}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		w.Abort()
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			pe.Path = parent // the folder to mend, not the name it was to get
		}
		return nil, cannot(dest, "", err)
	}
	w.tmp = filepath.Clean(tmp) // as the paths written into it are
	if err := os.Chmod(tmp, 0o755); err != nil {
		w.Abort()
		return nil, cannot(dest, tmp, err)
	}
	return w, nil
}

// missing returns the folders of dir, itself included, that do not exist
// yet, innermost first.
func missing(dir string) []string {
	var out []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			return out
		}
		out = append(out, d)
	}
}

// Write writes one file of the new folder: name is a slash-separated path
// inside it. A file whose bytes are those of the same file in the output
// being replaced is hard-linked from there instead of written, so that a
// rebuild writes only what changed. (The old output stays untouched either
// way: a link shares the bytes, and nothing writes to them.)
func (w *Writer) Write(name string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) || name == Marker {
		return fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	return w.write(name, data)
}

// WriteAll writes files (slash-separated paths to contents), in order of
// their names.
func (w *Writer) WriteAll(files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := w.Write(name, files[name]); err != nil {
			return err
		}
	}
	return nil
}

func (w *Writer) write(name string, data []byte) error {
	p := filepath.Join(w.tmp, filepath.FromSlash(name))
	if err := w.mkdir(filepath.Dir(p)); err != nil {
		return cannot(w.dest, w.tmp, err)
	}
	if w.prev != "" {
		old := filepath.Join(w.prev, filepath.FromSlash(name))
		if same(old, data) && os.Link(old, p) == nil {
			return nil
		}
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return cannot(w.dest, w.tmp, err)
	}
	return nil
}

// mkdir makes dir, a folder in tmp, and the folders above it, once.
func (w *Writer) mkdir(dir string) error {
	w.mu.Lock()
	done := w.made[dir]
	w.mu.Unlock()
	if done {
		return nil
	}
	if dir == w.tmp {
		return nil // Begin made it
	}
	// The folder above first, as MkdirAll would, but known made: a
	// folder is one system call, not MkdirAll's three.
	if parent := filepath.Dir(dir); parent != dir {
		if err := w.mkdir(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		// There already: another goroutine's folder, or a file.
		info, serr := os.Stat(dir)
		switch {
		case serr != nil:
			return err
		case !info.IsDir():
			return &fs.PathError{Op: "mkdir", Path: dir, Err: syscall.ENOTDIR} // as MkdirAll says it
		}
	}
	w.mu.Lock()
	w.made[dir] = true
	w.mu.Unlock()
	return nil
}

// cannot says that the site cannot be written into dest, and why, in
// words an editor can act on. tmp, the new folder beside dest, is named as
// dest in the message: it is the output to be.
func cannot(dest, tmp string, err error) error {
	why := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		at := pe.Path
		if tmp != "" && strings.HasPrefix(at, tmp) {
			at = dest + strings.TrimPrefix(at, tmp)
		}
		why = fmt.Sprintf("%s (%s)", pe.Err, at)
	}
	return msg.Errorf("publish.cannot-write", dest, why)
}

// Commit puts the new folder in place of dest, in one rename where the
// system allows.
func (w *Writer) Commit() error {
	err := w.write(Marker, []byte(MarkerText))
	if err == nil {
		if err = swap(w.tmp, w.dest); err != nil {
			err = cannot(w.dest, w.tmp, err)
		}
	}
	if err != nil {
		w.Abort() // dest is as it was: leave nothing beside it either
		return err
	}
	w.unlock()
	return nil
}

// Abort removes what was written, and the folders Begin made for dest,
// and leaves dest as it was.
func (w *Writer) Abort() {
	if w.tmp != "" {
		os.RemoveAll(w.tmp)
	}
	w.unlock()
	for _, d := range w.parents {
		if os.Remove(d) != nil { // not empty: another build's
			break
		}
	}
}

// Check reports whether Replace may replace dest: it is new, empty, or made
// by policysite.
func Check(dest string) error {
	info, err := os.Lstat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return cannot(dest, "", err)
	}
	if !info.IsDir() {
		return msg.Errorf("publish.dest-not-folder", dest)
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return cannot(dest, "", err)
	}
	for _, e := range entries {
		if e.Name() != ".gitkeep" {
			return msg.Errorf("publish.dest-foreign", dest)
		}
	}
	return nil
}

// previous returns the output folder a build replaces, if it is one that
// policysite made, so that its unchanged files can be reused.
func previous(dest string) string {
	if _, err := os.Stat(filepath.Join(dest, Marker)); err != nil {
		return ""
	}
	return dest
}

// same reports whether the regular file at path holds exactly data. It
// reads the file in pieces, so that comparing a whole site costs no memory.
func same(path string, data []byte) bool {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var buf [32 << 10]byte
	for off := 0; off < len(data); {
		n, err := f.Read(buf[:min(len(buf), len(data)-off)])
		if n == 0 || !bytes.Equal(buf[:n], data[off:off+n]) {
			return false
		}
		off += n
		if err != nil && off < len(data) {
			return false
		}
	}
	return true
}

// removeStale deletes folders left beside dest by builds that were killed:
// all of them when this build holds the lock, else those old enough not to
// belong to a build still running.
func removeStale(parent, base string, exclusive bool) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || !(strings.HasPrefix(n, "."+base+".new-") || strings.HasPrefix(n, "."+base+".old-")) {
			continue
		}
		if info, err := e.Info(); err == nil && (exclusive || time.Since(info.ModTime()) > time.Hour) {
			os.RemoveAll(filepath.Join(parent, n))
		}
	}
}

// swap puts the folder next in place of dest and removes the old dest.
func swap(next, dest string) error {
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(next, dest)
	}
	if err := exchange(next, dest); err == nil {
		// next now holds the old site. The new one is live: a failure to
		// remove the old is not a failed build; the next build retries.
		_ = os.RemoveAll(next)
		return nil
	}
	// No atomic exchange here: two renames, with a moment between them in
	// which dest does not exist.
	old := filepath.Join(filepath.Dir(next), strings.Replace(filepath.Base(next), ".new-", ".old-", 1))
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(next, dest); err != nil {
		_ = os.Rename(old, dest)
		return err
	}
	_ = os.RemoveAll(old) // as above
	return nil
}
