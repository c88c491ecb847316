package content

import (
	"time"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// Clock says which day it is for a site.
type Clock struct {
	Day time.Time // a calendar day given as such (UTC midnight); wins when set
	Now time.Time // else this moment, read in the site's time zone
	// Real is the actual moment, for records of what has happened (the
	// lock), which a build for another day must not change; zero means now.
	Real time.Time
}

// RealToday is the actual day in loc, as UTC midnight.
func (c Clock) RealToday(loc *time.Location) time.Time {
	if c.Real.IsZero() {
		return Today(time.Now(), loc)
	}
	return Today(c.Real, loc)
}

// Today returns the clock's day for a site in loc, as UTC midnight.
func (c Clock) Today(loc *time.Location) time.Time {
	if !c.Day.IsZero() {
		y, m, d := c.Day.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return Today(c.Now, loc)
}

// Today is the calendar day of t in loc, as UTC midnight, the form in which
// revision dates are kept.
func Today(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// checkLeadTime applies the rule that material changes are announced in
// advance: a revision that is not editorial and not yet in force must be
// published at least leadDays before it takes effect, unless its front
// matter says why it is urgent. It counts from the day's publication day:
// the recorded day, or for a revision not yet on record the earliest day it
// can go out. Revisions in force, and revisions on record, are history and
// are not judged.
func (day *Day) checkLeadTime() diag.List {
	s := day.Site
	var errs diag.List
	lead := s.Config.LeadDays
	real := day.Real
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			st := day.Of(r)
			if !r.Material() || r.Urgent != "" || (st.Status != StatusUpcoming && st.Status != StatusDraft) || s.Recorded(r) {
				continue
			}
			published := st.Published
			// A translation of a revision on record follows its original,
			// whose notice readers had; one that would be in force before
			// it goes out is the record's to report (checkRecord).
			if s.translationOfRecorded(ser, r) || r.Effective.Before(published) {
				continue
			}
			if r.Effective.Sub(published) >= time.Duration(lead)*24*time.Hour {
				continue
			}
			days := int(r.Effective.Sub(published).Hours() / 24)
			d := diags{file: r.File, list: &errs}
			rule := msg.T("clock.lead-rule", lead)
			// The advice names days to come, never one that has passed: a
			// publication day cannot be moved back, only the effective day
			// forward.
			earliest := published.AddDate(0, 0, lead)
			rename := renameAdvice(r, earliest)
			urgent := msg.T("clock.urgent-advice")
			latest := r.Effective.AddDate(0, 0, -lead) // the last day to publish it on
			canPublish := !latest.Before(real)         // … if that is still to come
			switch {
			case r.publishedLine == 0:
				fix := msg.T("clock.fix.rename-or-urgent", rename, urgent)
				if canPublish {
					fix = msg.T("clock.fix.add-published", Date(real), Date(latest), fix)
				}
				d.add(2, msg.T("clock.no-published", string(r.Reason), Date(r.Effective), rule), fix)
			case s.hasRecord() && r.NotBefore.Before(published):
				d.add(r.publishedLine,
					msg.T("clock.not-on-record", string(r.Reason), Date(published), Date(r.NotBefore), days, Date(r.Effective), rule),
					msg.T("clock.fix.rename-or-urgent", rename, urgent))
			case canPublish:
				d.add(r.publishedLine,
					msg.T("clock.too-late", string(r.Reason), days, Date(r.Effective), rule),
					msg.T("clock.fix.publish-earlier", Date(latest), Date(latest), rename, urgent))
			default:
				d.add(r.publishedLine,
					msg.T("clock.published-too-late", string(r.Reason), Date(published), days, Date(r.Effective), rule),
					msg.T("clock.fix.rename-or-urgent", rename, urgent))
			}
		}
	}
	errs.Sort()
	return errs
}
