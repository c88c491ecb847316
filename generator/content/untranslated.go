package content

import (
	"policysite/generator/diag"
	"policysite/generator/msg"
)

// Untranslated warns of each material revision not yet in force (upcoming,
// or still a draft) in the site's language that a language the document
// already has revisions in has no translation of: that language's readers
// would be told of the change with the summary in the original's language
// only. The warning is on the original's summary line, with the file to
// create. Level diag.Warning: the original may go out first.
func (d *Day) Untranslated() diag.List {
	s := d.Site
	var out diag.List
	for _, orig := range s.Series {
		if orig.Lang != s.Config.Language {
			continue
		}
		for _, tr := range s.Series {
			if tr.Doc != orig.Doc || tr.Lang == orig.Lang || len(tr.Revisions) == 0 {
				continue
			}
			has := map[string]bool{}
			for _, r := range tr.Revisions {
				has[Date(r.Effective)] = true
			}
			for _, r := range orig.Revisions {
				if !r.Material() || !r.Effective.After(d.Today) || has[Date(r.Effective)] {
					continue
				}
				line := r.SummaryLine
				if line == 0 {
					line = 1
				}
				diags{file: r.File, list: &out}.warn(line,
					msg.T("content.untranslated", string(r.Reason), Date(r.Effective), tr.Lang, orig.Doc),
					msg.T("content.untranslated.fix", orig.Doc, Date(r.Effective), tr.Lang))
			}
		}
	}
	out.Sort()
	return out
}
