// Package content loads a policysite site folder: site.yaml and the revision
// files under content/, validated against the content contract
// (docs/content.md), and says which day it is and where each revision
// stands on it (the clock, docs/clock.md).
//
// Load reports every problem it finds in one run, as a diag.List, so that an
// editor can fix them all before building again.
package content

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"policysite/generator/diag"
	"policysite/generator/msg"
)

// A Series is every revision of one document in one language, oldest first.
type Series struct {
	Doc       string
	Lang      string
	Revisions []*Revision
}

// Site is a loaded site folder.
type Site struct {
	Dir    string // the source folder, as given
	Config Config
	Series []*Series // by document, the default language first

	configSHA256 string   // of site.yaml's bytes and the logo's
	lock         *Lock    // the record of publication; see UseLock
	themeLangs   []string // Options.Languages
	// partial is set when Load reported errors: a revision that failed to
	// load may be missing, which is not the same as gone from the record.
	partial bool
}

// Docs are the names of the site's documents, each once, in the order of
// Series.
func (s *Site) Docs() []string {
	var docs []string
	for _, ser := range s.Series {
		if !slices.Contains(docs, ser.Doc) {
			docs = append(docs, ser.Doc)
		}
	}
	return docs
}

// Fingerprint is a hash of everything the site was loaded from: site.yaml
// and every revision file. Equal fingerprints mean equal content.
func (s *Site) Fingerprint() string {
	h := sha256.New()
	h.Write([]byte(s.configSHA256))
	for _, ser := range s.Series {
		for _, r := range ser.Revisions {
			h.Write([]byte(r.File + "\x00" + r.SHA256 + "\x00"))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Options tune Load.
type Options struct {
	// Languages are the language codes the theme has UI strings for.
	Languages []string
}

// MaxFileSize bounds a revision file; a policy is a few hundred kilobytes at
// most, so anything larger is a mistake (an export, a binary).
const MaxFileSize = 5 << 20

var (
	revisionName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:\.([a-z]{2,3}))?\.md$`)
	docSlug      = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
)

// Load reads and validates the site in dir. Content problems are returned
// together as a diag.List, with the site as far as it could be read (the
// revisions without problems), for commands that can work on it anyway;
// other failures (an unreadable folder) as plain errors and no site.
func Load(dir string, opts Options) (*Site, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, msg.Errorf("content.source-unreadable", err)
	}
	if !info.IsDir() {
		return nil, msg.Errorf("content.source-not-folder", dir)
	}

	var errs diag.List
	site := &Site{Dir: dir, themeLangs: opts.Languages}
	cfgPath := filepath.Join(dir, "site.yaml")
	cfgDiags := diags{file: cfgPath, list: &errs}
	if data, err := ReadFile(cfgPath, MaxConfigSize); err != nil {
		var fe *FileError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			cfgDiags.add(0, msg.T("content.site-yaml.missing", dir), msg.T("content.site-yaml.missing.fix"))
		case errors.Is(err, ErrTooLarge):
			cfgDiags.add(0, msg.T("content.site-yaml.too-large", MaxConfigSize>>20), msg.T("content.site-yaml.too-large.fix"))
		case errors.As(err, &fe) && errors.Is(err, ErrNotRegular):
			cfgDiags.add(0, msg.T("content.site-yaml.not-regular", fe.Problem), msg.T("content.site-yaml.not-regular.fix"))
		case errors.As(err, &fe):
			cfgDiags.add(0, fe.Problem, fe.Fix)
		default:
			cfgDiags.add(0, msg.T("content.site-yaml.unreadable", unwrapPathError(err)), msg.T("fix.permissions-file"))
		}
		site.Config = parseConfig(diags{file: cfgPath, list: new(diag.List)}, []byte("{}"), opts.Languages)
		site.Config.unread = true
	} else {
		site.Config = parseConfig(cfgDiags, data, opts.Languages)
		readLogo(cfgDiags, dir, &site.Config)
		h := sha256.New()
		h.Write(data)
		h.Write(site.Config.Logo.Data)
		site.configSHA256 = hex.EncodeToString(h.Sum(nil))
	}

	site.Series = loadContent(filepath.Join(dir, "content"), site.Config, opts.Languages, &errs)
	if site.Config.Main != "" {
		checkMain(cfgDiags, filepath.Join(dir, "content"), site, len(errs) > 0)
	}
	if len(errs) > 0 {
		site.partial = true
		errs.Sort()
		return site, errs
	}
	return site, nil
}

func loadContent(root string, cfg Config, themeLangs []string, errs *diag.List) []*Series {
	d := diags{file: root, list: errs}
	entries, err := os.ReadDir(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			d.add(0, msg.T("content.folder.missing"), msg.T("content.folder.missing.fix"))
		} else {
			d.add(0, msg.T("content.folder.unreadable", unwrapPathError(err)), msg.T("fix.permissions"))
		}
		return nil
	}
	var all []*Series
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(root, name)
		if skipped(name) {
			continue
		}
		info, err := os.Stat(path) // follows symbolic links
		if err != nil {
			diags{file: path, list: errs}.add(0, msg.T("content.unreadable", unwrapPathError(err)), msg.T("content.unreadable.fix-link"))
			continue
		}
		if !info.IsDir() {
			if revisionName.MatchString(name) || looseRevision.MatchString(name) {
				diags{file: path, list: errs}.add(1, msg.T("content.revision-outside-document"), msg.T("content.revision-outside-document.fix", name))
			}
			continue // e.g. content/README.md for the editors
		}
		if !docSlug.MatchString(name) {
			diags{file: path, list: errs}.add(0, msg.T("content.document-name.invalid", name), msg.T("content.document-name.invalid.fix"))
			continue
		}
		if isLanguage(name, cfg.Languages, themeLangs) {
			diags{file: path, list: errs}.add(0, msg.T("content.document-name.language", name), msg.T("content.document-name.language.fix", name))
			continue
		}
		if cfg.atSiteFolder(name) {
			diags{file: path, list: errs}.add(0, msg.T("content.document-name.site", name), msg.T("content.document-name.site.fix"))
			continue
		}
		all = append(all, loadDocument(path, name, cfg, errs)...)
	}
	if len(all) == 0 && len(*errs) == 0 {
		d.add(0, msg.T("content.no-revisions"), msg.T("content.no-revisions.fix"))
	}
	return all
}

func loadDocument(dir, doc string, cfg Config, errs *diag.List) []*Series {
	entries, err := os.ReadDir(dir)
	if err != nil {
		diags{file: dir, list: errs}.add(0, msg.T("content.document-folder.unreadable", unwrapPathError(err)), msg.T("fix.permissions"))
		return nil
	}
	byLang := map[string]*Series{}
	seen := map[string]string{} // lang/date → path
	root := realDir(filepath.Dir(filepath.Dir(dir)))
	// A file that is no link is where its folder is: the folder is
	// followed to where it leads once, not each file's path again.
	dirOutside := outside(dir, root)
	var jobs []*readJob
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		if skipped(name) {
			continue
		}
		d := diags{file: path, list: errs}
		link := e.Type()&fs.ModeSymlink != 0
		mode := e.Type() // what the folder says it is, where it is no link
		if link {
			info, err := os.Stat(path)
			if err != nil {
				d.add(1, msg.T("content.unreadable", unwrapPathError(err)), msg.T("content.unreadable.fix-link"))
				continue
			}
			mode = info.Mode()
		}
		if mode.IsDir() {
			d.add(0, msg.T("content.folder-in-document"), msg.T("content.folder-in-document.fix"))
			continue
		}
		m := revisionName.FindStringSubmatch(name)
		if m == nil {
			badName(d, name)
			continue
		}
		eff, err := time.Parse(DateLayout, m[1])
		if err != nil {
			d.add(1, msg.T("content.file-date.invalid", m[1]), msg.T("content.file-date.fix"))
			continue
		}
		if why := outOfRange(eff); !why.IsZero() {
			d.add(1, msg.T("content.file-date.out-of-range", m[1], why), msg.T("content.file-date.fix"))
			continue
		}
		lang := m[2]
		if lang == "" {
			lang = cfg.Language
		}
		if !contains(cfg.Languages, lang) {
			if cfg.unread {
				continue // the error is site.yaml's, reported there
			}
			d.add(1, msg.T("content.language-unknown", lang, strings.Join(cfg.Languages, ", ")), msg.T("content.language-unknown.fix"))
			continue
		}
		key := lang + "/" + m[1]
		if other, dup := seen[key]; dup {
			d.add(1, msg.T("content.revision-twice", doc, m[1], lang, other), msg.T("content.revision-twice.fix"))
			continue
		}
		seen[key] = path
		if !mode.IsRegular() {
			d.add(1, msg.T("content.revision-not-regular"), msg.T("content.revision-not-regular.fix"))
			continue
		}
		jobs = append(jobs, &readJob{rev: &Revision{Doc: doc, Lang: lang, Effective: eff, File: path}, outside: link && outside(path, root) || !link && dirOutside})
	}
	readFiles(jobs)
	for _, j := range jobs {
		*errs = append(*errs, j.errs...)
		if !j.ok {
			continue
		}
		s := byLang[j.rev.Lang]
		if s == nil {
			s = &Series{Doc: doc, Lang: j.rev.Lang}
			byLang[j.rev.Lang] = s
		}
		s.Revisions = append(s.Revisions, j.rev)
	}
	var out []*Series
	for _, lang := range cfg.Languages { // the default language first
		if s := byLang[lang]; s != nil {
			sort.Slice(s.Revisions, func(i, j int) bool { return s.Revisions[i].Effective.Before(s.Revisions[j].Effective) })
			out = append(out, s)
		}
	}
	return out
}

// A readJob reads and parses one revision file.
type readJob struct {
	rev     *Revision
	outside bool // the file leads out of the site folder
	errs    diag.List
	ok      bool
}

// readFiles reads and parses the files of jobs, on every core: the work of
// loading a history, which is read from disk and checked file by file.
func readFiles(jobs []*readJob) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, j := range jobs {
		g.Go(func() error {
			j.read() // its problems are in j.errs
			return nil
		})
	}
	_ = g.Wait()
}

func (j *readJob) read() {
	d := diags{file: j.rev.File, list: &j.errs}
	if j.outside {
		d.add(1, msg.T("content.link-outside"), msg.T("content.link-outside.fix"))
		return
	}
	data, err := ReadFile(j.rev.File, MaxFileSize)
	var fe *FileError
	switch {
	case errors.Is(err, ErrTooLarge):
		d.add(1, msg.T("content.revision-too-large", MaxFileSize>>20), msg.T("content.revision-too-large.fix"))
	case errors.As(err, &fe):
		d.add(1, fe.Problem, fe.Fix)
	case err != nil:
		d.add(1, msg.T("content.unreadable", unwrapPathError(err)), msg.T("fix.permissions-file"))
	default:
		j.ok = parseRevision(d, j.rev, data)
	}
}

// isLanguage reports whether a document's name is a language code of the
// site or of its theme (which the site may add to languages: at any
// time): the pages of a language live under /<code>/, where the
// document's would be. Load refuses such a document, and CreateRevision
// does not make one.
func isLanguage(doc string, siteLangs, themeLangs []string) bool {
	return langCode.MatchString(doc) && (contains(siteLangs, doc) || contains(themeLangs, doc))
}

// The days a revision may take effect or be published on. A day outside
// them is a typo (0026 for 2026, 2962 for 2026), and the years before 1990
// and after 2200 keep every date four digits long wherever it is shown
// and computed from, in any time zone.
var (
	firstDay = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2200, 12, 31, 0, 0, 0, 0, time.UTC)
)

// outOfRange says why day is not a day content may give, or is the zero
// Text.
func outOfRange(day time.Time) msg.Text {
	switch {
	case day.Before(firstDay):
		return msg.T("content.day.too-early", Date(firstDay))
	case day.After(lastDay):
		return msg.T("content.day.too-late", Date(lastDay))
	}
	return msg.Text{}
}

// looseRevision matches names that were meant as revisions but are spelled
// wrongly: a language code in capitals or with a region, an upper-case
// extension.
var looseRevision = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:\.([^.]+))?\.(?i:md|markdown)$`)

// badName explains what is wrong with a file name in a document folder.
func badName(d diags, name string) {
	m := looseRevision.FindStringSubmatch(name)
	switch {
	case m == nil && strings.EqualFold(filepath.Ext(name), ".md"):
		d.add(1, msg.T("content.file-name.not-date", name), msg.T("content.file-name.not-date.fix"))
	case m == nil:
		d.add(1, msg.T("content.file-name.not-revision"), msg.T("content.file-name.not-revision.fix"))
	case !strings.HasSuffix(name, ".md"):
		d.add(1, msg.T("content.file-name.extension", name), msg.T("content.file-name.extension.fix", strings.TrimSuffix(name, filepath.Ext(name))+".md"))
	default:
		d.add(1, msg.T("content.file-name.language", m[2]), msg.T("content.file-name.language.fix", m[1]))
	}
}

// realDir is dir's absolute path with symbolic links resolved, or "" if it
// cannot be resolved.
func realDir(dir string) string {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return ""
	}
	abs, _ := filepath.Abs(real)
	return abs
}

// readAll is io.ReadAll into buf's spare capacity.
func readAll(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// outside reports whether path, a symbolic link perhaps, leads out of the
// site folder, whose realDir is root.
func outside(path, root string) bool {
	real, err := filepath.EvalSymlinks(path)
	if err != nil || root == "" {
		return false // reported when it is read
	}
	abs, _ := filepath.Abs(real)
	rel, err := filepath.Rel(root, abs)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// skipped reports files that are never content: hidden files, editor backups
// and swap files.
func skipped(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"))
}

func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// AccessibilityDoc is the document that holds the accessibility statement
// (tilgjengelighetserklæring), which every page's footer links to.
const AccessibilityDoc = "tilgjengelighetserklaering"

// mainReserved are the names below the site's address that main: gives
// to the main document's pages (a date is one too) and the site's files:
// another document cannot be called so.
var mainReserved = []string{"history", "compare", "diff", "at", "admin", StampsDir}

// isMainReserved reports whether doc would be at an address of the main
// document's pages or the site's files.
func isMainReserved(doc string) bool {
	return slices.Contains(mainReserved, doc) || dateLike.MatchString(doc)
}

// atSiteFolder reports whether doc is the name of a folder the site's root
// holds besides its documents, with or without main:: admin/, the web
// editor, where site.yaml asks for one, and the trusted timestamps.
func (c Config) atSiteFolder(doc string) bool {
	return (doc == "admin" && c.Editor != nil) || doc == StampsDir
}

// atMainAddress reports whether doc cannot name a document of the site
// because main: puts the main document's pages or the site's files at its
// address: the check of build (checkMain) and of policysite new.
func (c Config) atMainAddress(doc string) bool {
	return c.Main != "" && doc != c.Main && doc != AccessibilityDoc && isMainReserved(doc)
}

var dateLike = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkMain checks main: against the documents: it must name one, no
// other may be at one of its pages' addresses, and no other but the
// accessibility statement may be beside it, since the start page that
// would list them is the main document's page.
// A document that failed to load (partial) may be the one main: names.
func checkMain(d diags, root string, site *Site, partial bool) {
	cfg := site.Config
	docs := site.Docs()
	if !partial && !slices.Contains(docs, cfg.Main) {
		d.add(cfg.MainLine, msg.T("config.main.missing", cfg.Main), msg.T("config.main.missing.fix"))
	}
	var others []string
	for _, doc := range docs {
		switch {
		case doc == cfg.Main || doc == AccessibilityDoc:
		case cfg.atMainAddress(doc):
			diags{file: filepath.Join(root, doc), list: d.list}.add(0, msg.T("content.document-name.reserved", doc, cfg.Main), msg.T("content.document-name.reserved.fix"))
		default:
			others = append(others, doc)
		}
	}
	if len(others) > 0 {
		slices.Sort(others)
		d.add(cfg.MainLine, msg.T("config.main.others", cfg.Main, strings.Join(others, ", ")), msg.T("config.main.others.fix"))
	}
}
