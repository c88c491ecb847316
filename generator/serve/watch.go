package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"policysite/generator/content"
)

// Debounce is how long the watcher waits after the last change before it
// rebuilds: editors that save by writing a new file and renaming it, and
// version control checking out many files, make bursts of events.
const Debounce = 80 * time.Millisecond

// Watch rebuilds the site whenever site.yaml, content.lock, a file under
// content/, templates/ or timestamps/, or a file site.yaml names (the
// logo) changes, until ctx ends. New folders are watched as they appear,
// and the folder of each file site.yaml names, as it names them after
// each build: an editor may save the file by renaming a new one over it,
// which a watch of the file itself would not outlive.
func (s *Server) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	// The source folder itself, for site.yaml and content.lock, and for
	// content/ or templates/ appearing later; then every folder below
	// those two.
	if err := w.Add(s.opts.Source); err != nil {
		return err
	}
	for _, sub := range []string{"content", "templates", content.StampsDir} {
		addTree(w, filepath.Join(s.opts.Source, sub))
	}
	folders := map[string]bool{}
	s.watchNamed(w, folders)
	if s.watching != nil {
		close(s.watching)
	}

	var timer *time.Timer
	fire := make(chan struct{}, 1)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if s.opts.Log != nil {
				s.opts.Log.Write([]byte("watching: " + err.Error() + "\n"))
			}
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if !s.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					addTree(w, ev.Name)
				}
			}
			if timer == nil {
				timer = time.AfterFunc(Debounce, func() {
					select {
					case fire <- struct{}{}:
					default:
					}
				})
			} else {
				timer.Reset(Debounce)
			}
		case <-fire:
			s.Rebuild()
			s.watchNamed(w, folders) // site.yaml may name other files now
		}
	}
}

// watchNamed watches the folder of each file site.yaml names that is not
// watched yet (folders): the site folder itself, or one below it. Where
// the folder is not there yet, the nearest one above it that is is
// watched instead, until the next build: its making is a change
// (relevant), and the build after it watches it.
func (s *Server) watchNamed(w *fsnotify.Watcher, folders map[string]bool) {
	s.mu.RLock()
	named := s.named
	s.mu.RUnlock()
	for _, file := range named {
		dir := filepath.Dir(filepath.Join(s.opts.Source, filepath.FromSlash(file)))
		if folders[dir] {
			continue
		}
		if err := w.Add(dir); err == nil {
			folders[dir] = true
			continue
		}
		for up := filepath.Dir(dir); ; up = filepath.Dir(up) {
			rel, err := filepath.Rel(s.opts.Source, up)
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || w.Add(up) == nil || up == filepath.Dir(up) {
				break
			}
		}
	}
}

// relevant reports whether a changed path can change the site: site.yaml,
// content.lock (a lock error is mended there), a file site.yaml names (the
// logo) or a folder on the way to one, or anything under content/,
// templates/ or timestamps/ but hidden files and editor backups.
func (s *Server) relevant(name string) bool {
	rel, err := filepath.Rel(s.opts.Source, name)
	if err != nil {
		return false
	}
	s.mu.RLock()
	named := s.named
	s.mu.RUnlock()
	for _, file := range named {
		if r := filepath.ToSlash(rel); r == file || strings.HasPrefix(file, r+"/") {
			return true
		}
	}
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasPrefix(base, "#") {
		return false
	}
	first := strings.Split(filepath.ToSlash(rel), "/")[0]
	return rel == "site.yaml" || rel == content.LockFile || first == "content" || first == "templates" || first == content.StampsDir
}

// addTree watches root and every folder below it.
func addTree(w *fsnotify.Watcher, root string) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = w.Add(p)
		}
		return nil
	})
}
