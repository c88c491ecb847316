package content

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"time"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// UseLock makes l the site's record of publication: from then on the Day
// a site is on takes each recorded revision's publication day from it (see
// Site.On).
func (s *Site) UseLock(l *Lock) { s.lock = l }

// recorded is the publication day the record gives r, if it has one.
func (s *Site) recorded(r *Revision) (time.Time, bool) {
	if s.lock == nil {
		return time.Time{}, false
	}
	es := s.lock.entries[s.lockKey(r)]
	if len(es) == 0 {
		return time.Time{}, false
	}
	first := es[0]
	if first.Published.IsZero() { // the earlier format: the front matter's day, as history
		if r.NotBefore.Before(first.Recorded) {
			return r.NotBefore, true
		}
		return first.Recorded, true
	}
	return first.Published, true
}

// hasRecord reports whether the site keeps a record of publication.
func (s *Site) hasRecord() bool { return s.lock != nil && !s.lock.Empty() }

// Recorded reports whether the record has r.
func (s *Site) Recorded(r *Revision) bool {
	_, ok := s.recorded(r)
	return ok
}

// publication is the day r is published: the day the record gives it; for
// a revision not yet recorded on a site that keeps a record, the earliest
// day it can go out, which is today (the real day, not the day a build is
// for) unless its front matter holds it back; on a site without a record,
// its front matter's day, as history.
func (s *Site) publication(r *Revision, realToday time.Time) time.Time {
	if day, ok := s.recorded(r); ok {
		return day
	}
	if s.hasRecord() && r.NotBefore.Before(realToday) {
		return realToday
	}
	return r.NotBefore
}

// checkRecord reports what the record forbids, as errors: a recorded
// revision that is gone or whose text has changed (unless its front matter
// records a new correction), a line recorded on a day that has not come,
// and a revision not yet recorded that would go out after it takes effect
// or before the newest one on record, which would rewrite the history.
// realToday is the actual day in the site's time zone.
func (s *Site) checkRecord(realToday time.Time) error {
	l := s.lock
	if l == nil {
		return nil
	}
	var errs diag.List
	lockFile := filepath.Join(s.Dir, LockFile)
	for key, es := range l.entries {
		if last := es[len(es)-1]; last.Recorded.After(realToday) {
			diags{file: lockFile, list: &errs}.add(last.line,
				msg.T("record.future", key, Date(last.Recorded), Date(realToday)),
				msg.T("record.future.fix", LockFile))
		}
	}
	present := map[string]bool{}
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			key := s.lockKey(r)
			present[key] = true
			es := l.entries[key]
			if len(es) == 0 {
				// Nothing published to correct: a correction: here would
				// tell readers of a mistake the site never made.
				// A site without a record cannot tell what was published.
				if r.Correction != "" && s.hasRecord() {
					diags{file: r.File, list: &errs}.add(r.correctionLine, msg.T("record.correction-unpublished"), msg.T("record.correction-unpublished.fix"))
				}
				continue
			}
			last, corrected := es[len(es)-1], lastCorrection(es)
			if last.SHA256 == r.TextSHA256 {
				// The text is the one recorded, and so is its correction:
				// unless the line was written by hand.
				if last.Corrected && last.Correction != "" && correctionHash(r.Correction) != last.Correction {
					diags{file: lockFile, list: &errs}.add(last.line,
						msg.T("record.correction-differs", key, Date(last.Recorded)),
						msg.T("record.restore.fix", LockFile))
				}
				continue
			}
			d := diags{file: r.File, list: &errs}
			switch {
			case r.Correction == "":
				pub, _ := s.recorded(r)
				d.add(1, msg.T("record.changed", Date(pub), LockFile, Date(last.Recorded)),
					msg.T("record.changed.fix", filepath.ToSlash(r.File)))
			case corrected != nil && correctionHash(r.Correction) == corrected.Correction:
				d.add(1, msg.T("record.changed-after-correction", Date(corrected.Recorded)),
					msg.T("record.changed-after-correction.fix", LockFile))
			}
		}
	}
	// A file that is gone is reported at its line in the lock, the one
	// place it is still named; a file with its text elsewhere was renamed.
	unrecorded := map[string]string{} // text sha256 → path
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			if len(l.entries[s.lockKey(r)]) == 0 {
				unrecorded[r.TextSHA256] = r.File
			}
		}
	}
	d := diags{file: lockFile, list: &errs}
	for key, es := range l.entries {
		if present[key] {
			continue
		}
		file := filepath.Join(s.Dir, "content", filepath.FromSlash(key)) // as the revisions' own paths are named
		what := msg.T("record.gone.deleted")
		if to, ok := unrecorded[es[len(es)-1].SHA256]; ok {
			what = msg.T("record.gone.renamed", to)
		}
		d.add(es[0].line, msg.T("record.gone", file, Date(es[0].Recorded), what),
			msg.T("record.gone.fix", file, filepath.ToSlash(file), key))
	}
	s.checkUnrecorded(realToday, &errs)
	if len(errs) > 0 {
		errs.Sort()
		return errs
	}
	return nil
}

// checkUnrecorded reports the revisions not yet recorded, in a document
// that has a record, that would change its history: one that takes effect
// before the newest revision on record, or before the day it can go out.
// A document with nothing on record yet is new to the record; its history
// is recorded as such on purpose (Record with History), so check warns of
// it (Day.Warnings) rather than refusing it.
func (s *Site) checkUnrecorded(realToday time.Time, errs *diag.List) {
	for _, ser := range s.Series {
		// The newest revision on record, and the first (in the order they
		// take effect) not on record that is held back beyond today.
		var newest, heldBack *Revision
		for _, r := range ser.Revisions {
			switch {
			case s.Recorded(r):
				newest = r
			case heldBack == nil && r.NotBefore.After(realToday) && !s.translationOfRecorded(ser, r):
				heldBack = r
			}
		}
		for _, r := range ser.Revisions {
			if s.Recorded(r) || s.translationOfRecorded(ser, r) {
				continue // on record, or a reading aid
			}
			d := diags{file: r.File, list: errs}
			out := s.publication(r, realToday)
			earliest := out
			if r.Material() && r.Urgent == "" {
				earliest = out.AddDate(0, 0, s.Config.LeadDays)
			}
			if newest != nil {
				if after := newest.Effective.AddDate(0, 0, 1); earliest.Before(after) {
					earliest = after
				}
			}
			rename := renameAdvice(r, earliest)
			switch {
			case newest != nil && r.Effective.Before(newest.Effective):
				d.add(1, msg.T("record.before-newest", Date(r.Effective), Date(newest.Effective), ser.Doc, newest.File),
					msg.T("record.before-newest.fix", rename, LockFile))
			case r.NotBefore.After(realToday):
				// Held back: it waits, and is judged when it goes out.
			case heldBack != nil && heldBack.Effective.Before(r.Effective):
				d.add(1, msg.T("record.overtakes", heldBack.File, Date(heldBack.NotBefore)),
					msg.T("record.overtakes.fix", Date(heldBack.NotBefore), Date(realToday), heldBack.File))
			case newest != nil && r.Effective.Before(out):
				d.add(1, msg.T("record.in-force-before-published", Date(out), Date(r.Effective)), rename)
			}
		}
	}
}

// translationOfRecorded reports whether r translates a revision of the
// site's language that is on record: a translation added later is a
// reading aid for a text already published, not a change of the history.
func (s *Site) translationOfRecorded(ser *Series, r *Revision) bool {
	if ser.Lang == s.Config.Language {
		return false
	}
	for _, o := range s.Series {
		if o.Doc == ser.Doc && o.Lang == s.Config.Language {
			for _, or := range o.Revisions {
				if or.Effective.Equal(r.Effective) {
					return s.Recorded(or)
				}
			}
		}
	}
	return false
}

// renameAdvice tells how to give r a later effective day: its file is
// named by that day, so the file is renamed.
func renameAdvice(r *Revision, day time.Time) msg.Text {
	name := Date(day) + ".md"
	if base := filepath.Base(r.File); strings.Count(base, ".") == 2 {
		name = Date(day) + "." + r.Lang + ".md"
	}
	return msg.T("record.rename.fix", Date(day), filepath.ToSlash(filepath.Join(filepath.Dir(r.File), name)))
}

// newHistory is what of ser would have to be recorded as history: with
// nothing of ser on record, its revisions already in force that say they
// were published before today. (A revision not yet in force goes out now,
// whatever its published: says; a translation of a revision on record is a
// reading aid added now.) The publishing build refuses them unless told
// they are a history (RecordOptions.History).
func (s *Site) newHistory(ser *Series, today time.Time) []*Revision {
	if s.seriesRecorded(ser) {
		return nil
	}
	var old []*Revision
	for _, r := range ser.Revisions {
		if r.NotBefore.Before(today) && !r.Effective.After(today) && !s.translationOfRecorded(ser, r) {
			old = append(old, r)
		}
	}
	return old
}

// Warnings reports what the record allows but the editor should
// know, on a site that keeps a record: a published: date earlier than the
// day a revision not yet in force is (or will be) published, which is the
// day shown; and a document with revisions in force from before today and
// nothing on record, which the publishing build refuses until it is
// recorded as history on purpose. They are of level diag.Warning.
func (d *Day) Warnings() diag.List {
	s, realToday := d.Site, d.Real
	var out diag.List
	if !s.hasRecord() {
		// A site that has never recorded, or whose record is gone: only
		// the history (git) can tell which, and the publishing build
		// refuses both until a person decides.
		return nil
	}
	for _, ser := range s.Series {
		if old := s.newHistory(ser, realToday); len(old) > 0 {
			diags{file: old[0].File, list: &out}.warn(1,
				msg.T("record.history-unrecorded", ser.Doc, Date(old[0].NotBefore)),
				msg.T("record.history-unrecorded.fix", LockFile))
			continue
		}
		for _, r := range ser.Revisions {
			// Until a revision is in force, its page says when it was
			// published, and a published: line that says otherwise misleads
			// whoever reads the file; after, it is history.
			st := d.Of(r)
			if r.publishedLine == 0 || !r.NotBefore.Before(st.Published) || !r.Effective.After(realToday) {
				continue
			}
			if day, ok := s.recorded(r); ok {
				diags{file: r.File, list: &out}.warn(r.publishedLine,
					msg.T("record.published-earlier", Date(r.NotBefore), Date(day), LockFile),
					msg.T("record.published-earlier.fix"))
			} else if st.Status != StatusDraft {
				diags{file: r.File, list: &out}.warn(r.publishedLine,
					msg.T("record.published-passed", Date(r.NotBefore), Date(st.Published)),
					msg.T("record.published-passed.fix"))
			}
		}
	}
	out.Sort()
	return out
}

func correctionHash(text string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(text)))
	return hex.EncodeToString(sum[:6])
}

// lastCorrection is the newest entry recorded for a correction, or nil.
func lastCorrection(es []LockEntry) *LockEntry {
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Corrected {
			return &es[i]
		}
	}
	return nil
}

// RecordOptions tune Record.
type RecordOptions struct {
	// History records the revisions of a document with nothing on record
	// that were published before today as history, on their front matter's
	// day: for a site, or a document, whose history is new to the record.
	// Without it Record refuses such a document, for it may be a record
	// that was deleted.
	History bool
}

// A Recording is one line Record added.
type Recording struct {
	Path      string // the revision file
	Published time.Time
	SHA256    string // of its text
	History   bool   // recorded as history
	Corrected bool   // recorded for a correction
}

// Record adds to the record every revision that has gone out (not a
// draft as of today, the real day), dated today: a revision new to the
// record, and a text changed under a correction. It returns what it
// added, nothing when there was nothing new, so that it can run every
// time the site is published. checkRecord must have passed.
func (s *Site) Record(today time.Time, opts RecordOptions) ([]Recording, error) {
	l := s.lock
	var out []Recording
	var refuse diag.List
	// Every decision is made on the record as it was before this run: a
	// translation is a later reading aid only of an original on record
	// before, not of one this run records as history with it.
	type plan struct {
		ser     *Series
		history map[*Revision]bool
	}
	var plans []plan
	for _, ser := range s.Series {
		p := plan{ser: ser, history: map[*Revision]bool{}}
		if !s.seriesRecorded(ser) {
			old := s.newHistory(ser, today)
			if len(old) > 0 && !opts.History {
				what := msg.T("record.refuse-history.its")
				if l.Empty() {
					what = msg.T("record.refuse-history.site", LockFile)
				}
				diags{file: old[0].File, list: &refuse}.add(0,
					msg.T("record.refuse-history", len(old), ser.Doc, Date(old[0].NotBefore), what),
					msg.T("record.refuse-history.fix", LockFile))
				continue
			}
			if opts.History {
				for _, r := range ser.Revisions {
					if r.NotBefore.Before(today) && !s.translationOfRecorded(ser, r) {
						p.history[r] = true
					}
				}
			}
		}
		plans = append(plans, p)
	}
	if len(refuse) > 0 {
		return nil, refuse
	}
	for _, p := range plans {
		for _, r := range p.ser.Revisions {
			if r.NotBefore.After(today) {
				continue // a draft
			}
			key := s.lockKey(r)
			es := l.entries[key]
			if len(es) > 0 && es[len(es)-1].SHA256 == r.TextSHA256 {
				continue
			}
			e := LockEntry{Recorded: today, SHA256: r.TextSHA256}
			rec := Recording{Path: r.File, SHA256: r.TextSHA256}
			switch {
			case len(es) > 0:
				e.Corrected, e.Correction = true, correctionHash(r.Correction)
				rec.Corrected = true
				rec.Published, _ = s.recorded(r)
			case p.history[r]:
				e.Published = r.NotBefore
				rec.Published, rec.History = r.NotBefore, true
			default:
				e.Published = today
				rec.Published = today
			}
			l.entries[key] = append(es, e)
			l.changed = true
			out = append(out, rec)
		}
	}
	if l.old && len(l.entries) > 0 {
		s.upgradeLock()
	}
	return out, nil
}

// seriesRecorded reports whether any revision of ser is on record.
func (s *Site) seriesRecorded(ser *Series) bool {
	for _, r := range ser.Revisions {
		if s.Recorded(r) {
			return true
		}
	}
	return false
}

// upgradeLock writes the publication day of every entry of the earlier
// format into it, as that format meant it, so that the record no longer
// depends on the front matter.
func (s *Site) upgradeLock() {
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			key := s.lockKey(r)
			if es := s.lock.entries[key]; len(es) > 0 && es[0].Published.IsZero() {
				es[0].Published, _ = s.recorded(r)
			}
		}
	}
	s.lock.old = false
	s.lock.changed = true
}
