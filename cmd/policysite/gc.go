package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"policysite/generator/diskcache"
)

// The collector's settings for the build of a small site: a collection when
// the heap has grown by four times what is live, not once (GOGC=400), but
// never past coldLimit of memory, or gcLimit once the disk cache maps an
// entry. A build of a small site allocates many times what it keeps, and
// collected a tenth of its time at the default; the limit keeps its heap
// small. The limit does not count the last build's entry, mapped beside the
// heap all through a rebuild (the corpus's: 23 MB): under 64 MiB, a rebuild
// that kept few pages (a revision in force at once) peaked at 97–99 MiB,
// past the corpus's 100 MB (docs/performance.md). A build that maps no
// entry (a cold one) has that room: under coldLimit it took 0.96 × the
// time of one under gcLimit, and peaked at 76 MiB.
//
// A site of more Markdown than smallSite keeps Go's GOGC=100, whose heap
// grows to twice what is live: its live heap could come near gcLimit, where
// the collector would run far more often, not less. It gets largeLimit
// instead, which a build of 10,000 revisions (a live heap of about 400 MB)
// went past now and then at the default: up to 954 MiB at the peak, over
// 1 GB. Under the limit the collector runs a little sooner at the top of
// such a build; a site whose live heap comes near the limit is collected
// more often, never with more than about half the processor time (the
// runtime's limit on the collector's share), so it is slowed, not stopped.
//
// A build where the disk cache reads its entries into the heap rather
// than mapping them (diskcache.Mapped) keeps Go's defaults: the last
// build's entry, live all through the build, is megabytes, and a large
// site's, gigabytes.
const (
	gcPercent  = 400
	coldLimit  = 64 << 20
	gcLimit    = 48 << 20
	smallSite  = 4 << 20 // bytes of Markdown under content/
	largeLimit = 880 << 20
)

// tuneGC sets the collector for the build of the site in source, with
// disk (nil for none), unless the environment sets it (GOGC, GOMEMLIMIT).
// It reports whether it did.
func tuneGC(source string, getenv func(string) string, disk *diskcache.Cache) bool {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" || !diskcache.Mapped {
		return false
	}
	if !small(filepath.Join(source, "content")) {
		debug.SetMemoryLimit(largeLimit)
		return true
	}
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(coldLimit)
	if disk != nil {
		disk.OnMap = func(int64) { debug.SetMemoryLimit(gcLimit) }
	}
	return true
}

// small reports whether the Markdown files of the documents in dir, the
// content folder, come to smallSite at most; it stops counting there. It
// follows links as the site's loading does: a document's folder, or a
// revision's file, may be one.
func small(dir string) bool {
	docs, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	var n int64
	for _, doc := range docs {
		path := filepath.Join(dir, doc.Name())
		if info, err := os.Stat(path); err != nil || !info.IsDir() {
			continue
		}
		files, err := os.ReadDir(path)
		if err != nil {
			return false
		}
		for _, f := range files {
			if !strings.HasSuffix(f.Name(), ".md") {
				continue
			}
			info, err := os.Stat(filepath.Join(path, f.Name()))
			if err != nil {
				return false
			}
			if n += info.Size(); n > smallSite {
				return false
			}
		}
	}
	return true
}
