#!/bin/sh
# -o never damages what is there: it refuses the store, its companions,
# any SQLite file, directories and non-regular files; a write that fails
# half-way leaves the old file whole and no temporary file behind.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
"$CHANCERY" --db s.db init 2>/dev/null
"$CHANCERY" --db s.db import --author t "$SRCDIR/data/registry.ledger" 2>/dev/null
cp s.db s.db.before

expect_exit 2 "$CHANCERY" --db s.db export -o s.db
expect_grep "$T/err" "-o 's.db' is the store; refusing to write over it"
cmp -s s.db s.db.before || fail "export -o over the store changed it"
ln -s s.db link.db
expect_exit 2 "$CHANCERY" --db s.db export -o link.db
expect_grep "$T/err" "-o 'link.db' is the store"
expect_exit 0 "$CHANCERY" --db s.db log
expect_grep "$T/out" "registry.ledger"

# another chancery store, a plain SQLite database, a write-ahead log
"$CHANCERY" --db other.db init 2>/dev/null
expect_exit 2 "$CHANCERY" --db s.db export -o other.db
expect_grep "$T/err" "-o 'other.db' is an SQLite database; refusing to overwrite it"
sqlite3 plain.sqlite 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
expect_exit 2 "$CHANCERY" --db s.db article Abkhazia Russia -o plain.sqlite
expect_grep "$T/err" "-o 'plain.sqlite' is an SQLite database"
printf '\067\177\006\202restofheader' >fake-wal
expect_exit 2 "$CHANCERY" --db s.db export -o fake-wal
expect_grep "$T/err" "is an SQLite write-ahead log"
mkdir adir
expect_exit 2 "$CHANCERY" --db s.db export -o adir
expect_grep "$T/err" "-o 'adir' is a directory"
# Not a regular file: a FIFO of the test's own (never a system file such as
# /dev/null, which a binary without this rule would rename over).
mkfifo fifo
expect_exit 2 "$CHANCERY" --db s.db export -o fifo
expect_grep "$T/err" "-o 'fifo' is not a regular file; leave out -o"
[ -p fifo ] || fail "the FIFO was replaced"

# A good write: the same bytes as stdout, the usual permissions.
"$CHANCERY" --db s.db export >stdout.ledger
(umask 022 && "$CHANCERY" --db s.db export -o new.ledger) || fail "export -o new.ledger failed"
cmp -s stdout.ledger new.ledger || fail "export -o wrote other bytes than stdout"
[ "$(stat -c %a new.ledger)" = 644 ] || fail "new.ledger has mode $(stat -c %a new.ledger), expected 644"
chmod 600 new.ledger
"$CHANCERY" --db s.db export -o new.ledger 2>/dev/null
[ "$(stat -c %a new.ledger)" = 600 ] || fail "a replaced file lost its mode"

# A write that fails half-way (a file size limit far below the ledger's
# 10 kB; read from the files, as the store itself would hit the limit)
# keeps the old file.
echo "old content" >keep.ledger
(ulimit -f 2 && trap '' XFSZ &&
	"$CHANCERY" export -f "$SRCDIR/data/registry.ledger" -o keep.ledger) >/dev/null 2>err.txt
[ $? -eq 3 ] || fail "a failed write did not exit 3"
grep -qF "cannot write 'keep.ledger'" err.txt || fail "a failed write does not say so"
[ "$(cat keep.ledger)" = "old content" ] || fail "a failed write damaged the old file"
ls keep.ledger.* >/dev/null 2>&1 && fail "a failed write left a temporary file"

# An unwritable place: a clear error, nothing left.
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	expect_exit 3 "$CHANCERY" --db s.db export -o ro/x.ledger
	expect_grep "$T/err" "cannot write 'ro/x.ledger'"
fi
expect_exit 3 "$CHANCERY" --db s.db export -o no/such/dir/x.ledger
expect_grep "$T/err" "cannot write 'no/such/dir/x.ledger': No such file or directory"
finish
