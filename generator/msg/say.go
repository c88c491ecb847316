package msg

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Say is the message id with args given as text, as a script gives them
// (policysite say): an argument the English writes with %d is read as a
// number, so that a count chooses its plural form. An ID the catalogue
// does not have, a wrong number of arguments or a count that is not a
// number is an error, so that a script and the catalogue cannot drift
// apart unseen.
func Say(id string, args []string) (Text, error) {
	e, ok := compiled().entries[id]
	if !ok {
		return Text{}, Errorf("say.unknown", id)
	}
	verbs, err := placeholders(e.en)
	if err != nil {
		// The catalogue's test keeps every text readable.
		panic(fmt.Sprintf("msg: %s: %v", id, err))
	}
	want := 0
	for _, v := range verbs {
		n, _, _ := strings.Cut(v, ":")
		want = max(want, atoi(n))
	}
	if len(args) != want {
		return Text{}, Errorf("say.args", want, id, len(args))
	}
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
	}
	for _, v := range verbs {
		n, verb, _ := strings.Cut(v, ":")
		if verb != "d" {
			continue
		}
		i := atoi(n) - 1
		count, err := strconv.ParseInt(args[i], 10, 64)
		if err != nil {
			return Text{}, Errorf("say.not-number", id, i+1, args[i])
		}
		out[i] = count
	}
	return Text{ID: id, Args: out}, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// placeholders lists the verbs of a text by the argument each takes, as
// "1:s": the order may differ between the languages, the arguments and
// how each is written may not. «%s» counts as %q: the Norwegian
// quotation marks around a value the English quotes.
func placeholders(text string) ([]string, error) {
	text = guillemets.ReplaceAllString(text, "${1}q")
	var out []string
	arg := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '%' {
			continue
		}
		i++
		if i < len(text) && text[i] == '%' {
			continue
		}
		for i < len(text) && strings.IndexByte("+-# 0", text[i]) >= 0 {
			i++
		}
		if i < len(text) && text[i] == '[' {
			end := strings.IndexByte(text[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("%q: an index is not closed", text)
			}
			n, err := strconv.Atoi(text[i+1 : i+end])
			if err != nil || n < 1 {
				return nil, fmt.Errorf("%q: a bad index", text)
			}
			arg = n - 1
			i += end + 1
		}
		for i < len(text) && (text[i] >= '0' && text[i] <= '9' || text[i] == '.') {
			i++
		}
		if i >= len(text) || !strings.ContainsRune("vTtbcdoOqxXUeEfFgGsp", rune(text[i])) {
			return nil, fmt.Errorf("%q: a placeholder without a verb", text)
		}
		arg++
		out = append(out, fmt.Sprintf("%d:%c", arg, text[i]))
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

var guillemets = regexp.MustCompile(`«(%(?:\[\d+\])?)s»`)
