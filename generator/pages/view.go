package pages

import (
	"crypto/sha256"
	"encoding/hex"

	"policysite/generator/content"
)

// view is one series as pages link to it.
type view struct {
	series   *content.Series
	doc      *DocInfo
	revs     []*RevInfo       // visible revisions, oldest first
	index    map[*RevInfo]int // revs' places
	current  *RevInfo
	byDate   map[string]*RevInfo
	upcoming []*RevInfo // published, not yet in force, material: readers must be told
	recent   *RevInfo   // the newest material change in force, while it is recent
	// sectionPaths are, for each revision, the history page of each of
	// its clauses (diff.Doc.Clauses); nil when there are none.
	sectionPaths [][]string
	// sectionsIn and sectionsRemoved are the clauses' histories as the
	// history page lists them (sectionIndex).
	sectionsIn, sectionsRemoved []SectionEntry
	// The notices the series' pages give: its own changes and its
	// original's (see notices); set once every view is made.
	notices struct {
		upcoming []*Notice
		updated  *Notice
	}
}

func (pl *planner) newView(s *content.Series) *view {
	docPath := pl.docPath(s.Doc, s.Lang)
	v := &view{series: s, byDate: map[string]*RevInfo{}, index: map[*RevInfo]int{}}
	var prev *RevInfo
	for _, r := range pl.Day.Visible(s) {
		ri := newRevInfo(r, pl.Day.Of(r), docPath+content.Date(r.Effective)+"/")
		ri.Chain = chain(prev, r.SHA256)
		if pl.Lock != nil && r.Correction != "" {
			for _, e := range pl.Lock.Entries(r, pl.site) {
				if e.Corrected {
					ri.CorrectedOn = e.Recorded
				}
			}
		}
		if pl.Lock != nil {
			for _, tok := range pl.Lock.Tokens[r.TextSHA256] {
				ri.Stamps = append(ri.Stamps, StampInfo{Authority: tok.Authority, Time: tok.Time, Clock: tok.Time.In(pl.site.Config.TimeZone).Format("15:04 MST"),
					Path: content.StampsDir + "/" + tok.Name, Digest: tok.Digest})
			}
		}
		if prev != nil {
			ri.DiffPath = ri.Path + "diff/"
			if prev.Status == content.StatusArchived {
				prev.Until = r.Effective
			}
		} else {
			ri.First = true
		}
		v.index[ri] = len(v.revs)
		v.revs = append(v.revs, ri)
		v.byDate[content.Date(r.Effective)] = ri
		if ri.Status == content.StatusCurrent {
			v.current = ri
		}
		prev = ri
	}
	if c := v.current; c != nil {
		at := v.indexOf(c)
		for i, r := range v.revs {
			if i == at {
				continue
			}
			if o, n, own := toCurrent(i, at); own {
				r.ToCurrentPath = comparePath(docPath, v.revs[o], v.revs[n])
			} else {
				r.ToCurrentPath = v.revs[n].DiffPath
			}
		}
	}
	for _, r := range v.revs {
		if r.Status == content.StatusUpcoming && r.Material() {
			v.upcoming = append(v.upcoming, r)
		}
	}
	// The newest material change in force, while it is recent: an
	// editorial revision after it (a typo fixed) does not end its notice.
	if c := v.current; c != nil {
		for i := v.indexOf(c); i >= 0; i-- {
			if r := v.revs[i]; r.Material() {
				if pl.today.Before(r.Effective.AddDate(0, 0, pl.site.Config.BannerDays)) {
					v.recent = r
				}
				break
			}
		}
	}
	v.doc = &DocInfo{Slug: s.Doc, Lang: s.Lang, Path: docPath, HistoryPath: docPath + "history/", MaterialHistoryPath: docPath + "history/material/",
		FeedPath: docPath + "feed.xml", JSONFeedPath: docPath + "feed.json", AtPath: AtPath(docPath), Current: v.current}
	if n := len(v.revs); n > 0 {
		v.doc.Title = v.revs[n-1].Title
		if v.current != nil {
			v.doc.Title = v.current.Title
		}
	}
	return v
}

// hasEditorial reports whether any visible revision but the first is
// editorial: the document then has a history page without them.
func (v *view) hasEditorial() bool {
	for _, r := range v.revs {
		if !r.Material() && !r.First {
			return true
		}
	}
	return false
}

// toCurrent orders revision i and the current revision at, older first,
// for the page comparing them, and reports whether that is a compare page
// of its own: neighbours are compared on the newer one's diff page. Every
// place that lists or links these pages asks here.
func toCurrent(i, at int) (older, newer int, own bool) {
	older, newer = min(i, at), max(i, at)
	return older, newer, newer-older > 1
}

// comparePath is where the diff between two revisions that are not
// neighbours lives.
func comparePath(docPath string, older, newer *RevInfo) string {
	return docPath + "compare/" + content.Date(older.Effective) + "/" + content.Date(newer.Effective) + "/"
}

// indexOf is r's place in v.revs, -1 if it is not there. A search of
// the list at every compare page took time that grows with the square of
// a history's length.
func (v *view) indexOf(r *RevInfo) int {
	if i, ok := v.index[r]; ok {
		return i
	}
	return -1
}

// chain links a revision to all before it: the sha256, in hex, of the
// previous revision's chain value followed by this revision's sha256 (both
// as hex text); for the first revision, of its sha256 alone.
func chain(prev *RevInfo, sha string) string {
	h := sha256.New()
	if prev != nil {
		h.Write([]byte(prev.Chain))
	}
	h.Write([]byte(sha))
	return hex.EncodeToString(h.Sum(nil))
}
