#!/bin/sh
# The treaty office (issue 20), what is done of it: the history of one
# action of a treaty. An action (a signature, a notification) is part of
# its treaty's text, so `history ACTION` gives the treaty's versions and
# says so; before, it was "never had the id" (exit 4) though `show` found
# the action. And `treaty` says how each party consented (an accession
# was printed as "ratified"); the article tells a withdrawal's notice from
# its effect ("Chile withdrew on 10 May 2023" gave the notice's day).
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
cat >v1.ledger <<'LEDGER'
source s "Source"
party NO "Norway" source=s
party CL "Chile" source=s
treaty no-cl-bit "Agreement between Norway and Chile on the promotion of investments" parties=NO,CL source=s
  force last-ratification after=30d
  1993-06-01 sign source=s
LEDGER
sed 's/^  1993-06-01 sign source=s$/  1993-06-01 sign source=s\n  1994-03-11 notify NO source=s/' v1.ledger >v2.ledger
"$CHANCERY" --db s.db init 2>/dev/null
expect_exit 0 "$CHANCERY" --db s.db import --author registrar v1.ledger
expect_exit 0 "$CHANCERY" --db s.db import --author registrar v2.ledger
expect_exit 0 "$CHANCERY" --db s.db show no-cl-bit.notify.NO
expect_exit 0 "$CHANCERY" --db s.db history no-cl-bit.notify.NO
expect_grep "$T/out" "'no-cl-bit.notify.NO' is an action of treaty 'no-cl-bit', part of its text: the treaty's versions"
expect_grep "$T/out" "version 2  recorded"
expect_grep "$T/out" "1994-03-11 notify NO"
expect_exit 0 "$CHANCERY" --db s.db history no-cl-bit.notify.NO --json
expect_grep "$T/out" "1994-03-11 notify NO"
expect_exit 4 "$CHANCERY" --db s.db history no-cl-bit.ratify.CL
expect_grep "$T/err" "never had it"

cat >conv.ledger <<'LEDGER'
source s "Source"
party NO "Norway" source=s
party CL "Chile" source=s
party PE "Peru" source=s
party AR "Argentina" source=s
treaty conv "A convention" parties=NO,CL,PE,AR source=s
  force nth-ratification n=4
  1990-01-01 sign NO source=s
  1990-01-01 sign CL source=s
  1991-01-01 ratify NO source=s
  1992-01-01 notify CL source=s
  1995-01-01 accede PE source=s
LEDGER
expect_exit 0 "$CHANCERY" treaty -f conv.ledger conv --on 1996-01-01
grep -q "^  Norway  *ratified " "$T/out" || fail "Norway's ratification: $(grep Norway "$T/out")"
grep -q "^  Chile  *notified " "$T/out" || fail "Chile's notification: $(grep Chile "$T/out")"
grep -q "^  Peru  *acceded " "$T/out" || fail "Peru's accession: $(grep Peru "$T/out")"

cat >den.ledger <<'LEDGER'
source s "Source"
party NO "Norway" short=Norway source=s
party CL "Chile" short=Chile source=s
treaty no-cl-bit "Agreement between Norway and Chile on investments" parties=NO,CL source=s
  force last-ratification after=30d
  term 10y renew=5y notice=12m
  1993-06-01 sign source=s
  1994-03-11 ratify NO source=s
  1994-04-20 ratify CL source=s
  2023-05-10 denounce CL source=s
LEDGER
expect_exit 0 "$CHANCERY" article -f den.ledger NO CL --on 2025-01-01
expect_grep "$T/out" "Chile gave notice of withdrawal on 10 May 2023; it took effect on 10 May 2024"
expect_exit 0 "$CHANCERY" article -f den.ledger NO CL --on 2023-06-01
expect_grep "$T/out" "Chile gave notice of withdrawal on 10 May 2023; it takes effect on 10 May 2024"
# the notes typed with the treaty and its acts appear in `treaty`
cat >notes.ledger <<'LEDGER'
source s "Source"
party NO "Norway" source=s
party CL "Chile" source=s
treaty no-cl-bit "Agreement" parties=NO,CL source=s note="Done at Santiago in two originals."
  force last-ratification after=30d
  1993-06-01 sign source=s
  1994-03-11 ratify NO source=s note="With a declaration on Svalbard."
  1994-04-20 ratify CL source=s
LEDGER
expect_exit 0 "$CHANCERY" treaty -f notes.ledger no-cl-bit --on 1995-01-01
expect_grep "$T/out" "    note on the consent: With a declaration on Svalbard."
expect_grep "$T/out" "  note: Done at Santiago in two originals."
finish
