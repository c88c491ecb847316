// Package serve previews a site while it is edited: it builds the site into
// memory, serves it on loopback, rebuilds when site.yaml, content.lock, a
// file under content/ or templates/ or a file site.yaml names (the logo)
// changes, and tells open pages to reload.
//
// Only serve mode adds a script to the pages: a small one that listens for
// rebuilds over server-sent events. Every page carries a bar that says it
// is a preview and for which day, with a form, which needs no script, to
// build the site for another day (dayPath). A build with content errors shows them
// as a page, with file and line; the server keeps running, and the site
// comes back when the files are fixed.
//
// Pages are sent with the headers the build's _headers file gives them,
// its Content-Security-Policy included, as a static host sends them: a
// theme that breaks the policy breaks the preview too. The redirects of its
// _redirects (main:'s old addresses) are followed as such a host follows
// them.
package serve

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/editor"
	"policysite/generator/headers"
	"policysite/generator/msg"
	"policysite/generator/redirects"
)

// Options say what to serve.
type Options struct {
	Source string
	Drafts bool                 // show drafts as upcoming revisions
	Clock  func() content.Clock // the day to build for, read at each build
	Log    io.Writer            // one line per build; nil for none
	// Messages is the language of the error page and the log: the
	// reader's, not the site's pages'.
	Messages msg.Lang
}

// Server builds and serves one site. Create it with New.
type Server struct {
	opts  Options
	cache *generator.Cache

	mu         sync.RWMutex
	files      map[string][]byte // the last good build
	inputs     string            // what it was built from (see Rebuild)
	lastResult *generator.Result
	made       map[string][]byte // pages made on demand for lastResult
	headers    headers.Rules     // the last good build's _headers
	redirects  redirects.Rules   // the last good build's _redirects
	base       string            // the path the site lives under, e.g. "/personvern/"
	named      []string          // the files site.yaml names (the logo), which Watch watches
	problem    error             // the last build's error; nil when it succeeded
	day        time.Time         // the day picked in the bar; zero for Options.Clock's
	version    int               // counts builds, for reloading pages
	watchers   map[chan int]bool // open event streams

	// watching, if set, is closed when Watch has begun to watch: the
	// signal the tests wait for instead of a pause.
	watching chan struct{}
}

// New returns a server for opts; call Rebuild before serving.
func New(opts Options) *Server {
	if opts.Clock == nil {
		opts.Clock = func() content.Clock { return content.Clock{Now: time.Now()} }
	}
	return &Server{opts: opts, cache: generator.NewCache(), base: "/", watchers: map[chan int]bool{}}
}

// Rebuild builds the site again. On failure the error is kept, to be shown
// in the browser, and the last good build is kept too.
func (s *Server) Rebuild() (*generator.Result, error) {
	start := time.Now()
	clock := s.opts.Clock()
	s.mu.RLock()
	if !s.day.IsZero() {
		// The real day stays: the record goes by it, whatever day is shown.
		clock = content.Clock{Day: s.day, Real: clock.Real}
	}
	s.mu.RUnlock()
	// Every check of build, the lock's included; the lock is not written.
	l, err := generator.LoadChecked(s.opts.Source, clock)
	if l != nil {
		// Also when the content has errors: a logo that cannot be read is
		// one, and saving it mended must rebuild.
		named := l.Site().Config.NamedFiles()
		s.mu.Lock()
		s.named = named
		s.mu.Unlock()
	}
	var files map[string][]byte
	var res *generator.Result
	var inputs string
	if err == nil {
		// Nothing to do when nothing the pages are made from has changed:
		// a file saved unchanged, a touched folder. The lock is among
		// them: it dates the corrections the pages show.
		// The real day too: a revision not yet on record is shown as
		// going out on it.
		site := l.Site()
		inputs = site.Fingerprint() + l.Theme.Fingerprint() + l.Lock.Fingerprint() + content.Date(l.Day.Today) + content.Date(l.Day.Real)
		s.mu.RLock()
		same := inputs == s.inputs && s.problem == nil
		s.mu.RUnlock()
		if same {
			if s.opts.Log != nil {
				fmt.Fprintln(s.opts.Log, msg.T("serve.log.unchanged", time.Since(start).Round(time.Millisecond).String()).In(s.opts.Messages))
			}
			return s.lastResult, nil
		}
		var out generator.Files
		res, err = generator.Generate(l, &out, generator.GenerateOptions{Drafts: s.opts.Drafts, Cache: s.cache, Lazy: true, DayForm: dayPath})
		files = out.Map()
	}
	s.mu.Lock()
	s.problem = err
	if err == nil {
		s.files, s.inputs, s.lastResult, s.made = files, inputs, res, map[string][]byte{}
		// serve sends what the build's _headers gives, so that a theme's
		// change that breaks the Content-Security-Policy breaks the
		// preview too, and is seen before it is published.
		s.headers = headers.Parse(files[headers.File])
		// And follows its _redirects (main:'s old addresses), as a host
		// that reads the file does.
		s.redirects = redirects.Parse(files[redirects.File])
		s.base = l.Site().Config.BasePath()
	}
	s.version++
	v := s.version
	for ch := range s.watchers {
		select {
		case ch <- v:
		default: // a page that is not reading will reload with the next one
		}
	}
	s.mu.Unlock()
	if s.opts.Log != nil {
		lang := s.opts.Messages
		took := time.Since(start).Round(time.Millisecond).String()
		if err != nil {
			fmt.Fprintf(s.opts.Log, "%s\n%s\n", msg.T("serve.log.failed", took).In(lang), problemText(err, lang))
		} else {
			fmt.Fprintln(s.opts.Log, msg.T("serve.log.built", msg.T("build.revisions", res.Revisions), msg.T("build.pages", res.Pages), took).In(lang))
		}
	}
	return res, err
}

// Base is the path under which the site is served, e.g. "/personvern/".
func (s *Server) Base() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.base
}

// Paths of serve mode's own endpoints, outside any site.
const (
	eventsPath = "/__policysite/events"
	scriptPath = "/__policysite/reload.js"
	dayPath    = "/__policysite/day" // the bar's form: ?date=YYYY-MM-DD|today&back=/page/
)

// reloadScript reloads the page when the build it was served from is no
// longer the latest; the page's build is in the script's address.
const reloadScript = `// policysite serve: reload this page when the site is rebuilt.
(function () {
  var me = document.currentScript && new URL(document.currentScript.src).searchParams.get("v");
  var events = new EventSource("` + eventsPath + `");
  events.addEventListener("build", function (e) {
    if (e.data !== me) location.reload();
  });
})();
`

// ServeHTTP serves the last good build from memory, under the site's base
// path. Nothing outside the build can be reached: paths are looked up in
// the build's files, never on disk, and a folder without an index.html is
// not found rather than listed.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, reloadScript)
		return
	case dayPath:
		s.pickDay(w, r)
		return
	}
	s.mu.RLock()
	files, base, problem, version, rules, moved := s.files, s.base, s.problem, s.version, s.headers, s.redirects
	s.mu.RUnlock()

	p := path.Clean("/" + r.URL.Path)
	if to, status, ok := redirectFor(moved, r, p); ok {
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, to, status)
		return
	}
	if !strings.HasPrefix(p+"/", base) {
		if p == "/" {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		http.NotFound(w, r)
		return
	}
	if problem != nil && (files == nil || path.Ext(p) == "" || strings.HasSuffix(p, ".html")) {
		s.errorPage(w, problem, version)
		return
	}
	name := strings.TrimPrefix(strings.TrimPrefix(p, strings.TrimSuffix(base, "/")), "/")
	if strings.HasSuffix(r.URL.Path, "/") || name == "" {
		name = strings.TrimPrefix(name+"/index.html", "/")
	}
	data, ok := files[name]
	if !ok {
		var err error
		if data, ok, err = s.deferred(name); err != nil {
			s.errorPage(w, err, version)
			return
		}
	}
	if !ok {
		if s.has(files, name+"/index.html") {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently) // the cleaned path: never "//host"
			return
		}
		siteHeaders(w, r, rules, p)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(withReload(files[notFoundPage(files, name)], version))
		return
	}
	siteHeaders(w, r, rules, p)
	w.Header().Set("Cache-Control", "no-store")
	if ct := contentType(name); ct != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", ct)
	}
	// The web editor is not reloaded: it saves files itself, as one works
	// in it, and a reload after each save would throw away what is open.
	if strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, editor.Dir+"/") {
		data = withReload(data, version)
	}
	// Ranges, HEAD and conditional requests as any static server answers
	// them; no modification time, since every build is served fresh.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// The days the bar can pick: those the build's --now accepts.
const (
	firstYear = 1990
	lastYear  = 2200
)

// pickDay builds the site for the day the bar's form asks for, or again
// for the day serve was started for ("today"), and sends the browser back
// to the page it came from. What it is given is checked strictly, and
// nothing changes when it is refused: the date must be a real day in
// YYYY-MM-DD, and back a path on this site, never another host (an open
// redirect) or a scheme. A page on another site that sends a browser here
// is refused too, as far as the browser says where it comes from: it
// could otherwise change the day of an open preview.
func (s *Server) pickDay(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, msg.T("serve.day.method").In(s.opts.Messages), http.StatusMethodNotAllowed)
		return
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none": // an old browser, the bar's form, a typed address
	default:
		http.Error(w, msg.T("serve.day.cross-site").In(s.opts.Messages), http.StatusForbidden)
		return
	}
	q := r.URL.Query()
	day, err := parseDay(q["date"])
	if err != nil {
		http.Error(w, msg.String(err, s.opts.Messages), http.StatusBadRequest)
		return
	}
	back, err := backPath(q["back"], s.Base())
	if err != nil {
		http.Error(w, msg.String(err, s.opts.Messages), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.day = day
	s.mu.Unlock()
	s.Rebuild() // a failed build is shown on the page it goes back to
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// parseDay reads the form's date: one YYYY-MM-DD day from firstYear to
// lastYear, or "today" for the day serve was started for (zero).
func parseDay(values []string) (time.Time, error) {
	if len(values) != 1 {
		return time.Time{}, msg.Errorf("serve.day.one-date")
	}
	v := values[0]
	if v == "today" {
		return time.Time{}, nil
	}
	// The round trip refuses any spelling but the one a date input sends,
	// whatever time.Parse lets through.
	t, err := time.Parse(content.DateLayout, v)
	if err != nil || t.Format(content.DateLayout) != v {
		return time.Time{}, msg.Errorf("serve.day.not-day", v)
	}
	if t.Year() < firstYear || t.Year() > lastYear {
		return time.Time{}, msg.Errorf("serve.day.out-of-range", v, firstYear, lastYear)
	}
	return t, nil
}

// backPath checks where the form sends the browser back to: one path on
// this site (under base), absolute, clean, with nothing but a path: no
// scheme, host, query or fragment, no backslash or control character
// that a browser might read as another host.
func backPath(values []string, base string) (string, error) {
	if len(values) != 1 {
		return "", msg.Errorf("serve.day.one-back")
	}
	v := values[0]
	bad := !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") || strings.ContainsAny(v, "\\?#%") ||
		strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f || r == ' ' })
	if !bad {
		clean := path.Clean(v)
		if strings.HasSuffix(v, "/") && clean != "/" {
			clean += "/"
		}
		bad = clean != v || !strings.HasPrefix(v+"/", base)
	}
	if bad {
		return "", msg.Errorf("serve.day.bad-back", v, base)
	}
	return v, nil
}

// siteHeaders sets the headers the site's _headers gives the path p, as a
// host that reads the file would, so that the preview is held to the same
// Content-Security-Policy as the published site. Two are serve's own: the
// preview is never cached (Cache-Control is set after), and the policy
// lets the pages load serve's reload script.
func siteHeaders(w http.ResponseWriter, r *http.Request, rules headers.Rules, p string) {
	if strings.HasSuffix(r.URL.Path, "/") && !strings.HasSuffix(p, "/") {
		p += "/" // as asked for: path.Clean drops the slash a pattern may name
	}
	for name, values := range rules.For(p) {
		w.Header()[name] = values
	}
	if strings.ContainsAny(r.Host, ";,' ") {
		return // not a name a policy can hold; onlyHosts refuses such a Host anyway
	}
	for _, name := range []string{"Content-Security-Policy", "Content-Security-Policy-Report-Only"} {
		if csp := w.Header().Get(name); csp != "" {
			w.Header().Set(name, allowReload(csp, "http://"+r.Host))
		}
	}
}

// redirectFor is where the site's _redirects sends the path p (cleaned;
// r's path as asked for), as a host that reads the file would: the
// paths in the file are from the host's root, and the query goes along,
// unless the address has its own. A redirect that would lead to another
// host through the path ("//host") is not followed.
func redirectFor(rules redirects.Rules, r *http.Request, p string) (to string, status int, ok bool) {
	if strings.HasSuffix(r.URL.Path, "/") && !strings.HasSuffix(p, "/") {
		p += "/" // as asked for: a rule may tell the two apart
	}
	to, status, ok = rules.For(p)
	if !ok || strings.HasPrefix(to, "//") || strings.HasPrefix(to, "/\\") {
		return "", 0, false
	}
	if r.URL.RawQuery != "" && !strings.Contains(to, "?") {
		to += "?" + r.URL.RawQuery
	}
	return to, status, true
}

// has reports whether the last build made the page name or left it to be
// made on demand.
func (s *Server) has(files map[string][]byte, name string) bool {
	if _, ok := files[name]; ok {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.lastResult != nil && s.lastResult.Deferred[name] != nil
}

// deferred makes a page the last build left to make on demand, once, and
// keeps it until the next build. The build's own files are never written
// to: requests read them without the lock. A page that fails is an error,
// not a page that is not there: its error is the editor's to see and fix,
// as a failed build's is.
func (s *Server) deferred(name string) ([]byte, bool, error) {
	s.mu.RLock()
	res, data := s.lastResult, s.made[name]
	s.mu.RUnlock()
	if data != nil {
		return data, true, nil
	}
	if res == nil || res.Deferred[name] == nil {
		return nil, false, nil
	}
	data, err := res.Deferred[name]()
	if err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	if s.lastResult == res { // still the same build
		s.made[name] = data
	}
	s.mu.Unlock()
	return data, true, nil
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	}
	return ""
}

// withReload adds the reload script to a page of the given build.
func withReload(page []byte, version int) []byte {
	tag := []byte(fmt.Sprintf(`<script src="%s?v=%d" defer></script>`, scriptPath, version))
	if i := bytes.LastIndex(page, []byte("</body>")); i >= 0 {
		out := make([]byte, 0, len(page)+len(tag))
		out = append(out, page[:i]...)
		out = append(out, tag...)
		return append(out, page[i:]...)
	}
	return append(page, tag...)
}

// events streams a "build" event for each rebuild, and one at once.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// The stream stays open as long as its page: a server's write timeout,
	// meant for pages, would cut it. (A recorder in a test has no deadline.)
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan int, 1)
	s.mu.Lock()
	s.watchers[ch] = true
	v := s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.watchers, ch)
		s.mu.Unlock()
	}()
	fmt.Fprintf(w, "event: build\ndata: %d\n\n", v)
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case v := <-ch:
			fmt.Fprintf(w, "event: build\ndata: %d\n\n", v)
			flusher.Flush()
		}
	}
}

var errorTemplate = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
li{margin:.5rem 0}code{background:#fbe4e4;padding:.1rem .3rem;color:#7a1111}</style>
</head>
<body>
<h1>{{.Heading}}</h1>
<p>{{.Advice}}</p>
<ol>
{{- range .Lines}}
<li><code>{{.}}</code></li>
{{- end}}
</ol>
<script src="` + scriptPath + `?v={{.Version}}" defer></script>
</body>
</html>
`))

// errorPage shows why the site could not be built, in the reader's
// language (Options.Messages), each problem with its file and line.
func (s *Server) errorPage(w http.ResponseWriter, problem error, version int) {
	lang := s.opts.Messages
	lines := strings.Split(problemText(problem, lang), "\n")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	errorTemplate.Execute(w, struct {
		Lang, Title, Heading, Advice string
		Lines                        []string
		Version                      int
	}{lang.Code(), msg.T("serve.error.title").In(lang), msg.T("serve.error.heading").In(lang),
		msg.T("serve.error.advice", len(lines)).In(lang), lines, version})
}

// problemText is a failed build's error in lang: one line for each
// problem of the content.
func problemText(problem error, lang msg.Lang) string {
	var errs diag.List
	if errors.As(problem, &errs) {
		return errs.In(lang)
	}
	return msg.String(problem, lang)
}

// notFoundPage is the page for a missing file name: the 404 page of the
// language whose folder it is in (en/404.html for en/anything), else the
// site language's 404.html, as examples/nginx.conf has it.
func notFoundPage(files map[string][]byte, name string) string {
	if dir, _, ok := strings.Cut(name, "/"); ok {
		if _, has := files[dir+"/404.html"]; has {
			return dir + "/404.html"
		}
	}
	return "404.html"
}
