#!/bin/sh
# The conventions of the tools users live in (issue 23): "-" is standard
# input for a file argument and standard output for every -o (before, "-o
# -" wrote a file named "-" for export, article and panel, and "check -"
# looked for one); --json is refused by a command that has no JSON answer
# rather than ignored; -V gives the version.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
L="$SRCDIR/data/registry.ledger"
"$CHANCERY" fmt "$L" >whole.ledger 2>/dev/null || fail "fmt"

# standard input
expect_exit 0 sh -c "'$CHANCERY' check - <whole.ledger"
printf 'party X "Ex\n' >bad.ledger
expect_exit 1 sh -c "'$CHANCERY' check - <bad.ledger"
expect_grep "$T/err" "<stdin>:1:"
"$CHANCERY" --db s.db init 2>/dev/null
expect_exit 0 sh -c "'$CHANCERY' --db s.db import --author t - <whole.ledger"
expect_exit 0 "$CHANCERY" --db s.db show RU
expect_exit 0 sh -c "'$CHANCERY' status -f - RU AB --on 2010-01-01 <whole.ledger"
expect_grep "$T/out" "Russia"

# standard output, for every -o
for cmd in "export" "article RU AB --on 2010-01-01" "map RU AB" "chart timeline RU AB" \
	"panel state-year --from 2000 --to 2000"; do
	# shellcheck disable=SC2086
	expect_exit 0 "$CHANCERY" --db s.db $cmd -o -
	[ -s "$T/out" ] || fail "$cmd -o - wrote nothing on stdout"
	[ -e ./- ] && { fail "$cmd -o - wrote a file named '-'"; rm -f ./-; }
done
"$CHANCERY" --db s.db export >want.ledger 2>/dev/null
expect_exit 0 "$CHANCERY" --db s.db export -o -
expect_same want.ledger "$T/out"

# --json where there is no JSON answer: refused, exit 2
for cmd in "export" "snapshot" "fmt $L" "init" "amend-record 1 --recorded-at 2020-01-01 --reason x"; do
	# shellcheck disable=SC2086
	expect_exit 2 "$CHANCERY" --db s.db $cmd --json
	expect_grep "$T/err" "has no JSON answer: --json is not supported here"
done
# and taken where there is one
expect_exit 0 "$CHANCERY" --db s.db log --json
expect_exit 0 "$CHANCERY" --db s.db status RU AB --json
expect_exit 0 "$CHANCERY" status --help
expect_grep "$T/out" "--json"
expect_exit 0 "$CHANCERY" export --help
grep -q -- "--json" "$T/out" && fail "export's help offers --json"

expect_exit 0 "$CHANCERY" -V
expect_grep "$T/out" "chancery 0."
finish
