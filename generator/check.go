package generator

import (
	"errors"

	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/lint"
	"policysite/generator/theme"
)

// Check validates a site exactly as Build does, without writing anything,
// and lints it (see package lint). Content errors come back as findings of
// level error; other failures as the error.
func Check(source string, clock content.Clock) (diag.List, error) {
	l, err := LoadChecked(source, clock)
	cache := NewCache() // the pages' renderings, for lint to reuse
	var errs diag.List
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	site, lock := l.Site(), l.Lock
	if len(errs) == 0 {
		// Everything build checks after that: the pages.
		if _, err := Generate(l, discard{}, GenerateOptions{Cache: cache}); err != nil {
			return nil, err // a theme that fails: not the content's
		}
	}
	var out diag.List
	out = append(out, errs...)
	out = append(out, l.Day.Warnings()...)
	out = append(out, l.Day.EditorialHistory()...)
	out = append(out, l.Warnings...)
	out = append(out, l.Day.Untranslated()...)
	r := newRenderer(site)
	locked := func(*content.Revision) bool { return false }
	if lock != nil {
		// A recorded revision can no longer change: no advice to change it.
		locked = func(rev *content.Revision) bool { return len(lock.Entries(rev, site)) > 0 }
	}
	found, err := lint.Check(site, func(rev *content.Revision) ([]byte, error) {
		ren, err := cache.render(r, site, rev)
		if err != nil {
			return nil, err
		}
		return []byte(ren.HTML()), nil
	}, locked, theme.ReservedIDs...)
	if err != nil {
		return nil, err
	}
	out = append(out, found...)
	out.Sort()
	return out, nil
}
