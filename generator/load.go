package generator

import (
	"errors"
	"path/filepath"

	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/theme"
)

// A Loaded site is what the load stage gives the others: the site as of
// the clock's day, its theme, and its record.
type Loaded struct {
	Day   *content.Day
	Theme *theme.Theme
	Lock  *content.Lock // nil when the site has no content.lock
	// Warnings are the record's copies' (checkCopies), for check.
	Warnings diag.List
}

// Site is the site loaded.
func (l *Loaded) Site() *content.Site { return l.Day.Site }

// LoadChecked loads a site as of the clock's day and runs every check that
// does not need the pages: the content's, the record's and the lead time's
// (content.Day.Check), and the trusted timestamps' (checkStamps). All
// problems in the content come back together as diag.List, with the
// site as far as it could be read (for check, which lints what did load);
// callers that build stop on the error. Nothing is recorded: that is
// Build's, with Options.Record.
func LoadChecked(source string, clock content.Clock) (*Loaded, error) {
	site, th, lock, err := load(source)
	var errs diag.List
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	loaded := len(errs) == 0
	l := &Loaded{Day: site.On(clock), Theme: th, Lock: lock}
	var ce diag.List
	switch err := l.Day.Check(); {
	case errors.As(err, &ce):
		errs = append(errs, ce...)
	case err != nil:
		return nil, err
	}
	if lock != nil && loaded { // a revision that failed to load is not gone
		errs = append(errs, checkStamps(site, lock)...)
		copyErrs, warnings := checkCopies(site, lock)
		errs = append(errs, copyErrs...)
		l.Warnings = warnings
	}
	if len(errs) > 0 {
		errs.Sort()
		return l, errs
	}
	return l, nil
}

// Load reads the site's theme, content and record (content.lock, which
// gives the revisions their publication days). On content errors it
// returns them as diag.List with the site as far as it could be read,
// for commands that can work on it anyway; build and check stop.
func Load(source string) (*content.Site, *theme.Theme, error) {
	site, th, _, err := load(source)
	return site, th, err
}

func load(source string) (*content.Site, *theme.Theme, *content.Lock, error) {
	dir := filepath.Join(source, "templates")
	langs, err := theme.Languages(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	// The content needs only the theme's languages: the two load side by
	// side, for the same languages. A broken theme is reported before the
	// content.
	var (
		th     *theme.Theme
		thErr  error
		loaded = make(chan struct{})
	)
	go func() {
		defer close(loaded)
		th, thErr = theme.LoadLanguages(dir, langs)
	}()
	site, err := content.Load(source, content.Options{Languages: langs})
	<-loaded
	if thErr != nil {
		return nil, nil, nil, thErr
	}
	var errs diag.List
	if err != nil && !errors.As(err, &errs) {
		return nil, nil, nil, err
	}
	lock, lerr := content.ReadLock(source)
	var lockErrs diag.List
	switch {
	case errors.As(lerr, &lockErrs):
		errs = append(errs, lockErrs...)
		errs.Sort()
	case lerr != nil:
		return nil, nil, nil, lerr
	default:
		site.UseLock(lock)
	}
	if len(errs) > 0 {
		return site, th, lock, errs
	}
	return site, th, lock, nil
}
