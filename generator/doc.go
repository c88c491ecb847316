/*
Package generator builds a policysite site: it turns a site folder
(site.yaml, content/, content.lock, templates/) into the static site that
docs/output.md describes, as of one day (docs/clock.md).

A build runs in stages: load, classify for the day, render, plan, execute
the templates (making each diff as the page that shows it is made), write.
Each stage has its own package but the planning, which is here with the use
cases that run the stages.

Build (build.go) first refuses a wrong output folder (CheckDest), then
LoadChecked loads: load reads the theme (package theme) beside the content
(content.Load: site.yaml and every revision, read and checked on every core,
by the contract in docs/content.md) and the record (content.ReadLock,
Site.UseLock). LoadChecked classifies the revisions for the day
(content.Site.Classify: each revision's publication day and its status,
draft, upcoming, current or archived) and runs the checks that need the day:
the lead time (Site.CheckLeadTime), the record (Site.CheckRecord) and the
trusted timestamps (checkStamps, stamps.go). A publishing build then records
what goes out (Site.Record, stampRecordings) and opens the new output folder
(publish.Begin).

GenerateWith (build.go) renders every visible revision's Markdown on every
core (parallel; Cache.render in cache.go: package render, then
diff.Memo.PrepareHTML, which splits the HTML into the blocks the diffs
compare). The builder (site.go) plans every page and data file: a view of
each document in each language (newView), the revision, diff, compare and
history pages of each (writeSeries, with the Page values of page.go and the
tables of contents of toc.go), its Atom feed (feeds.go, package feed) and
versions.json (writeVersions), the start pages, the notices for the main
website (writeWidget, widget.go), the 404 page, the theme's static files,
the web editor (package editor), the sitemap and robots.txt. renderPages
then executes the templates of the planned pages on every core; each diff is
made by the page that shows it, just before (Page.prepare, Cache.diff,
package diff), and each page is handed to the publish.Writer as soon as it
is made. The rest is written after; the record is saved (Lock.Write,
writeStamps) and the new folder swapped in whole (Writer.Commit), so that a
failed build leaves the old site and the old record as they were.

The other use cases run the same stages, or part of them: Check (check.go)
loads and checks as Build does, makes the pages without writing them, and
lints the revisions (package lint); Verify (verify.go) rebuilds a published
copy in memory for the day it was built for and reports every file that
differs; Compare (compare.go) diffs two revisions as the diff pages do, for
policysite diff; Notice (notify.go) gives the customer notices of package
notice what they announce. The preview server (package serve) calls
GenerateWith for every rebuild, with a Cache kept between them.
*/
package generator
