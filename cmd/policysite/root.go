package main

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator"
	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/generator/theme"
)

// globalFlags are the flags every command takes.
type globalFlags struct {
	source   string
	dest     string
	now      string
	messages string // --messages, read by chooseLang before the flags are parsed
	cache    string // --cache, of the commands that build (addCacheFlag)

	lang msg.Lang // the language of the messages to the reader
	host host
}

// newRootCmd is the command line, its help in lang, run on h.
func newRootCmd(lang msg.Lang, h host) *cobra.Command {
	g := &globalFlags{lang: lang, host: h}
	root := &cobra.Command{
		Use:   "policysite",
		Short: msg.T("help.policysite").In(lang),
		Long: `policysite turns Markdown revisions of a privacy policy (and the documents
beside it) into a static website: the policy in force, a permanent page for
every revision, word-level diffs between revisions, a history page and
versions.json.

A site is a folder with site.yaml, content/<document>/<YYYY-MM-DD>.md and,
optionally, templates/ to override the default theme.`,
		Example: `  policysite build                  # content/ into public/, for today
  policysite serve                  # preview at http://127.0.0.1:1313/ while editing
  policysite new personvern         # start the next revision
  policysite check                  # every problem, with file and line
  policysite diff --source examples/demo personvern 2022-08-01 current`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// Before localHelp: the completion command it adds takes its output
	// when it is made.
	root.SetIn(h.stdin)
	root.SetOut(h.stdout)
	root.SetErr(h.stderr)
	root.PersistentFlags().StringVar(&g.source, "source", ".", "the site folder (with site.yaml and content/)")
	root.PersistentFlags().StringVar(&g.dest, "dest", "public", "the output folder; replaced as a whole by each build")
	root.PersistentFlags().StringVar(&g.now, "now", "", "the day to build for, as YYYY-MM-DD or RFC 3339 (default: $SOURCE_DATE_EPOCH, else today)")
	root.PersistentFlags().StringVar(&g.messages, "messages", "", "the language of policysite's messages: en or nb (default: $POLICYSITE_MESSAGES, else the site's language:, else $LANG)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{flagError(err)} })
	root.AddCommand(newBuildCmd(g), newCheckCmd(g), newNewCmd(g), newDiffCmd(g), newAtCmd(g), newNoticeCmd(g), newServeCmd(g), newVerifyCmd(g), newEditorCmd(g), newVersionCmd(g))
	root.AddCommand(newSayCmd(g))
	_ = root.RegisterFlagCompletionFunc("messages", completeWords("en", "nb"))
	localHelp(root, lang)
	return root
}

// chooseLang picks the language of the messages (msg.Choose) from the
// command line, before cobra reads it: the help of every command, which
// cobra writes while it reads the flags, is in it too. The site is the one
// --source names.
func chooseLang(args []string, getenv func(string) string) (msg.Lang, error) {
	source, messages := ".", ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		for _, f := range []struct {
			name string
			to   *string
		}{{"--source", &source}, {"--messages", &messages}} {
			if v, ok := strings.CutPrefix(a, f.name+"="); ok {
				*f.to = v
			} else if a == f.name && i+1 < len(args) {
				i++
				*f.to = args[i]
			}
		}
	}
	lang, err := msg.Choose(messages, content.SiteLanguage(source), getenv)
	if err != nil {
		return lang, usageError{err}
	}
	return lang, nil
}

// localHelp puts the help's own words (cobra's headings, and the help and
// completion commands it adds) in lang.
func localHelp(root *cobra.Command, lang msg.Lang) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Short = msg.T("help.help").In(lang)
		case "completion":
			c.Short = msg.T("help.completion").In(lang)
		}
	}
	if lang == msg.English {
		return
	}
	t := root.UsageTemplate()
	for _, r := range []struct {
		en string
		t  msg.Text
	}{
		{"Usage:", msg.T("help.usage")},
		{"Aliases:", msg.T("help.aliases")},
		{"Examples:", msg.T("help.examples")},
		{"Available Commands:", msg.T("help.commands")},
		{"Additional Commands:", msg.T("help.more-commands")},
		{"Global Flags:", msg.T("help.global-flags")},
		{"Flags:", msg.T("help.flags")},
		{"Additional help topics:", msg.T("help.topics")},
		{`Use "{{.CommandPath}} [command] --help" for more information about a command.`, msg.T("help.more", "{{.CommandPath}} [command] --help")},
		{"[flags]", msg.T("help.flags-arg")},
		{"[command]", msg.T("help.command-arg")},
	} {
		t = strings.ReplaceAll(t, r.en, r.t.In(lang))
	}
	root.SetUsageTemplate(t)
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{msg.Errorf("cmd.no-args", cmd.CommandPath(), strings.Join(args, " "))}
	}
	return nil
}

// clock returns the day to build for: --now, else SOURCE_DATE_EPOCH (the
// reproducible-builds convention), else the current time. A bare date is
// that day in the site's time zone; a moment is read in it.
func (g *globalFlags) clock() (content.Clock, error) {
	if g.now != "" {
		if t, err := time.Parse(content.DateLayout, g.now); err == nil {
			return content.Clock{Day: t, Real: g.host.now()}, inRange(t, "--now "+g.now)
		}
		if t, err := time.Parse(time.RFC3339, g.now); err == nil {
			return content.Clock{Now: t, Real: g.host.now()}, inRange(t, "--now "+g.now)
		}
		return content.Clock{}, usageError{msg.Errorf("cmd.now.not-date", g.now)}
	}
	if s := g.host.getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return content.Clock{}, usageError{msg.Errorf("cmd.epoch.not-number", s)}
		}
		if sec > maxEpoch || sec < minEpoch {
			return content.Clock{}, usageError{epochOutOfRange(s, sec)}
		}
		return content.Clock{Now: time.Unix(sec, 0).UTC(), Real: g.host.now()}, nil
	}
	now := g.host.now()
	return content.Clock{Now: now, Real: now}, nil
}

// The days a site can be built for. A clock outside them is a mistake, not
// a wish: SOURCE_DATE_EPOCH in milliseconds is the year 58000 or so, and a
// build for it would show every revision not yet published as in force.
const (
	firstYear = 1990
	lastYear  = 2200
)

var (
	minEpoch = time.Date(firstYear, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxEpoch = time.Date(lastYear+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - 1
)

// inRange refuses a --now outside the years a site can be built for; what
// names the clock as the user gave it.
func inRange(t time.Time, what string) error {
	if y := t.Year(); y < firstYear || y > lastYear {
		return usageError{msg.Errorf("cmd.now.out-of-range", what, y, firstYear, lastYear)}
	}
	return nil
}

// epochOutOfRange says why a SOURCE_DATE_EPOCH outside the years a site can
// be built for was refused, and guesses the unit it was given in.
func epochOutOfRange(s string, sec int64) error {
	fix := msg.T("cmd.epoch.fix")
	if sec < minEpoch {
		return msg.Errorf("cmd.epoch.too-early", s, firstYear, fix)
	}
	year := time.Unix(sec, 0).UTC().Year()
	for _, u := range []struct {
		name msg.Text
		per  int64
	}{{msg.T("cmd.epoch.milliseconds"), 1e3}, {msg.T("cmd.epoch.microseconds"), 1e6}, {msg.T("cmd.epoch.nanoseconds"), 1e9}} {
		if sec/u.per >= minEpoch && sec/u.per <= maxEpoch {
			return msg.Errorf("cmd.epoch.unit", s, year, u.name, fix)
		}
	}
	return msg.Errorf("cmd.epoch.too-late", s, year, lastYear, fix)
}

// start reads the clock and checks --source: what every command that reads
// a site does first.
func (g *globalFlags) start() (content.Clock, error) {
	clock, err := g.clock()
	if err != nil {
		return clock, err
	}
	return clock, g.sourceFolder()
}

// load is start followed by loading the site and its theme: how a command
// that asks about one document begins (diff, notice).
func (g *globalFlags) load() (content.Clock, *content.Site, *theme.Theme, error) {
	clock, err := g.start()
	if err != nil {
		return clock, nil, nil, err
	}
	site, th, err := generator.Load(g.source)
	return clock, site, th, err
}

// notFoundIsUsage makes a generator.NotFound (a document, language or
// revision named on the command line that the site does not have) a usage
// error; other errors it returns as they are.
func notFoundIsUsage(err error) error {
	var nf generator.NotFound
	if errors.As(err, &nf) {
		return usageError{err}
	}
	return err
}

// sourceFolder checks that --source is a folder.
func (g *globalFlags) sourceFolder() error {
	info, err := os.Stat(g.source)
	switch {
	case err != nil:
		return usageError{msg.Errorf("cmd.source.missing", g.source)}
	case !info.IsDir():
		return usageError{msg.Errorf("cmd.source.file", g.source)}
	}
	return nil
}
