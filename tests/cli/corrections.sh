#!/bin/sh
# Corrections supersede, nothing is overwritten: history shows every
# version, --known-on answers as the registry stood then, --sync retracts.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
cat >v1.ledger <<'LEDGER'
source s1 "A source"
party RU "Russian Federation" short=Russia
party AB "Republic of Abkhazia" short=Abkhazia kind=partially-recognised
2009-05-01 open-mission RU AB id=emb type=embassy city=Gagra source=s1
2010 announce-mission RU AB id=plan type=trade-mission source=s1
LEDGER
sed 's/city=Gagra/city=Sukhumi/; /id=plan/d' v1.ledger >v2.ledger

"$CHANCERY" --db s.db init 2>/dev/null
expect_exit 0 "$CHANCERY" --db s.db import --author alice --recorded-at 2020-01-01T00:00:00Z v1.ledger
expect_exit 0 "$CHANCERY" --db s.db import --author bob --recorded-at 2021-01-01T00:00:00Z v2.ledger
# v2 lacks the plan: it is neither written again nor retracted (no --sync)
expect_grep "$T/err" "0 added, 1 changed, 3 unchanged, 0 retracted"

expect_exit 0 "$CHANCERY" --db s.db history emb
expect_grep "$T/out" "version 1  recorded 2020-01-01T00:00:00Z by alice"
expect_grep "$T/out" "city=Gagra"
expect_grep "$T/out" "version 2  recorded 2021-01-01T00:00:00Z by bob"
expect_grep "$T/out" "city=Sukhumi"

expect_exit 0 "$CHANCERY" --db s.db export --known-on 2020-06-01
expect_grep "$T/out" "city=Gagra"
expect_exit 0 "$CHANCERY" --db s.db export
expect_grep "$T/out" "city=Sukhumi"
expect_grep "$T/out" "id=plan"

# --sync: v2 is the whole registry, so the plan is retracted.
expect_exit 0 "$CHANCERY" --db s.db import --author carol --sync --recorded-at 2022-01-01T00:00:00Z v2.ledger
expect_grep "$T/err" "1 retracted"
expect_exit 0 "$CHANCERY" --db s.db export
grep -q "id=plan" "$T/out" && fail "the retracted plan is still exported"
expect_exit 0 "$CHANCERY" --db s.db export --known-on 2021-06-01
expect_grep "$T/out" "id=plan"

expect_exit 0 "$CHANCERY" --db s.db log
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "log should list 3 records"
expect_grep "$T/out" "carol"

# The rows themselves cannot be changed behind chancery's back.
sqlite3 s.db "UPDATE fact SET text = 'x'" 2>/dev/null && fail "UPDATE of fact succeeded"
sqlite3 s.db "DELETE FROM record" 2>/dev/null && fail "DELETE of record succeeded"
[ "$(sql s.db 'SELECT count(*) FROM fact WHERE id = '"'emb'")" = 2 ] || fail "emb should have 2 versions"
finish
