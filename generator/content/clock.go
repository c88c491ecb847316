package content

import "time"

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

// Current returns the revision in force, or nil if none is yet.
func (ser *Series) Current() *Revision {
	for _, r := range ser.Revisions {
		if r.Status == StatusCurrent {
			return r
		}
	}
	return nil
}
