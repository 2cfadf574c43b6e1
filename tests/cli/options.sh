#!/bin/sh
# Each command takes what its --help shows, and refuses the common options
# its help does not show (issue 23): tests/cli/options.py reads the getopt
# arrays of cli/*.c and each command's --help (from which the man page and
# the completions are written) and compares them.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
python3 "$SRCDIR/tests/cli/options.py" "$CHANCERY" "$SRCDIR" >opts.txt 2>&1 || fail "$(cat opts.txt)"
cat opts.txt >&2
# two that were ignored before
expect_exit 2 "$CHANCERY" log --known-on 2020-01-01
expect_grep "$T/err" "'chancery log' does not take --known-on"
expect_exit 2 "$CHANCERY" init --file x.ledger
expect_grep "$T/err" "'chancery init' does not take --file"
finish
