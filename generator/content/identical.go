package content

import (
	"bytes"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// SameText reports whether two revisions have the same text: the same body
// once line ends, white space at the ends of lines and blank lines at the
// start and end are set aside.
func SameText(a, b *Revision) bool {
	return sameText(a.Body, b.Body)
}

// sameText compares two bodies as SameText does, line by line and in
// place: every check of a build compares each revision with the one
// before, and a copy of each text to compare was the most memory the
// check of a long history took.
func sameText(a, b []byte) bool {
	a, b = bytes.TrimSpace(a), bytes.TrimSpace(b)
	for len(a) > 0 && len(b) > 0 {
		la, ra, _ := bytes.Cut(a, []byte("\n"))
		lb, rb, _ := bytes.Cut(b, []byte("\n"))
		if !bytes.Equal(bytes.TrimRight(la, " \t\r"), bytes.TrimRight(lb, " \t\r")) {
			return false
		}
		a, b = ra, rb
	}
	return len(a) == 0 && len(b) == 0
}

// checkIdentical refuses a material revision whose text is the same as the
// revision's before it in its series: its notices, feed entry and history
// would announce a change that its diff page shows is not there. A change
// of the front matter only (a summary or a title corrected) is editorial;
// lint warns of an editorial revision that changes no text. Revisions on
// record are history, and are not judged.
func (s *Site) checkIdentical() diag.List {
	var errs diag.List
	for _, ser := range s.Series {
		for i, r := range ser.Revisions {
			judged := i > 0 && r.Material() && !s.Recorded(r)
			if !judged || !sameText(ser.Revisions[i-1].Body, r.Body) {
				continue
			}
			line := r.reasonLine
			if line == 0 {
				line = r.BodyLine
			}
			diags{file: r.File, list: &errs}.add(line,
				msg.T("content.identical-material", Date(ser.Revisions[i-1].Effective), string(r.Reason)),
				msg.T("content.identical-material.fix"))
		}
	}
	return errs
}
