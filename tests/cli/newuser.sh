#!/bin/sh
# What a new user hit (issue 8, "Small things"), each checked as the
# user meets it: an unpadded date, a party or treaty name that names
# nothing, "no" where nothing is recorded, a series of undated events,
# the -wal and -shm files a reading command left beside the store, and
# which recognitions count (--by un-members). Expected lines worked out
# by hand from data/*.ledger and the small ledger below.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
DATA="$SRCDIR/data/registry.ledger"

# --on with a month of one digit: say how to write it.
expect_exit 2 "$CHANCERY" status AB RU --on 2008-9-1 -f "$DATA"
expect_grep "$T/err" "--on: months and days are written with two digits: '2008-09-01', not '2008-9-1'"

# SO is Somalia's ISO code, but the user meant South Ossetia (OS): its
# initials, one transposition away from its id.
expect_exit 4 "$CHANCERY" recognitions SO -f "$DATA"
expect_grep "$T/err" "unknown party 'SO'; did you mean 'South Ossetia' (OS)?"

# A treaty by a word of its title, or a near id.
expect_exit 4 "$CHANCERY" treaty base -f "$DATA"
expect_grep "$T/err" "no treaty has the id 'base'; did you mean 'ru-ab-base' (Agreement on a joint Russian military base in Abkhazia)?"
expect_exit 4 "$CHANCERY" treaty alliance -f "$DATA"
expect_grep "$T/err" "no treaty has the id 'alliance'; 'chancery treaties' lists them"

# Georgia and Russia: no recognition event either way is recorded (only
# the severance of relations): "not recorded", not "no".
expect_exit 0 "$CHANCERY" status GE RU --on 2008-09-01 -f "$DATA"
expect_grep "$T/out" "Georgia recognises Russia: not recorded"
expect_grep "$T/out" "Russia recognises Georgia: not recorded"
# where a recognition is recorded but later, the day before it is not a
# "no" either: no fact and no covering source says so (docs/coverage.md)
expect_exit 0 "$CHANCERY" status RU AB --on 2008-08-25 -f "$DATA"
expect_grep "$T/out" "Russia recognises Abkhazia: not recorded"

cat >u.ledger <<'LEDGER'
source s "S"
party XX "Xland" kind=partially-recognised
party AA "Alpha"
party BB "Beta"
party YY "Yland" kind=partially-recognised
party UN "United Nations" kind=organisation wikidata=Q1065
undated recognise AA XX source=s
2000-01-01 join-organisation AA UN source=s
2005-03-01 recognise BB XX source=s
2009-06-30 join-organisation BB UN source=s
2006-01-01 recognise YY XX source=s
LEDGER

# A series with only undated events said nothing but its header.
expect_exit 0 "$CHANCERY" recognitions AA --series -f u.ledger
expect_grep "$T/out" "No recognition of Alpha is recorded."
cat >u2.ledger <<'LEDGER'
source s "S"
party XX "Xland"
party AA "Alpha"
undated recognise AA XX source=s
LEDGER
expect_exit 0 "$CHANCERY" recognitions XX --series -f u2.ledger
expect_grep "$T/out" "No recognition of Xland has a date: the count never changes on a known day. 'chancery recognitions XX' lists the 1 on record."

# Which recognitions count. On 2008-01-01: AA's undated recognition is
# uncertain; BB recognises (since 2005-03-01) but joins the UN only on
# 2009-06-30; YY is no member at all. All: 2 recognise (BB, YY), 0 of them
# UN members, 1 uncertain (AA). UN members only: BB and YY are not members
# on that day, AA is (since 2000) but uncertain: 0, 1 uncertain.
expect_exit 0 "$CHANCERY" recognitions XX --on 2008-01-01 -f u.ledger
expect_grep "$T/out" "  Yland                    yes, since 2006-01-01 [2006-01-01.recognise.YY.XX] (not a UN member)"
expect_grep "$T/out" "2 recognise (0 UN members, 2 others), 1 uncertain"
expect_exit 0 "$CHANCERY" recognitions XX --on 2008-01-01 --by un-members -f u.ledger
expect_grep "$T/out" "Recognition of Xland on 2008-01-01, by members of the United Nations"
expect_grep "$T/out" "0 UN members recognise, 1 uncertain"
# On 2010-01-01 BB is a member: 1 UN member recognises.
expect_exit 0 "$CHANCERY" recognitions XX --on 2010-01-01 --by un-members -f u.ledger
expect_grep "$T/out" "1 UN member recognises, 1 uncertain"
# The series by UN members: BB counts from the day it joins.
expect_exit 0 "$CHANCERY" recognitions XX --series --by un-members -f u.ledger
printf '%s\n' "DAY         COUNT  UNCERTAIN" "2000-01-01      0  1" "2009-06-30      1  1" >want
expect_same want "$T/out"
# On everything bundled (the UN's members are typed for the world):
# Russia from 2008-08-26; Nicaragua 2008-09-05, Venezuela 2009-09-10,
# Nauru 2009-12-15; Vanuatu from 2011-05-23, uncertain while its denial
# of "June 2011" may have come, again from its reaffirmation (the denial
# is then past too), out on its withdrawal of 2013-07-12, in again on
# 2015-03-31; Tuvalu's recognition of "September 2011" uncertain through
# that month, its withdrawal of "March 2014" through that one; Syria
# 2018-05-29. Transnistria never counts. No leading point of 0 and 0 for
# the days members joined the UN.
expect_exit 0 "$CHANCERY" recognitions Abkhazia --series --by un-members -f "$SRCDIR/data/all.ledger"
printf '%s\n' "DAY         COUNT  UNCERTAIN" "2008-08-26      1  0" "2008-09-05      2  0" \
	"2009-09-10      3  0" "2009-12-15      4  0" "2011-05-23      5  0" "2011-06-01      4  1" \
	"2011-06-30      5  0" "2011-09-01      5  1" "2011-09-30      6  0" "2013-07-12      5  0" \
	"2014-03-01      4  1" "2014-03-31      4  0" "2015-03-31      5  0" "2018-05-29      6  0" >want
expect_same want "$T/out"
expect_exit 2 "$CHANCERY" recognitions XX --by everybody -f u.ledger
expect_grep "$T/err" "unknown --by 'everybody'; expected un-members or all"
expect_exit 4 "$CHANCERY" recognitions AB --by un-members -f u2.ledger
expect_grep "$T/err" "unknown party 'AB'"

# Reading commands leave no -wal or -shm file beside the store.
expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import --author t "$DATA"
for cmd in "events --party RU" "status AB RU" "recognitions AB" "timeline AB RU" \
	"treaties" "article AB RU" "export" "log" "history ru-ab-base" "check"; do
	# shellcheck disable=SC2086
	expect_exit 0 "$CHANCERY" --db s.db $cmd
	for f in s.db-wal s.db-shm; do
		[ -e "$f" ] && fail "'$cmd' left $f beside the store"
	done
done
finish
