//go:build js && wasm

// Command wasm is the compare page's diff: the same Go that makes the
// static diff pages (diffview.Compare), built for the browser as the
// theme's compare.wasm (go generate ./templates). It sets one function,
// policysiteDiff(older, newer, words), on the page: older and newer are
// two revisions' text.json, words the diff's words in the page's language
// (diffview.Words) with the word for a table as "table", all as JSON text;
// it returns the diff as diffview.Result, as JSON text, or throws.
package main

import (
	"encoding/json"
	"syscall/js"

	"policysite/generator/diff"
	"policysite/generator/diffview"
)

func main() {
	js.Global().Set("policysiteDiff", js.FuncOf(func(_ js.Value, args []js.Value) (out any) {
		if len(args) != 3 {
			return js.Global().Get("Error").New("policysiteDiff takes three arguments")
		}
		var older, newer diffview.Text
		var words diffview.Words
		for i, v := range []any{&older, &newer, &words} {
			if err := json.Unmarshal([]byte(args[i].String()), v); err != nil {
				return js.Global().Get("Error").New(err.Error())
			}
		}
		res := diffview.Compare(older, newer, diff.LabelsFrom(words), words.T("table"))
		b, _ := json.Marshal(res)
		return string(b)
	}))
	select {} // the function stays for the page's life
}
