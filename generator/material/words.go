package material

import "strings"

// langWords are the words of a language that state a number, a period of
// time or a date, and those after which a number is a cross-reference.
type langWords struct {
	numbers, units, months, refs map[string]bool
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Words that are also common words of another meaning are left out:
// "en", "ett", "ei" (an, a), "andre" (other), English "one", "second" and
// "time" (at any time), and ordinals, which rarely state a period.
var norwegian = &langWords{
	numbers: set(`to tre fire fem seks sju syv åtte ni ti elleve tolv tretten fjorten femten seksten
		sytten atten nitten tjue tjuefire tretti førti femti seksti sytti åtti nitti hundre tusen
		million millioner milliard milliarder halvannet halvanna halvannen`),
	units: set(`sekund sekunder sekundar minutt minutter minutt minuttar time timer timar døgn døgnet
		dag dager dagar dagen dagene dagane uke uker veke veker uka veka måned måneder månad månader
		måneden månaden år året årene åra kvartal kvartalet halvår halvåret
		prosent kroner krone kr`),
	months: set(`januar februar mars april mai juni juli august september oktober november desember`),
	refs:   set(`punkt punktet avsnitt avsnittet kapittel kapitlet kapittelet ledd leddet nr`),
}

var english = &langWords{
	numbers: set(`two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
		sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
		hundred thousand million millions billion`),
	units: set(`seconds minute minutes hour hours day days week weeks month months year years
		quarter quarters percent`),
	months: set(`january february march april june july august september october november december`),
	refs:   set(`section sections paragraph clause chapter`),
}

// words are the languages Compare knows the words of; in any other, only
// what is written in digits counts.
var words = map[string]*langWords{"nb": norwegian, "nn": norwegian, "no": norwegian, "en": english}
