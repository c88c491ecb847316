package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/msg"
)

func newAtCmd(g *globalFlags) *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:   "at <document> <YYYY-MM-DD>",
		Short: msg.T("help.at").In(g.lang),
		Long: `At says which revision of a document applied on a day, as the document's page
of the version at a date (<doc>/at/) and versions.json (effective,
effective_until) say it: the revision's effective date, its period, its
status and reason, its page on the site and its file.

The rule: each revision applies from the day it takes effect up to and
including the day before the next revision takes effect; on the day a new
revision takes effect, the new one applies. Editorial revisions count: they
are texts that applied. The revisions are those published on the day the
site is built for (--now, else today): for a day to come, the answer is the
revision announced for it, if one is published, else the newest; a draft is
not counted.

For a day before the first revision took effect there is no answer: at says
when the first took effect and exits with status 1. A document, language or
day that cannot be asked about is bad usage (status 2).`,
		Example: `  policysite at personvern 2021-05-03
  policysite at --source examples/demo personvern 2027-01-15 --now 2026-11-26
  policysite at personvern 2024-05-01 --lang en`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError{msg.Errorf("at.args")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := time.Parse(content.DateLayout, args[1])
			if err != nil {
				return usageError{msg.Errorf("at.not-day", args[1])}
			}
			if y := day.Year(); y < firstYear || y > lastYear {
				return usageError{msg.Errorf("at.out-of-range", args[1], y, firstYear, lastYear)}
			}
			clock, site, _, err := g.load()
			if err != nil {
				return err
			}
			a, err := generator.At(site, generator.AtRequest{Doc: args[0], Lang: lang, Day: day, Clock: clock})
			if err != nil {
				return notFoundIsUsage(err)
			}
			p := a.Period
			lines := []msg.Text{msg.T("at.answer", p.Doc, args[1], content.Date(p.Effective))}
			if p.Last.IsZero() {
				lines = append(lines, msg.T("at.period-open", content.Date(p.Effective)))
			} else {
				lines = append(lines, msg.T("at.period", content.Date(p.Effective), p.LastISO()))
			}
			today := content.Date(site.On(clock).Today)
			lines = append(lines,
				msg.T("at.status", statusWord(p.Status), today, string(p.Reason)),
				msg.T("at.published", content.Date(p.Published)),
				msg.T("at.page", a.URL),
				msg.T("at.file", p.File),
			)
			for _, l := range lines {
				if _, err := fmt.Fprintln(cmd.OutOrStdout(), l.In(g.lang)); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "", "the language of the revisions (default: the site's language)")
	cmd.ValidArgsFunction = completeDocsAndDates(g, 1, false)
	return cmd
}

// statusWord is a revision's status in the reader's language (reason
// stays as the front matter writes it: it is what the editor sets).
func statusWord(s content.Status) msg.Text {
	switch s {
	case content.StatusDraft:
		return msg.T("at.status.draft")
	case content.StatusUpcoming:
		return msg.T("at.status.upcoming")
	case content.StatusCurrent:
		return msg.T("at.status.current")
	default:
		return msg.T("at.status.archived")
	}
}
