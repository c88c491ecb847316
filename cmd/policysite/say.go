package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"policysite/generator/msg"
)

// newSayCmd is the command the CI scripts write their words with, so that
// what the legal team reads of a review is in the site's language and
// comes from the one catalogue. It is hidden: it is the scripts', not a
// person's.
func newSayCmd(g *globalFlags) *cobra.Command {
	var stdin bool
	cmd := &cobra.Command{
		Use:   "say <id> [arg...]",
		Short: msg.T("help.say").In(g.lang),
		Long: `Say prints the message <id> of policysite's catalogue, with the arguments
filled in, followed by a newline, in the language policysite writes its
messages in (--messages, else $POLICYSITE_MESSAGES, else the site's
language:, else $LANG). Every argument is text; one the message counts
with is a number, and chooses the message's plural form. Put -- before the
ID when an argument may start with a dash.

With --stdin it says many messages at once, as a script that writes a
whole text with them asks (one process, not one a sentence): it reads them
from standard input, one a line, the ID and its arguments separated by
tabs, and prints each on a line of its own, in the order asked. A message
that would span lines cannot be said this way.

An unknown ID, the wrong number of arguments, or with --stdin any line
that is not a message of one line, is a usage error, and nothing is
printed: the scripts in ci/ and the catalogue are tested to agree.`,
		Example: `  policysite say review.title
  policysite say -- review.revisions 3
  printf 'review.title\nreview.revisions\t3\n' | policysite say --stdin`,
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if stdin {
				if len(args) > 0 {
					return usageError{msg.Errorf("say.stdin-args", strings.Join(args, " "))}
				}
				return sayLines(cmd, g.lang)
			}
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
	cmd.Flags().BoolVar(&stdin, "stdin", false, "read the messages from standard input, one a line: the ID and its arguments, separated by tabs")
	return cmd
}

// sayLines says the messages standard input asks for, one a line, each on
// a line of its own; it prints nothing unless it can say them all.
func sayLines(cmd *cobra.Command, lang msg.Lang) error {
	var out strings.Builder
	sc := bufio.NewScanner(cmd.InOrStdin())
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Split(sc.Text(), "\t")
		if fields[0] == "" {
			return usageError{msg.Errorf("say.line", n, msg.Errorf("say.no-id"))}
		}
		text, err := msg.Say(fields[0], fields[1:])
		if err != nil {
			return usageError{msg.Errorf("say.line", n, err)}
		}
		s := text.In(lang)
		if strings.ContainsAny(s, "\r\n") {
			return usageError{msg.Errorf("say.line", n, msg.Errorf("say.lines", fields[0]))}
		}
		out.WriteString(s)
		out.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return err
	}
	_, err := fmt.Fprint(cmd.OutOrStdout(), out.String())
	return err
}
