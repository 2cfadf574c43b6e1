#!/bin/sh
# 'chancery panel' on tests/fixtures/panel.ledger, a world of three states
# whose expected panels (tests/golden/panel/) were worked out by hand from
# the fixture's comments: membership by COW's any-day rule and on 1
# January, NA for a state gone by 31 December, 'uncertain' for an undated
# mission and a "2001?" entry into force, treaties in force each year.
# UPDATE_GOLDEN=1 rewrites the expected files (review the diff).
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
F="$SRCDIR/tests/fixtures/panel.ledger"
G="$SRCDIR/tests/golden/panel"

check() {
	golden=$1
	shift
	expect_exit 0 "$CHANCERY" panel "$@" -f "$F" --from 2000 --to 2002
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T/out" "$G/$golden"
	else
		expect_same "$G/$golden" "$T/out"
	fi
}

check dyad-year.csv dyad-year
check dyad-year-jan1-undirected.csv dyad-year --on jan1 --undirected --columns relations,recognition
check state-year.csv state-year
check dyad-year-gw-bare.csv dyad-year --system gw --columns none

# -o writes the same bytes to a file.
expect_exit 0 "$CHANCERY" panel dyad-year -f "$F" --from 2000 --to 2002 -o p.csv
expect_same "$G/dyad-year.csv" p.csv

# Usage errors name the option and exit 2.
expect_exit 2 "$CHANCERY" panel dyad-year -f "$F" --system polity
expect_grep "$T/err" "--system 'polity': expected cow or gw"
expect_exit 2 "$CHANCERY" panel dyad-year -f "$F" --on mar1
expect_grep "$T/err" "--on 'mar1': expected any, jan1, dec31 or a day MM-DD"
expect_exit 2 "$CHANCERY" panel dyad-year -f "$F" --from 2003 --to 2002
expect_grep "$T/err" "--from 2003 is after --to 2002"
expect_exit 2 "$CHANCERY" panel dyad-year -f "$F" --from 18x6
expect_grep "$T/err" "--from '18x6': expected a year from 1 to 9999"
expect_exit 2 "$CHANCERY" panel dyad-year -f "$F" --columns names,votes
expect_grep "$T/err" "unknown column group 'votes'"
expect_exit 2 "$CHANCERY" panel year-dyad -f "$F"
expect_grep "$T/err" "expected dyad-year or state-year"

# A registry without membership says so on stderr, with only a header out.
expect_exit 0 "$CHANCERY" panel dyad-year -f "$SRCDIR/data/registry.ledger" --from 2000 --to 2001 --columns none
expect_grep "$T/err" "no member states in 2000-2001"
[ "$(cat "$T/out")" = "year,ccode1,ccode2" ] || fail "expected only the header line"
finish
