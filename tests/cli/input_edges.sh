#!/bin/sh
# Files named on the command line that are not what they seem (issue 21,
# the rough edges): a device is refused before a byte is read (check
# /dev/zero read 2 GiB into memory first), a directory says so, a regular
# file over the budget is refused before it is read; a pipe is read as it
# comes, as cat reads it (process substitution gives one); a data set with
# a header and no rows imports nothing rather than a source that cites
# nothing.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
expect_exit 3 "$CHANCERY" check /dev/zero
expect_grep "$T/err" "cannot read '/dev/zero': a device, not a file or a pipe"
mkdir adir
expect_exit 3 "$CHANCERY" check adir
expect_grep "$T/err" "cannot read 'adir': Is a directory"
printf 'party X "Ex"\n' | expect_exit 0 "$CHANCERY" check /dev/stdin
expect_exit 0 sh -c "'$CHANCERY' fmt '$SRCDIR/data/registry.ledger' | '$CHANCERY' check /dev/stdin"

# a header and no rows
"$CHANCERY" --db s.db init 2>/dev/null
printf 'operator;operatorQID;country;countryQID;city;type\n' >database_of_embassies_2022-11-16.csv
expect_exit 1 "$CHANCERY" import-missions -o out.ledger database_of_embassies_2022-11-16.csv
expect_grep "$T/err" "no facts to import (0 rows, 0 left out); nothing written"
[ -e out.ledger ] && fail "a header-only file wrote out.ledger"
expect_exit 1 "$CHANCERY" --db s.db import-missions database_of_embassies_2022-11-16.csv
expect_grep "$T/err" "nothing imported"
[ "$(sqlite3 s.db 'SELECT count(*) FROM record')" = 0 ] || fail "a header-only file was recorded"
# with a byte-order mark, the same header is still the embassies' header
printf '\357\273\277operator;operatorQID;country;countryQID;city;type\n' >database_of_embassies_2022-11-17.csv
expect_exit 1 "$CHANCERY" import-missions -o out.ledger database_of_embassies_2022-11-17.csv
expect_grep "$T/err" "no facts to import"
finish
