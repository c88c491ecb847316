package content

import (
	"errors"
	"time"

	"policysite/generator/diag"
)

// A State is where a revision stands on one day.
type State struct {
	// Published is the day the revision is made public, UTC midnight: the
	// day the record gives it; for one not yet on record, the earliest day
	// it can go out (see Site.On).
	Published time.Time
	Status    Status
	// Preview marks a draft shown as an upcoming revision (Day.WithDrafts).
	Preview bool
}

// A Day is a site as of one day of its clock: every revision's State. It is
// computed once (Site.On) and handed to whatever needs it, and never
// changes; the revisions themselves hold only what their files say.
type Day struct {
	Site  *Site
	Today time.Time // the day the site is built for, UTC midnight
	Real  time.Time // the actual day, for what the record allows
	state map[*Revision]State
}

// On classifies every revision of the site for the clock's day: published
// after today is a draft; published but not yet effective is upcoming; the
// newest in force is current; older ones are archived. The publication day
// is the one the record gives (see Site.UseLock); a revision not yet on
// record goes out on the real day at the earliest, so that a build for
// another day never makes it look published earlier than it can be.
func (s *Site) On(c Clock) *Day {
	d := &Day{Site: s, Today: c.Today(s.Config.TimeZone), Real: c.RealToday(s.Config.TimeZone), state: map[*Revision]State{}}
	for _, ser := range s.Series {
		var current *Revision
		for _, r := range ser.Revisions {
			st := State{Published: s.publication(r, d.Real)}
			switch {
			case st.Published.After(d.Today):
				st.Status = StatusDraft
			case r.Effective.After(d.Today):
				st.Status = StatusUpcoming
			default:
				st.Status = StatusArchived
				current = r
			}
			d.state[r] = st
		}
		if current != nil {
			st := d.state[current]
			st.Status = StatusCurrent
			d.state[current] = st
		}
	}
	return d
}

// WithDrafts is the day as a preview shows it: drafts are upcoming
// revisions, marked Preview. Never for publishing.
func (d *Day) WithDrafts() *Day {
	out := *d
	out.state = make(map[*Revision]State, len(d.state))
	for r, st := range d.state {
		if st.Status == StatusDraft {
			st.Status, st.Preview = StatusUpcoming, true
		}
		out.state[r] = st
	}
	return &out
}

// Of is where r stands on the day. A revision the site did not have when
// the day was computed is a draft.
func (d *Day) Of(r *Revision) State {
	st, ok := d.state[r]
	if !ok {
		return State{Published: r.NotBefore, Status: StatusDraft}
	}
	return st
}

// Visible returns the revisions of ser that are not drafts, oldest first.
func (d *Day) Visible(ser *Series) []*Revision {
	out := make([]*Revision, 0, len(ser.Revisions))
	for _, r := range ser.Revisions {
		if d.Of(r).Status != StatusDraft {
			out = append(out, r)
		}
	}
	return out
}

// Current is the revision of ser in force on the day, or nil.
func (d *Day) Current(ser *Series) *Revision {
	for _, r := range ser.Revisions {
		if d.Of(r).Status == StatusCurrent {
			return r
		}
	}
	return nil
}

// Check applies the rules of the clock and the record (docs/clock.md) for
// the day: the lead time of material changes, that a material change
// changes the text (checkIdentical), that an editorial one changes nothing
// material (checkEditorial), and, on a site with a record,
// what the record forbids (checkRecord), unless the site did not load
// whole. The errors are a diag.List, sorted.
func (d *Day) Check() error {
	errs := d.checkLeadTime()
	errs = append(errs, d.Site.checkIdentical()...)
	errs = append(errs, d.checkEditorial()...)
	if d.Site.lock != nil && !d.Site.partial {
		var rec diag.List
		if err := d.Site.checkRecord(d.Real); errors.As(err, &rec) {
			errs = append(errs, rec...)
		} else if err != nil {
			return err
		}
	}
	if len(errs) == 0 {
		return nil
	}
	errs.Sort()
	return errs
}
