#!/bin/sh
# A damaged store is found, never answered from in silence (issue 21): a
# fact's text changed in the file (still a valid fact) fails every load with
# the fact named; `chancery verify` walks the whole store (SQLite's
# integrity_check, every fact's hash, each record's counts, the chain) and
# says whole or damaged. Then single-bit flips at 400 random places of the
# file (seeded): each leaves the export as it was, or makes it fail, or is
# found by verify; none changes an answer unnoticed. (Before the hashes, 41
# of 900 corrupted copies gave a different export with exit 0.)
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
PY=$(command -v python3) || { echo "SKIP: python3 is not installed"; exit 77; }
expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import --author test "$SRCDIR/data/registry.ledger"
sqlite3 s.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || fail "checkpoint"
rm -f s.db.snapshot
expect_exit 0 "$CHANCERY" --db s.db verify
expect_grep "$T/out" "whole: 1 records, "
expect_exit 0 "$CHANCERY" --db s.db verify --json
expect_grep "$T/out" '"whole": true'
CHANCERY_SNAPSHOT=off "$CHANCERY" --db s.db export >want.txt 2>/dev/null || fail "export"

# one letter of Russia's name changed in the file
cp s.db d.db
"$PY" - <<'PY' || fail "edit d.db"
b = bytearray(open("d.db", "rb").read())
at = b.find(b'"Russian Federation"')
assert at > 0
b[at + 3] = ord("z")  # "Ruzsian Federation": still a valid fact
open("d.db", "wb").write(b)
PY
fid=$(sqlite3 d.db "SELECT max(fid) FROM fact WHERE id = 'RU'")
expect_exit 3 env CHANCERY_SNAPSHOT=off "$CHANCERY" --db d.db export
expect_grep "$T/err" "fact $fid ('RU') does not match its hash: the store file is damaged; restore it from a backup"
expect_exit 1 "$CHANCERY" --db d.db verify
expect_grep "$T/err" "fact $fid ('RU') does not match its hash"
expect_grep "$T/err" "record 1 does not match its chain"
expect_grep "$T/out" "damaged: 2 problems in 1 records"

# 400 single-bit flips
"$PY" - "$CHANCERY" 400 <<'PY' >flips.txt || fail "the flips: $(tail -n 3 flips.txt)"
import os, random, subprocess, sys
ch, n = sys.argv[1], int(sys.argv[2])
data = open("s.db", "rb").read()
want = open("want.txt", "rb").read()
rnd = random.Random(21)
env = dict(os.environ, CHANCERY_SNAPSHOT="off")
same = refused = found = missed = 0
for i in range(n):
    at = rnd.randrange(100, len(data))  # past the header's magic
    b = bytearray(data)
    b[at] ^= 1 << rnd.randrange(8)
    open("c.db", "wb").write(b)
    for f in ("c.db-wal", "c.db-shm"):
        if os.path.exists(f):
            os.remove(f)
    p = subprocess.run([ch, "--db", "c.db", "export"], capture_output=True, env=env)
    if p.returncode != 0:
        refused += 1
    elif p.stdout == want:
        same += 1
    elif subprocess.run([ch, "--db", "c.db", "verify"], capture_output=True, env=env).returncode == 1:
        found += 1
    else:
        missed += 1
        print("a flip at byte %d changed the export, and verify says whole" % at)
print("%d flips: %d left the export as it was, %d made it fail, %d changed it and verify"
      " found them, %d missed" % (n, same, refused, found, missed))
sys.exit(1 if missed else 0)
PY
cat flips.txt >&2
finish
