#!/bin/sh
# 'chancery panel -o FILE.dta' and '-o FILE.sav' (issue 23): the panels
# for Stata and SPSS, through ReadStat, with the CSV's values, labelled
# variables and value labels for the coded columns; read back by pandas and
# by ReadStat's own readstat tool (tests/cli/panel_stata.py). The lean
# chancery hands them to chancery-full, which has ReadStat.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
command -v readstat >/dev/null 2>&1 || { echo "SKIP: no readstat (scripts/packages/world.txt installs it)"; exit 77; }
PY=""
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import pandas' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "SKIP: no python3 with pandas (python3-pandas)"; exit 77; }
F="$SRCDIR/tests/fixtures/panel.ledger"
for what in dyad-year state-year; do
	for ext in csv dta sav; do
		expect_exit 0 "$CHANCERY" panel "$what" -f "$F" --from 2000 --to 2002 -o "$what.$ext"
	done
	"$PY" "$SRCDIR/tests/cli/panel_stata.py" "$what.csv" "$what.dta" "$what.sav" >cmp.txt 2>&1 ||
		fail "$what: $(cat cmp.txt)"
	cat cmp.txt >&2
	readstat "$what.dta" >meta.txt || fail "readstat $what.dta"
	grep -q "Format version: 118" meta.txt || fail "$what.dta is not Stata 118: $(cat meta.txt)"
done
# the world's panel too, where the store has one: every coded value has a code
if [ -f "$SRCDIR/data/world/states.ledger" ]; then
	expect_exit 0 "$CHANCERY" panel dyad-year -f "$SRCDIR/data/full.ledger" --from 1990 --to 1991 -o w.csv
	expect_exit 0 "$CHANCERY" panel dyad-year -f "$SRCDIR/data/full.ledger" --from 1990 --to 1991 -o w.dta
	expect_exit 0 "$CHANCERY" panel dyad-year -f "$SRCDIR/data/full.ledger" --from 1990 --to 1991 -o w.sav
	"$PY" "$SRCDIR/tests/cli/panel_stata.py" w.csv w.dta w.sav >cmp.txt 2>&1 || fail "world: $(tail -n 5 cmp.txt)"
	cat cmp.txt >&2
fi
# --json is refused, not ignored
expect_exit 2 "$CHANCERY" panel dyad-year -f "$F" --json
expect_grep "$T/err" "'chancery panel' has no JSON answer"
finish
