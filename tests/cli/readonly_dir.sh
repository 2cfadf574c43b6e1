#!/bin/sh
# A store in a directory this process cannot write (issue 21, item 6: a
# read-only mount, a store published by another user) still answers, as
# docs/snapshot.md says; the snapshot file, which cannot be written there,
# is left to a later run. Where the store's write-ahead log holds changes
# the file lacks, the reader reads them too or says what to do, never
# answers without them. As root, the reader is the user nobody (root writes
# anywhere).
. "$SRCDIR/tests/cli/lib.sh.inc"
if [ "$(id -u)" -eq 0 ]; then
	if ! id nobody >/dev/null 2>&1 || ! command -v runuser >/dev/null 2>&1; then
		echo "SKIP: running as root, and no user 'nobody' or no runuser to read as"
		exit 77
	fi
	reader() { runuser -u nobody -- "$@"; }
else
	reader() { "$@"; }
fi
chmod 755 "$T"
cd "$T" || exit 1
mkdir ro
"$CHANCERY" --db ro/s.db init 2>/dev/null
"$CHANCERY" --db ro/s.db import "$SRCDIR/data/all.ledger" 2>/dev/null || fail "import"
rm -f ro/s.db.snapshot
chmod 644 ro/s.db
[ -e ro/s.db-wal ] && fail "the writer left a write-ahead log behind"
chmod 555 ro # not writable, by anyone but root

# every query answers, from the file alone
expect_exit 0 reader "$CHANCERY" --db ro/s.db status Abkhazia Russia --on 2010-01-01
expect_grep "$T/out" "Russia recognises Abkhazia: yes, since 2008-08-26"
expect_exit 0 reader "$CHANCERY" --db ro/s.db log
expect_exit 0 reader "$CHANCERY" --db ro/s.db export
[ -e ro/s.db.snapshot ] && fail "a snapshot file appeared in the read-only directory"
# a write says why it cannot, naming the store once
expect_exit 3 reader "$CHANCERY" --db ro/s.db import "$SRCDIR/data/all.ledger"
expect_grep "$T/err" "error: cannot open store 'ro/s.db': it cannot be written here"
[ "$(grep -c 'ro/s.db' "$T/err")" = 1 ] || fail "the store is named more than once: $(cat "$T/err")"

# a write-ahead log with changes the file lacks: refused, with the way out
chmod 755 ro
python3 - <<'EOF' &
import sqlite3, time
c = sqlite3.connect("ro/s.db", isolation_level=None)
c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("BEGIN")
c.execute("INSERT INTO record (rec, recorded_at, author, added) VALUES (99, '2026-01-01T00:00:00Z', 'x', 0)")
c.execute("COMMIT")
open("ro/written", "w").close()
time.sleep(6)
EOF
WRITER=$!
i=0
until [ -e ro/written ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
chmod 644 ro/s.db-wal ro/s.db-shm 2>/dev/null
chmod 555 ro
# SQLite reads the log itself where its -shm file exists; else chancery
# refuses: either way no answer goes without the logged record
reader "$CHANCERY" --db ro/s.db log >"$T/out" 2>"$T/err"
case $? in
0) grep -q '^99 ' "$T/out" || fail "log answered without the record in the write-ahead log" ;;
3) expect_grep "$T/err" "holds changes the file lacks" ;;
*) fail "log with a pending write-ahead log: $(cat "$T/err")" ;;
esac
chmod 755 ro
wait $WRITER
finish
