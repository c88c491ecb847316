// Package theme loads the HTML templates, stylesheet and UI words that pages
// are made with: policysite's embedded default theme, with any file replaced
// by the file of the same name in the site's own templates/ folder.
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"policysite/generator/content"
	"policysite/templates"
)

// Page kinds: each is a template file that defines "main" inside base.html.
const (
	KindHome     = "home"
	KindRevision = "revision"
	KindPending  = "pending"
	KindHistory  = "history"
	KindDiff     = "diff"
	KindCompare  = "compare" // any two revisions of a document, compared in the browser (compare.wasm)
	KindAt       = "at"      // which revision of a document applied on a day: its periods
	KindNotFound = "404"
	KindSection  = "section" // one clause's history: every revision that changed it, with its part of the diff
)

var kinds = []string{KindHome, KindRevision, KindPending, KindHistory, KindDiff, KindCompare, KindNotFound, KindAt, KindSection}

// ReservedIDs are the element IDs the default theme gives to its own
// elements around a policy's text; headings must not take them.
var ReservedIDs = []string{"main", "contact-heading", "diff-summary-heading",
	"compare-heading", "compare-noscript", "compare-form", "compare-from", "compare-to", "compare-result", "toc-heading"}

// StaticFiles are copied to the root of the output as they are.
var StaticFiles = []string{"style.css", "compare.js", CompareWasm, WasmExec, "_headers", Icon, AtScript}

// AtScript is the script of the page of the version at a date: its date
// field, which finds the period that holds the day.
const AtScript = "at.js"

// CompareWasm is the compare page's diff: the Go of the static diff pages
// built for the browser (go generate ./templates); WasmExec is the Go
// toolchain's script that runs it (lib/wasm/wasm_exec.js of the same Go).
const (
	CompareWasm = "compare.wasm"
	WasmExec    = "wasm_exec.js"
	// MaxWasmSize is the most a site's own compare.wasm may weigh: the
	// theme's is under 6 MB.
	MaxWasmSize = 32 << 20
)

// Icon is the pages' icon, at the root of the output: a browser asks for
// /favicon.ico, which is not there, from a page that names none. A logo
// (site.yaml) is not one: a wordmark drawn 16 pixels high cannot be read.
const Icon = "favicon.svg"

// WidgetScript is the notice widget for a company's main website; the
// build fills in the day's notices (see generator/pages/widget.go).
const WidgetScript = "notice.js"

// Snippets are standalone templates, not pages: the widget's HTML for
// pages without JavaScript, a fragment to include (hence not .html, which
// would make it a page of its own to validators and search engines).
var snippets = []string{"notice.inc"}

// Theme is a loaded theme. It is safe for concurrent use.
type Theme struct {
	fsys        overlay
	files       []themeFile   // the files the pages are made with, in the order read
	fingerprint func() string // of the files read, hashed when first asked (serve asks; a build does not)
	pages       map[string]*template.Template
	snippets    map[string]*template.Template
	static      map[string][]byte
	strings     map[string]*Strings
	named       map[string]*named // what each kind's templates read of the page (Names)
}

// Load reads the default theme with the files of overrideDir laid over it.
// overrideDir may be "" or a folder that does not exist.
func Load(overrideDir string) (*Theme, error) {
	langs, err := Languages(overrideDir)
	if err != nil {
		return nil, err
	}
	return LoadLanguages(overrideDir, langs)
}

// LoadLanguages is Load with the UI words of langs, as Languages listed
// them: a caller that needed the languages before the theme (to load the
// content beside it) gets a theme of the same languages.
func LoadLanguages(overrideDir string, langs []string) (*Theme, error) {
	fsys := overlay{dir: overrideDir, base: templates.FS, reads: new([]themeFile)}
	t := &Theme{pages: map[string]*template.Template{}, snippets: map[string]*template.Template{}, static: map[string][]byte{}, strings: map[string]*Strings{}, named: map[string]*named{}}

	// The UI words are read first and parsed beside the templates:
	// together they are most of the time a small site takes to build.
	// Every file is read on this goroutine, in a fixed order, so that the
	// fingerprint is the same for the same files.
	var err error
	words := make([]string, len(langs))
	wordSrc := make([][]byte, len(langs))
	for i, lang := range langs {
		words[i] = "i18n/" + lang + ".yaml"
		if wordSrc[i], err = fsys.ReadFile(words[i]); err != nil {
			return nil, err
		}
	}
	parsed := make(chan error, 1)
	go func() {
		for i, name := range words {
			s, err := parseStrings(langs[i], wordSrc[i])
			if err != nil {
				parsed <- fmt.Errorf("%s: %w", fsys.where(name), err)
				return
			}
			t.strings[s.Lang] = s
		}
		parsed <- nil
	}()
	err = t.parsePages(fsys)
	for _, name := range append(StaticFiles, WidgetScript) {
		if err != nil {
			break
		}
		t.static[name], err = fsys.ReadFile(name)
	}
	if perr := <-parsed; err == nil {
		err = perr
	}
	if err != nil {
		return nil, err
	}
	t.files = *fsys.reads
	t.fingerprint = sync.OnceValue(fingerprint(t.files))
	fsys.reads = nil // later reads (notices, documents) are not part of the pages
	t.fsys = fsys
	if err := t.checkStrings(fsys); err != nil {
		return nil, err
	}
	return t, nil
}

// parsePages parses base.html once and each page kind into a copy of it,
// then the snippets, each from the overlay.
func (t *Theme) parsePages(fsys overlay) error {
	base, err := template.New("base.html").Option("missingkey=error").ParseFS(fsys, "base.html")
	if err != nil {
		return fsys.templateError("base.html", err)
	}
	for _, kind := range kinds {
		name := kind + ".html"
		tpl := template.Must(base.Clone()) // base is not executed: Clone cannot fail
		if _, err := tpl.ParseFS(fsys, name); err != nil {
			return fsys.templateError(name, err)
		}
		if tpl.Lookup("main") == nil {
			return fmt.Errorf("%s: the template does not define \"main\", the page's content — wrap it in {{define \"main\"}}…{{end}}", fsys.where(name))
		}
		t.pages[kind] = tpl
		t.named[kind] = namesOf(tpl)
	}
	for _, name := range snippets {
		tpl, err := template.New(name).Option("missingkey=error").ParseFS(fsys, name)
		if err != nil {
			return fsys.templateError(name, err)
		}
		t.snippets[name] = tpl
	}
	return nil
}

// Languages lists the languages a theme in overrideDir (as for Load) has
// UI words for, sorted, without loading it.
func Languages(overrideDir string) ([]string, error) {
	return overlay{dir: overrideDir, base: templates.FS}.list("i18n", ".yaml")
}

// Fingerprint is a hash of every file the pages are made with: equal
// fingerprints mean equal themes.
func (t *Theme) Fingerprint() string { return t.fingerprint() }

// HashKey identifies the theme to a cache whose keys hold the program's
// version too (package diskcache): the site's own files by their bytes,
// the theme's built-in ones by name alone, since the program's version
// fixes their bytes. Hashing those (5 MB, the compare page's WebAssembly
// most of it), as Fingerprint does, was a fifth of a build the cache
// answers. A theme's templates being funcs, valuehash hashes it by this.
func (t *Theme) HashKey() []byte {
	h := sha256.New()
	for _, f := range t.files {
		fmt.Fprintf(h, "%s\x00%t\x00", f.name, f.own)
		if f.own {
			fmt.Fprintf(h, "%d\x00", len(f.data))
			h.Write(f.data)
		}
	}
	return h.Sum(nil)
}

// themeFile is a file the pages are made with, as it was read.
type themeFile struct {
	name string
	data []byte
	own  bool // the site's, not the theme's built-in file
}

// fingerprint hashes files, in the order they were read.
func fingerprint(files []themeFile) func() string {
	return func() string {
		h := sha256.New()
		for _, f := range files {
			fmt.Fprintf(h, "%s\x00%d\x00", f.name, len(f.data))
			h.Write(f.data)
		}
		return hex.EncodeToString(h.Sum(nil))
	}
}

// Languages returns the languages the theme has UI words for, sorted.
func (t *Theme) Languages() []string {
	out := make([]string, 0, len(t.strings))
	for l := range t.strings {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Strings returns the UI words of lang, or nil.
func (t *Theme) Strings(lang string) *Strings { return t.strings[lang] }

// Static returns the bytes of a static file such as style.css or notice.js.
func (t *Theme) Static(name string) []byte { return t.static[name] }

// Execute renders the page template of kind with data. An error names the
// template file, so that a mistake in a site's own template is found.
func (t *Theme) Execute(w io.Writer, kind string, data any) error {
	tpl, ok := t.pages[kind]
	if !ok {
		return fmt.Errorf("theme has no %s page", kind)
	}
	if err := tpl.ExecuteTemplate(w, "base", data); err != nil {
		return fmt.Errorf("%s (or base.html): %s — %s", t.fsys.where(kind+".html"), strings.TrimPrefix(err.Error(), "template: "), templateFix)
	}
	return nil
}

// Read returns a theme file by its slash-separated name, e.g.
// "notices/nb/email.txt": the site's own if it has one, else the default.
func (t *Theme) Read(name string) ([]byte, error) { return t.fsys.ReadFile(name) }

// ExecuteSnippet renders a standalone template such as notice.inc.
func (t *Theme) ExecuteSnippet(w io.Writer, name string, data any) error {
	tpl, ok := t.snippets[name]
	if !ok {
		return fmt.Errorf("theme has no snippet %s", name)
	}
	if err := tpl.Execute(w, data); err != nil {
		return t.fsys.templateError(name, err)
	}
	return nil
}

// checkStrings makes sure every language has every word the default
// language file (nb) has, so that no page shows a missing word; a word
// with plural forms needs its other form, and the others it has.
func (t *Theme) checkStrings(fsys overlay) error {
	ref := t.strings["nb"]
	if ref == nil {
		return errors.New("theme: i18n/nb.yaml is missing")
	}
	for _, lang := range t.Languages() {
		s := t.strings[lang]
		var missing []string
		for k := range ref.Words {
			if _, ok := s.Words[k]; ok {
				continue
			}
			// A plural form bokmål has (one) that another language does
			// not (Japanese has other alone) is that language's other.
			if base, _, plural := pluralKey(k); plural {
				if _, ok := s.Words[base+".other"]; ok {
					continue
				}
			}
			missing = append(missing, k)
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			return fmt.Errorf("%s: missing words %s — copy them from templates/i18n/nb.yaml and translate them",
				fsys.where("i18n/"+lang+".yaml"), strings.Join(missing, ", "))
		}
	}
	return nil
}

// overlay is the theme's files: a file from dir if it is there, else from
// base. It is an fs.FS, read by template.ParseFS; it keeps what it reads
// in reads, if not nil, so that a theme knows its own fingerprint.
type overlay struct {
	dir   string
	base  fs.FS
	reads *[]themeFile
}

func (o overlay) override(name string) string {
	if o.dir == "" {
		return ""
	}
	p := filepath.Join(o.dir, filepath.FromSlash(name))
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// Open opens a file of the overlay. The theme reads with ReadFile, which
// keeps a site's own file from hanging or filling the memory.
func (o overlay) Open(name string) (fs.File, error) {
	if p := o.override(name); p != "" {
		return os.Open(p)
	}
	return o.base.Open(name)
}

// Stat describes a file of the overlay without reading it.
func (o overlay) Stat(name string) (fs.FileInfo, error) {
	if p := o.override(name); p != "" {
		return os.Stat(p)
	}
	return fs.Stat(o.base, name)
}

// ReadFile reads a file of the overlay, with LF line ends.
func (o overlay) ReadFile(name string) ([]byte, error) {
	var b []byte
	var err error
	p := o.override(name)
	if p != "" {
		// The site's own file: read as every file of the site is, so that
		// a pipe or a link to a device fails with the file named
		// (content.FileError) instead of hanging or filling the memory.
		if path.Ext(name) == ".wasm" { // binary, and megabytes
			if b, err = content.ReadFile(p, MaxWasmSize); err != nil {
				return nil, err
			}
		} else if b, err = content.ReadFile(p, content.MaxTemplateSize); err != nil {
			return nil, err
		} else {
			b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		}
	} else if o.base == templates.FS && name == CompareWasm {
		b = templates.Wasm // not copied: nothing changes the theme's bytes
	} else if b, err = fs.ReadFile(o.base, name); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if o.reads != nil {
		*o.reads = append(*o.reads, themeFile{name, b, p != ""})
	}
	return b, nil
}

// where names the file a theme file was read from, for error messages.
func (o overlay) where(name string) string {
	if p := o.override(name); p != "" {
		return p
	}
	return "default theme " + name
}

// list returns the names without ext of the files in folder dir, from the
// base and the override together.
func (o overlay) list(dir, ext string) ([]string, error) {
	set := map[string]bool{}
	entries, err := fs.ReadDir(o.base, dir)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ext) {
			set[strings.TrimSuffix(e.Name(), ext)] = true
		}
	}
	if o.dir != "" {
		if entries, err := os.ReadDir(filepath.Join(o.dir, dir)); err == nil {
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ext) && !strings.HasPrefix(e.Name(), ".") {
					set[strings.TrimSuffix(e.Name(), ext)] = true
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

// templateFix is what to do about a site's own template that fails.
const templateFix = "fix the template or remove it to use the default"

func (o overlay) templateError(name string, err error) error {
	if fe := (*content.FileError)(nil); errors.As(err, &fe) {
		return fe // a file that cannot be read says so itself
	}
	return fmt.Errorf("%s: %s — %s", o.where(path.Clean(name)), strings.TrimPrefix(err.Error(), "template: "), templateFix)
}
