/*
Package generator builds a policysite site: it turns a site folder
(site.yaml, content/, content.lock, templates/) into the static site that
docs/output.md describes, as of one day (docs/clock.md).

A build runs in stages, each in its own package, as goldmark's Convert
parses and then renders: load, render, plan, execute, write. This package
runs them, and holds the use cases built on them.

Load (load.go): LoadChecked reads the theme (package theme) beside the
content (content.Load: site.yaml and every revision, read and checked on
every core, by the contract in docs/content.md) and the record
(content.ReadLock). It then computes the day once, as a value: Site.On
gives each revision its publication day and its status (draft, upcoming,
current or archived) in a content.Day, which every later stage is handed
and none changes. Day.Check applies the rules of the clock and the record
(lead time, what the record forbids), checkStamps (stamps.go) the
trusted timestamps, and checkCopies (published.go) the copies of the
texts as first published. The result is a Loaded: the day, the theme, the
record.

Render (Generate, generate.go): every visible revision's Markdown is
rendered on every core (package render), and its HTML split into the blocks
the diffs compare (diff.Memo.PrepareHTML), through a Cache (cache.go) that
makes each once.

Plan (package pages): pages.Plan lists every page and file the site
publishes and what each shows: the revision, diff, compare and history
pages of each document in each language, its feed and versions.json, the
start pages, the notices for the main website, the sitemap. It does no I/O
and makes no diff: a diff page holds a func that asks the Cache for its
diff.

Execute and write (generate.go): the planned pages are executed with the
theme's templates on every core, each diff made just before the page that
shows it (Page.Prepare; package diffview writes what a diff page shows of
it, the same code the compare page runs as WebAssembly), and each file
handed to a Writer as soon as it is
made: the publishing build's publish.Writer, which fills a new folder beside
the old and swaps it in whole (Build, build.go), so that a failed build
leaves the old site as it was; or Files, in memory, for serve, verify and
the tests.

Across builds (docs/performance.md): a build given a disk cache (package
diskcache) writes from it the files of a build of the same loaded site,
keyed by all the site holds (package valuehash, built.go), and otherwise
makes them, reading from it the renderings of the texts it has met before
(cache.go) and keeping both for the next.

The use cases: Build (build.go) refuses a wrong output folder (CheckDest),
loads, and for the publishing build records what goes out (Site.Record,
stampRecordings) before it generates, saving the record only once the
output is complete. Check (check.go) loads and generates as Build does,
writing nothing, and lints the revisions (package lint); its findings and
the content's errors are one type, diag.Diagnostic. Verify (verify.go)
rebuilds a published copy in memory for the day it was built for and
reports every file that differs. Compare (compare.go) diffs two revisions
as the diff pages do, for policysite diff. Notice (notify.go) gives the
messages of package notice what they announce. The preview server (package
serve) calls Generate for every rebuild, with a Cache kept between them.

A notice is one thing throughout: what tells readers of a material change,
of one of two kinds, upcoming (before it takes effect) or updated (while it
is recent). The same notice is shown as a banner on the site's pages, as an
entry of notice.json (and notice.js and notice.inc) for the company's main
website, and as the e-mail, SMS and text messages of package notice.
*/
package generator
