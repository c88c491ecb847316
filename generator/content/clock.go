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

// Classify sets the publication day and the Status of every revision for
// the clock's day: published after today is a draft; published but not yet
// effective is upcoming; the newest in force is current; older ones are
// archived. The publication day is the one the record gives (see
// Site.UseLock); a revision not yet on record goes out on the real day at
// the earliest, so that a build for another day never makes it look
// published earlier than it can be.
func (s *Site) Classify(c Clock) {
	today, real := c.Today(s.Config.TimeZone), c.RealToday(s.Config.TimeZone)
	for _, ser := range s.Series {
		current := -1
		for i, r := range ser.Revisions {
			r.Published = s.publication(r, real)
			r.Preview = false
			switch {
			case r.Published.After(today):
				r.Status = StatusDraft
			case r.Effective.After(today):
				r.Status = StatusUpcoming
			default:
				r.Status = StatusArchived
				current = i
			}
		}
		if current >= 0 {
			ser.Revisions[current].Status = StatusCurrent
		}
	}
}

// ShowDrafts makes drafts visible as upcoming revisions marked Preview, for
// a preview of the site as it will be; never for publishing.
func (s *Site) ShowDrafts() {
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			if r.Status == StatusDraft {
				r.Status, r.Preview = StatusUpcoming, true
			}
		}
	}
}

// Visible returns the revisions that are not drafts, oldest first.
func (ser *Series) Visible() []*Revision {
	out := make([]*Revision, 0, len(ser.Revisions))
	for _, r := range ser.Revisions {
		if r.Status != StatusDraft {
			out = append(out, r)
		}
	}
	return out
}

// CheckLeadTime applies the rule that material changes are announced in
// advance: a revision that is not editorial and not yet in force must be
// published at least leadDays before it takes effect, unless its front
// matter says why it is urgent. It counts from the publication day Classify
// set: the recorded day, or for a revision not yet on record the earliest
// day it can go out. Revisions in force, and revisions on record, are
// history and are not judged. Classify must have run, for c.
func (s *Site) CheckLeadTime(c Clock) error {
	var errs diag.List
	lead := s.Config.LeadDays
	real := c.RealToday(s.Config.TimeZone)
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			if !r.Material() || r.Urgent != "" || (r.Status != StatusUpcoming && r.Status != StatusDraft) || s.Recorded(r) {
				continue
			}
			// A translation of a revision on record follows its original,
			// whose notice readers had; one that would be in force before
			// it goes out is the record's to report (CheckRecord).
			if s.translationOfRecorded(ser, r) || r.Effective.Before(r.Published) {
				continue
			}
			if r.Effective.Sub(r.Published) >= time.Duration(lead)*24*time.Hour {
				continue
			}
			days := int(r.Effective.Sub(r.Published).Hours() / 24)
			d := diags{file: r.Path, list: &errs}
			rule := msg.T("clock.lead-rule", lead)
			// The advice names days to come, never one that has passed: a
			// publication day cannot be moved back, only the effective day
			// forward.
			earliest := r.Published.AddDate(0, 0, lead)
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
			case s.hasRecord() && r.NotBefore.Before(r.Published):
				d.add(r.publishedLine,
					msg.T("clock.not-on-record", string(r.Reason), Date(r.Published), Date(r.NotBefore), days, Date(r.Effective), rule),
					msg.T("clock.fix.rename-or-urgent", rename, urgent))
			case canPublish:
				d.add(r.publishedLine,
					msg.T("clock.too-late", string(r.Reason), days, Date(r.Effective), rule),
					msg.T("clock.fix.publish-earlier", Date(latest), Date(latest), rename, urgent))
			default:
				d.add(r.publishedLine,
					msg.T("clock.published-too-late", string(r.Reason), Date(r.Published), days, Date(r.Effective), rule),
					msg.T("clock.fix.rename-or-urgent", rename, urgent))
			}
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return errs
	}
	return nil
}
