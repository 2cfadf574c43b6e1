#!/bin/sh
# The as-of commands on the reference data (docs/queries.md): status,
# recognitions, timeline, diff, treaties and treaty, read from the ledger
# (-f) and from a store; --known-on answers from an earlier import; bad
# input gives the documented exit codes. Every expected line was worked
# out by hand from data/*.ledger.
#
# Checks marked "Regression" guard bugs found and fixed.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
DATA="$SRCDIR/data/registry.ledger"

# expect_no_grep FILE PATTERN: a fixed string FILE must not contain.
expect_no_grep() {
	if grep -qF -- "$2" "$1"; then
		fail "$(basename "$1") has '$2'"
		sed 's/^/  | /' "$1" | head -20 >&2
	fi
}

# expect_next FILE HEADING LINE: the line after the line HEADING is LINE.
expect_next() {
	next=$(awk -v h="$2" 'found { print; exit } $0 == h { found = 1 }' "$1")
	[ "$next" = "$3" ] || fail "$(basename "$1"): after '$2' comes '$next', expected '$3'"
}

# ids FILE: the event ids of a timeline, one a line (the last [...] of a row).
ids() {
	sed -n 's/.*\[\([^]]*\)\]$/\1/p' "$1"
}

expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import --author test "$DATA"

# ---- status ---------------------------------------------------------------------

for tag in file store; do
	if [ $tag = file ]; then
		expect_exit 0 "$CHANCERY" status Abkhazia Russia --on 2009-06-01 -f "$DATA"
	else
		expect_exit 0 "$CHANCERY" --db s.db status Abkhazia Russia --on 2009-06-01
	fi
	expect_grep "$T/out" "Abkhazia – Russia on 2009-06-01"
	expect_grep "$T/out" "Abkhazia recognises Russia: yes, implied by diplomatic relations, at least since 2008-09-09 [ru-ab-relations]"
	expect_grep "$T/out" "Russia recognises Abkhazia: yes, since 2008-08-26 [ru-recognises-ab]"
	expect_grep "$T/out" "  established (embassy), since 2008-09-09 [ru-ab-relations]"
	expect_grep "$T/out" "Russia's embassy in Abkhazia (Sukhumi): open, since 2009-05-01 [ru-embassy-sukhumi]"
	expect_grep "$T/out" "Russia's trade-mission in Abkhazia: uncertain: not recorded or announced (ru-trade-mission-plan, undated)"
	expect_grep "$T/out" "Abkhazia's embassy in Russia (Moscow): uncertain: not recorded or open (ab-embassy-moscow, undated)"
	expect_grep "$T/out" "Semyon Grigoriyev, Ambassador of Russia to Abkhazia: in-post, since 2008-12-16 [grigoriyev-credentials]"
	expect_grep "$T/out" "Igor Akhba, Ambassador of Abkhazia to Russia: in-post, since 2009-01-16 [akhba-credentials]"
	expect_grep "$T/out" "[ru-ab-borders]: signed"
	# signed in 2010: on 2009-06-01 the base agreement does not exist yet
	expect_no_grep "$T/out" "[ru-ab-base]"
	expect_grep "$T/out" "European Union: condemn about ru-recognises-ab [eu-condemns-recognition] (may not have happened yet)"
	[ "$(grep -c ': condemn about ru-recognises-ab' "$T/out")" = 4 ] || fail "status should list 4 reactions"
	[ -s "$T/err" ] && fail "status printed on stderr: $(head -1 "$T/err")"
	cp "$T/out" status.$tag
done
# the store answers as the file does
expect_same status.file status.store

# The 2009 directive: on 2009-03-01 the embassy may have been announced.
expect_exit 0 "$CHANCERY" --db s.db status AB RU --on 2009-03-01
expect_grep "$T/out" "Russia's embassy in Abkhazia (Sukhumi): uncertain: not recorded or announced (ru-embassy-directive, 2009)"
expect_no_grep "$T/out" "[ru-ab-borders]" # signed on 2009-04-30

# Before and after the recognition: no fact and no source says "no" before
# it, so nothing is recorded (docs/coverage.md); Grigoriyev appointed, not
# yet in post, and Akhba, appointed later, not listed yet.
expect_exit 0 "$CHANCERY" status RU AB --on 2008-08-25 -f "$DATA"
expect_grep "$T/out" "Russia recognises Abkhazia: not recorded"
expect_grep "$T/out" "Abkhazia recognises Russia: not recorded"
expect_next "$T/out" "Diplomatic relations" "  not recorded"
expect_next "$T/out" "Reactions of third parties" "  none recorded"
expect_grep "$T/out" "Russia's envoys to Abkhazia: not recorded"
expect_grep "$T/out" 'No source covers this pair completely, what is not recorded is "not recorded", never "no"'
expect_exit 0 "$CHANCERY" status RU AB --on 2008-10-01 -f "$DATA"
expect_grep "$T/out" "Semyon Grigoriyev, Ambassador of Russia to Abkhazia: appointed, since 2008-09-25 [grigoriyev-appointed]"
expect_no_grep "$T/out" "Igor Akhba"
expect_grep "$T/out" "Abkhazia's envoys to Russia: not recorded"

# Georgia severed relations with Russia on 2008-08-29.
expect_exit 0 "$CHANCERY" status GE RU --on 2008-08-28 -f "$DATA"
expect_next "$T/out" "Diplomatic relations" "  not recorded"
expect_exit 0 "$CHANCERY" status GE RU --on 2008-08-29 -f "$DATA"
expect_grep "$T/out" "  severed, since 2008-08-29 [ge-severs-ru]"

# JSON: the keys, and a state and its events in each part.
expect_exit 0 "$CHANCERY" --db s.db status Abkhazia Russia --on 2009-06-01 --json
cp "$T/out" status.json
for key in '"on": "2009-06-01"' '"parties": [' '"recognition": [' '"relations": {' \
	'"missions": [' '"envoys": [' '"treaties": [' '"reactions": [' '"notes": []' \
	'"known_on": null'; do
	expect_grep status.json "$key"
done
expect_grep status.json '"state": "established"'
expect_grep status.json '"level": "embassy"'
expect_grep status.json '"since_event": "ru-ab-relations"'
expect_grep status.json '"implied": true'
expect_grep status.json '"state": "open"'
expect_grep status.json '"since_event": "ru-embassy-sukhumi"'
expect_grep status.json '"city": "Sukhumi"'
expect_grep status.json '"maybe": "ru-trade-mission-plan"'
expect_grep status.json '"possible": "announced"'
expect_grep status.json '"state": "in-post"'
expect_grep status.json '"since_event": "akhba-credentials"'
expect_grep status.json '"id": "ru-ab-borders"'
# every fold lists its events: 2 recognitions + relations + 3 missions + 2 envoys
[ "$(grep -c '"events": \[' status.json)" = 8 ] || fail "status.json should have 8 event lists"
# the relations' events: exactly ru-ab-relations
tr -d ' \n' <status.json | grep -qF '"relations":{"answer":"yes","state":"established","uncertain":false,"level":"embassy","since":{"edtf":"2008-09-09","earliest":"2008-09-09","latest":"2008-09-09","precision":"day"},"since_event":"ru-ab-relations","events":["ru-ab-relations"],"recorded":true}' ||
	fail "status.json: relations are not as expected"

# ---- recognitions --------------------------------------------------------------------

expect_exit 0 "$CHANCERY" recognitions Abkhazia --on 2010-01-01 -f "$DATA"
cat >want <<'EOF'
Recognition of Abkhazia on 2010-01-01
  Russia                   yes, since 2008-08-26 [ru-recognises-ab]
1 recognises, 0 uncertain
Recognitions of Abkhazia on record: 1, from 2 sources (abru, decree-ab)
No source covers these recognitions completely: a party not listed is "not recorded", not "no"
EOF
expect_same want "$T/out"
expect_exit 0 "$CHANCERY" --db s.db recognitions AB --on 2010-01-01
expect_same want "$T/out"

# what the registry covers: nothing here (docs/coverage.md)
expect_exit 0 "$CHANCERY" --db s.db coverage Abkhazia
expect_grep "$T/out" "Facts on record about Abkhazia: recognition 1, relations 1, missions 4, envoys 4, membership 0"
expect_grep "$T/out" "0 covers lines"
expect_exit 0 "$CHANCERY" --db s.db coverage --json
expect_grep "$T/out" '"covers": []'
expect_exit 4 "$CHANCERY" --db s.db coverage Atlantis
expect_exit 2 "$CHANCERY" --db s.db coverage AB RU
expect_exit 0 "$CHANCERY" --db s.db recognitions Russia --on 2010-01-01
expect_grep "$T/out" "Abkhazia                 yes, implied by diplomatic relations, at least since 2008-09-09 [ru-ab-relations]"

expect_exit 0 "$CHANCERY" --db s.db recognitions Abkhazia --series
printf '%s\n' "DAY         COUNT  UNCERTAIN" "2008-08-26      1  0" >want
expect_same want "$T/out"
expect_exit 0 "$CHANCERY" --db s.db recognitions Abkhazia --series --json
expect_grep "$T/out" '"day": "2008-08-26"'
expect_grep "$T/out" '"count": 1'

# Regression (was a bug: src/query/asof.c, chancery_recognition_series): a party nobody
# recognises has no candidate day, and qsort(NULL, 0, ...) is undefined
# behaviour: under UBSan the command aborts with exit 1 instead of
# printing an empty series.
if ! "$CHANCERY" --db s.db recognitions Georgia --series >"$T/out" 2>"$T/err"; then
	fail "regression: 'recognitions Georgia --series' (nobody recognises Georgia) fails: $(grep -m1 'runtime error' "$T/err")"
elif [ "$(cat "$T/out")" != "No recognition of Georgia is recorded." ]; then
	# issue 8: a header alone said nothing
	fail "the series of Georgia does not say that nothing is recorded"
fi

# ---- timeline and diff ------------------------------------------------------------------

# 2009: the open-ended reactions (2008-08-26/..) meet 2009 and sort by
# their first day; the directive (2009) comes before the opening of the
# embassy it led to, after the days of 2009 before it (docs/queries.md,
# "Timeline"); undated events are left out.
expect_exit 0 "$CHANCERY" timeline AB RU --from 2009 --to 2009 -f "$DATA"
ids "$T/out" >got
cat >want <<'EOF'
eu-condemns-recognition
nato-condemns-recognition
pace-condemns-recognition
us-condemns-recognition
unnamed-rescission
akhba-credentials
ru-ab-borders.sign
ru-embassy-directive
ru-embassy-sukhumi
ru-ab-socioeconomic.sign
EOF
expect_same want got
expect_exit 0 "$CHANCERY" --db s.db timeline Abkhazia Russia --from 2009 --to 2009
ids "$T/out" >got
expect_same want got

# The whole timeline: 30 events, from the motions to the undated ones; an
# undated signature comes before the ratification it preceded.
expect_exit 0 "$CHANCERY" --db s.db timeline AB RU
ids "$T/out" >got
[ "$(wc -l <got)" -eq 30 ] || fail "the AB RU timeline has $(wc -l <got) events, expected 30"
[ "$(head -1 got)" = fc-motion-2008 ] || fail "the timeline starts with $(head -1 got)"
[ "$(tail -1 got)" = ab-embassy-moscow ] || fail "the timeline ends with $(tail -1 got)"
[ "$(grep -n 'ru-ab-pensions' got | cut -d: -f2 | tr '\n' ' ')" = "ru-ab-pensions.sign ru-ab-pensions.ratify.AB " ] ||
	fail "the undated signature of ru-ab-pensions should come before its ratification"

expect_exit 0 "$CHANCERY" diff AB RU --from 2008-08-01 --to 2009-06-01 -f "$DATA"
expect_grep "$T/out" "Abkhazia – Russia from 2008-08-01 to 2009-06-01"
expect_grep "$T/out" "AB recognises RU: not recorded  ->  yes, implied by diplomatic relations, at least since 2008-09-09 [ru-ab-relations]"
expect_grep "$T/out" "RU recognises AB: not recorded  ->  yes, since 2008-08-26 [ru-recognises-ab]"
expect_grep "$T/out" "relations: not recorded  ->  established (embassy), since 2008-09-09 [ru-ab-relations]"
expect_grep "$T/out" "RU embassy in AB Sukhumi: not recorded  ->  open, since 2009-05-01 [ru-embassy-sukhumi]"
expect_grep "$T/out" "envoy grigoriyev (RU to AB): not recorded  ->  in-post, since 2008-12-16 [grigoriyev-credentials]"
expect_grep "$T/out" "treaty ru-ab-borders: not-signed  ->  signed"
# uncertain on both days: no change
expect_no_grep "$T/out" "trade-mission"
[ "$(wc -l <"$T/out")" -eq 8 ] || fail "diff should print a title and 7 changes"

expect_exit 0 "$CHANCERY" --db s.db diff AB RU --from 2008-08-01 --to 2009-06-01 --json
expect_grep "$T/out" '"what": "relations"'
expect_grep "$T/out" '"what": "RU recognises AB"'

# ---- treaties -------------------------------------------------------------------------

expect_exit 0 "$CHANCERY" treaties AB RU --on 2013-01-01 -f "$DATA"
awk '{print $1, $2, $3}' "$T/out" >got
cat >want <<'EOF'
ru-ab-base ratified-by-some unknown
ru-ab-borders signed unknown
ru-ab-culture-centres ratified-by-some unknown
ru-ab-disasters ratified-by-some unknown
ru-ab-pensions ratified-by-some unknown
ru-ab-socioeconomic ratified-by-some unknown
ru-ab-trade signed unknown
EOF
expect_same want got

expect_exit 0 "$CHANCERY" --db s.db treaties AB RU --on 2013-01-01 --status signed
awk '{print $1, $2}' "$T/out" >got
printf '%s\n' "ru-ab-borders signed" "ru-ab-trade signed" >want
expect_same want got

expect_exit 0 "$CHANCERY" --db s.db treaty ru-ab-base --on 2013-01-01
expect_grep "$T/out" "ru-ab-base on 2013-01-01: ratified-by-some"
# no force rule: entry into force, and so the end of the 49-year term, unknown
grep '^  entry into force: ' "$T/out" | grep -q 'unknown.*no entry-into-force rule recorded' ||
	fail "ru-ab-base: entry into force is not 'unknown: no entry-into-force rule recorded'"
grep '^  current term ends: ' "$T/out" | grep -q 'entry into force unknown' ||
	fail "ru-ab-base: the term end is not unknown for want of entry into force"
grep '^  current term ends: ' "$T/out" | grep -q '[0-9]\{4\}-' &&
	fail "ru-ab-base: the term end has a date"
grep '^  Russia ' "$T/out" | grep -q 'ratified.*signed 2010-02-17.*consent 2011-10-06' ||
	fail "ru-ab-base: Russia's line is not 'ratified, signed 2010-02-17, consent 2011-10-06'"
grep '^  Abkhazia ' "$T/out" | grep -q 'signed.*signed 2010-02-17.*consent -' ||
	fail "ru-ab-base: Abkhazia's line is not 'signed, consent -'"
expect_exit 0 "$CHANCERY" --db s.db treaty ru-ab-base --on 2013-01-01 --json
expect_grep "$T/out" '"term_end": null'

# ---- --known-on ---------------------------------------------------------------------------

# v1 has the Sukhumi embassy opening on 2009-07-01; v2 (the data) on
# 2009-05-01. On 2009-06-01 v1 says the embassy may only have been
# announced; v2 says it is open.
mkdir v1
cp "$SRCDIR"/data/*.ledger v1/
sed 's/^2009-05-01 open-mission RU AB/2009-07-01 open-mission RU AB/' \
	"$SRCDIR/data/abkhazia-russia.ledger" >v1/abkhazia-russia.ledger
grep -q '^2009-07-01 open-mission RU AB' v1/abkhazia-russia.ledger || fail "v1 was not made"
expect_exit 0 "$CHANCERY" --db k.db init
expect_exit 0 "$CHANCERY" --db k.db import --author test --recorded-at 2020-01-01T00:00:00Z v1/registry.ledger
expect_exit 0 "$CHANCERY" --db k.db import --author test --recorded-at 2021-01-01T00:00:00Z "$DATA"
expect_grep "$T/err" "1 changed"

expect_exit 0 "$CHANCERY" --db k.db status AB RU --on 2009-06-01 --known-on 2020-06-01
expect_grep "$T/out" "Russia's embassy in Abkhazia (Sukhumi): uncertain: not recorded or announced (ru-embassy-directive, 2009)"
expect_exit 0 "$CHANCERY" --db k.db status AB RU --on 2009-06-01
expect_grep "$T/out" "Russia's embassy in Abkhazia (Sukhumi): open, since 2009-05-01 [ru-embassy-sukhumi]"
expect_exit 0 "$CHANCERY" --db k.db status AB RU --on 2009-06-01 --known-on 2021-06-01
expect_grep "$T/out" "open, since 2009-05-01 [ru-embassy-sukhumi]"
expect_exit 0 "$CHANCERY" --db k.db status AB RU --on 2009-07-01 --known-on 2020-06-01
expect_grep "$T/out" "open, since 2009-07-01 [ru-embassy-sukhumi]"
expect_exit 0 "$CHANCERY" --db k.db status AB RU --on 2009-06-01 --known-on 2020-06-01 --json
expect_grep "$T/out" '"known_on": "2020-06-01"'
# --known-on asks the store: not with -f
expect_exit 2 "$CHANCERY" status AB RU --on 2009-06-01 --known-on 2020-06-01 -f "$DATA"

# ---- bad input ----------------------------------------------------------------------------

expect_exit 2 "$CHANCERY" status Abkhazia Russia --on 2009-02-30 -f "$DATA"
expect_grep "$T/err" "--on"
expect_grep "$T/err" "day 30 does not exist in 2009-02"
expect_exit 2 "$CHANCERY" status Abkhazia Russia --on 2009 -f "$DATA"
expect_grep "$T/err" "--on '2009': expected one day"
expect_exit 2 "$CHANCERY" recognitions Abkhazia --on 2009-06 -f "$DATA"
expect_grep "$T/err" "--on '2009-06': expected one day"
expect_exit 2 "$CHANCERY" treaty ru-ab-base --on 2013 -f "$DATA"
expect_exit 2 "$CHANCERY" diff AB RU -f "$DATA"
expect_grep "$T/err" "--from DAY is required"
expect_exit 2 "$CHANCERY" treaties AB RU --status nonsense -f "$DATA"
expect_exit 2 "$CHANCERY" status Abkhazia -f "$DATA"

expect_exit 4 "$CHANCERY" status Abkhasia Russia --on 2009-06-01 -f "$DATA"
expect_grep "$T/err" "unknown party 'Abkhasia'; did you mean 'Abkhazia' (AB)?"
expect_exit 4 "$CHANCERY" --db s.db recognitions Abkhasia
expect_grep "$T/err" "did you mean 'Abkhazia' (AB)?"
expect_exit 4 "$CHANCERY" --db s.db treaty ru-ab-nothing
expect_grep "$T/err" "no treaty has the id 'ru-ab-nothing'"

# A day before a party existed: a note on stderr naming it, still exit 0.
expect_exit 0 "$CHANCERY" status Abkhazia Russia --on 1990-01-01 -f "$DATA"
expect_grep "$T/err" "note: on 1990-01-01 'AB' did not exist yet (from 1999-10-12)"
expect_grep "$T/out" "Russia recognises Abkhazia: no"
expect_exit 0 "$CHANCERY" status Abkhazia Russia --on 1999-10-11 --json -f "$DATA"
expect_grep "$T/err" "'AB' did not exist yet"
expect_grep "$T/out" "on 1999-10-11 'AB' did not exist yet (from 1999-10-12)"
# Russia has no from=: never a note about it
expect_no_grep "$T/err" "'RU'"

# Regression (was a bug: cli/cmd_asof.c, note_existence): the note tests
# chancery_date_by(&p->from, day - 1) == NO, which holds on the day of
# from= itself: on 1999-10-12, the day Abkhazia's from= names (its first
# day, docs/ledger.md), it says Abkhazia "did not exist yet".
expect_exit 0 "$CHANCERY" status Abkhazia Russia --on 1999-10-12 -f "$DATA"
if grep -qF "did not exist yet" "$T/err"; then
	fail "regression: on 1999-10-12 (AB's from= day) status says 'AB' did not exist yet"
fi
expect_exit 0 "$CHANCERY" status Abkhazia Russia --on 1999-10-13 -f "$DATA"
expect_no_grep "$T/err" "did not exist yet"

# Regression (was a bug: cli/cmd_asof.c fold_text, and struct chancery_fold, which has no
# possible level): a change of level that may have happened is uncertain,
# but the answer names only the state words, which are the same:
# "uncertain: established or established (down, 2009)". It should name
# the levels (embassy or charge-d-affaires).
cat >level.ledger <<'EOF'
party AA "Alpha"
party BB "Beta"
2000-01-01 establish-relations AA BB level=embassy id=est
2009 change-relations AA BB level=charge-d-affaires id=down
EOF
expect_exit 0 "$CHANCERY" status AA BB --on 2009-06-01 -f level.ledger
expect_grep "$T/out" "(down, 2009)"
if grep -qF "established or established" "$T/out"; then
	fail "regression: an uncertain change of level reads 'uncertain: established or established': the levels are not named"
fi
finish
