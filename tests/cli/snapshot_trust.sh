#!/bin/sh
# The snapshot file is a cache, never trusted over the store
# (docs/snapshot.md): a file with a byte changed in any of its parts, cut
# short, of another format, of another store, or stale after an import is
# found out (`snapshot --check` exits 1 and says why), is not used, and is
# rebuilt by the next query, which still answers as the store does. The
# file is written by import and by `snapshot`; --known-on and --file never
# read it; a store in a directory where it cannot be written still answers.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
DATA="$SRCDIR/data/dyads.ledger"
Q="status AB RU --on 2009-06-01 --json"

expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import --author test "$DATA"
[ -f s.db.snapshot ] || fail "import wrote no s.db.snapshot"
expect_exit 0 "$CHANCERY" --db s.db snapshot --check
expect_grep "$T/err" "s.db.snapshot: current and whole"
# shellcheck disable=SC2086
CHANCERY_SNAPSHOT=off "$CHANCERY" --db s.db $Q >want.json 2>/dev/null || fail "status from the store"
cp s.db.snapshot good.snapshot

# patch OFFSET HEX: flip the bits of HEX in s.db.snapshot at OFFSET (from
# the start, or in a section: "facts+100", or all of it: "ids+all";
# docs/snapshot.md gives the header).
patch() {
	python3 - "$1" "$2" <<'PY' || fail "patch $1"
import struct, sys
where, data = sys.argv[1], bytes.fromhex(sys.argv[2])
f = open("s.db.snapshot", "r+b")
head = f.read(288)
names = ["facts", "texts", "ids", "lists", "parties", "dyads", "idmap", "kinds", "blocksums"]
if "+" in where:
    name, plus = where.split("+")
    off, size = struct.unpack_from("<QQ", head, 128 + 16 * names.index(name))
    if plus == "all":
        plus, data = "0", data * size
    assert int(plus) < size, "section %s is %d bytes" % (name, size)
    at = off + int(plus)
else:
    at = int(where)
f.seek(at)
old = f.read(len(data))
f.seek(at)
f.write(bytes(b ^ d for b, d in zip(old, data)))
PY
}

# rebuilt WHY [QUERY...]: the file now is not used for WHY, the query
# (status by default) answers as the store does, and the file is good
# again after it. A part of the file a query does not read cannot change
# its answer: each part is tried with a query that reads it.
rebuilt() {
	why=$1
	shift
	[ $# -gt 0 ] || set -- $Q
	CHANCERY_SNAPSHOT=off "$CHANCERY" --db s.db "$@" >want.out 2>/dev/null
	expect_exit 1 "$CHANCERY" --db s.db snapshot --check
	expect_grep "$T/err" "$why"
	CHANCERY_SNAPSHOT=report "$CHANCERY" --db s.db "$@" >got.out 2>err.txt ||
		fail "the query failed on a bad file ($why)"
	expect_same want.out got.out
	expect_grep err.txt "snapshot: not used ("
	expect_grep err.txt "snapshot: rebuilt"
	expect_exit 0 "$CHANCERY" --db s.db snapshot --check
	cmp -s s.db.snapshot good.snapshot || fail "the rebuilt file differs from the first ($why)"
}

# One bit flipped in each part of the file.
patch 0 01 && rebuilt "not a snapshot file"
patch 8 02 && rebuilt "of another format"
patch 56 01 && rebuilt "its header does not match its checksum"
for part in facts+47 facts+200 lists+0 lists+40 parties+5 dyads+9; do
	patch $part 80 && rebuilt "of its ${part%+*} does not match its checksum"
done
# (a query reads a few of these: the whole part is changed)
patch ids+all 80 && rebuilt "of its ids does not match" treaty ru-ab-base --json
patch idmap+all 80 && rebuilt "of its id map does not match" treaty ru-ab-base --json
patch kinds+all 80 && rebuilt "of its kinds does not match" recognitions AB --json
patch blocksums+1 80 && rebuilt "its block sums do not match their checksum"
patch texts+10 01 && rebuilt "a text does not match its checksum"

# Cut short, emptied, or not a file.
head -c 1000 good.snapshot >s.db.snapshot && rebuilt "truncated"
: >s.db.snapshot && rebuilt "truncated"
head -c 4095 good.snapshot >s.db.snapshot && cat good.snapshot >>s.db.snapshot && rebuilt "truncated"

# A version bump: another format, written whole with its own checksum.
python3 - <<'PY' || fail "bump the format"
import struct
f = open("s.db.snapshot", "r+b")
f.seek(8)
f.write(struct.pack("<I", 999))
PY
rebuilt "of another format"

# Stale: a party imported since (import rewrites the file; a file copied
# back from before is found out: its lists are kept by parties, which the
# change may move).
cat >more.ledger <<'EOF'
party XX "Another State"
EOF
expect_exit 0 "$CHANCERY" --db s.db import --author test more.ledger
expect_exit 0 "$CHANCERY" --db s.db snapshot --check
cp s.db.snapshot newer.snapshot
cp good.snapshot s.db.snapshot
expect_exit 1 "$CHANCERY" --db s.db snapshot --check
expect_grep "$T/err" "stale: a party changed since it was written"
# shellcheck disable=SC2086
CHANCERY_SNAPSHOT=off "$CHANCERY" --db s.db $Q >want.json 2>/dev/null
cp newer.snapshot good.snapshot
cp s.db.snapshot good.snapshot.old
cp good.snapshot.old s.db.snapshot
rebuilt "stale"

# Another store with the same number of facts and records: its file does
# not pass for this store's.
expect_exit 0 "$CHANCERY" --db t.db init
sed 's/"Another State"/"Yet Another State"/' more.ledger >other.ledger
expect_exit 0 "$CHANCERY" --db t.db import --author test "$DATA"
expect_exit 0 "$CHANCERY" --db t.db import --author test other.ledger
[ "$(sql s.db 'SELECT max(fid) FROM fact')" = "$(sql t.db 'SELECT max(fid) FROM fact')" ] ||
	fail "the two stores should have as many facts"
cp t.db.snapshot s.db.snapshot
rebuilt "stale"

# Two copies of this store that diverged: each took an import by the same
# author at the same time from a file of the same name, with the same
# counts and the same last fact, and a different one before it. The
# digest covers the chain of records through every fact (issue 21, item
# 7): the one's file does not pass for the other's.
sqlite3 s.db ".backup v.db" && sqlite3 s.db ".backup w.db" || fail "copy s.db"
mkdir -p one two
printf 'party ZA "Zed One"\nparty ZZ "Last"\n' >one/x.ledger
printf 'party ZA "Zed Two"\nparty ZZ "Last"\n' >two/x.ledger
at=$(date -u -d '+1 minute' +%Y-%m-%dT%H:%M:%SZ)
(cd one && "$CHANCERY" --db ../v.db import --author test --recorded-at "$at" x.ledger 2>/dev/null) ||
	fail "import one/x.ledger"
(cd two && "$CHANCERY" --db ../w.db import --author test --recorded-at "$at" x.ledger 2>/dev/null) ||
	fail "import two/x.ledger"
last_record='SELECT rec, recorded_at, author, origin, added, changed FROM record ORDER BY rec DESC LIMIT 1'
[ "$(sql v.db "$last_record")" = "$(sql w.db "$last_record")" ] ||
	fail "the two copies' last records should be alike"
[ "$(sql v.db 'SELECT id, text FROM fact ORDER BY fid DESC LIMIT 1')" = \
  "$(sql w.db 'SELECT id, text FROM fact ORDER BY fid DESC LIMIT 1')" ] ||
	fail "the two copies' last facts should be alike"
cp w.db.snapshot v.db.snapshot
expect_exit 1 "$CHANCERY" --db v.db snapshot --check
expect_grep "$T/err" "stale"
expect_exit 0 env CHANCERY_SNAPSHOT=report "$CHANCERY" --db v.db show ZA
expect_grep "$T/out" "Zed One"
expect_grep "$T/err" "snapshot: not used ("

# --known-on and --file never read the file; they answer as before.
cp good.snapshot s.db.snapshot
expect_exit 0 env CHANCERY_SNAPSHOT=report "$CHANCERY" --db s.db status AB RU --known-on 2099-01-01
if grep -q '^snapshot:' "$T/err"; then fail "--known-on read the snapshot"; fi
expect_exit 0 env CHANCERY_SNAPSHOT=report "$CHANCERY" status AB RU -f "$DATA"
if grep -q '^snapshot:' "$T/err"; then fail "--file read the snapshot"; fi

# A directory where the file cannot be written: the query still answers.
rm -f s.db.snapshot
mkdir s.db.snapshot
# shellcheck disable=SC2086
expect_exit 0 "$CHANCERY" --db s.db $Q
expect_same want.json "$T/out"
rmdir s.db.snapshot

# The file an import writes is the file a full load writes: after an
# import that adds to the store, one that changes a fact, and one with
# --sync that retracts.
for step in add change sync; do
	case $step in
	add) printf 'party YY "One More"\n' >step.ledger ;;
	change) printf 'party YY "One More, Renamed"\n' >step.ledger ;;
	sync) "$CHANCERY" fmt "$SRCDIR/data/registry.ledger" >step.ledger ;;
	esac
	if [ $step = sync ]; then
		expect_exit 0 "$CHANCERY" --db s.db import --author test --sync step.ledger
	else
		expect_exit 0 "$CHANCERY" --db s.db import --author test step.ledger
	fi
	expect_exit 0 "$CHANCERY" --db s.db snapshot --check
	cp s.db.snapshot from-import.snapshot
	expect_exit 0 "$CHANCERY" --db s.db snapshot
	cmp -s s.db.snapshot from-import.snapshot || fail "import ($step) wrote another file than a full load"
done

# CHANCERY_SNAPSHOT=off: import writes no file either.
expect_exit 0 "$CHANCERY" --db u.db init
expect_exit 0 env CHANCERY_SNAPSHOT=off "$CHANCERY" --db u.db import --author test "$DATA"
[ -e u.db.snapshot ] && fail "CHANCERY_SNAPSHOT=off wrote u.db.snapshot"
expect_exit 0 "$CHANCERY" --db u.db snapshot
expect_grep "$T/err" "wrote u.db.snapshot:"

finish
