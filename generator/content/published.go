package content

import "policysite/generator/diag"

// PublishedDir is the folder of a site that keeps a copy of every text the
// record has, one file per text, named <sha256 of the text>.md and holding
// the revision file's text with LF line ends (the bytes the record's
// sha256 is of). The publishing build writes them with the record, so
// that a correction, which changes a revision's file in place, leaves the
// text as first published readable by every later build, from the site
// folder alone (a shallow clone has no history to get it from).
const PublishedDir = "published"

// CopyName is the name in PublishedDir of the copy of the text with the
// given sha256.
func CopyName(sha string) string { return sha + ".md" }

// FirstText is the sha256 of r's text as first published, when r has been
// corrected: its front matter has a correction: and the record's first
// line of r is of another text than r's now. ok is false for a revision
// not on record or not corrected.
func (s *Site) FirstText(r *Revision) (sha string, ok bool) {
	if s.lock == nil || r.Correction == "" {
		return "", false
	}
	es := s.lock.entries[s.lockKey(r)]
	if len(es) == 0 || es[0].SHA256 == r.TextSHA256 {
		return "", false
	}
	return es[0].SHA256, true
}

// ParseCopy reads text, a copy of an earlier text of r (from PublishedDir),
// as a revision of r's document, language and day, for its pages: the
// text as first published of a corrected revision. ok is false when the
// copy is not a revision that can be read.
func ParseCopy(r *Revision, text []byte) (c *Revision, ok bool) {
	c = &Revision{Doc: r.Doc, Lang: r.Lang, Effective: r.Effective, File: r.File}
	var errs diag.List
	if !parseRevision(diags{file: r.File, list: &errs}, c, text) || len(errs) > 0 {
		return nil, false
	}
	c.Correction = "" // a correction is shown with the text it made, not with the text before it
	return c, true
}

// CorrectionLine is the line of r's correction: key, 0 if it has none.
func (r *Revision) CorrectionLine() int { return r.correctionLine }
