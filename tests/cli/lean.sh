#!/bin/sh
# The chancery that users run loads only what a query needs (issue 19): no
# HTTP, TLS, XML, Unicode, Stata or CSV library, which cost every command a
# few milliseconds of start; the server and the importers of the public data
# sets are chancery-full's, beside it, and run through it with the same
# arguments (cli/exec_full.c). libsodium is the store's since issue 21 (the
# BLAKE2b hash of every fact, checked on every load): loading it and
# sodium_init cost 0.13 ms a start, measured (1.02 ms against 0.90 ms for an
# empty program linking SQLite and jansson, 500 runs each).
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
command -v ldd >/dev/null 2>&1 || { echo "SKIP: no ldd"; exit 77; }
ldd "$CHANCERY" >libs.txt || fail "ldd $CHANCERY"
for lib in libmicrohttpd libgnutls libxml2 libicu libreadstat libcsv; do
	if grep -q "$lib" libs.txt; then fail "chancery loads $lib"; fi
done
grep -q libsqlite3 libs.txt || fail "chancery does not load SQLite?"
# the commands left to chancery-full still run, with their arguments
expect_exit 0 "$CHANCERY" import-korea-ties --help
expect_grep "$T/out" "usage: chancery import-korea-ties"
expect_exit 0 "$CHANCERY" --db t.db init
expect_exit 0 "$CHANCERY" --db t.db token add alice --role reader
expect_exit 0 "$CHANCERY" --db t.db token list
expect_grep "$T/out" "alice"
expect_exit 2 "$CHANCERY" --db t.db serve --listen nowhere
expect_grep "$T/err" "--listen 'nowhere': expected ADDRESS:PORT"
finish
