#!/bin/sh
# Progress on stderr for the long commands, import, panel and snapshot,
# when stderr is a terminal (issue 23; script(1) gives them one), and
# none when it is not (a script's stderr gets the results, not the steps).
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
command -v script >/dev/null 2>&1 || { echo "SKIP: no script(1) (bsdutils)"; exit 77; }
L="$SRCDIR/data/registry.ledger"
"$CHANCERY" --db s.db init 2>/dev/null
# on a terminal
script -qec "'$CHANCERY' --db s.db import --author t '$L'" /dev/null >tty.txt 2>&1 || fail "import on a tty"
expect_grep tty.txt "chancery import:"
expect_grep tty.txt "reading $L"
expect_grep tty.txt "checking them with the store and recording them"
script -qec "'$CHANCERY' --db s.db panel state-year --from 2000 --to 2001 -o p.csv" /dev/null >tty.txt 2>&1 ||
	fail "panel on a tty"
expect_grep tty.txt "chancery panel:"
expect_grep tty.txt "building the state-year panel of 2000-2001"
script -qec "'$CHANCERY' --db s.db snapshot" /dev/null >tty.txt 2>&1 || fail "snapshot on a tty"
expect_grep tty.txt "chancery snapshot:"
# not on a pipe or a file
expect_exit 0 "$CHANCERY" --db s.db import --author t "$L"
grep -q "chancery import:" "$T/err" && fail "import wrote progress to a file"
expect_exit 0 "$CHANCERY" --db s.db panel state-year --from 2000 --to 2001 -o p.csv
grep -q "chancery panel:" "$T/err" && fail "panel wrote progress to a file"
finish
