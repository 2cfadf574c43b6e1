#!/bin/sh
# The article for any pair of states (issue 8): the eight dyads of
# data/dyads.ledger, each of a shape of its own, in every format, against
# golden files read once as an editor of "X–Y relations" articles would
# (tests/golden/dyads/). UPDATE_GOLDEN=1 rewrites them; read the diff.
# Then the sentences each shape must have, worked out by hand from the
# ledgers: dates at their precision, names with their articles and
# adjectives, every kind of fact in its place.
. "$SRCDIR/tests/cli/lib.sh.inc"
G="$SRCDIR/tests/golden/dyads"
DATA="$SRCDIR/data/dyads.ledger"

# name, then the two parties
set -- \
	georgia-russia GE RU \
	abkhazia-vanuatu AB VU \
	abkhazia-transnistria AB PMR \
	china-panama CN PA \
	cuba-united-states CU US \
	czech-republic-slovakia CZ SK \
	russia-united-states RU US
while [ $# -ge 3 ]; do
	name=$1 a=$2 b=$3
	shift 3
	for f in txt:text md:markdown html:html wiki:wikitext json:json; do
		ext=${f%%:*} fmt=${f#*:}
		refs=--refs
		[ "$fmt" = text ] || [ "$fmt" = json ] && refs=
		# shellcheck disable=SC2086
		"$CHANCERY" article -f "$DATA" "$a" "$b" --format "$fmt" $refs >"$T/$name.$ext" 2>"$T/err" ||
			fail "article $a $b --format $fmt failed: $(cat "$T/err")"
		# today's JSON names today, and the HTML infobox's map says the
		# day: the day is not part of what is compared (TODAY)
		if [ "$ext" = json ]; then
			grep -v '^  "on": ' "$T/$name.$ext" >"$T/cut" && mv "$T/cut" "$T/$name.$ext"
		fi
		if [ "$ext" = html ]; then
			sed "s/$(date -u '+%-d %B %Y')/TODAY/g" "$T/$name.$ext" >"$T/cut" && mv "$T/cut" "$T/$name.$ext"
		fi
		if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
			mkdir -p "$G" && cp "$T/$name.$ext" "$G/$name.$ext"
		else
			expect_same "$G/$name.$ext" "$T/$name.$ext"
		fi
	done
done

# The reference article is the same with the other dyads beside it: the
# goldens of tests/golden/article/ (article_golden.sh).
for f in txt:text md:markdown html:html wiki:wikitext; do
	ext=${f%%:*} fmt=${f#*:}
	refs=--refs
	[ "$fmt" = text ] && refs=
	# shellcheck disable=SC2086
	"$CHANCERY" article -f "$DATA" AB RU --format "$fmt" $refs >"$T/ab-ru.$ext" 2>"$T/err" ||
		fail "article AB RU --format $fmt failed: $(cat "$T/err")"
	if [ "$ext" = html ]; then
		sed "s/$(date -u '+%-d %B %Y')/TODAY/g" "$T/ab-ru.$ext" >"$T/cut" && mv "$T/cut" "$T/ab-ru.$ext"
	fi
	expect_same "$SRCDIR/tests/golden/article/abkhazia-russia-today.$ext" "$T/ab-ru.$ext"
done

# Georgia–Russia: relations established and severed, the war, the
# independence from the Soviet Union; never "no relations are recorded".
g=$T/georgia-russia.txt
expect_grep "$g" "Georgia and Russia established diplomatic relations on 1 July 1992; Georgia severed them on 29 August 2008."
expect_grep "$g" "On 9 April 1991 Georgia declared its independence from the Soviet Union. Georgia and Russia fought the Russo-Georgian War in August 2008."
expect_grep "$g" "On 29 August 2008, the Russian embassy in Georgia was closed in Tbilisi."
expect_grep "$g" "- Russia has an interests section in Tbilisi."
grep -q "No recognition or diplomatic relations" "$g" && fail "Georgia–Russia says nothing is recorded"

# Vanuatu: the adjective from data, a contested recognition in order.
v=$T/abkhazia-vanuatu.txt
expect_grep "$v" "===Vanuatuan recognition of Abkhazia==="
expect_grep "$v" "Vanuatu recognised Abkhazia on 23 May 2011; it denied the recognition in June 2011, reaffirmed it in June 2011, withdrew it on 12 July 2013 and reaffirmed it on 31 March 2015."
expect_grep "$v" "In June 2011 Vanuatuan Permanent Representative to the United Nations Donald Kalpokas denied that Vanuatu had recognised Abkhazia."
expect_grep "$v" "On 12 July 2013 Vanuatu withdrew its recognition of Abkhazia."
expect_grep "$v" "The Vanuatuan recognition was welcomed by Russia."

# Transnistria: a date open at its start ("../2011"), the dated one first.
t=$T/abkhazia-transnistria.txt
expect_grep "$t" "Transnistria recognised Abkhazia on 31 August 2008. Abkhazia recognised Transnistria in or before 2011."

# Panama: a switch, the reaction of the party left, the break with it.
p=$T/china-panama.txt
expect_grep "$p" "Panama recognised China on 13 June 2017, switching its recognition from Taiwan."
expect_grep "$p" "The switch was condemned by Taiwan."
expect_grep "$p" "Panama severed diplomatic relations with Taiwan on 12 June 2017, as Panamanian President Juan Carlos Varela announced."

# Cuba: a legation raised to an embassy, severance, restoration; "the
# United States" with its article, and no ".." after "D.C.".
c=$T/cuba-united-states.txt
expect_grep "$c" "Cuba and the United States established diplomatic relations on 27 May 1902; the United States raised them to embassy level on 10 February 1923, severed them on 3 January 1961 and the two restored them on 20 July 2015."
expect_grep "$c" "On 10 February 1923, the American legation in Havana became an embassy."
expect_grep "$c" "The decision was welcomed by Switzerland."
expect_grep "$c" "- Cuba has an embassy in Washington, D.C."
grep -q "D\.C\.\." "$c" && fail "a full stop doubled after D.C."

# Czech Republic and Slovakia: "the Czech Republic" but "Slovakia".
z=$T/czech-republic-slovakia.txt
expect_grep "$z" "The Czech Republic and Slovakia established diplomatic relations on 1 January 1993."
expect_grep "$z" "| Signed: | | Ratified by the Czech Republic: | | Ratified by Slovakia: |"
expect_grep "$z" "ratified by Slovakia on an unknown date"
expect_grep "$z" "- Foreign relations of the Czech Republic"

# Russia and the United States: the life of three treaties.
u=$T/russia-united-states.txt
expect_grep "$u" "Russia withdrew from it on 14 June 2002, before it entered into force"
expect_grep "$u" "| between 14 May and 1 June 2003 | | between 6 March and 1 June 2003 |"
expect_grep "$u" "ratified by Russia after the State Duma (25 January 2011) and the Federation Council (26 January 2011)"
expect_grep "$u" "extended by agreement on 3 February 2021 for 5 years"
expect_grep "$u" "valid for 10 years, extendable by agreement for 5-year periods"
expect_grep "$u" "On 26 January 2011 NATO Secretary General Anders Fogh Rasmussen welcomed the ratification of the Treaty on Measures for the Further Reduction and Limitation of Strategic Offensive Arms (New START) by the Federation Council."
grep -q "automatically renewable for 5-year" "$u" && fail "an extension by agreement written as automatic renewal"

# Relations no event records but a presence implies (docs/coverage.md):
# the lead says them as status does, never a plain "since", and what
# shows them; with nothing at all, "not recorded".
cat >implied.ledger <<'EOF'
source s "s"
party A "Alpha"
party B "Beta"
party C "Gamma"
person p "Pat Envoy"
../1993 open-mission A B type=embassy source=s
2001-03-05 present-credentials p C A source=s
2001-01-10 sever-relations C A source=s
1990-01-01 establish-relations A C source=s
EOF
expect_exit 0 "$CHANCERY" article -f implied.ledger Alpha Beta --on 2000-06-01
expect_grep "$T/out" "Alpha and Beta have had diplomatic relations since 1993 or earlier, as a resident mission shows."
expect_exit 0 "$CHANCERY" article -f implied.ledger Alpha Gamma --on 2002-01-01
expect_grep "$T/out" "Alpha and Gamma established diplomatic relations on 1 January 1990; Gamma severed them on 10 January 2001. Alpha and Gamma have had diplomatic relations at least since 5 March 2001, as an envoy's credentials show."
expect_exit 0 "$CHANCERY" article -f implied.ledger Beta Gamma --on 2002-01-01
expect_grep "$T/out" "No recognition or diplomatic relations between Beta and Gamma are recorded"

# Every format says the same: each golden's lead sentence of recognition.
for ext in md html wiki json; do
	expect_grep "$T/china-panama.$ext" "switching its recognition from Taiwan"
done
finish
