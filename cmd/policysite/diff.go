package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/diff"
	"policysite/generator/msg"
	"policysite/generator/theme"
)

// commentLimit is the most bytes diff --format markdown writes: a comment
// on GitHub holds 65,536 characters, and a CI script may put a line or two
// of its own around the diff.
const commentLimit = 60_000

func newDiffCmd(g *globalFlags) *cobra.Command {
	var (
		lang    string
		format  string
		stat    bool
		noColor bool
		section string
	)
	cmd := &cobra.Command{
		Use:   "diff <document> <older> <newer> | diff <document> --section <heading>",
		Short: msg.T("help.diff").In(g.lang),
		Long: `Diff shows the changes between two revisions of a document, as the site's diff
pages show them: section by section, with renumbered and moved sections
recognised. Name the revisions by their effective dates (YYYY-MM-DD), or
"current" for the one in force; the older may also be "previous", the
revision just before the newer (drafts included).

Deleted text is shown as [-text-], inserted text as {+text+}, moved text as
{>text<} at its new place and [<text>] where it was. What the text does not
show (a link added, removed or given another target, a heading's level, a
cited footnote that changed) follows the line in brackets. Each changed
section starts with the line the page's summary has for it. On a terminal
the changes are also coloured, unless --no-color is given or NO_COLOR is
set.

--format markdown writes the changes as Markdown for a comment on a pull or
merge request, or a CI job's summary: a heading with the document and the
two dates, the newer revision's summary, the counts, then each changed
section with its text, deleted words in <del> and inserted ones in <ins>.
Unchanged sections are left out and counted. The policy's text is escaped:
it makes no Markdown, HTML, link, @mention or #reference. A diff longer than
a comment may be is cut between two paragraphs, and says so.

--section shows one section: a top-level section of the document with the
sections below it (clause 4 with 4.1 and 4.2), named by its heading, with
or without its number, by its number alone (as the newest revision numbers
it: --section 4), or by its id. It is followed through renumbering,
renaming and moves as the site's history of each section follows it. With
two revisions, it shows the section's part of their diff; with the document
alone, every revision that changed the section, oldest first, each with its
date, reason and summary, then the section's part of its diff.`,
		Example: `  policysite diff personvern 2026-11-26 current
  policysite diff --source examples/demo personvern 2022-08-01 2024-05-01 --stat
  policysite diff --source examples/demo personvern 2024-05-01 2024-05-01 --lang en --no-color
  policysite diff --format markdown personvern previous 2027-01-15 >> "$GITHUB_STEP_SUMMARY"
  policysite diff --source examples/demo personvern --section "Hvor lenge vi lagrer opplysningene"
  policysite diff --source examples/demo personvern 2020-09-01 2024-05-01 --section hvor-lenge-vi-lagrer-opplysningene`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case section != "" && len(args) == 1 && format == "markdown":
				return usageError{msg.Errorf("diff.section-markdown")}
			case section != "" && len(args) == 1:
			case len(args) != 3:
				return usageError{msg.Errorf("diff.args")}
			}
			if format != "text" && format != "markdown" {
				return usageError{msg.Errorf("diff.format-unknown", format)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			clock, site, th, err := g.load()
			if err != nil {
				return err
			}
			req := generator.CompareRequest{Doc: args[0], Lang: lang, Clock: clock}
			if len(args) == 3 {
				req.Older, req.Newer = args[1], args[2]
			}
			if section != "" && len(args) == 1 {
				return diffSection(cmd, g, site, th, req, section, noColor, stat)
			}
			older, newer, err := req.Revisions(site)
			if err != nil {
				return notFoundIsUsage(err)
			}
			var d *diff.Diff
			var labels diff.Labels
			if section != "" {
				var changes []generator.SectionChange
				changes, _, labels, err = generator.CompareSection(site, th, req, section)
				if err == nil {
					d = changes[0].Diff
				}
			} else {
				d, labels, err = generator.Compare(site, th, req)
			}
			if err != nil {
				return notFoundIsUsage(err)
			}
			if format == "text" {
				color := useColor(noColor, g.host.getenv("NO_COLOR"), isTerminal(cmd.OutOrStdout()))
				return d.WriteText(cmd.OutOrStdout(), labels, diff.TextOptions{Color: color, Stat: stat})
			}
			words := th.Strings(newer.Lang)
			from, to := content.Date(older.Effective), content.Date(newer.Effective)
			command := []string{"policysite", "diff"}
			if g.source != "." {
				command = append(command, "--source", g.source)
			}
			if lang != "" {
				command = append(command, "--lang", lang)
			}
			command = append(command, newer.Doc, from, to)
			for i, a := range command {
				command[i] = shellQuote(a)
			}
			return d.WriteMarkdown(cmd.OutOrStdout(), labels, diff.MarkdownOptions{
				Title:    fmt.Sprintf(words.T("diffTitle"), newer.Title) + " (" + from + " → " + to + ")",
				Summary:  newer.Summary,
				Sections: d.SectionCounts(labels),
				Stat:     stat,
				Limit:    commentLimit,
				Command:  strings.Join(command, " "),
			})
		},
	}
	dates := completeDocsAndDates(g, 2, true)
	cmd.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		out, dir := dates(cmd, args, toComplete)
		if len(args) == 1 && len(out) > 0 {
			out = append(out, "previous\tthe revision before <newer>")
		}
		return out, dir
	}
	cmd.Flags().StringVar(&lang, "lang", "", "the language of the revisions (default: the site's language)")
	cmd.Flags().StringVar(&format, "format", "text", "text, for a terminal, or markdown, for a comment on a pull or merge request")
	cmd.Flags().BoolVar(&stat, "stat", false, "show only the changed sections, each with what happened to it and its counts")
	cmd.Flags().BoolVar(&noColor, "no-color", false, "never colour the output")
	cmd.Flags().StringVar(&section, "section", "", "show only this section (its heading or id), between the two revisions or, with the document alone, through every revision that changed it")
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords("text", "markdown"))
	return cmd
}

// diffSection writes every change of one section, oldest first: for each
// revision that changed it, a line with its date, reason and summary, then
// the section's part of its diff.
func diffSection(cmd *cobra.Command, g *globalFlags, site *content.Site, th *theme.Theme, req generator.CompareRequest, section string, noColor, stat bool) error {
	changes, title, labels, err := generator.CompareSection(site, th, req, section)
	if err != nil {
		return notFoundIsUsage(err)
	}
	out := cmd.OutOrStdout()
	if len(changes) == 0 {
		_, err := fmt.Fprintln(out, msg.T("diff.section-unchanged", title).In(g.lang))
		return err
	}
	color := useColor(noColor, g.host.getenv("NO_COLOR"), isTerminal(out))
	for i, c := range changes {
		if i > 0 {
			fmt.Fprintln(out)
		}
		words := th.Strings(c.Newer.Lang)
		head := "== " + content.Date(c.Newer.Effective) + " (" + words.T("reason."+string(c.Newer.Reason)) + "): " + c.Newer.Summary
		if color {
			head = "\x1b[1m" + head + "\x1b[0m"
		}
		if _, err := fmt.Fprintln(out, head); err != nil {
			return err
		}
		if err := c.Diff.WriteText(out, labels, diff.TextOptions{Color: color, Stat: stat}); err != nil {
			return err
		}
	}
	return nil
}

// shellQuote quotes s for a POSIX shell, where it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// useColor reports whether diff colours its output: only on a terminal,
// and neither when --no-color is given nor when the NO_COLOR environment
// variable is set to anything but the empty string (https://no-color.org).
func useColor(noColorFlag bool, noColorEnv string, terminal bool) bool {
	return terminal && !noColorFlag && noColorEnv == ""
}

// isTerminal reports whether w is a terminal. A character device is not
// enough: /dev/null is one, and a diff sent there needs no colour.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
