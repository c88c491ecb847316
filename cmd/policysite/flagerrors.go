package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"policysite/generator/msg"
)

// flagError puts pflag's errors about the command line into the
// catalogue's words, so that a mistake in calling policysite is explained
// in the reader's language like every other. An error of another kind is
// returned as it is.
func flagError(err error) error {
	var (
		unknown  *pflag.NotExistError
		required *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &unknown):
		if group := unknown.GetSpecifiedShortnames(); group != "" {
			return msg.Errorf("cmd.flag.unknown-short", unknown.GetSpecifiedName()[:1], group)
		}
		return msg.Errorf("cmd.flag.unknown", "--"+unknown.GetSpecifiedName())
	case errors.As(err, &required):
		return msg.Errorf("cmd.flag.needs-value", "--"+required.GetFlag().Name)
	case errors.As(err, &invalid):
		// The cause is the parser's (strconv's, time's), in English.
		return msg.Errorf("cmd.flag.invalid", invalid.GetValue(), "--"+invalid.GetFlag().Name, msg.T("text.verbatim", invalid.Unwrap()))
	case errors.As(err, &syntax):
		return msg.Errorf("cmd.flag.syntax", syntax.GetSpecifiedFlag())
	}
	return err
}

// commandError puts cobra's "unknown command" error, with the commands it
// suggests, into the catalogue's words; ok is false for any other error.
func commandError(err error) (_ error, ok bool) {
	text := err.Error()
	first, rest, _ := strings.Cut(text, "\n")
	var name, parent string
	if n, _ := fmt.Sscanf(first, "unknown command %q for %q", &name, &parent); n != 2 {
		return err, false
	}
	var suggestions []string
	for _, line := range strings.Split(rest, "\n") {
		if s, ok := strings.CutPrefix(line, "\t"); ok && s != "" {
			suggestions = append(suggestions, s)
		}
	}
	if len(suggestions) > 0 {
		return msg.Errorf("cmd.unknown-command.suggest", name, strings.Join(suggestions, ", ")), true
	}
	return msg.Errorf("cmd.unknown-command", name), true
}
