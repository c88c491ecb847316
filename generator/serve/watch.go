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

// Watch rebuilds the site whenever site.yaml, content.lock or a file under
// content/, templates/ or timestamps/ changes, until ctx ends. New folders are watched
// as they appear.
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
		}
	}
}

// relevant reports whether a changed path can change the site: site.yaml,
// content.lock (a lock error is mended there), or anything under content/,
// templates/ or timestamps/ but hidden files and editor backups.
func (s *Server) relevant(name string) bool {
	rel, err := filepath.Rel(s.opts.Source, name)
	if err != nil {
		return false
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
