package main

import (
	"io/fs"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// The collector's settings for the build of a small site: a collection when
// the heap has grown by four times what is live, not once (GOGC=400), but
// never past gcLimit of memory. A build of a small site allocates many
// times what it keeps, and collected a tenth of its time at the default;
// the limit keeps its peak where it was promised (docs/performance.md:
// under 100 MB for a history of 52 revisions). A site of more Markdown
// than smallSite keeps the defaults: its live heap could come near the
// limit, where the collector would run far more often, not less.
const (
	gcPercent = 400
	gcLimit   = 64 << 20
	smallSite = 4 << 20 // bytes of Markdown under content/
)

// tuneGC sets the collector for the build of the site in source, unless
// the environment sets it (GOGC, GOMEMLIMIT). It reports whether it did.
func tuneGC(source string, getenv func(string) string) bool {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" || !small(filepath.Join(source, "content")) {
		return false
	}
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(gcLimit)
	return true
}

// small reports whether the Markdown files under dir come to smallSite at
// most; it stops counting there.
func small(dir string) bool {
	var n int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(d.Name(), ".md") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if n += info.Size(); n > smallSite {
			return fs.SkipAll
		}
		return nil
	})
	return err == nil && n <= smallSite
}
