package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"policysite/generator/content"
	"policysite/generator/diskcache"
	"policysite/generator/msg"
	"policysite/generator/publish"
	"policysite/generator/stamp"
)

// Options say what to build.
type Options struct {
	Source string        // the site folder (site.yaml, content/, templates/)
	Dest   string        // the output folder; replaced as a whole
	Clock  content.Clock // decides which revisions are in force
	// Progress, if set, is told how far each stage has come.
	Progress func(stage string, done, total int)
	// Record makes this build the publishing one: it records in the site's
	// content.lock every revision that goes out for the first time (and
	// every correction), dated today, the real day; Clock must be the real
	// time. Only the build whose output is published records.
	Record bool
	// Preview builds the site as a preview of a proposed change: every
	// page says so (GenerateOptions.Preview). It cannot record.
	Preview bool
	// Stamper asks the time-stamping authorities of site.yaml for tokens
	// when the build records; nil is a stamp.Client with its defaults.
	Stamper Stamper
	// History, with Record, records a document with nothing on record as
	// history, on its revisions' front matter days (content.RecordOptions).
	History bool
	// DiskCache, if set, keeps what this build makes for the next
	// (GenerateOptions.DiskCache); Build trims it after.
	DiskCache *diskcache.Cache
}

// Build builds the site in opts.Source into opts.Dest. Content problems are
// returned as diag.List; the destination is then left as it was.
func Build(opts Options) (*Result, error) {
	if err := CheckDest(opts.Source, opts.Dest); err != nil {
		return nil, err
	}
	early := lookEarly(opts.DiskCache, opts.Source, opts.Preview)
	defer early.release()
	l, err := LoadChecked(opts.Source, opts.Clock)
	if err != nil {
		return nil, err // nothing is written
	}
	site, lock := l.Site(), l.Lock
	var (
		recorded []content.Recording
		tokens   map[string][]byte
	)
	if opts.Record && opts.Preview {
		return nil, msg.Errorf("build.preview-cannot-record")
	}
	if opts.Record {
		tz := site.Config.TimeZone
		if today, real := opts.Clock.Today(tz), opts.Clock.RealToday(tz); !today.Equal(real) {
			return nil, msg.Errorf("build.record-not-today", content.Date(real), content.Date(today))
		}
		if !writable(opts.Source) {
			return nil, msg.Errorf("build.record-read-only", filepath.Join(opts.Source, content.LockFile))
		}
		if recorded, err = site.Record(opts.Clock.RealToday(tz), content.RecordOptions{History: opts.History}); err != nil {
			return nil, err
		}
		// What is recorded is published today: the day's states follow.
		l.Day = site.On(opts.Clock)
		stamper := opts.Stamper
		if stamper == nil {
			stamper = &stamp.Client{}
		}
		if tokens, err = stampRecordings(context.Background(), site, lock, recorded, opts.Clock.RealToday(tz), stamper); err != nil {
			return nil, err
		}
	}
	out, err := publish.Begin(opts.Dest)
	if err != nil {
		return nil, err
	}
	res, err := generateKept(l, out, opts, early)
	if err != nil {
		out.Abort()
		return nil, err
	}
	// The record is written before the output is swapped in, so that a
	// record that fails leaves the published site as it was; and put back
	// as it was if the swap fails, so that it never says a revision went
	// out that no build put out.
	var undo func()
	var copies map[string][]byte
	if opts.Record {
		if copies, err = copiesToWrite(site, lock); err != nil {
			out.Abort()
			return nil, err
		}
	}
	if opts.Record && (lock.Changed() || len(copies) > 0) {
		lockFile := filepath.Join(opts.Source, content.LockFile)
		before, readErr := content.ReadFile(lockFile, content.MaxLockSize)
		written, err := writeNew(filepath.Join(opts.Source, content.StampsDir), tokens)
		if err == nil {
			var kept []string
			kept, err = writeNew(filepath.Join(opts.Source, content.PublishedDir), copies)
			written = append(written, kept...)
		}
		if err == nil && lock.Changed() {
			err = lock.Write(opts.Source)
		}
		if err != nil {
			removeAll(written)
			out.Abort()
			return nil, msg.Errorf("build.record-unwritten", err)
		}
		changed := lock.Changed()
		undo = func() {
			removeAll(written)
			switch {
			case !changed:
			case readErr == nil:
				_ = content.WriteFileAtomic(lockFile, before)
			default:
				os.Remove(lockFile)
			}
		}
	}
	if err := out.Commit(); err != nil {
		if undo != nil {
			undo()
			err = msg.Errorf("build.record-undone", err)
		}
		return nil, err
	}
	res.Recorded = recorded
	res.RecordRewritten = opts.Record && lock.Changed() && len(recorded) == 0
	res.Copies = len(copies)
	if opts.DiskCache != nil {
		_ = opts.DiskCache.Trim() // what it cannot remove costs room, not a build
	}
	return res, nil
}

// writable reports whether dir's permissions allow its owner to write in
// it. They are honoured even for root (as CI and containers often run), so
// that a site handed over read-only, such as a shared corpus, is left as it
// is.
func writable(dir string) bool {
	info, err := os.Stat(dir)
	return err == nil && info.Mode().Perm()&0o200 != 0
}

// DestError is an output folder CheckDest refuses: a mistake in how the
// build was asked for, not in the content.
type DestError struct{ Err error }

func (e DestError) Error() string { return e.Err.Error() }
func (e DestError) Unwrap() error { return e.Err }

// CheckDest refuses an output folder that would overwrite the site's own
// files (the source folder itself, a folder above it, or anything inside
// content/ or templates/) or a folder that policysite did not make. The
// refusal is a DestError.
func CheckDest(source, dest string) error {
	if err := checkDest(source, dest); err != nil {
		return DestError{err}
	}
	return nil
}

func checkDest(source, dest string) error {
	if strings.TrimSpace(dest) == "" {
		return msg.Errorf("build.dest.empty")
	}
	src, err := canonical(source)
	if err != nil {
		return err
	}
	dst, err := canonical(dest)
	if err != nil {
		return err
	}
	switch {
	case dst == src:
		return msg.Errorf("build.dest.source", dest, filepath.Join(source, "public"))
	case within(src, dst):
		return msg.Errorf("build.dest.contains-source", dest, source, filepath.Join(source, "public"))
	}
	for _, sub := range []string{"content", "templates"} {
		if d := filepath.Join(src, sub); dst == d || within(dst, d) {
			return msg.Errorf("build.dest.inside", dest, sub, filepath.Join(source, "public"))
		}
	}
	return publish.Check(dest)
}

// canonical returns the absolute path of p with symbolic links resolved as far
// as the path exists.
func canonical(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(real, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether path lies inside dir.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
