package main

import (
	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
)

// completeDocsAndDates completes a document's name as the first argument
// and its revisions' dates (and "current", if allowCurrent) after it, from
// the site in --source, in the language of the command's --lang flag (the
// site's language when it is not given).
func completeDocsAndDates(g *globalFlags, maxDates int, allowCurrent bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		site, _, _ := generator.Load(g.source)
		if site == nil || len(args) > maxDates {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		lang := site.Config.Language
		if f := cmd.Flags().Lookup("lang"); f != nil && f.Value.String() != "" {
			lang = f.Value.String()
		}
		var out []string
		if len(args) == 0 {
			for _, s := range site.Series {
				if s.Lang == lang {
					out = append(out, s.Doc)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		for _, s := range site.Series {
			if s.Doc != args[0] || s.Lang != lang {
				continue
			}
			for _, r := range s.Revisions {
				out = append(out, content.Date(r.Effective)+"\t"+short(r.Summary, 60))
			}
			if allowCurrent {
				out = append(out, "current\tthe revision in force")
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeWords completes a flag's value from a fixed list.
func completeWords(words ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}

func short(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
