#!/bin/sh
# import-envoys (pocom): a chief of mission a hand-typed file defines is
# that person, not a second one (names compared as word sets, initials
# and middle names allowed for; a name two persons fit as well is
# reported and kept apart); the host is the party the territory was on
# the posting's dates (China: the Republic of China on Taiwan from
# December 1949 to 1978, the People's Republic after, China's state
# before; the Federal Republic as COW dates it); a posting with an end
# date ends (end-envoy). A synthetic pocom file, every fact checked by
# hand; then the real file, when present.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"

cat >known.ledger <<'EOF'
source t "test parties"
party US "United States of America" iso=US iso3=USA source=t
party CU "Republic of Cuba" short=Cuba iso=CU iso3=CUB source=t
party CN "People's Republic of China" short=China iso=CN iso3=CHN source=t
party TW "Republic of China" short=Taiwan kind=partially-recognised iso=TW iso3=TWN from=1949-12-08 source=t
party DE "Federal Republic of Germany" short=Germany iso=DE iso3=DEU source=t
party COW-GFR "German Federal Republic" from=../1955-05-05 to=1990-10-02 source=t
person squiers "Herbert Goldsmith Squiers"
person crowder "Enoch H. Crowder"
person bush41 "George H. W. Bush"
person bush43 "George W. Bush"
person smith1 "John Smith"
person smith2 "John Smith"
person jones "Mary Jones"
person koenig "Jürgen König"
person foote "Lucius Foote"
EOF

{
	echo 'territory_id,chief_id,person_id,role_title_id,contemporary_territory_id,appointed,appointed_note,arrived,started_credentials,started_note,ended,ended_note'
	# 2-3: hand-typed persons; 4: Bush, chief of the Liaison Office in Beijing.
	echo 'cuba,cu-1902-squi-01,squiers-herbert-goldsmith,envoy-extraordinary-minister-plenipotentiary,cuba,1902-05-20,,,1902-05-27,,1905-12-02,Left post on'
	echo 'cuba,cu-1923-crow-01,crowder-enoch-herbert,ambassador-e-p,cuba,1923-02-10,,,1923-03-05,,1927-05,'
	echo 'china,cn-1974-bush-01,bush-george-herbert-walker,chief,china,1974-09-26,,,1974-10-21,,1975-12-07,Left post on'
	# 5: China in 1955 is the Republic of China on Taiwan; 6: in 1935, China.
	echo 'china,cn-1955-doej-01,doe-jane-q,ambassador-e-p,china,1955-01-10,,,1955-02-01,,1958-03,Left post on'
	echo 'china,cn-1935-roer-01,roe-richard,envoy-extraordinary-minister-plenipotentiary,china,1935-03-01,,,1935,,,'
	# 7: to the Federal Republic, then in post in united Germany; 8: after.
	echo 'germany,de-1989-walt-01,walters-vernon-a,ambassador-e-p,germany,1989-04-14,,,1989-04-24,,1991-08-18,Left post on'
	echo 'germany,de-1991-kimm-01,kimmitt-robert-michael,ambassador-e-p,germany,1991-08-02,,,1991-09-05,,,'
	# 9: a name two persons have; 10-11: two person_ids fit one name as well.
	echo 'cuba,cu-1930-smit-01,smith-john,ambassador-e-p,cuba,1930-01-01,,,,,,'
	echo 'cuba,cu-1931-jone-01,jones-mary-ann,ambassador-e-p,cuba,1931-01-01,,,,,,'
	echo 'cuba,cu-1932-jone-01,jones-mary-beth,ambassador-e-p,cuba,1932-01-01,,,,,,'
	# 12: accents dropped; 13: nothing dated; 14: no state.
	echo 'germany,de-1999-koen-01,konig-jurgen,ambassador-e-p,germany,1999-01-01,,,,,,'
	echo 'cuba,cu-1940-nobo-01,nobody-at-all,ambassador-e-p,cuba,,,,,,,'
	echo 'atlantis,at-1900-noon-01,noone-in-particular,ambassador-e-p,atlantis,1900-01-01,,,,,,'
	# 15: a middle name the hand-typed name leaves out: taken, and said.
	echo 'cuba,cu-1941-foot-01,foote-lucius-harwood,ambassador-e-p,cuba,1941-01-01,,,,,,'
} >pocom_chiefs_of_mission.csv

expect_exit 0 "$CHANCERY" import-envoys -f known.ledger -o out.ledger pocom_chiefs_of_mission.csv
expect_grep "$T/err" "wrote pocom_chiefs_of_mission.csv: 14 rows, 31 facts, 1 bad row left out"
expect_grep "$T/err" "pocom_chiefs_of_mission.csv:14:1: warning: territory 'atlantis' is not a state chancery knows; row left out"
expect_grep "$T/err" "pocom_chiefs_of_mission.csv:9:1: warning: person_id 'smith-john' fits the names of two persons as well; kept as pocom.smith-john"
expect_grep "$T/err" "pocom_chiefs_of_mission.csv:10:1: warning: person_id 'jones-mary-ann' and another fit 'jones' (Mary Jones) as well; kept as pocom.jones-mary-ann"
expect_grep "$T/err" "pocom_chiefs_of_mission.csv:11:1: warning: person_id 'jones-mary-beth' and another fit 'jones' (Mary Jones) as well; kept as pocom.jones-mary-beth"
expect_grep "$T/err" "pocom_chiefs_of_mission.csv:15:1: warning: person_id 'foote-lucius-harwood' taken as 'foote' (Lucius Foote), a middle name left out on one side"
[ "$(grep -c warning "$T/err")" = 5 ] || fail "expected 5 warnings"
# pocom lists every US chief of mission: its source covers their postings
# from its first date to its last (docs/coverage.md)
expect_grep out.ledger "  covers envoys by=US from=1902 to=1999-01-01"
grep -v '^source\|^  covers' out.ledger | grep . >facts.txt
cat >want.txt <<'EOF'
person pocom.doe-jane-q "doe-jane-q" source=pocom_chiefs_of_mission.csv
person pocom.jones-mary-ann "jones-mary-ann" source=pocom_chiefs_of_mission.csv
person pocom.jones-mary-beth "jones-mary-beth" source=pocom_chiefs_of_mission.csv
person pocom.kimmitt-robert-michael "kimmitt-robert-michael" source=pocom_chiefs_of_mission.csv
person pocom.roe-richard "roe-richard" source=pocom_chiefs_of_mission.csv
person pocom.smith-john "smith-john" source=pocom_chiefs_of_mission.csv
person pocom.walters-vernon-a "walters-vernon-a" source=pocom_chiefs_of_mission.csv
1902-05-20 appoint-envoy squiers US CU id=pocom_chiefs_of_mission.csv:2.appoint rank=envoy-extraordinary-minister-plenipotentiary source=pocom_chiefs_of_mission.csv
1902-05-27 present-credentials squiers US CU id=pocom_chiefs_of_mission.csv:2.credentials source=pocom_chiefs_of_mission.csv
1905-12-02 end-envoy squiers US CU id=pocom_chiefs_of_mission.csv:2.end source=pocom_chiefs_of_mission.csv
1923-02-10 appoint-envoy crowder US CU id=pocom_chiefs_of_mission.csv:3.appoint rank=ambassador-e-p source=pocom_chiefs_of_mission.csv
1923-03-05 present-credentials crowder US CU id=pocom_chiefs_of_mission.csv:3.credentials source=pocom_chiefs_of_mission.csv
1927-05 end-envoy crowder US CU id=pocom_chiefs_of_mission.csv:3.end source=pocom_chiefs_of_mission.csv
1930-01-01 appoint-envoy pocom.smith-john US CU id=pocom_chiefs_of_mission.csv:9.appoint rank=ambassador-e-p source=pocom_chiefs_of_mission.csv
1931-01-01 appoint-envoy pocom.jones-mary-ann US CU id=pocom_chiefs_of_mission.csv:10.appoint rank=ambassador-e-p source=pocom_chiefs_of_mission.csv
1932-01-01 appoint-envoy pocom.jones-mary-beth US CU id=pocom_chiefs_of_mission.csv:11.appoint rank=ambassador-e-p source=pocom_chiefs_of_mission.csv
1935 present-credentials pocom.roe-richard US CN id=pocom_chiefs_of_mission.csv:6.credentials source=pocom_chiefs_of_mission.csv
1935-03-01 appoint-envoy pocom.roe-richard US CN id=pocom_chiefs_of_mission.csv:6.appoint rank=envoy-extraordinary-minister-plenipotentiary source=pocom_chiefs_of_mission.csv
1941-01-01 appoint-envoy foote US CU id=pocom_chiefs_of_mission.csv:15.appoint rank=ambassador-e-p source=pocom_chiefs_of_mission.csv
1955-01-10 appoint-envoy pocom.doe-jane-q US TW id=pocom_chiefs_of_mission.csv:5.appoint rank=ambassador-e-p source=pocom_chiefs_of_mission.csv
1955-02-01 present-credentials pocom.doe-jane-q US TW id=pocom_chiefs_of_mission.csv:5.credentials source=pocom_chiefs_of_mission.csv
1958-03 end-envoy pocom.doe-jane-q US TW id=pocom_chiefs_of_mission.csv:5.end source=pocom_chiefs_of_mission.csv
1974-09-26 appoint-envoy bush41 US CN id=pocom_chiefs_of_mission.csv:4.appoint rank=chief source=pocom_chiefs_of_mission.csv
1974-10-21 present-credentials bush41 US CN id=pocom_chiefs_of_mission.csv:4.credentials source=pocom_chiefs_of_mission.csv
1975-12-07 end-envoy bush41 US CN id=pocom_chiefs_of_mission.csv:4.end source=pocom_chiefs_of_mission.csv
1989-04-14 appoint-envoy pocom.walters-vernon-a US COW-GFR id=pocom_chiefs_of_mission.csv:7.appoint rank=ambassador-e-p source=pocom_chiefs_of_mission.csv
1989-04-24 present-credentials pocom.walters-vernon-a US COW-GFR id=pocom_chiefs_of_mission.csv:7.credentials source=pocom_chiefs_of_mission.csv
1991-08-02 appoint-envoy pocom.kimmitt-robert-michael US DE id=pocom_chiefs_of_mission.csv:8.appoint rank=ambassador-e-p source=pocom_chiefs_of_mission.csv
1991-08-18 end-envoy pocom.walters-vernon-a US DE id=pocom_chiefs_of_mission.csv:7.end source=pocom_chiefs_of_mission.csv
1991-09-05 present-credentials pocom.kimmitt-robert-michael US DE id=pocom_chiefs_of_mission.csv:8.credentials source=pocom_chiefs_of_mission.csv
1999-01-01 appoint-envoy koenig US DE id=pocom_chiefs_of_mission.csv:12.appoint rank=ambassador-e-p source=pocom_chiefs_of_mission.csv
EOF
expect_same want.txt facts.txt
# No second person for a hand-typed one.
if grep -q 'pocom\.\(squiers\|crowder\|bush\|konig\)' out.ledger; then fail "a hand-typed person defined again"; fi

# The ended posting has ended; the one with no end is in post.
expect_exit 0 "$CHANCERY" status -f known.ledger -f out.ledger US Taiwan --on 1959-01-01
expect_grep "$T/out" "to Taiwan: ended, since 1958-03 [pocom_chiefs_of_mission.csv:5.end]"
expect_exit 0 "$CHANCERY" status -f known.ledger -f out.ledger US Taiwan --on 1956-01-01
expect_grep "$T/out" "in-post, since 1955-02-01"

# Into a store: the person is the one already there.
expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import known.ledger
expect_exit 0 "$CHANCERY" --db s.db import-envoys pocom_chiefs_of_mission.csv
expect_grep "$T/err" "14 rows, 31 facts, 1 bad row left out; 32 added"
expect_exit 0 "$CHANCERY" --db s.db show squiers
expect_grep "$T/out" 'person squiers "Herbert Goldsmith Squiers"'
# Again: pocom's own persons in the store are not taken for hand-typed ones.
expect_exit 0 "$CHANCERY" --db s.db import-envoys pocom_chiefs_of_mission.csv
expect_grep "$T/err" "0 added, 0 changed"

# The real file.
D="${SHARED_DATA:-}"
F="$D/envoys/pocom_chiefs_of_mission.csv"
if [ -z "$D" ] || [ ! -f "$F" ]; then
	echo "SKIP (real data): '$F' is absent (a fresh clone has none)"
	finish
fi
expect_exit 0 "$CHANCERY" import-envoys -f "$SRCDIR/data/all.ledger" -o real.ledger "$F"
expect_grep "$T/err" "5743 rows"
# The hand-typed chiefs of data/ are themselves: Squiers (Cuba, Panama),
# Crowder (Cuba) and George H. W. Bush (the Liaison Office in Beijing).
for p in squiers-herbert-goldsmith crowder-enoch-herbert bush-george-herbert-walker; do
	if grep -q "^person pocom.$p " real.ledger; then fail "pocom.$p defined"; fi
done
[ "$(grep -c ' squiers US \(CU\|PA\) ' real.ledger)" = 6 ] || fail "Squiers: 6 events in Cuba and Panama"
expect_grep real.ledger "1923-02-10 appoint-envoy crowder US CU id=pocom_chiefs_of_mission.csv:1304.appoint"
expect_grep real.ledger "1974-09-26 appoint-envoy bush41 US CN id=pocom_chiefs_of_mission.csv:1038.appoint"
# China: Taipei 1953-1979 is TW (Unger to his departure in 1979), the
# Liaison Office and the embassy from 1979 CN, Nanking in 1946 CN.
expect_grep real.ledger "present-credentials pocom.drumright-everett-francis US TW"
expect_grep real.ledger "1979-01-19 end-envoy pocom.unger-leonard-seidman US TW"
expect_grep real.ledger "1979-02-27 appoint-envoy pocom.woodcock-leonard-f US CN"
expect_grep real.ledger "1946-07-12 appoint-envoy pocom.stuart-john-leighton US CN"
# Germany: the Federal Republic 1955-1990, then Germany; Yemen: the YAR
# to 1990, then Yemen; Korea: Joseon to 1905.
expect_grep real.ledger "1955-05-14 present-credentials pocom.conant-james-bryant US COW-GFR"
expect_grep real.ledger "1991-08-18 end-envoy pocom.walters-vernon-a US DE"
expect_grep real.ledger "1974-12-20 appoint-envoy pocom.scotes-thomas-james US COW-YAR"
expect_grep real.ledger "1991-06-13 end-envoy pocom.dunbar-charles-franklin US YE"
expect_grep real.ledger "1883-05-20 present-credentials pocom.foote-lucius-harwood US COW-KOR"
# Postings with an end date end.
[ "$(grep -c ' end-envoy ' real.ledger)" -gt 5000 ] || fail "expected over 5000 end-envoy facts"
finish
