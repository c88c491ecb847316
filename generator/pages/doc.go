// Package pages plans a policysite site: given one day's site
// (content.Day), the renderings of its revisions and a diff function, it
// lists every page and data file the site publishes and what each shows
// (docs/output.md). It reads and writes nothing and starts no goroutine;
// package generator renders before it, and executes the templates and
// writes after.
//
// The pages are executed with the theme's templates: Page, with what it
// links to (DocInfo, RevInfo, DiffInfo …), is what a template sees.
package pages
