package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/msg"
)

// maxSegments bounds --segments: a longer message is a letter, and many
// phones and operators do not join more parts.
const maxSegments = 10

func newNoticeCmd(g *globalFlags) *cobra.Command {
	var lang, format string
	var segments int
	cmd := &cobra.Command{
		Use:   "notice <document> [<date>]",
		Short: msg.T("help.notice").In(g.lang),
		Long: `Notice writes the notification that tells customers of a change to a document,
from the templates in templates/notices/<language>/ and the revision's front
matter: what changes and why (worded by its reason), when it takes effect,
where to see the changes word by word, and how to ask or object, with the
contact details from site.yaml.

Without a date, it announces the next change that is not yet in force, or
else the current revision. A draft can be named by its date, so that the
notice is ready before the revision is published. Editorial revisions are not
announced. With --lang and no date, a translation that has fallen behind (its
original has a newer material change it has no revision of) is refused, with
the file to write, rather than announce an old change as the news.

Formats:
  email  a complete e-mail (subject, plain text and HTML) for a mail program
         or mailing service
  html   the e-mail's HTML body
  text   the subject and the plain text, for letters, web news and the like
  sms    a text message: with the summary when it fits in one SMS (or in
         --segments concatenated segments), else a short form that names the
         change and links to the page that shows it; its encoding (GSM-7 or
         UCS-2), length and number of segments are reported on standard
         error`,
		Example: `  policysite notice personvern --format sms
  policysite notice personvern --format sms --segments 2
  policysite notice personvern 2027-01-15 --format email > varsel.eml
  policysite notice personvern --format text --lang en`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usageError{msg.Errorf("notice.args")}
			}
			if segments < 1 || segments > maxSegments {
				return usageError{msg.Errorf("notice.segments", segments, maxSegments)}
			}
			switch format {
			case "email", "html", "text", "sms":
				return nil
			}
			return usageError{msg.Errorf("notice.format-unknown", format)}
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			clock, site, th, err := g.load()
			if err != nil {
				return err
			}
			req := generator.NoticeRequest{Doc: args[0], Lang: lang, Clock: clock}
			if len(args) == 2 {
				req.Date = args[1]
			}
			data, tpl, err := generator.Notice(site, th, req)
			if err != nil {
				return notFoundIsUsage(err)
			}
			out := cmd.OutOrStdout()
			switch format {
			case "email":
				msg, err := tpl.Email(data)
				if err != nil {
					return err
				}
				_, err = out.Write(msg)
				return err
			case "html":
				html, err := tpl.HTML(data)
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(out, html)
				return err
			case "text":
				subject, err := tpl.Subject(data)
				if err != nil {
					return err
				}
				text, err := tpl.Text(data)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(out, "%s\n\n%s\n", subject, text)
				return err
			default:
				sms, info, short, err := tpl.SMS(data, segments)
				if err != nil {
					return err
				}
				if short {
					fmt.Fprintln(cmd.ErrOrStderr(), msg.T("notice.sms-short", segments).In(g.lang))
				}
				if info.Segments > segments {
					fmt.Fprintln(cmd.ErrOrStderr(), msg.T("notice.sms-over", info.Segments, segments).In(g.lang))
				}
				fmt.Fprintln(cmd.ErrOrStderr(), info.In(g.lang))
				_, err = fmt.Fprintln(out, sms)
				return err
			}
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "", "the language of the revision (default: the site's language)")
	cmd.Flags().StringVar(&format, "format", "text", "email, html, text or sms")
	cmd.Flags().IntVar(&segments, "segments", 1, "for sms: how many concatenated SMS segments the summary may fill (2: 306 GSM-7 characters or 134 UCS-2)")
	cmd.ValidArgsFunction = completeDocsAndDates(g, 1, false)
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords("email", "html", "text", "sms"))
	return cmd
}
