#!/bin/sh
# The audit trail cannot drive its reader's terminal, and never drops a
# record (issue 21, items 1 and 2): an author, origin, amendment reason or
# account name with a control character or bytes that are not UTF-8 is
# refused with a message that names the field, not its bytes, and the
# store is unchanged; records written before that check (put in here
# with the sqlite3 shell) are shown by `log` and `history` with their
# control characters escaped, and kept by --json with U+FFFD for each byte
# that is not UTF-8.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
"$CHANCERY" --db s.db init 2>/dev/null
printf 'source s1 "A source"\n' >one.ledger
printf 'source s2 "Another source"\n' >two.ledger
"$CHANCERY" --db s.db import --author registrar one.ledger 2>/dev/null || fail "a plain import"

ESC=$(printf '\033')
LATIN1=$(printf 'Jos\351')
expect_exit 1 "$CHANCERY" --db s.db import --author "x${ESC}]0;PWNED$(printf '\007')" two.ledger
expect_grep "$T/err" "the author is not printable text: byte 2 is a control character, an invisible format character or not UTF-8"
if grep -q PWNED "$T/err"; then
	fail "the refused author is repeated in the message"
fi
USER=$LATIN1 expect_exit 1 "$CHANCERY" --db s.db import two.ledger
expect_grep "$T/err" "the author is not printable text: byte 4"
expect_exit 1 "$CHANCERY" --db s.db amend-record 1 --recorded-at 2026-01-01 \
	--reason "typo${ESC}[2K" --author registrar
expect_grep "$T/err" "the reason is not printable text"
[ "$(sql s.db 'SELECT count(*) FROM record')" = 1 ] || fail "a refused write left a record"
[ "$(sql s.db "SELECT count(*) FROM fact WHERE id = 's2'")" = 0 ] || fail "a refused import stored s2"
if command -v "$(dirname "$CHANCERY")/chancery-full" >/dev/null 2>&1; then
	expect_exit 2 "$CHANCERY" --db s.db token add "$LATIN1" --role editor
	expect_grep "$T/err" "bad account name"
fi

# A store written before the check: a record whose author is Latin-1 and
# whose origin holds ESC sequences, with a version of s1.
sqlite3 s.db "INSERT INTO record (rec, recorded_at, author, origin, added, changed)
	VALUES (2, '2026-01-02T00:00:00Z', CAST(X'4A6F73E9' AS TEXT),
	        'x' || char(27) || ']0;PWNED' || char(7) || char(13) || char(27) || '[2K', 0, 1);
	INSERT INTO fact (fid, id, entity, rec, supersedes, retracted, text)
	VALUES (2, 's1', 'source', 2, 1, 0, 'source s1 \"A source, corrected\"' || char(10));" ||
	fail "cannot write the old record with sqlite3"
expect_exit 0 "$CHANCERY" --db s.db log
expect_grep "$T/out" '\x1b]0;PWNED\x07\x0d\x1b[2K'
expect_grep "$T/out" 'Jos\xe9'
if grep -q "$ESC" "$T/out"; then
	fail "log printed an ESC byte"
fi
expect_exit 0 "$CHANCERY" --db s.db history s1
if grep -q "$ESC" "$T/out"; then
	fail "history printed an ESC byte"
fi
expect_exit 0 "$CHANCERY" --db s.db log --json
python3 - "$T/out" <<'EOF' || fail "log --json: $(cat "$T/out" | head -c 300)"
import json, sys
records = json.load(open(sys.argv[1]))
assert [r["record"] for r in records] == [1, 2], records
assert records[1]["author"] == "Jos\ufffd", records[1]["author"]
assert records[1]["origin"] == "x\x1b]0;PWNED\x07\r\x1b[2K", records[1]["origin"]
EOF
expect_exit 0 "$CHANCERY" --db s.db history s1 --json
python3 - "$T/out" <<'EOF' || fail "history --json: $(cat "$T/out" | head -c 300)"
import json, sys
versions = json.load(open(sys.argv[1]))
assert len(versions) == 2, versions
assert versions[1]["author"] == "Jos\ufffd", versions[1]
EOF
finish
