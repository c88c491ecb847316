package notice

import (
	"strings"
	"testing"
)

func TestMeasure(t *testing.T) {
	tests := []struct {
		text     string
		encoding string
		units    int
		segments int
	}{
		{"Hei", GSM7, 3, 1},
		{"Særlig om bruk av personopplysninger: æøå ÆØÅ", GSM7, 45, 1},
		{strings.Repeat("a", 160), GSM7, 160, 1},
		{strings.Repeat("a", 161), GSM7, 161, 2},
		{strings.Repeat("a", 306), GSM7, 306, 2},
		{strings.Repeat("a", 307), GSM7, 307, 3},
		{"Pris: 10 €", GSM7, 11, 1},                    // € is two septets
		{strings.Repeat("{", 80), GSM7, 160, 1},        // the extension table
		{"«Endringer» – nå", UCS2, 16, 1},              // guillemets and en dash are not GSM-7
		{strings.Repeat("ø", 69) + "–", UCS2, 70, 1},   // 70 fits one UCS-2 message
		{strings.Repeat("ø", 70) + "–", UCS2, 71, 2},   // 71 does not
		{strings.Repeat("ø", 133) + "–", UCS2, 134, 2}, // 2 × 67
		{"Emoji 🙂", UCS2, 8, 1},                        // a surrogate pair is two units
	}
	for _, tt := range tests {
		got := Measure(tt.text)
		if got.Encoding != tt.encoding || got.Units != tt.units || got.Segments != tt.segments {
			t.Errorf("Measure(%q) = %s %d units %d segments, want %s %d %d", tt.text, got.Encoding, got.Units, got.Segments, tt.encoding, tt.units, tt.segments)
		}
	}
	if s := Measure("Pris: 10 €").String(); !strings.Contains(s, "11 characters") || !strings.Contains(s, "count as two") {
		t.Errorf("report does not explain the length: %s", s)
	}
	if s := Measure("«a» – b").String(); !strings.Contains(s, `UCS-2 because of "«" "»" "–"`) {
		t.Errorf("report does not name the characters: %s", s)
	}
}

func TestToGSM(t *testing.T) {
	for in, want := range map[string]string{
		"Personvernerklæring – Akershus Energi Varme": "Personvernerklæring - Akershus Energi Varme",
		"«Min side» og “appen” — nå":                  `"Min side" og "appen" - nå`,
		"Kundens ‘valg’…":                             "Kundens 'valg'...",
		"10\u00a0dager, 5\u202f%, fjern\u00advarme":   "10 dager, 5 %, fjernvarme",
		"Æ ø å € {} – 🙂":                              "Æ ø å € {} - 🙂", // what GSM-7 has, or no plain form, is kept
	} {
		if got := toGSM(in); got != want {
			t.Errorf("toGSM(%q) = %q, want %q", in, got, want)
		}
		if !strings.ContainsRune(in, '🙂') && Measure(toGSM(in)).Encoding != GSM7 {
			t.Errorf("toGSM(%q) is not GSM-7: %s", in, Measure(toGSM(in)))
		}
	}
}
