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
	return bytes.Equal(normalText(a.Body), normalText(b.Body))
}

// normalText is body as SameText compares it, made in one pass: every
// check of a build compares each revision with the one before.
func normalText(body []byte) []byte {
	out := make([]byte, 0, len(body))
	for len(body) > 0 {
		line, rest, found := bytes.Cut(body, []byte("\n"))
		out = append(out, bytes.TrimRight(line, " \t\r")...)
		if found {
			out = append(out, '\n')
		}
		body = rest
	}
	return bytes.TrimSpace(out)
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
		// Each text is normalised once, not again as the one before the
		// next: every build makes this check.
		var prev []byte // ser.Revisions[i-1]'s, when it was made
		for i, r := range ser.Revisions {
			judged := i > 0 && r.Material() && !s.Recorded(r)
			var cur []byte
			if judged {
				if prev == nil {
					prev = normalText(ser.Revisions[i-1].Body)
				}
				cur = normalText(r.Body)
			}
			same := judged && bytes.Equal(prev, cur)
			prev = cur
			if !same {
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
