package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"policysite/generator/msg"
)

// newSayCmd is the command the CI scripts write their words with, so that
// what the legal team reads of a review is in the site's language and
// comes from the one catalogue. It is hidden: it is the scripts', not a
// person's.
func newSayCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "say <id> [arg...]",
		Short: msg.T("help.say").In(g.lang),
		Long: `Say prints the message <id> of policysite's catalogue, with the arguments
filled in, followed by a newline, in the language policysite writes its
messages in (--messages, else $POLICYSITE_MESSAGES, else the site's
language:, else $LANG). Every argument is text; one the message counts
with is a number, and chooses the message's plural form. Put -- before the
ID when an argument may start with a dash.

An unknown ID, or the wrong number of arguments, is a usage error: the
scripts in ci/ and the catalogue are tested to agree.`,
		Example: `  policysite say review.title
  policysite say -- review.revisions 3`,
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{msg.Errorf("say.no-id")}
			}
			text, err := msg.Say(args[0], args[1:])
			if err != nil {
				return usageError{err}
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), text.In(g.lang))
			return err
		},
	}
}
