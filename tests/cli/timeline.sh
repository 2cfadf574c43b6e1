#!/bin/sh
# timeline A B: the order of a dyad's events (docs/queries.md, "Timeline").
# An imprecise date comes after the precise days it may follow ("2008"
# after 2008-12's consulate, which comes after 2008-08-26); an event that
# must precede another of its chain comes before it (the embassy's
# directive "in 2009" before its opening on 2009-05-01); a reaction comes
# after what it reacts to; undated last. The expected order below was
# worked out by hand from those rules (issue 8, wrong answer 6: before,
# the timeline sorted by the earliest possible day, so "2008" came first
# and the reaction of "2015-03" before the signing of 2015-03-18).
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1

cat >t.ledger <<'LEDGER'
source s "S"
party AA "Alpha"
party BB "Beta"
party CC "Gamma"
2008 announce-mission AA BB type=trade-mission id=plan source=s
2008-08-25 motion AA subject=BB id=motion source=s
2008-08-26 recognise AA BB id=rec source=s
2008-12 open-mission AA BB type=consulate city=X id=consulate source=s
2009 announce-mission AA BB type=embassy id=directive source=s
2009-05-01 open-mission AA BB type=embassy city=Z id=opened source=s
2015-03 react CC about=t.sign stance=welcome id=welcome source=s
2015 declare BB subject=AA id=decl source=s
2015-06 react CC about=decl stance=note id=noted source=s
undated announce-mission AA BB type=representative-office id=office source=s
treaty t "T" parties=AA,BB source=s
  2015-03-18 sign
LEDGER

expect_exit 0 "$CHANCERY" timeline AA BB -f t.ledger
sed -n 's/.*\[\([^]]*\)\]$/\1/p' "$T/out" >got
printf '%s\n' motion rec consulate plan directive opened t.sign welcome decl noted office >want
expect_same want got

# --json gives the same order
expect_exit 0 "$CHANCERY" timeline AA BB -f t.ledger --json
grep '^    "id": ' "$T/out" | sed 's/.*"id": "\([^"]*\)".*/\1/' >got.json
expect_same want got.json
finish
