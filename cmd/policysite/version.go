package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"policysite/generator/msg"
)

// version is set at link time by the Makefile (-X main.version=…); otherwise
// the module version from the build information is used.
var version = ""

func newVersionCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   msg.T("help.version").In(g.lang),
		Example: "  policysite version",
		Args:    noArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintf(cmd.OutOrStdout(), "policysite %s (%s)\n", moduleVersion(), runtime.Version())
		},
	}
}

func moduleVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
