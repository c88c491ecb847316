package material

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// para is a paragraph long enough that one changed word is a small share.
const para = "Vi behandler opplysningene dine for å levere fjernvarme, sende faktura og svare når du kontakter oss. " +
	"Opplysningene brukes ikke til noe annet, og vi deler dem bare med dem som hjelper oss med dette arbeidet."

func TestCompare(t *testing.T) {
	for _, tt := range []struct {
		name     string
		lang     string
		old, new string
		kind     Kind   // "" for a change that is not material
		oldWords string // what the change shows of each text
		newWords string
		line     int
	}{
		// Material: each kind.
		{name: "retention period", old: "Vi lagrer målerdata i 3 år.\n\n" + para, new: "Vi lagrer målerdata i 5 år.\n\n" + para,
			kind: Number, oldWords: "målerdata i 3 år", newWords: "målerdata i 5 år", line: 0},
		{name: "number word", old: para + "\n\nVi lagrer dem i tre år.", new: para + "\n\nVi lagrer dem i fem år.",
			kind: Number, oldWords: "dem i tre år", newWords: "dem i fem år", line: 2},
		{name: "unit of time", old: para + "\n\nVi lagrer dem i 3 måneder.", new: para + "\n\nVi lagrer dem i 3 år.",
			kind: Number, oldWords: "i 3 måneder", newWords: "i 3 år", line: 2},
		{name: "number added", old: para + "\n\nVi sletter dem etter avtalens slutt.", new: para + "\n\nVi sletter dem 2 år etter avtalens slutt.",
			kind: Number, oldWords: "sletter dem etter avtalens", newWords: "sletter dem 2 år etter avtalens", line: 2},
		{name: "number removed", old: para + "\n\nVi sletter dem 2 år etter avtalens slutt.", new: para + "\n\nVi sletter dem etter avtalens slutt.",
			kind: Number, line: 2},
		{name: "iso date", old: para + "\n\nGjelder fra 2024-05-01.", new: para + "\n\nGjelder fra 2024-06-01.", kind: Date, line: 2},
		{name: "month", old: para + "\n\nGjelder fra 1. mai 2024.", new: para + "\n\nGjelder fra 1. juni 2024.", kind: Date, line: 2},
		{name: "e-mail in text", old: para + "\n\nSkriv til personvern@fjordvarme.example.", new: para + "\n\nSkriv til kundeservice@fjordvarme.example.",
			kind: Email, oldWords: "Skriv til personvern@fjordvarme.example", newWords: "Skriv til kundeservice@fjordvarme.example", line: 2},
		{name: "mailto", old: para + "\n\n[Skriv til oss](mailto:a@fjordvarme.example).", new: para + "\n\n[Skriv til oss](mailto:b@fjordvarme.example).", kind: Email, line: 2},
		{name: "phone", old: para + "\n\nRing 12 34 56 78.", new: para + "\n\nRing 87 65 43 21.", kind: Phone,
			oldWords: "Ring 12 34 56 78", newWords: "Ring 87 65 43 21", line: 2},
		{name: "tel link", old: para + "\n\n[Ring oss](tel:+4712345678)", new: para + "\n\n[Ring oss](tel:+4787654321)", kind: Phone, line: 2},
		{name: "link target", old: para + "\n\nLes [vilkårene](https://fjordvarme.example/vilkar/).", new: para + "\n\nLes [vilkårene](https://annen.example/vilkar/).",
			kind: Link, line: 2},
		{name: "reference link target", old: para + "\n\nLes [vilkårene][v].\n\n[v]: https://a.example/v", new: para + "\n\nLes [vilkårene][v].\n\n[v]: https://b.example/v", kind: Link, line: 4},
		{name: "link to another host, same page name", old: para + "\n\nSe [vilkår](https://a.example/vilkar).", new: para + "\n\nSe [vilkår](https://b.example/vilkar).", kind: Link, line: 2},
		{name: "bare url", old: para + "\n\nSe https://a.example/x.", new: para + "\n\nSe https://b.example/x.", kind: Link, line: 2},
		{name: "raw html link", old: para + "\n\nSe <a href=\"https://a.example/\">her</a>.", new: para + "\n\nSe <a href=\"https://b.example/\">her</a>.", kind: Link, line: 2},
		{name: "new processor", old: para + "\n\nVi bruker en leverandør til å sende e-post.", new: para + "\n\nVi bruker Mailchimp til å sende e-post.",
			kind: Name, oldWords: "Vi bruker en leverandør til å", newWords: "Vi bruker Mailchimp til å", line: 2},
		{name: "new name after a link's words", old: para + "\n\nData lagres i Norge.", new: para + "\n\nData lagres i Norge og USA.", kind: Name, line: 2},
		{name: "name in a list, not first", old: para + "\n\n- lagring hos Microsoft", new: para + "\n\n- lagring hos Amazon", kind: Name, line: 2},
		{name: "english number", lang: "en", old: "We keep the data for two years.\n\n" + para, new: "We keep the data for three years.\n\n" + para, kind: Number, line: 0},
		{name: "renumbered list and a number in it", old: para + "\n\n1. i 3 år\n2. i 5 år", new: para + "\n\n1. i 3 år\n2. i 6 år", kind: Number, line: 3},
		{name: "swapped numbers", old: para + "\n\nKunder: 3 år. Søkere: 5 år.", new: para + "\n\nKunder: 5 år. Søkere: 3 år.", kind: Number, line: 2},

		// Not material.
		{name: "typo", old: para + "\n\nVi lagrer opplysnigner i 3 år.", new: para + "\n\nVi lagrer opplysninger i 3 år."},
		{name: "link text", old: para + "\n\nLes [her](https://a.example/).", new: para + "\n\nLes [vilkårene våre](https://a.example/)."},
		{name: "link to https and with a slash", old: para + "\n\nKlag til [Datatilsynet](http://www.datatilsynet.no).", new: para + "\n\nKlag til [Datatilsynet](https://www.datatilsynet.no/)."},
		{name: "link to the same page moved", old: para + "\n\nSe [vilkårene](https://help.example/en/site/vilkar/#5-bruk).", new: para + "\n\nSe [vilkårene](/policy/vilkar#6-bruk)."},
		{name: "html comment", old: para + "\n\n<!-- lint-disable X034 -->", new: para + "\n\n<!--\nlint-disable X035\n-->"},
		{name: "link within the page", old: para + "\n\nSe [punkt 4](#klage).", new: para + "\n\nSe [punkt 4](#klage-til-datatilsynet)."},
		{name: "punctuation", old: para + "\n\nVi lagrer dem - i 3 år - og sletter dem.", new: para + "\n\nVi lagrer dem – i 3 år – og sletter dem!"},
		{name: "quotes and emphasis", old: para + "\n\nVi kaller det \"målerdata\".", new: para + "\n\nVi kaller det «*målerdata*»."},
		{name: "reflowed lines", old: "Vi behandler opplysningene dine for å levere fjernvarme, sende faktura\nog svare når du kontakter oss. Opplysningene brukes ikke til noe annet.",
			new: "Vi behandler opplysningene dine for å levere\nfjernvarme, sende faktura og svare når du kontakter oss.\nOpplysningene brukes ikke til noe annet."},
		{name: "capitalised sentence start", old: para + "\n\nvi sletter dem. hvis du ber om det, får du en kopi.", new: para + "\n\nVi sletter dem. Hvis du ber om det, får du en kopi."},
		{name: "new sentence with a capital", old: para + "\n\nVi sletter dem når avtalen er slutt.", new: para + "\n\nVi sletter dem når avtalen er slutt. Dette gjelder alle kunder."},
		{name: "capitalised heading", old: "## Lagring\n\n" + para, new: "## Lagring Og Sletting\n\n" + para + " Vi gjør sletting."},
		{name: "capital after a list mark", old: para + "\n\n- navn\n- adresse", new: para + "\n\n- Navn\n- Adresse"},
		{name: "capital in a table cell", old: para + "\n\n| a | b |\n|---|---|\n| navn | adresse |", new: para + "\n\n| a | b |\n|---|---|\n| Navn | Adresse |"},
		{name: "a name that was there", old: para + "\n\nVi bruker Microsoft.", new: para + "\n\nVi bruker tjenester fra Microsoft."},
		{name: "renumbered heading", old: "## 4 Klage\n\n" + para, new: "## 5 Klage\n\n" + para},
		{name: "cross-reference renumbered", old: para + "\n\nSe punkt 4.", new: para + "\n\nSe punkt 5."},
		{name: "a paragraph with a number moved", old: "Vi lagrer dem i 3 år.\n\n" + para, new: para + "\n\nVi lagrer dem i 3 år."},
		{name: "nothing", old: para, new: para},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lang := tt.lang
			if lang == "" {
				lang = "nb"
			}
			r := Compare([]byte(tt.old), []byte(tt.new), lang)
			if tt.kind == "" {
				if r.Material() {
					t.Fatalf("material: %+v", r)
				}
				return
			}
			if len(r.Changes) != 1 && !(tt.name == "swapped numbers" && len(r.Changes) == 2) {
				t.Fatalf("want one %s change, got %+v\nold: %s\nnew: %s", tt.kind, r, scan(tt.old, lang), scan(tt.new, lang))
			}
			c := r.Changes[0]
			if c.Kind != tt.kind || c.Line != tt.line {
				t.Errorf("got %s at line %d, want %s at %d (%+v)", c.Kind, c.Line, tt.kind, tt.line, c)
			}
			if tt.oldWords != "" && (c.Old != tt.oldWords || c.New != tt.newWords) {
				t.Errorf("shows %q → %q, want %q → %q", c.Old, c.New, tt.oldWords, tt.newWords)
			}
		})
	}
}

// A rewrite of more than SharePercent of the words is material even when
// no number, address or name changes; a few words in a long text are not.
func TestShare(t *testing.T) {
	var old, new strings.Builder
	for i := range 40 {
		fmt.Fprintf(&old, "%s\n\n", para)
		if i < 3 {
			new.WriteString("Teksten er skrevet om fra grunnen av, med andre ord og en annen oppbygging, slik at leseren forstår den bedre enn før.\n\n")
		} else {
			fmt.Fprintf(&new, "%s\n\n", para)
		}
	}
	r := Compare([]byte(old.String()), []byte(new.String()), "nb")
	if !r.TooMuch() || len(r.Changes) != 0 || r.FirstLine != 0 {
		t.Errorf("3 paragraphs of 40 rewritten: %+v, %d %%; want too much, at line 0", r, r.Percent())
	}
	small := strings.Replace(old.String(), "faktura", "fakturaer", 5)
	if r := Compare([]byte(old.String()), []byte(small), "nb"); r.Material() || r.Changed != 5 {
		t.Errorf("5 words of %d changed: %+v", r.Words, r)
	}
	// A short text may have a sentence reworded.
	if r := Compare([]byte(para), []byte(strings.Replace(para, "for å levere fjernvarme", "slik at vi kan levere varme til deg", 1)), "nb"); r.TooMuch() {
		t.Errorf("a sentence of a short text reworded: %+v", r)
	}
}

// An editorial revision that changes a retention period is refused, and
// the report shows the old and new words and the line.
func TestRetentionPeriod(t *testing.T) {
	old := "## Lagring\n\nVi lagrer målerverdiene\ni 3 år etter at avtalen er slutt.\n"
	new := "## Lagring\n\nVi lagrer målerverdiene\ni 5 år etter at avtalen er slutt.\n"
	r := Compare([]byte(old), []byte(new), "nb")
	want := Change{Kind: Number, Old: "målerverdiene i 3 år etter", New: "målerverdiene i 5 år etter", Line: 3}
	if len(r.Changes) != 1 || r.Changes[0] != want {
		t.Errorf("got %+v, want %+v", r.Changes, want)
	}
}

// The same texts give the same report, and a large text is judged by its
// words' counts, without a diff.
func TestLarge(t *testing.T) {
	old := strings.Repeat(para+"\n\n", 1200)
	new := strings.Repeat(para+"\n\n", 800) + strings.Repeat("Helt ny tekst her.\n\n", 400)
	r := Compare([]byte(old), []byte(new), "nb")
	if !r.TooMuch() {
		t.Errorf("a third rewritten: %+v", r)
	}
}

// A text too long to diff word by word is still judged by its numbers,
// dates, addresses and link targets: 3 år → 5 år is reported, the same
// way each time.
func TestTooLongToDiff(t *testing.T) {
	base := strings.Repeat("Vi lagrer opplysningene om kunden. ", 12000)
	old, new := []byte(base+"Vi sletter dem etter 3 år.\n"), []byte(base+"Vi sletter dem etter 5 år.\n")
	r := Compare(old, new, "nb")
	if !r.Material() || len(r.Changes) != 2 || r.Changes[0].Kind != Number || r.Changes[1].Kind != Number {
		t.Fatalf("3 år → 5 år in a long text: %+v", r.Changes)
	}
	if again := Compare(old, new, "nb"); !slices.Equal(again.Changes, r.Changes) {
		t.Errorf("two reports of the same texts: %+v, %+v", r.Changes, again.Changes)
	}
}
