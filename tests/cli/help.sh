#!/bin/sh
# Every command answers -h and --help with its usage on stdout and exit 0
# (git's t0012-help); unknown commands and options are usage errors (2).
. "$SRCDIR/tests/cli/lib.sh.inc"

commands=$("$CHANCERY" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
[ -n "$commands" ] || fail "chancery --help lists no commands"
n=0
for c in $commands; do
	n=$((n + 1))
	for flag in -h --help; do
		expect_exit 0 "$CHANCERY" "$c" "$flag"
		expect_grep "$T/out" "usage: chancery $c"
		[ -s "$T/err" ] && fail "'$c $flag' wrote to stderr"
	done
	expect_exit 0 "$CHANCERY" help "$c"
	expect_grep "$T/out" "usage: chancery $c"
done
[ "$n" -ge 10 ] || fail "only $n commands listed"

expect_exit 2 "$CHANCERY" frobnicate
expect_grep "$T/err" "unknown command 'frobnicate'"
expect_exit 2 "$CHANCERY" events --no-such-option
expect_grep "$T/err" "usage: chancery events"
expect_exit 2 "$CHANCERY"
expect_exit 0 "$CHANCERY" --version
expect_grep "$T/out" "chancery 0."
finish
