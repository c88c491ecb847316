package content

import (
	"fmt"
	"time"
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
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Classify sets the Status of every revision for the day today (UTC
// midnight): published after today is a draft; published but not yet
// effective is upcoming; the newest in force is current; older ones are
// archived.
func (s *Site) Classify(today time.Time) {
	for _, ser := range s.Series {
		current := -1
		for i, r := range ser.Revisions {
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
// matter says why it is urgent. Revisions in force are history and are not
// judged. Classify must have run.
func (s *Site) CheckLeadTime() error {
	var errs Errors
	lead := s.Config.LeadDays
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			if !r.Material() || r.Urgent != "" || (r.Status != StatusUpcoming && r.Status != StatusDraft) {
				continue
			}
			if r.Effective.Sub(r.Published) >= time.Duration(lead)*24*time.Hour {
				continue
			}
			days := int(r.Effective.Sub(r.Published).Hours() / 24)
			latest := Date(r.Effective.AddDate(0, 0, -lead))
			d := diags{file: r.Path, list: &errs}
			rule := fmt.Sprintf("readers must be told at least %d days ahead (leadDays in site.yaml)", lead)
			if r.publishedLine == 0 {
				d.add(2, fmt.Sprintf("this %s change has no published: line, so it counts as published on the day it takes effect, %s; %s",
					r.Reason, Date(r.Effective), rule),
					fmt.Sprintf("add the day it is published to the front matter, %s or earlier (published: %s), or, if it cannot wait, say why: urgent: <reason>", latest, latest))
				continue
			}
			d.add(r.publishedLine,
				fmt.Sprintf("this %s change is published %d days before it takes effect on %s; %s", r.Reason, days, Date(r.Effective), rule),
				fmt.Sprintf("publish it on %s or earlier (published: %s), or move the effective date later by renaming the file, or, if it cannot wait, say why: urgent: <reason>", latest, latest))
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return errs
	}
	return nil
}
