package pages

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"maps"
	"sort"

	"policysite/generator/content"
	"policysite/generator/editor"
)

// sitemapEntry is a page of the sitemap, with the day it last changed.
type sitemapEntry struct {
	loc     string
	lastmod string
}

// versionsFile is versions.json, per the output contract (docs/output.md).
type versionsFile struct {
	Document  string         `json:"document"`
	Language  string         `json:"language"`
	Current   *string        `json:"current"` // the effective date of the revision in force
	Revisions []versionEntry `json:"revisions"`
}

type versionEntry struct {
	Effective string `json:"effective"`
	// EffectiveUntil is the day the revision stops applying: the next
	// visible revision's effective date (its Period ends the day before);
	// absent for the newest. Before the version at a date it was given to
	// archived revisions only, with this meaning, which readers rely on.
	EffectiveUntil string `json:"effective_until,omitempty"`
	Published      string `json:"published"`
	Status         string `json:"status"`
	Title          string `json:"title"`
	Summary        string `json:"summary"`
	Reason         string `json:"reason"`
	// Immaterial is why an editorial revision whose change looks material
	// was not announced (the front matter's immaterial:); absent if none.
	Immaterial string `json:"immaterial,omitempty"`
	URL        string `json:"url"`
	SHA256     string `json:"sha256"`
	Chain      string `json:"chain"`
	DiffURL    string `json:"diff_url,omitempty"`
	// Correction says what was corrected in this revision after it was
	// published, and Corrected when; both absent if nothing was.
	Correction string `json:"correction,omitempty"`
	Corrected  string `json:"corrected,omitempty"`
	// FirstSHA256 is a corrected revision's text as first published: the
	// sha256 the record has for it (with LF line ends); FirstURL shows it
	// and CorrectionURL what the correction changed, both absent when the
	// site does not keep that text.
	FirstSHA256   string `json:"first_sha256,omitempty"`
	FirstURL      string `json:"first_url,omitempty"`
	CorrectionURL string `json:"correction_url,omitempty"`
	// Timestamps are the trusted timestamps (RFC 3161) of the text; absent
	// if there are none.
	Timestamps []versionStamp `json:"timestamps,omitempty"`
}

// versionStamp is a trusted timestamp in versions.json: who issued it,
// what time it certifies, and the token, to check with openssl ts -verify
// -in <token> -digest <digest> -CAfile <roots>.
type versionStamp struct {
	Authority string `json:"authority"`
	Time      string `json:"time"`
	Token     string `json:"token"`
	Roots     string `json:"roots"`
	Digest    string `json:"digest"`
}

// planVersions makes the versions.json of a document in one language.
func (pl *planner) planVersions(v *view) error {
	f := versionsFile{Document: v.series.Doc, Language: v.series.Lang, Revisions: []versionEntry{}}
	if v.current != nil {
		d := content.Date(v.current.Effective)
		f.Current = &d
	}
	ps := periods(v.revs)
	for i, r := range v.revs {
		e := versionEntry{
			Effective:  content.Date(r.Effective),
			Published:  content.Date(r.Published),
			Status:     string(r.Status),
			Title:      r.Title,
			Summary:    r.Summary,
			Reason:     string(r.Reason),
			Immaterial: r.Immaterial,
			URL:        pl.basePath + r.Path,
			SHA256:     r.SHA256,
			Chain:      r.Chain,
		}
		if !ps[i].Last.IsZero() {
			e.EffectiveUntil = content.Date(ps[i].Last.AddDate(0, 0, 1))
		}
		if r.Correction != "" {
			e.Correction = r.Correction
			if !r.CorrectedOn.IsZero() {
				e.Corrected = content.Date(r.CorrectedOn)
			}
		}
		e.FirstSHA256 = r.FirstSHA256
		if r.FirstPath != "" {
			e.FirstURL, e.CorrectionURL = pl.basePath+r.FirstPath, pl.basePath+r.CorrectionPath
		}
		if r.DiffPath != "" {
			e.DiffURL = pl.basePath + r.DiffPath
		}
		for _, st := range r.Stamps {
			e.Timestamps = append(e.Timestamps, versionStamp{Authority: st.Authority, Time: st.TimeISO(), Token: pl.basePath + st.Path,
				Roots: pl.basePath + content.StampsDir + "/roots.pem", Digest: st.Digest})
		}
		f.Revisions = append(f.Revisions, e)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return err
	}
	pl.out.Files[v.doc.Path+"versions.json"] = buf.Bytes()
	return nil
}

// sitemapURL is one <url> of sitemap.xml.
type sitemapURL struct {
	XMLName xml.Name `xml:"url"`
	Loc     string   `xml:"loc"`
	LastMod string   `xml:"lastmod,omitempty"`
}

func (pl *planner) planSitemap() error {
	sort.Slice(pl.sitemap, func(i, j int) bool { return pl.sitemap[i].loc < pl.sitemap[j].loc })
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	enc := xml.NewEncoder(&buf)
	for _, e := range pl.sitemap {
		if err := enc.Encode(sitemapURL{Loc: e.loc, LastMod: e.lastmod}); err != nil {
			return err
		}
		buf.WriteString("\n") // one URL a line
	}
	buf.WriteString("</urlset>\n")
	pl.out.Files["sitemap.xml"] = buf.Bytes()
	return nil
}

// planEditor adds the web editor that site.yaml asks for: its page and
// configuration under admin/, and their looser Content-Security-Policy,
// for that folder alone, to _headers.
func (pl *planner) planEditor() error {
	files, err := editor.Files(pl.site, editor.Options{})
	if err != nil {
		return err
	}
	maps.Copy(pl.out.Files, files)
	pl.out.Files["_headers"] = append(bytes.Clone(pl.out.Files["_headers"]), editor.Headers(pl.basePath, pl.site.Config.Editor)...)
	return nil
}
