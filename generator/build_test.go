package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/feed"
	"policysite/generator/publish"
	"policysite/generator/theme"

	"policysite/generator/msg"
	"policysite/internal/contract"
	"policysite/internal/sitegen"
	"policysite/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func day(s string) content.Clock {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return content.Clock{Day: t, Real: t.Add(12 * time.Hour)} // as if it were that day
}

func generate(t *testing.T, source, now string) map[string][]byte {
	t.Helper()
	site, th, err := Load(source)
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := generateSite(site, th, day(now), GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden compares a few pages of small sites with golden files, so that
// a change to the theme or the pages is seen and reviewed. testdata/contents
// is long enough for a table of contents, with headings that must be
// escaped, in the contents and in a diff's summary of changes.
func TestGolden(t *testing.T) {
	for _, site := range []struct {
		dir, golden string
		pages       []string
	}{
		{"testdata/basic", "testdata/golden", []string{
			"personvern/index.html",
			"personvern/2025-01-01/index.html",
			"personvern/2026-03-01/diff/index.html",
			"personvern/history/index.html",
			"personvern/versions.json",
			"en/personvern/index.html",
			"index.html",
			"404.html",
			"sitemap.xml",
			"robots.txt",
			"personvern/feed.xml",
			"personvern/feed.json",
			"personvern/at/index.html",
			"notice.json",
			"notice.inc",
		}},
		{"testdata/contents", "testdata/golden/contents", []string{
			"personvern/index.html",
			"personvern/2026-01-01/diff/index.html",
		}},
		// Each section's history: a clause renumbered and moved, one
		// renamed, one removed, a translation's; the history pages that
		// list them.
		{"../examples/demo", "testdata/golden/demo", []string{
			"personvern/history/sections/hvor-lenge-vi-lagrer-opplysningene/index.html",
			"informasjonskapsler/history/sections/samtykke-og-hvordan-du-velger-bort/index.html",
			"personvern/history/sections/utlevering-og-databehandlere/index.html",
			"en/personvern/history/sections/intro/index.html",
			"personvern/history/index.html",
		}},
	} {
		t.Run(filepath.Base(site.dir), func(t *testing.T) {
			files := generate(t, site.dir, "2026-11-26")
			for _, name := range site.pages {
				t.Run(name, func(t *testing.T) {
					got, ok := files[name]
					if !ok {
						t.Fatalf("%s: %s was not generated", site.dir, name)
					}
					golden := filepath.Join(site.golden, strings.ReplaceAll(name, "/", "_"))
					if *update {
						if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(golden, got, 0o644); err != nil {
							t.Fatal(err)
						}
					}
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatalf("%v (run go test ./generator -update to create it)", err)
					}
					if !bytes.Equal(got, want) {
						t.Errorf("%s differs from %s; if the change is intended, run go test ./generator -update and review the diff", name, golden)
					}
				})
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a := generate(t, "../examples/demo", "2026-11-26")
	b := generate(t, "../examples/demo", "2026-11-26")
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestBuildTwiceIdentical builds to disk twice and compares every byte.
func TestBuildTwiceIdentical(t *testing.T) {
	dir := t.TempDir()
	for _, dest := range []string{"a", "b"} {
		if _, err := Build(Options{Source: "../examples/demo", Dest: filepath.Join(dir, dest), Clock: day("2026-11-26")}); err != nil {
			t.Fatal(err)
		}
	}
	a, b := treeOf(t, filepath.Join(dir, "a")), treeOf(t, filepath.Join(dir, "b"))
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs", name)
		}
	}
}

// A rebuild over its own output writes only the files whose bytes changed:
// the others are the same files as before (hard links), and a new
// translation leaves most of them so.
func TestRebuildWritesOnlyChanges(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/basic", src)
	dest := filepath.Join(t.TempDir(), "public")
	build := func() map[string]os.FileInfo {
		t.Helper()
		if _, err := Build(Options{Source: src, Dest: dest, Clock: day("2026-11-26")}); err != nil {
			t.Fatal(err)
		}
		files := map[string]os.FileInfo{}
		err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files[p], err = d.Info()
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	first := build()
	second := build()
	for p, info := range second {
		if !os.SameFile(info, first[p]) {
			t.Errorf("%s was written again, unchanged", p)
		}
	}
	sitegen.FilesIn(t, src, map[string]string{"content/personvern/2025-01-01.en.md": "---\ntitle: Privacy policy\nsummary: First version.\n---\nWe look after your personal data, and more.\n"})
	third, same := build(), 0
	for p, info := range third {
		if os.SameFile(info, second[p]) {
			same++
		}
	}
	if same == 0 || same == len(third) {
		t.Errorf("%d of %d files kept after adding a translation: want most, not all", same, len(third))
	}
}

func treeOf(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out, err := readTree(root)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkContract checks the output contract on a generated site: every URL in
// every versions.json exists, every revision page has one policy body, and
// every diff page keeps the invariant against the pages it compares.
func checkContract(t *testing.T, files map[string][]byte, basePath string) (revisions int) {
	t.Helper()
	page := func(url string) []byte {
		rel := strings.TrimPrefix(url, basePath)
		data, ok := files[rel+"index.html"]
		if !ok {
			t.Errorf("%s in versions.json does not exist", url)
		}
		return data
	}
	var names []string
	for name := range files {
		if strings.HasSuffix(name, "versions.json") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatal("no versions.json")
	}
	for _, name := range names {
		v, err := contract.ReadVersions(files[name])
		if v == nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for i, r := range v.Revisions {
			revisions++
			if len(r.SHA256) != 64 || r.Title == "" || r.Summary == "" || r.Published > r.Effective {
				t.Errorf("%s: incomplete entry %+v", name, r)
			}
			body := page(r.URL)
			if _, err := contract.PolicyText(body); err != nil {
				t.Errorf("%s: %v", r.URL, err)
			}
			if (i == 0) != (r.DiffURL == "") {
				t.Errorf("%s: diff_url %q on revision %d", name, r.DiffURL, i)
			}
			if r.DiffURL == "" {
				continue
			}
			newer, older, err := contract.DiffTexts(page(r.DiffURL))
			if err != nil {
				t.Errorf("%s: %v", r.DiffURL, err)
				continue
			}
			wantNew, _ := contract.PolicyText(body)
			wantOld, _ := contract.PolicyText(page(v.Revisions[i-1].URL))
			if newer != wantNew || older != wantOld {
				t.Errorf("%s: the diff's texts do not match the revisions' policy bodies", r.DiffURL)
			}
		}
	}
	checkComparePages(t, files)
	return revisions
}

// checkComparePages checks the invariant on every page that compares a
// revision with the current one: <doc>/compare/<older>/<newer>/.
func checkComparePages(t *testing.T, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		parts := strings.Split(name, "/")
		i := slices.Index(parts, "compare")
		if i < 1 || len(parts) != i+4 {
			continue
		}
		doc := strings.Join(parts[:i], "/") + "/"
		newer, older, err := contract.DiffTexts(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		wantOld, err1 := contract.PolicyText(files[doc+parts[i+1]+"/index.html"])
		wantNew, err2 := contract.PolicyText(files[doc+parts[i+2]+"/index.html"])
		if err1 != nil || err2 != nil {
			t.Errorf("%s: compares revisions without pages: %v %v", name, err1, err2)
			continue
		}
		if newer != wantNew || older != wantOld {
			t.Errorf("%s: the diff's texts do not match the revisions' policy bodies", name)
		}
	}
}

// TestComparePages: every archived revision links to the changes since it,
// every upcoming one to its changes against the current one.
func TestComparePages(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	for _, want := range []struct{ page, link string }{
		{"personvern/2019-03-01/index.html", `href="../../personvern/compare/2019-03-01/2024-05-01/"`},
		{"personvern/2022-08-01/index.html", `href="../../personvern/2024-05-01/diff/"`},
		{"personvern/2027-01-15/index.html", `href="../../personvern/2027-01-15/diff/"`},
	} {
		if !bytes.Contains(files[want.page], []byte(want.link)) {
			t.Errorf("%s does not link to %s", want.page, want.link)
		}
	}
	if _, ok := files["personvern/compare/2019-03-01/2024-05-01/index.html"]; !ok {
		t.Error("no page compares 2019-03-01 with the current revision")
	}
}

func TestContractDemo(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	if n := checkContract(t, files, "/"); n < 7 {
		t.Errorf("only %d revisions in versions.json", n)
	}
	if _, ok := files["personvern/2027-06-01/index.html"]; ok {
		t.Error("a draft reached the output")
	}
}

func TestContractCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the corpus: skipped with -short")
	}
	src := "../../shared/corpora/github-privacy"
	if _, err := os.Stat(src); err != nil {
		t.Skip("../shared/corpora is absent; skipping the corpus build")
	}
	files := generate(t, src, "2026-11-26")
	if n := checkContract(t, files, "/"); n != 52 {
		t.Errorf("%d revisions in versions.json, want 52", n)
	}
}

// TestNoScript: the <script> in a revision reaches no page, and the only
// scripts on the site are the theme's own compare.js, wasm_exec.js and at.js, loaded from a file (a
// strict Content-Security-Policy forbids inline scripts).
func TestNoScript(t *testing.T) {
	files := generate(t, "testdata/basic", "2026-11-26")
	own := regexp.MustCompile(`<script src="[./]*(compare|wasm_exec|at)\.js" defer></script>`)
	for name, data := range files {
		// A revision page's JSON-LD is a data block, never run (TestLinkedData).
		lower := bytes.ToLower(ldJSON.ReplaceAll(own.ReplaceAll(data, nil), nil))
		if (strings.HasSuffix(name, ".html") && bytes.Contains(lower, []byte("<script"))) || bytes.Contains(bytes.ToLower(data), []byte(`alert("x")`)) {
			t.Errorf("%s contains a script element or the revision's script", name)
		}
	}
}

// TestNotices builds one site on several days and checks which notices
// appear on which pages.
func TestNotices(t *testing.T) {
	tests := []struct {
		now  string
		want map[string]string // page → notices on it, in order
	}{
		{"2025-06-01", map[string]string{
			"personvern/index.html":            "",
			"personvern/2025-01-01/index.html": "",
		}},
		{"2026-02-01", map[string]string{ // 2026-03-01 published, not in force
			"personvern/index.html":            "upcoming",
			"personvern/2025-01-01/index.html": "upcoming",
			"personvern/2026-03-01/index.html": "",
		}},
		{"2026-03-10", map[string]string{ // in force for 9 days
			"personvern/index.html":            "updated",
			"personvern/2025-01-01/index.html": "archived",
			"personvern/2026-03-01/index.html": "updated",
		}},
		{"2026-11-26", map[string]string{
			"personvern/index.html":            "",
			"personvern/2025-01-01/index.html": "archived",
			"personvern/2026-03-01/index.html": "",
		}},
	}
	for _, tt := range tests {
		files := generate(t, "testdata/basic", tt.now)
		for name, want := range tt.want {
			nodes, err := contract.Parse(files[name], "data-notice")
			if err != nil || files[name] == nil {
				t.Errorf("%s %s: missing or unparsable", tt.now, name)
				continue
			}
			var got []string
			for _, n := range nodes {
				for _, a := range n.Attr {
					if a.Key == "data-notice" {
						got = append(got, a.Val)
					}
				}
			}
			if strings.Join(got, " ") != want {
				t.Errorf("on %s, %s has notices %q, want %q", tt.now, name, got, want)
			}
		}
	}
}

// TestNoticesDemo follows the demo's history: an editorial change gets no
// notice, a legal one is announced in its own words.
func TestNoticesDemo(t *testing.T) {
	tests := []struct {
		now, notices, words string
	}{
		{"2021-02-15", "", ""}, // the editorial revision of 2021-02-10
		{"2022-07-01", "upcoming", "fordi lover eller forskrifter er endret"},
		{"2022-08-10", "updated", "fordi lover eller forskrifter er endret"},
		{"2022-09-15", "", ""}, // bannerDays (30) have passed
		{"2026-11-26", "upcoming", "Vi endrer hvordan vi behandler personopplysninger fra 15.\u00a0januar\u00a02027"},
	}
	for _, tt := range tests {
		files := generate(t, "../examples/demo", tt.now)
		page := files["personvern/index.html"]
		nodes, err := contract.Parse(page, "data-notice")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range nodes {
			for _, a := range n.Attr {
				if a.Key == "data-notice" {
					got = append(got, a.Val)
				}
			}
		}
		if strings.Join(got, " ") != tt.notices || !bytes.Contains(page, []byte(tt.words)) {
			t.Errorf("on %s the current page has notices %q, want %q with %q", tt.now, got, tt.notices, tt.words)
		}
	}
}

func TestFailedBuildKeepsOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: "testdata/basic", Dest: dest, Clock: day("2026-11-26")}); err != nil {
		t.Fatal(err)
	}
	before := treeOf(t, dest)

	broken := t.TempDir()
	copyTree(t, "testdata/basic", broken)
	bad := filepath.Join(broken, "content", "personvern", "2026-03-01.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: T\nsumary: typo\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Options{Source: broken, Dest: dest, Clock: day("2026-11-26")})
	var errs diag.List
	if !errors.As(err, &errs) {
		t.Fatalf("want content errors, got %v", err)
	}
	if !strings.Contains(errs.Error(), bad+":3: unknown key \"sumary\"") {
		t.Errorf("error does not name the file and line:\n%s", errs.Error())
	}
	after := treeOf(t, dest)
	if len(after) != len(before) {
		t.Fatalf("output changed: %d files, then %d", len(before), len(after))
	}
	for name := range before {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("%s changed by a failed build", name)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.*-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
}

// A build that fails while it writes pages (here, a theme template that
// fails on a diff page) leaves the output as it was, and nothing beside it.
func TestFailedWriteKeepsOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: "testdata/basic", Dest: dest, Clock: day("2026-11-26")}); err != nil {
		t.Fatal(err)
	}
	before := treeOf(t, dest)
	broken := t.TempDir()
	copyTree(t, "testdata/basic", broken)
	if err := os.MkdirAll(filepath.Join(broken, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "templates", "diff.html"), []byte(`{{define "main"}}{{.NoSuchField}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Options{Source: broken, Dest: dest, Clock: day("2026-11-26")}); err == nil || !strings.Contains(err.Error(), "NoSuchField") ||
		!strings.Contains(err.Error(), filepath.Join(broken, "templates", "diff.html")) || !strings.Contains(err.Error(), "fix the template or remove it to use the default") {
		t.Fatalf("want the template's error, naming the file and what to do, got %v", err)
	}
	after := treeOf(t, dest)
	if len(after) != len(before) {
		t.Fatalf("output changed: %d files, then %d", len(before), len(after))
	}
	for name := range before {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("%s changed by a failed build", name)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.*-*")); len(leftovers) > 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
}

// A site's own notice.inc that fails names itself and what to do.
func TestSnippetErrorNamesFile(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/basic", dir)
	sitegen.FilesIn(t, dir, map[string]string{"templates/notice.inc": `{{.Nope.Deeper}}`})
	site, th, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = generateSite(site, th, day("2026-02-01"), GenerateOptions{})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "templates", "notice.inc")+":") || !strings.Contains(err.Error(), "fix the template or remove it to use the default") {
		t.Errorf("got %v", err)
	}
}

// A failure while the pages are made on every core is reported once, not
// once by each worker that met it too: a full disk, or a broken template.
func TestPageFailureReportedOnce(t *testing.T) {
	site, th, err := Load("../examples/demo")
	if err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	for range 10 {
		_, err := Generate(&Loaded{Day: site.On(day("2026-11-26")), Theme: th}, failing{full}, GenerateOptions{})
		if n := strings.Count(fmt.Sprint(err), full.Error()); n != 1 {
			t.Fatalf("a write that always fails reported %d times: %v", n, err)
		}
	}

	broken := t.TempDir()
	copyTree(t, "../examples/demo", broken)
	sitegen.FilesIn(t, broken, map[string]string{"templates/diff.html": `{{define "main"}}{{.NoSuchField}}{{end}}`})
	site, th, err = Load(broken)
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		_, _, err := generateSite(site, th, day("2026-11-26"), GenerateOptions{})
		if n := strings.Count(fmt.Sprint(err), "page /"); n != 1 || !strings.Contains(err.Error(), "NoSuchField") {
			t.Fatalf("a template that fails on every diff page reported %d times: %v", n, err)
		}
	}
}

// failing is a Writer whose every write fails, as on a full disk.
type failing struct{ err error }

func (f failing) Write(string, []byte) error { return f.err }

// names is a Writer that counts what it is given, and keeps nothing.
type names struct {
	mu    sync.Mutex
	count map[string]int
}

func (n *names) Write(name string, _ []byte) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.count[name]++
	return nil
}

// Every file goes through the Writer once, and the build on disk (the
// publishing writer) is byte for byte the build in memory (Files).
func TestOneOutputPath(t *testing.T) {
	l, err := LoadChecked("../examples/demo", day("2026-11-26"))
	if err != nil {
		t.Fatal(err)
	}
	var mem Files
	if _, err := Generate(l, &mem, GenerateOptions{}); err != nil {
		t.Fatal(err)
	}
	want := mem.Map()
	// The files made already are kept as they are (Keeper), not copied.
	if w := want[theme.CompareWasm]; len(w) == 0 || &w[0] != &templates.Wasm[0] {
		t.Error("the build in memory holds a copy of the theme's compare.wasm")
	}
	seen := &names{count: map[string]int{}}
	if _, err := Generate(l, seen, GenerateOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, n := range seen.count {
		if n != 1 {
			t.Errorf("%s written %d times", name, n)
		}
	}
	if len(seen.count) != len(want) {
		t.Errorf("%d files written, want %d", len(seen.count), len(want))
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: "../examples/demo", Dest: dest, Clock: day("2026-11-26")}); err != nil {
		t.Fatal(err)
	}
	disk := treeOf(t, dest)
	delete(disk, publish.Marker)
	if len(disk) != len(want) {
		t.Errorf("%d files on disk, want %d", len(disk), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(disk[name], data) {
			t.Errorf("%s on disk differs from the build in memory", name)
		}
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	files := map[string]string{}
	for name, data := range treeOf(t, from) {
		files[name] = string(data)
	}
	sitegen.FilesIn(t, to, files)
}

func TestCheckDest(t *testing.T) {
	site := t.TempDir()
	for _, sub := range []string{"content/personvern", "templates"} {
		if err := os.MkdirAll(filepath.Join(site, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		dest string
		want string // "" for allowed
	}{
		{filepath.Join(site, "public"), ""},
		{filepath.Join(filepath.Dir(site), "elsewhere"), ""},
		{site, "is the source folder"},
		{site + "/.", "is the source folder"},
		{filepath.Dir(site), "contains the source folder"},
		{"/", "contains the source folder"},
		{filepath.Join(site, "content"), "inside the site's content/ folder"},
		{filepath.Join(site, "content", "personvern", "out"), "inside the site's content/ folder"},
		{filepath.Join(site, "templates", "x"), "inside the site's templates/ folder"},
		{"", "--dest is empty"},
	}
	for _, tt := range tests {
		err := CheckDest(site, tt.dest)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckDest(%q) = %v, want allowed", tt.dest, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckDest(%q) = %v, want %q", tt.dest, err, tt.want)
		}
	}
}

// TestFeed reads the Atom feed back and checks what RFC 4287 requires, and
// that an entry keeps its id from one day's build to the next.
func TestFeed(t *testing.T) {
	ids := map[string]string{} // title → id
	for _, now := range []string{"2026-02-01", "2026-11-26"} {
		files := generate(t, "testdata/basic", now)
		var f feed.Feed
		if err := xml.Unmarshal(files["personvern/feed.xml"], &f); err != nil {
			t.Fatalf("%s: the feed does not parse: %v", now, err)
		}
		if f.XMLName.Space != feed.Namespace || f.ID == "" || f.Title.Value == "" || time.Time(f.Updated).IsZero() || f.Author.Name == "" {
			t.Errorf("%s: feed lacks a required element: %+v", now, f)
		}
		// Two material revisions are published by both days; the draft and
		// nothing editorial are left out.
		if len(f.Entries) != 2 {
			t.Fatalf("%s: %d entries, want 2", now, len(f.Entries))
		}
		for _, e := range f.Entries {
			if e.ID == "" || e.Title.Value == "" || time.Time(e.Updated).IsZero() || len(e.Links) == 0 || e.Links[0].Rel != "alternate" {
				t.Errorf("%s: entry lacks a required element: %+v", now, e)
			}
			if old, ok := ids[e.Title.Value]; ok && old != e.ID {
				t.Errorf("entry %q changed its id from %s to %s", e.Title.Value, old, e.ID)
			}
			ids[e.Title.Value] = e.ID
			if time.Time(e.Updated).After(time.Time(f.Updated)) {
				t.Errorf("entry updated after its feed")
			}
		}
		if got := f.Entries[0].Links[0].Href; got != "https://example.no/personvern/personvern/2026-03-01/diff/" {
			t.Errorf("%s: newest entry links to %s, want its diff", now, got)
		}
		if f.Entries[0].Categories[0].Term != "processing" {
			t.Errorf("reason not given as a category: %+v", f.Entries[0].Categories)
		}
	}
}

// TestFeedFirstVersion: the entry of a document's first revision says it
// is the first version, in the feed's language, and gives no reason, as
// the history does; the entries of changes keep theirs, and so does a
// translation's first revision, which translates a change. A first
// revision marked editorial is in the feed all the same: it began the
// document.
func TestFeedFirstVersion(t *testing.T) {
	type entry struct{ title, category string }
	entries := func(files map[string][]byte, name string) []entry {
		t.Helper()
		var f feed.Feed
		if err := xml.Unmarshal(files[name], &f); err != nil {
			t.Fatalf("%s does not parse: %v", name, err)
		}
		var got []entry
		for _, e := range f.Entries {
			var terms []string
			for _, c := range e.Categories {
				terms = append(terms, c.Term)
			}
			got = append(got, entry{e.Title.Value, strings.Join(terms, " ")})
		}
		return got
	}
	demo := generate(t, "../examples/demo", "2026-11-26")
	editorial := generate(t, sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\nlanguage: nn\n",
		"content/personvern/2020-01-01.md": "---\ntitle: P\nsummary: Den første.\nreason: editorial\n---\nTekst.\n",
		"content/personvern/2020-06-01.md": "---\ntitle: P\nsummary: Skrivefeil.\nreason: editorial\n---\nTeksten.\n",
		"content/personvern/2021-01-01.md": "---\ntitle: P\nsummary: Vi lagrar telefonnummeret.\nreason: legal\n---\nTeksten og telefon.\n",
	}), "2026-11-26")
	for _, tt := range []struct {
		files map[string][]byte
		name  string
		want  []entry
	}{
		{demo, "personvern/feed.xml", []entry{
			{"Ny versjon fra 15. januar 2027: Endret behandling av personopplysninger", "processing"},
			{"Ny versjon fra 1. mai 2024: Endret behandling av personopplysninger", "processing"},
			{"Ny versjon fra 1. august 2022: Endret lov eller forskrift", "legal"},
			{"Ny versjon fra 1. september 2020: Endret behandling av personopplysninger", "processing"},
			{"Første versjon fra 1. mars 2019", ""},
		}},
		{demo, "en/personvern/feed.xml", []entry{
			{"New version from 1 May 2024: Change in how personal data is processed", "processing"},
		}},
		{editorial, "personvern/feed.xml", []entry{
			{"Ny versjon frå 1. januar 2021: Endra lov eller forskrift", "legal"},
			{"Første versjon frå 1. januar 2020", ""},
		}},
	} {
		if got := entries(tt.files, tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("%s: entries\n%q\nwant\n%q", tt.name, got, tt.want)
		}
	}
	if first := string(demo["personvern/feed.xml"]); !strings.Contains(first, "<summary type=\"text\">Første versjon av personvernerklæringen vår. Den forklarer hvilke personopplysninger vi behandler når du kjøper fjernvarme fra oss, hvorfor vi gjør det, og hvilke rettigheter du har. Gjelder fra 1. mars 2019.</summary>") {
		t.Errorf("the first version's entry does not give its summary and the day it took effect:\n%s", first)
	}
}

// TestWidget checks notice.json, notice.js and notice.inc on a day with an
// upcoming change and on a day without any.
func TestWidget(t *testing.T) {
	files := generate(t, "testdata/basic", "2026-02-01")
	var w struct {
		Notices []struct {
			ID, Kind, Language, Message, DiffURL string
		}
	}
	if err := json.Unmarshal(files["notice.json"], &w); err != nil {
		t.Fatal(err)
	}
	if len(w.Notices) != 2 { // bokmål and English
		t.Fatalf("%d notices, want 2: %s", len(w.Notices), files["notice.json"])
	}
	n := w.Notices[0]
	if n.Kind != "upcoming" || n.Language != "nb" || !strings.Contains(n.Message, "1. mars 2026") {
		t.Errorf("notice %+v", n)
	}
	if !bytes.Contains(files["notice.js"], []byte(`"id":"personvern/nb/2026-03-01/upcoming"`)) || bytes.Contains(files["notice.js"], []byte("/*@NOTICES@*/")) {
		t.Error("notice.js does not carry the notices")
	}
	// The script reads the same on a host page in any encoding: ASCII only,
	// with the notices' own letters escaped.
	if i := bytes.IndexFunc(files["notice.js"], func(r rune) bool { return r >= 0x80 }); i >= 0 || !bytes.Contains(files["notice.js"], []byte(`\u00e6`)) {
		t.Errorf("notice.js is not ASCII with escaped letters (first other byte at %d)", i)
	}
	if !bytes.Contains(files["notice.inc"], []byte(`data-notice="upcoming"`)) || !bytes.Contains(files["en/notice.inc"], []byte("We are changing how we process personal data from 1 March 2026")) {
		t.Errorf("notice.inc:\n%s", files["notice.inc"])
	}

	files = generate(t, "testdata/basic", "2026-11-26")
	if bytes.Contains(files["notice.inc"], []byte("data-notice")) || !bytes.Contains(files["notice.json"], []byte(`"notices": []`)) {
		t.Error("a notice on a day without one")
	}
}

// A document's first revision, published and not yet in force, has nothing
// in force to be compared with: the notice links to the revision itself,
// in the widget as in policysite notice. The notice names the document.
func TestWidgetFirstUpcoming(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\n",
		"content/personvern/2026-01-01.md": "---\ntitle: P\nsummary: Først.\n---\nTekst.\n",
		"content/vilkar/2027-01-01.md":     "---\ntitle: Vilkår\nsummary: Nye vilkår.\nreason: legal\npublished: 2026-11-01\n---\nTekst.\n",
	})
	files := generate(t, dir, "2026-11-26")
	var w struct {
		Notices []struct {
			ID, Message string
			DiffURL     string `json:"diff_url"`
		}
	}
	if err := json.Unmarshal(files["notice.json"], &w); err != nil {
		t.Fatal(err)
	}
	if len(w.Notices) != 1 || w.Notices[0].DiffURL != "https://example.no/vilkar/2027-01-01/" {
		t.Fatalf("notices %+v, want one linking to https://example.no/vilkar/2027-01-01/", w.Notices)
	}
	// On the company's main site, the notice says which document changes,
	// and a change for the law's sake is not the privacy policy's.
	if want := "Vilkår: Teksten endres fra 1. januar 2027 fordi lover eller forskrifter er endret:"; w.Notices[0].Message != want {
		t.Errorf("message %q, want %q", w.Notices[0].Message, want)
	}
	if !bytes.Contains(files["notice.inc"], []byte(`href="https://example.no/vilkar/2027-01-01/"`)) {
		t.Errorf("notice.inc does not link to the revision:\n%s", files["notice.inc"])
	}
}

// A diff too large to make word by word is made coarser, and its page says
// so, above the summary.
func TestDegradedDiffSaysSo(t *testing.T) {
	var a, b strings.Builder
	for i := range 4000 {
		fmt.Fprintf(&a, "ord%d ", i*7%4000)
		fmt.Fprintf(&b, "ord%d ", i*13%4000)
	}
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\n",
		"content/personvern/2026-01-01.md": "---\ntitle: P\nsummary: Først.\n---\n" + a.String() + "\n",
		"content/personvern/2026-06-01.md": "---\ntitle: P\nsummary: Stokket.\nreason: editorial\n---\n" + b.String() + "\n",
	})
	page := string(generate(t, dir, "2026-11-26")["personvern/2026-06-01/diff/index.html"])
	if !strings.Contains(page, `class="notice notice-degraded"`) || !strings.Contains(page, "forenklet") {
		t.Errorf("the degraded diff's page does not say so")
	}
}

// A typo fixed after a material change does not end the change's notice.
func TestUpdatedSurvivesEditorial(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\nbannerDays: 30\n",
		"content/personvern/2020-01-01.md": "---\ntitle: P\nsummary: Først.\n---\nTekst.\n",
		"content/personvern/2020-06-01.md": "---\ntitle: P\nsummary: Vi lagrer telefonnummeret.\npublished: 2020-04-01\n---\nTekst og telefon.\n",
		"content/personvern/2020-06-10.md": "---\ntitle: P\nsummary: Skrivefeil.\nreason: editorial\n---\nTekst og telefonnummer.\n",
	})
	for _, tt := range []struct {
		now  string
		want bool
	}{{"2020-06-15", true}, {"2020-07-02", false}} {
		page := generate(t, dir, tt.now)["personvern/index.html"]
		has := bytes.Contains(page, []byte(`data-notice="updated"`)) && bytes.Contains(page, []byte("Vi lagrer telefonnummeret."))
		if has != tt.want {
			t.Errorf("on %s the updated notice of 2020-06-01 shown: %v, want %v", tt.now, has, tt.want)
		}
	}
}

// Every content error is reported in one run, the lead-time rule's too.
func TestAllErrorsAtOnce(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\n",
		"content/personvern/2026-01-01.md": "---\ntitle: P\nsumary: typo\n---\nTekst.\n",
		"content/personvern/2026-12-01.md": "---\ntitle: P\nsummary: For sent.\npublished: 2026-11-20\n---\nTekst.\n",
	})
	_, err := Build(Options{Source: dir, Dest: filepath.Join(t.TempDir(), "out"), Clock: day("2026-11-26")})
	var errs diag.List
	if !errors.As(err, &errs) || !strings.Contains(err.Error(), `unknown key "sumary"`) || !strings.Contains(err.Error(), "2026-12-01.md:4: this processing change is published on 2026-11-20, 11 days before") {
		t.Errorf("got %v", err)
	}
}

// serve --drafts shows drafts, marked as such; a build for publishing never.
func TestDrafts(t *testing.T) {
	site, th, err := Load("testdata/basic")
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := generateSite(site, th, day("2026-11-26"), GenerateOptions{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if page := files["personvern/2027-01-01/index.html"]; !bytes.Contains(page, []byte("Utkast: denne versjonen publiseres 1.\u00a0desember\u00a02026")) {
		t.Errorf("the draft is not shown as a draft:\n%s", page)
	}
	if _, ok := generate(t, "testdata/basic", "2026-11-26")["personvern/2027-01-01/index.html"]; ok {
		t.Error("a draft was published")
	}
}

// A published revision cannot change silently: build refuses, unless the
// revision records a correction, which its page then shows with its date.
func TestLock(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\n",
		"content/personvern/2026-01-01.md": "---\ntitle: P\nsummary: Først.\n---\nTelefon 12 34 56 78.\n",
		"content/personvern/2027-06-01.md": "---\ntitle: P\nsummary: Utkast.\npublished: 2027-04-01\n---\nUtkast.\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	build := func(now string) error {
		_, err := Build(Options{Source: dir, Dest: dest, Clock: day(now), Record: true})
		return err
	}
	if _, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-11-26"), Record: true, History: true}); err != nil {
		t.Fatal(err)
	}
	lock, _ := os.ReadFile(filepath.Join(dir, content.LockFile))
	if !bytes.Contains(lock, []byte("personvern/2026-01-01.md 2026-11-26 ")) || bytes.Contains(lock, []byte("2027-06-01")) {
		t.Fatalf("lock:\n%s", lock)
	}

	rev := filepath.Join(dir, "content", "personvern", "2026-01-01.md")
	if err := os.WriteFile(rev, []byte("---\ntitle: P\nsummary: Først.\n---\nTelefon 87 65 43 21.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := build("2026-11-27")
	if err == nil || !strings.Contains(err.Error(), rev+":1: this revision was published on 2026-01-01 and its text has changed since") || !strings.Contains(err.Error(), "correction:") {
		t.Fatalf("an edit of a published revision was not refused: %v", err)
	}
	if findings, _ := Check(dir, day("2026-11-27")); len(findings) == 0 || findings[0].Level != "error" {
		t.Errorf("check did not refuse it: %v", findings)
	}

	if err := os.WriteFile(rev, []byte("---\ntitle: P\nsummary: Først.\ncorrection: Rettet feil telefonnummer.\n---\nTelefon 87 65 43 21.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build("2026-11-28"); err != nil {
		t.Fatal(err)
	}
	lock, _ = os.ReadFile(filepath.Join(dir, content.LockFile))
	if !regexp.MustCompile(` corrected [0-9a-f]{12}\n`).Match(lock) || bytes.Count(lock, []byte("personvern/2026-01-01.md")) != 2 {
		t.Errorf("the correction is not in the lock:\n%s", lock)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "personvern", "2026-01-01", "index.html"))
	versions, _ := os.ReadFile(filepath.Join(dest, "personvern", "versions.json"))
	if !bytes.Contains(page, []byte("Rettet 28.\u00a0november\u00a02026:</strong> Rettet feil telefonnummer.")) ||
		!bytes.Contains(versions, []byte(`"corrected": "2026-11-28"`)) {
		t.Errorf("the correction is not shown with its date")
	}

	// A later edit needs a correction of its own.
	if err := os.WriteFile(rev, []byte("---\ntitle: P\nsummary: Først.\ncorrection: Rettet feil telefonnummer.\n---\nTelefon 11 11 11 11.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build("2026-11-29"); err == nil || !strings.Contains(err.Error(), "has changed again since its correction recorded on 2026-11-28") {
		t.Errorf("a second edit under the first correction passed: %v", err)
	}
	if err := os.WriteFile(rev, []byte("---\ntitle: P\nsummary: Først.\ncorrection: Rettet feil telefonnummer.\n---\nTelefon 87 65 43 21.\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// A published revision may not disappear or be renamed.
	if err := os.Rename(rev, filepath.Join(dir, "content", "personvern", "2026-01-02.md")); err != nil {
		t.Fatal(err)
	}
	renamed := filepath.Join("content", "personvern", "2026-01-02.md")
	// The fix names the file as a command run where the build was can use
	// it, with the site folder.
	gone := filepath.Join(dir, "content", "personvern", "2026-01-01.md")
	if err := build("2026-11-29"); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, content.LockFile)+":3: "+gone+" was published and recorded here on 2026-11-26, and has been renamed to ") ||
		!strings.Contains(err.Error(), "git checkout "+filepath.ToSlash(gone)) ||
		!strings.Contains(err.Error(), renamed) {
		t.Errorf("a renamed revision passed: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, renamed)); err != nil {
		t.Fatal(err)
	}
	if err := build("2026-11-29"); err == nil || !strings.Contains(err.Error(), "2026-01-01.md was published and recorded here on 2026-11-26, and is gone;") {
		t.Errorf("a removed revision passed: %v", err)
	}
}

// The chain in versions.json is sha256(previous chain + sha256), as hex.
func TestChain(t *testing.T) {
	var v struct {
		Revisions []struct{ SHA256, Chain string }
	}
	if err := json.Unmarshal(generate(t, "../examples/demo", "2026-11-26")["personvern/versions.json"], &v); err != nil {
		t.Fatal(err)
	}
	prev := ""
	for _, r := range v.Revisions {
		sum := sha256.Sum256([]byte(prev + r.SHA256))
		if want := hex.EncodeToString(sum[:]); r.Chain != want {
			t.Fatalf("chain %s, want %s", r.Chain, want)
		}
		prev = r.Chain
	}
	if len(v.Revisions) < 6 {
		t.Fatal("too few revisions")
	}
}

// verify catches a page edited by hand, a hash changed in versions.json, a
// page removed, a file added.
func TestVerify(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: "../examples/demo", Dest: dest, Clock: day("2026-11-26")}); err != nil {
		t.Fatal(err)
	}
	if fs, err := Verify("../examples/demo", dest, &content.Clock{Real: day("2026-11-26").Real}); err != nil || len(fs) != 0 {
		t.Fatalf("a fresh build does not verify: %v %v", fs, err)
	}
	edit := func(name, old, replacement string) {
		p := filepath.Join(dest, filepath.FromSlash(name))
		data, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(replacement), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("personvern/index.html", "Fjordvarme AS leverer", "Fjordvarme AS leverte")
	var v contract.Versions
	_ = json.Unmarshal(treeOf(t, dest)["personvern/versions.json"], &v)
	edit("personvern/versions.json", v.Revisions[0].SHA256, strings.Repeat("0", 64))
	if err := os.RemoveAll(filepath.Join(dest, "personvern", "2020-09-01", "diff")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "extra.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, err := Verify("../examples/demo", dest, &content.Clock{Real: day("2026-11-26").Real})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.WithLevel(msg.English))
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{
		"personvern/index.html:", "differs from what the content gives",
		"personvern/versions.json:", "the sha256 of the revision of 2019-03-01 is 000000000000…",
		"personvern/2020-09-01/diff/index.html:1: error: missing",
		"the link ../../personvern/2020-09-01/diff/ leads to no page of the site",
		"extra.html:1: error: not made from this content",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("verify did not report %q:\n%s", want, text)
		}
	}
}

// TestStrictCSP: no page needs anything a strict Content-Security-Policy
// forbids: inline scripts, inline styles, event attributes, javascript:
// links, or anything from another host.
func TestStrictCSP(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	if !bytes.Contains(files["_headers"], []byte("Content-Security-Policy: default-src 'none'; script-src 'self'")) {
		t.Error("_headers lacks the policy")
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				src := ""
				for _, a := range n.Attr {
					switch {
					case a.Key == "style", strings.HasPrefix(a.Key, "on"):
						t.Errorf("%s: <%s %s=…>", name, n.Data, a.Key)
					case a.Key == "src" || a.Key == "href":
						src = a.Val
						if strings.HasPrefix(strings.ToLower(a.Val), "javascript:") || strings.HasPrefix(a.Val, "//") {
							t.Errorf("%s: %s=%s", name, a.Key, a.Val)
						}
						loads := n.Data == "script" || n.Data == "img" || (n.Data == "link" && !slices.ContainsFunc(n.Attr, func(a html.Attribute) bool {
							return a.Key == "rel" && (a.Val == "canonical" || a.Val == "alternate")
						}))
						if loads && strings.Contains(a.Val, "://") {
							t.Errorf("%s: loads %s from another host", name, a.Val)
						}
					}
				}
				if n.Data == "style" || (n.Data == "script" && src == "" && !dataBlock(n)) {
					t.Errorf("%s: an inline <%s>", name, n.Data)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
}

// TestBadInput: each kind of bad input fails the build with a message that
// names the file, and leaves the previous output exactly as it was. CRLF
// line ends are accepted.
func TestBadInput(t *testing.T) {
	rev := filepath.Join("content", "personvern", "2026-03-01.md")
	tests := []struct {
		name  string
		spoil func(t *testing.T, dir string)
		want  string // in the error; "" for a build that must succeed
	}{
		{"invalid YAML", func(t *testing.T, dir string) {
			overwrite(t, dir, rev, "---\ntitle: [P\nsummary: S\n---\nTekst.\n")
		}, rev + ":2: cannot read this line"},
		{"BOM", func(t *testing.T, dir string) {
			overwrite(t, dir, rev, "\xef\xbb\xbf---\ntitle: P\nsummary: S\n---\nTekst.\n")
		}, rev + ":1: the file starts with a byte-order mark"},
		{"CRLF", func(t *testing.T, dir string) {
			data, _ := os.ReadFile(filepath.Join(dir, rev))
			overwrite(t, dir, rev, strings.ReplaceAll(string(data), "\n", "\r\n"))
		}, ""},
		{"not UTF-8", func(t *testing.T, dir string) {
			overwrite(t, dir, rev, "---\ntitle: P\nsummary: S\n---\nGr\xf8nn.\n")
		}, rev + ":5: the file is not valid UTF-8 text"},
		{"empty", func(t *testing.T, dir string) { overwrite(t, dir, rev, "") }, rev + ":1: the file is empty"},
		{"binary", func(t *testing.T, dir string) {
			overwrite(t, dir, rev, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		}, rev + ":3: the file contains NUL bytes"},
		{"50 MB", func(t *testing.T, dir string) {
			if err := os.Truncate(filepath.Join(dir, rev), 50<<20); err != nil {
				t.Fatal(err)
			}
		}, rev + ":1: the file is larger than a policy can be"},
		{"symlink loop", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "content", "personvern", "2026-04-01.md")
			if err := os.Symlink(p, p); err != nil {
				t.Fatal(err)
			}
		}, "2026-04-01.md:1: cannot read: too many levels of symbolic links"},
		{"unreadable", func(t *testing.T, dir string) {
			if os.Geteuid() == 0 {
				t.Skip("root reads every file")
			}
			if err := os.Chmod(filepath.Join(dir, rev), 0); err != nil {
				t.Fatal(err)
			}
		}, rev + ":1: cannot read: permission denied"},
		{"no site.yaml", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "site.yaml")); err != nil {
				t.Fatal(err)
			}
		}, "site.yaml: there is no site.yaml"},
		{"bidi control", func(t *testing.T, dir string) {
			overwrite(t, dir, rev, "---\ntitle: P\nsummary: S\n---\nDu \u202eskal ikke\u202c betale.\n")
		}, rev + ":5: the text contains an invisible direction control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := t.TempDir()
			copyTree(t, "testdata/basic", src)
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(Options{Source: src, Dest: dest, Clock: day("2026-11-26")}); err != nil {
				t.Fatal(err)
			}
			before := treeOf(t, dest)
			tt.spoil(t, src)
			_, err := Build(Options{Source: src, Dest: dest, Clock: day("2026-11-27")})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var errs diag.List
			if !errors.As(err, &errs) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant content errors with %q", err, tt.want)
			}
			after := treeOf(t, dest)
			if len(after) != len(before) {
				t.Fatalf("output changed: %d files, then %d", len(before), len(after))
			}
			for name := range before {
				if !bytes.Equal(before[name], after[name]) {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
	// The destination may not be the source: refused before anything is read.
	if _, err := Build(Options{Source: "testdata/basic", Dest: "testdata/basic", Clock: day("2026-11-26")}); err == nil || !strings.Contains(err.Error(), "is the source folder") {
		t.Errorf("building into the source: %v", err)
	}
}

func overwrite(t *testing.T, dir, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// xssVectors are payloads from the usual lists, in every place a revision
// can put text: title, summary, urgent, correction and body.
var xssVectors = []string{
	`<script>alert(1)</script>`, `</script><script>alert(1)</script>`, `<!-- <script>alert(1)</script> -->`,
	`<img src=x onerror=alert(1)>`, `<svg onload=alert(1)>`, `<iframe src="javascript:alert(1)">`,
	`<a href="javascript:alert(1)">x</a>`, `<a href="JaVaScRiPt:alert(1)">x</a>`, `<a href="&#106;avascript:alert(1)">x</a>`,
	`<a href=" javascript:alert(1)">x</a>`, `[x](javascript:alert(1))`, `[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`<body onload=alert(1)>`, `<div style="background:url(javascript:alert(1))">x</div>`, `<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
	`<object data="javascript:alert(1)"></object>`, `<embed src="javascript:alert(1)">`, `<form action="javascript:alert(1)"><input type=submit></form>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, `<base href="javascript:alert(1)//">`, `<link rel=stylesheet href="https://evil.example/x.css">`,
	`"><script>alert(1)</script>`, `'><img src=x onerror=alert(1)>`, "<scr<script>ipt>alert(1)</script>", `<style>@import "https://evil.example/x.css";</style>`,
}

func TestHostileContent(t *testing.T) {
	body := strings.Join(xssVectors, "\n\n")
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) } // JSON is YAML
	one := strings.Join(xssVectors, " ")
	// A hostile e-mail address is refused (content's TestConfigAddresses).
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: " + q("Site "+one) + "\nbaseURL: https://example.no/\ncontact:\n  name: " + q(one) + "\n  email: a@b.no\n",
		"content/personvern/2026-01-01.md": "---\ntitle: " + q("T "+one) + "\nsummary: " + q("S "+one) + "\n---\n" + body + "\n",
		"content/personvern/2026-12-01.md": "---\ntitle: " + q("T2 "+one) + "\nsummary: " + q("S2 "+one) + "\npublished: 2026-11-20\nurgent: " + q("U "+one) + "\n---\n" + body + "\n\nNy.\n",
	})
	files := generate(t, dir, "2026-11-26")
	own := regexp.MustCompile(`^[./]*(compare|wasm_exec|at)\.js$`)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".inc") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			switch n.Type {
			case html.CommentNode:
				t.Errorf("%s: a comment reached the page: %q", name, n.Data)
			case html.ElementNode:
				switch n.Data {
				case "script":
					if (len(n.Attr) == 0 || !own.MatchString(n.Attr[0].Val)) && !dataBlock(n) {
						t.Errorf("%s: a script reached the page", name)
					}
				case "form":
					if len(n.Attr) == 0 || (n.Attr[0].Val != "compare-form" && n.Attr[0].Val != "at-form") {
						t.Errorf("%s: a <form> reached the page", name)
					}
				case "img", "svg", "iframe", "object", "embed", "style", "base", "math":
					t.Errorf("%s: <%s> reached the page", name, n.Data)
				case "meta":
					for _, a := range n.Attr {
						if a.Key == "http-equiv" {
							t.Errorf("%s: <meta http-equiv> reached the page", name)
						}
					}
				case "link":
					for _, a := range n.Attr {
						if a.Key == "href" && strings.Contains(a.Val, "evil.example") {
							t.Errorf("%s: a stylesheet link reached the page", name)
						}
					}
				}
				for _, a := range n.Attr {
					v := strings.ToLower(strings.Join(strings.Fields(html.UnescapeString(a.Val)), ""))
					if strings.HasPrefix(a.Key, "on") || a.Key == "style" || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") {
						t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	if bytes.Contains(files["notice.js"], []byte("<script>alert")) || !bytes.Contains(files["notice.js"], []byte(`\u003cscript\u003ealert`)) {
		t.Error("notice.js carries markup unescaped")
	}
}

// A translation that has fallen behind its original says so, in the
// translation's language, and links to the original in force.
func TestTranslationBehind(t *testing.T) {
	page := string(generate(t, "../examples/demo", "2027-02-01")["en/personvern/index.html"])
	if !strings.Contains(page, "This translation is of the version of 1\u00a0May\u00a02024. The original in Norwegian Bokmål has changed since, and the new version applies from 15\u00a0January\u00a02027.") ||
		!strings.Contains(page, `href="../../personvern/2027-01-15/"`) {
		t.Errorf("no notice that the translation is behind:\n%s", page)
	}
	if page := string(generate(t, "../examples/demo", "2026-11-26")["en/personvern/index.html"]); strings.Contains(page, "This translation is of the version") {
		t.Error("a translation of the version in force is said to be behind")
	}
}

// A preview says so on every page, for the day it is built for, and asks
// not to be indexed: build --preview's without a form (a static site has
// nowhere to send it), serve's with a form for another day that comes back
// to the page. The published site carries none of it.
// folderLink is a link between pages that ends in a folder.
var folderLink = regexp.MustCompile(`href="((?:\.\./)*[a-z0-9./-]*/|\./)"`)

func TestPreview(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts GenerateOptions
		form bool
	}{
		{"build --preview", GenerateOptions{Preview: true}, false},
		{"serve", GenerateOptions{DayForm: "/__policysite/day"}, true},
		{"serve --drafts", GenerateOptions{DayForm: "/__policysite/day", Drafts: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, th, err := Load("testdata/basic")
			if err != nil {
				t.Fatal(err)
			}
			files, _, err := generateSite(site, th, day("2027-01-01"), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			pages := 0
			for name, data := range files {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				pages++
				text := "Forhåndsvisning – slik siden ser ut 1.\u00a0januar\u00a02027.</strong> Dette er ikke det publiserte nettstedet."
				if strings.HasPrefix(name, "en/") {
					text = "Preview – the page as it looks on 1\u00a0January\u00a02027.</strong> This is not the published site."
				}
				if !bytes.Contains(data, []byte(`data-preview="2027-01-01"`)) || !bytes.Contains(data, []byte(`<meta name="robots" content="noindex">`)) || !bytes.Contains(data, []byte(text)) {
					t.Errorf("%s is not marked as a preview", name)
				}
				back := "/personvern/" + strings.TrimSuffix(name, "index.html") // under baseURL's path
				form := `<form class="preview-day" method="get" action="/__policysite/day" data-preview-form>
<input type="hidden" name="back" value="` + back + `">`
				if got := bytes.Contains(data, []byte(form)); got != tc.form {
					t.Errorf("%s: form to pick the day sending back to %s: %v, want %v", name, back, got, tc.form)
				}
				if tc.form && !bytes.Contains(data, []byte(`<input type="date" id="preview-date" name="date" value="2027-01-01"`)) {
					t.Errorf("%s: the form's date is not the day built", name)
				}
				// build --preview's pages are read from their files, where
				// a link to a folder shows the folder: they name the page.
				for _, m := range folderLink.FindAllSubmatch(data, -1) {
					if !tc.form {
						t.Errorf("%s links to the folder %s, not its index.html", name, m[1])
					}
				}
				if !tc.form && !bytes.Contains(data, []byte(`index.html"`)) {
					t.Errorf("%s has no link to a page's index.html", name)
				}
			}
			if pages < 5 {
				t.Fatalf("%d pages", pages)
			}
		})
	}
	for name, data := range generate(t, "testdata/basic", "2027-01-01") {
		if !strings.HasSuffix(name, ".html") {
			continue // the style sheet styles the bar, for the previews
		}
		for _, mark := range []string{"data-preview", "noindex", "preview-banner", "preview-day", "__policysite", "Forhåndsvisning", "Preview", "notice-draft"} {
			if bytes.Contains(data, []byte(mark)) {
				t.Errorf("the published %s holds %q", name, mark)
			}
		}
	}
}

// A draft shown in a preview is marked as one wherever it is announced, so
// that nobody takes its notice for one readers have been given: on its own
// page, and in the upcoming-change notice of the page in force.
func TestDraftNotices(t *testing.T) {
	site, th, err := Load("testdata/basic")
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := generateSite(site, th, day("2026-11-26"), GenerateOptions{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ page, want string }{
		{"personvern/2027-01-01/index.html", `<div class="notice notice-draft" role="note">
<p><strong>Utkast: denne versjonen publiseres 1. desember 2026.`},
		{"personvern/index.html", `<div class="notice notice-upcoming notice-draft" data-notice="upcoming" role="note">
<p><strong>Utkast: varselet under gjelder en versjon som ikke er publisert (den publiseres 1. desember 2026).`},
	} {
		if page := string(files[tc.page]); !strings.Contains(page, tc.want) {
			t.Errorf("%s does not mark the draft:\nwant %s\n%s", tc.page, tc.want, page)
		}
	}
	// The notices for the main website say it too, under an ID of their
	// own, so that closing a draft's notice does not hide the real one.
	var w struct {
		Notices []struct {
			ID, Message string
			Draft       bool
		}
	}
	if err := json.Unmarshal(files["notice.json"], &w); err != nil {
		t.Fatal(err)
	}
	// The English translation is told of the draft too, in English.
	if len(w.Notices) != 2 {
		t.Fatalf("notice.json has %d notices, want the draft's in nb and en: %s", len(w.Notices), files["notice.json"])
	}
	for i, prefix := range []string{"Utkast, ikke publisert – ", "Draft, not published – "} {
		if n := w.Notices[i]; !n.Draft || !strings.HasSuffix(n.ID, "/draft") || !strings.HasPrefix(n.Message, prefix) {
			t.Errorf("notice.json does not mark the draft: %s", files["notice.json"])
		}
	}
	for _, name := range []string{"notice.js", "notice.inc"} {
		if !bytes.Contains(files[name], []byte("Utkast, ikke publisert")) {
			t.Errorf("%s does not mark the draft:\n%s", name, files[name])
		}
	}
	// Without drafts the page in force announces nothing of it.
	plain := generate(t, "testdata/basic", "2026-11-26")
	if page := string(plain["personvern/index.html"]); strings.Contains(page, "notice-upcoming") {
		t.Error("the published page announces a draft")
	}
	if bytes.Contains(plain["notice.json"], []byte("draft")) || bytes.Contains(plain["notice.json"], []byte("Utkast")) {
		t.Errorf("the published notice.json names a draft: %s", plain["notice.json"])
	}
}

// TestPeriods: an archived revision says when it applied, from its
// effective date to the next one's, on its page and in the history, and
// versions.json gives every revision but the newest its last day; the
// first says it is the first, not a change.
func TestPeriods(t *testing.T) {
	files := generate(t, "../examples/demo", "2026-11-26")
	for _, want := range []struct{ page, text string }{
		{"personvern/2020-09-01/index.html", `Gjaldt fra <time datetime="2020-09-01">1. september 2020</time> til <time datetime="2021-02-10">10. februar 2021</time>`},
		{"personvern/history/index.html", `Gjaldt fra <time datetime="2020-09-01">1. september 2020</time> til <time datetime="2021-02-10">10. februar 2021</time>`},
		{"personvern/index.html", `Gjelder fra <time datetime="2024-05-01">1. mai 2024</time>`},
		{"personvern/2027-01-15/index.html", `Trer i kraft <time datetime="2027-01-15">15. januar 2027</time>`},
		{"personvern/2019-03-01/index.html", `<span class="first">Første versjon</span>`},
		{"personvern/history/index.html", `<time datetime="2020-09-01">1. september 2020</time> · <span class="first">Første versjon</span>`}, // 2019-03-01's
		{"en/personvern/2024-05-01/index.html", `In force from <time datetime="2024-05-01">1 May 2024</time>`},
	} {
		if !strings.Contains(plainSpaces(files[want.page]), want.text) {
			t.Errorf("%s does not say %s", want.page, want.text)
		}
	}
	// The first revision is not shown as a change, and only it is first.
	hist := string(files["personvern/history/index.html"])
	if n := strings.Count(hist, `class="first"`); n != 1 {
		t.Errorf("the history calls %d revisions the first, want one", n)
	}
	if strings.Contains(string(files["personvern/2020-09-01/index.html"]), `class="first"`) {
		t.Error("the second revision says it is the first")
	}
	// The English translation began with a change of the original: not a first version.
	if strings.Contains(string(files["en/personvern/history/index.html"]), `class="first"`) {
		t.Error("a translation's first revision, which translates a change, says it is the first version")
	}
	v, err := contract.ReadVersions(files["personvern/versions.json"])
	if err != nil {
		t.Fatal(err)
	}
	until := map[string]string{}
	for _, r := range v.Revisions {
		until[r.Effective] = r.EffectiveUntil
	}
	if until["2020-09-01"] != "2021-02-10" || until["2024-05-01"] != "2027-01-15" || until["2027-01-15"] != "" {
		t.Errorf("effective_until: %v", until)
	}
}

// A diff page's body and a revision's text, written where the template
// prints them (DiffInfo.WriteBody and Page.WriteBody, the default theme's),
// are what a theme printing DiffInfo.HTML and Page.Body gets: tables in
// their containers, and the links to the clauses' histories.
func TestDiffBodyWrittenInPlace(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/basic", src)
	if err := os.Remove(filepath.Join(src, "content.lock")); err != nil { // its texts change below
		t.Fatal(err)
	}
	table := func(rows string) string {
		return "\n\n## 3 Hvor lenge\n\n| Hva | Hvor lenge |\n|---|---|\n" + rows + "\n\nEtter tabellen.\n"
	}
	for file, rows := range map[string]string{
		"2025-01-01.md": "| navn | fem år |\n| adresse | fem år |",
		"2026-03-01.md": "| navn | fem år |\n| adresse | tre år |\n| telefon | to år |",
	} {
		name := filepath.Join(src, "content", "personvern", file)
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, append(text, table(rows)...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	theirs := t.TempDir()
	copyTree(t, src, theirs)
	diffHTML, err := os.ReadFile("../templates/diff.html")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(diffHTML, []byte("{{$d.WriteBody}}")) {
		t.Fatal("the default diff.html does not print {{$d.WriteBody}}")
	}
	revisionHTML, err := os.ReadFile("../templates/revision.html")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(revisionHTML, []byte("{{.WriteBody}}")) {
		t.Fatal("the default revision.html does not print {{.WriteBody}}")
	}
	sitegen.FilesIn(t, theirs, map[string]string{
		"templates/diff.html":     strings.Replace(string(diffHTML), "{{$d.WriteBody}}", "{{$d.HTML}}", 1),
		"templates/revision.html": strings.Replace(string(revisionHTML), "{{.WriteBody}}", "{{.Body}}", 1),
	})

	build := func(source string) map[string][]byte {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: source, Dest: dest, Clock: day("2026-11-26")}); err != nil {
			t.Fatal(err)
		}
		return treeOf(t, dest)
	}
	ours, wanted := build(src), build(theirs)
	page := "personvern/2026-03-01/diff/index.html"
	if !bytes.Contains(ours[page], []byte(`<div class="table-scroll"`)) || !bytes.Contains(ours[page], []byte("telefon")) {
		t.Fatalf("%s shows no table of the diff in its container:\n%s", page, ours[page])
	}
	page = "personvern/2026-03-01/index.html"
	if !bytes.Contains(ours[page], []byte(`<div class="table-scroll"`)) || !bytes.Contains(ours[page], []byte("data-section-link")) {
		t.Fatalf("%s shows no table in its container, or no link to a clause's history:\n%s", page, ours[page])
	}
	if len(ours) != len(wanted) {
		t.Fatalf("%d files against %d", len(ours), len(wanted))
	}
	for name, data := range wanted {
		if !bytes.Equal(ours[name], data) {
			t.Errorf("%s differs from the page of a theme that prints {{$d.HTML}} and {{.Body}}", name)
		}
	}
}
