#!/bin/sh
# Golden files for the article: Abkhazia–Russia today (every format, with
# footnotes) and on 2008-09-01, and Georgia–Russia (a pair with no
# treaties). The renderers' unit tests hold the other days' goldens.
# UPDATE_GOLDEN=1 rewrites them; review the diff before committing.
. "$SRCDIR/tests/cli/lib.sh.inc"
G="$SRCDIR/tests/golden/article"
DATA="$SRCDIR/data/registry.ledger"

check() { # name, then the article's arguments
	name=$1
	shift
	"$CHANCERY" article -f "$DATA" "$@" >"$T/$name" 2>"$T/err" || fail "article $* failed: $(cat "$T/err")"
	# today's JSON names today: the day is not part of what is compared
	case "$name" in *today.json) grep -v '^  "on": ' "$T/$name" >"$T/$name.cut" && mv "$T/$name.cut" "$T/$name" ;; esac
	# today's infobox map says the day: compared as TODAY
	case "$name" in *today.html) sed "s/$(date -u '+%-d %B %Y')/TODAY/g" "$T/$name" >"$T/$name.cut" && mv "$T/$name.cut" "$T/$name" ;; esac
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T/$name" "$G/$name"
	else
		expect_same "$G/$name" "$T/$name"
	fi
}

check abkhazia-russia-today.txt Abkhazia Russia
check abkhazia-russia-today.json Abkhazia Russia --format json
check abkhazia-russia-2008-09-01.txt Abkhazia Russia --on 2008-09-01
check abkhazia-russia-2008-09-01.json Abkhazia Russia --on 2008-09-01 --format json
check abkhazia-russia-today.md Abkhazia Russia --format markdown --refs
check abkhazia-russia-today.html Abkhazia Russia --format html --refs
check abkhazia-russia-today.wiki Abkhazia Russia --format wikitext --refs
check georgia-russia-today.txt Georgia Russia
check georgia-russia-today.json GE RU --json

# Nothing dated after the day appears in the article of that day.
for d in "9 September 2008" "16 December 2008" "2009" "Sukhumi" "List of treaties"; do
	grep -q "$d" "$G/abkhazia-russia-2008-09-01.txt" && fail "'$d' appears in the article of 2008-09-01"
done

# Bad input: the nearest names; the list of formats; a short article for a
# pair with nothing recorded.
cd "$T"
expect_exit 4 "$CHANCERY" article -f "$DATA" Abkhasia Russia
expect_grep "$T/err" "did you mean 'Abkhazia' (AB)?"
expect_exit 2 "$CHANCERY" article -f "$DATA" Abkhazia Russia --format pdf
expect_grep "$T/err" "the formats are text, markdown, html, wikitext and json"

# The other formats through the command line are the renderers' goldens
# (tests/unit/test_render_*.c) for the same day.
for f in md:markdown wiki:wikitext html:html; do
	ext=${f%%:*} fmt=${f#*:}
	expect_exit 0 "$CHANCERY" article -f "$DATA" Abkhazia Russia --on 2026-01-01 --format "$fmt" --refs
	expect_same "$G/abkhazia-russia-2026-01-01.refs.$ext" "$T/out"
done
expect_exit 0 "$CHANCERY" article -f "$DATA" EU US
expect_grep "$T/out" "No recognition or diplomatic relations between the European Union and the United States are recorded."
finish
