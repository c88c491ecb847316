package notice

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"policysite/generator/msg"
)

// SMS encodings.
const (
	GSM7 = "GSM-7" // the GSM 03.38 default alphabet: 160 characters a segment
	UCS2 = "UCS-2" // any other text: 70 characters a segment
)

// gsmBasic is the GSM 03.38 default alphabet (one septet each); æ, ø and å
// are in it. gsmExtension holds the characters sent as an escape and a
// second septet.
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtension = "\f^{}\\[~]|€"
)

// gsmReplacer replaces typographic characters that GSM-7 lacks with the plain
// ones it has; see toGSM.
var gsmReplacer = strings.NewReplacer(
	"–", "-", "—", "-", "‒", "-", "‐", "-", "‑", "-", "−", "-",
	"«", `"`, "»", `"`, "“", `"`, "”", `"`, "„", `"`,
	"‘", "'", "’", "'", "‚", "'", "‹", "'", "›", "'",
	"…", "...",
	"\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u00ad", "",
)

// toGSM returns s with the dashes, quotation marks, ellipsis and special
// spaces that GSM-7 lacks written with the plain characters it has (- " '
// ... and a space), so that quoting a title such as «Personvernerklæring –
// Akershus Energi Varme» does not make an SMS UCS-2, where a message holds
// 70 characters instead of 160. Other characters are kept; Measure names
// any that still force UCS-2. The SMS templates call it as gsm.
func toGSM(s string) string { return gsmReplacer.Replace(s) }

// SMSInfo is how a text travels as SMS.
type SMSInfo struct {
	Encoding string   // GSM7 or UCS2
	Units    int      // septets (GSM-7) or UTF-16 code units (UCS-2)
	Segments int      // messages the text is split into
	PerSMS   int      // units that fit in a single message
	Outside  []string // for UCS-2: the characters that are not GSM-7
	runes    int
}

// Measure reports the encoding, length and segments of an SMS text. A
// single message holds 160 GSM-7 characters or 70 UCS-2 ones; a longer text
// is split into parts of 153 or 67, each sent and billed as a message.
func Measure(text string) SMSInfo {
	septets := 0
	var outside []string
	seen := map[rune]bool{}
	for _, r := range text {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			septets++
		case strings.ContainsRune(gsmExtension, r):
			septets += 2
		default:
			if !seen[r] {
				seen[r] = true
				outside = append(outside, string(r))
			}
		}
	}
	if len(outside) == 0 {
		return SMSInfo{Encoding: GSM7, Units: septets, Segments: segments(septets, 160, 153), PerSMS: 160, runes: utf8.RuneCountInString(text)}
	}
	units := len(utf16.Encode([]rune(text)))
	return SMSInfo{Encoding: UCS2, Units: units, Segments: segments(units, 70, 67), PerSMS: 70, Outside: outside}
}

func segments(n, single, part int) int {
	if n <= single {
		return 1
	}
	return (n + part - 1) / part
}

// String reports the measure in one line, in English.
func (i SMSInfo) String() string { return i.In(msg.English) }

// In reports the measure in one line in lang, for the person sending the
// SMS.
func (i SMSInfo) In(lang msg.Lang) string {
	var b strings.Builder
	b.WriteString(msg.T("sms.measure", i.Segments, i.Encoding, i.Units, i.PerSMS).In(lang))
	if i.Encoding == GSM7 && i.Units != i.runes {
		b.WriteString(msg.T("sms.extension").In(lang))
	}
	if len(i.Outside) > 0 {
		q := make([]string, len(i.Outside))
		for k, c := range i.Outside {
			q[k] = fmt.Sprintf("%q", c)
		}
		b.WriteString(msg.T("sms.ucs2", strings.Join(q, " ")).In(lang))
	}
	return b.String()
}
