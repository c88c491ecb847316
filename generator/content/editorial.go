package content

import (
	"policysite/generator/diag"
	"policysite/generator/material"
	"policysite/generator/msg"
)

// shownChanges is how many material changes of one revision are reported
// one by one; the rest are counted.
const shownChanges = 5

// checkEditorial refuses an editorial revision whose diff from the
// revision before it in its series is material (package material): a
// number, a date, an e-mail address, a phone number, a link's target or a
// name new to the document changed, or more than material.SharePercent of
// the words. An editorial revision gives no notice, and a change in what
// is processed, why, by whom or for how long must reach people before it
// applies (WP260 rev.01 §29–31). immaterial: says why it is not material,
// and is shown with the revision.
//
// Only revisions still to publish are judged: not one on record, nor, on
// a site without a record, one in force before the real day, which is
// history (see EditorialHistory).
func (d *Day) checkEditorial() diag.List {
	var errs diag.List
	d.eachEditorial(func(r *Revision, history bool) bool { return !history }, func(r, prev *Revision, rep material.Report) {
		d.reportEditorial(&errs, r, rep, false)
	})
	return errs
}

// EditorialHistory is checkEditorial for the revisions it leaves alone,
// as warnings: they are history and cannot change, but if one was a
// material change passed off as editorial, readers can still be told now.
func (d *Day) EditorialHistory() diag.List {
	var out diag.List
	d.eachEditorial(func(r *Revision, history bool) bool { return history }, func(r, prev *Revision, rep material.Report) {
		d.reportEditorial(&out, r, rep, true)
	})
	out.Sort()
	return out
}

// eachEditorial calls found for every editorial revision that want
// accepts and whose change from the revision before it is material.
func (d *Day) eachEditorial(want func(r *Revision, history bool) bool, found func(r, prev *Revision, rep material.Report)) {
	s := d.Site
	for _, ser := range s.Series {
		for i, r := range ser.Revisions {
			if i == 0 || r.Material() || r.Immaterial != "" {
				continue
			}
			history := s.Recorded(r) || !s.hasRecord() && r.Effective.Before(d.Real)
			if !want(r, history) {
				continue
			}
			prev := ser.Revisions[i-1]
			if rep := material.Compare(prev.Body, r.Body, ser.Lang); rep.Material() {
				found(r, prev, rep)
			}
		}
	}
}

func (d *Day) reportEditorial(out *diag.List, r *Revision, rep material.Report, history bool) {
	ds := diags{file: r.File, list: out}
	add := ds.add
	fix := msg.T("editorial.fix", d.Site.Config.LeadDays)
	if history {
		add = ds.warn
		fix = msg.T("editorial.history.fix")
	}
	shown := shownChanges
	if history {
		shown = 1 // history: the first is enough to look into it
	}
	for i, c := range rep.Changes {
		if i == shown {
			line := r.reasonLine
			if line == 0 {
				line = r.BodyLine
			}
			add(line, msg.T("editorial.more", len(rep.Changes)-shown), fix)
			break
		}
		what := msg.T("editorial.material", kindText(c.Kind), c.Old, c.New)
		switch {
		case c.Old == "":
			what = msg.T("editorial.material.added", kindText(c.Kind), c.New)
		case c.New == "":
			what = msg.T("editorial.material.removed", kindText(c.Kind), c.Old)
		}
		add(r.BodyLine+c.Line, what, fix)
	}
	if rep.TooMuch() {
		add(r.BodyLine+max(rep.FirstLine, 0),
			msg.T("editorial.share", rep.Percent(), rep.Changed, rep.Words, material.SharePercent), fix)
	}
}

func kindText(k material.Kind) msg.Text {
	switch k {
	case material.Email:
		return msg.T("editorial.kind.email")
	case material.Phone:
		return msg.T("editorial.kind.phone")
	case material.Link:
		return msg.T("editorial.kind.link")
	case material.Date:
		return msg.T("editorial.kind.date")
	case material.Name:
		return msg.T("editorial.kind.name")
	}
	return msg.T("editorial.kind.number")
}
