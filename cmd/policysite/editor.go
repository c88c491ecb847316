package main

import (
	"github.com/spf13/cobra"

	"policysite/generator/editor"
	"policysite/generator/msg"
)

func newEditorCmd(g *globalFlags) *cobra.Command {
	var backend string
	cmd := &cobra.Command{
		Use:   "editor",
		Short: msg.T("help.editor").In(g.lang),
		Long: `Editor prints the configuration of the web editor, admin/config.yml, as
build writes it when site.yaml has an editor: block: Sveltia CMS, which
runs in the browser against the site's repository on GitHub or GitLab.
It is made from the content contract on every build: one collection per
document, the site's languages, the front-matter keys with their hints in
Norwegian, and a new revision that starts as a copy of the newest.

--backend test-repo prints the configuration for the editor's test
repository, kept in the browser, to try the editor without signing in.

site.yaml:

  editor:
    backend: github        # or gitlab
    repo: akershusenergi/personvern
    branch: main           # the branch the site is published from
    folder: nettsted       # the site folder in the repository, if not its root
    appID: 0a1b…           # GitLab only: sign in with GitLab (PKCE)
    host: https://git.x.no # a GitLab or GitHub Enterprise of one's own

content/README.md tells the legal team how to sign in and work.`,
		Example: `  policysite editor
  policysite editor --source examples/demo --backend test-repo`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, site, _, err := g.load()
			if err != nil {
				return err
			}
			data, err := editor.Config(site, editor.Options{Backend: backend})
			if err != nil {
				return usageError{err}
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	}
	cmd.Flags().StringVar(&backend, "backend", "", "github, gitlab or test-repo (default: site.yaml's editor: backend)")
	return cmd
}
