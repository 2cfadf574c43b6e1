#!/bin/sh
# import-dipcon: the Diplomatic Contacts Database (a Stata file). First a
# synthetic file (written by dipcon_dta.py: four states, three sample
# years, a dyad missing from a year, a duplicate that agrees, one that
# disagrees, a missing value, an unknown code), every fact checked by hand;
# files that are not DIPCON; a second import changes nothing. Then, when
# the public data sets are here, DIPCON23.dta itself (docs/import.md,
# "DIPCON").
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"

# expect_line FILE A B: a line of FILE holds both fixed strings.
expect_line() {
	grep -F -- "$2" "$1" | grep -qF -- "$3" || fail "$(basename "$1") has no line with '$2' and '$3'"
}

cat >known.ledger <<'EOF'
source test-cow "COW membership, typed for this test"
party US "United States of America" short="United States" cow=2
party GB "United Kingdom" cow=200
party FR "France" cow=220
party COW-GFR "German Federal Republic" cow=260 from=1955-05-05 to=1990-10-02
1816-01-01 enter-system US system=cow source=test-cow
1816-01-01 enter-system GB system=cow source=test-cow
1816-01-01 enter-system FR system=cow source=test-cow
1955-05-05 enter-system COW-GFR system=cow source=test-cow
1990-10-02 exit-system COW-GFR system=cow source=test-cow
EOF

# Rows 1-12: 1960, all twelve dyads. 13-19: 1965 without the Federal
# Republic (260); row 17 has no dipcon, rows 18 and 19 say the same.
# 20-33: 1970; rows 20 and 32 disagree (US to GB), row 33 has code 999.
python3 "$SRCDIR/tests/cli/dipcon_dta.py" dipcon.dta <<'EOF'
ccodea:int ccodeb:int year:int abbrev:str3 iso3let:str3 dipcon:byte
2 200 1960 USA USA 1
200 2 1960 UKG GBR 1
2 220 1960 USA USA 0
220 2 1960 FRN FRA 1
200 220 1960 UKG GBR 1
220 200 1960 FRN FRA 0
2 260 1960 USA USA 1
260 2 1960 GFR DEU 0
200 260 1960 UKG GBR 1
260 200 1960 GFR DEU 0
220 260 1960 FRN FRA 0
260 220 1960 GFR DEU 1
2 200 1965 USA USA 1
200 2 1965 UKG GBR 1
2 220 1965 USA USA 1
220 2 1965 FRN FRA 0
200 220 1965 UKG GBR .
220 200 1965 FRN FRA 0
220 200 1965 FRN FRA 0
2 200 1970 USA USA 1
200 2 1970 UKG GBR 1
2 220 1970 USA USA 1
220 2 1970 FRN FRA 1
200 220 1970 UKG GBR 0
220 200 1970 FRN FRA 0
2 260 1970 USA USA 1
260 2 1970 GFR DEU 1
200 260 1970 UKG GBR 0
260 200 1970 GFR DEU 0
220 260 1970 FRN FRA 0
260 220 1970 GFR DEU 1
2 200 1970 USA USA 0
999 2 1970 XXX XXX 1
EOF

# Every fact, by hand. A first 1 opened on or before its year; a change
# is dated by the two samples around it; a year the dyad is missing from
# (1965 for 260, 1965 for GB to FR whose row is bad) adds nothing, so US
# to 260 (1, -, 1) stays open and GB to 260 (1, -, 0) closes in 1960/1970;
# US to GB's 1970 is unknown (its rows disagree): open since 1960, no
# change. FR to GB (0, 0 twice, 0) and 260 to GB, FR to 260 (0, -, 0)
# give nothing.
cat >want.txt <<'EOF'
../1960 open-mission US GB id=dipcon.dta:1.open type=embassy source=dipcon.dta
../1960 open-mission GB US id=dipcon.dta:2.open type=embassy source=dipcon.dta
1960/1965 open-mission US FR id=dipcon.dta:15.open type=embassy source=dipcon.dta
../1960 open-mission FR US id=dipcon.dta:4.open type=embassy source=dipcon.dta
1960/1965 close-mission FR US id=dipcon.dta:16.close type=embassy source=dipcon.dta
1965/1970 open-mission FR US id=dipcon.dta:23.open type=embassy source=dipcon.dta
../1960 open-mission GB FR id=dipcon.dta:5.open type=embassy source=dipcon.dta
1960/1970 close-mission GB FR id=dipcon.dta:24.close type=embassy source=dipcon.dta
../1960 open-mission US COW-GFR id=dipcon.dta:7.open type=embassy source=dipcon.dta
1960/1970 open-mission COW-GFR US id=dipcon.dta:27.open type=embassy source=dipcon.dta
../1960 open-mission GB COW-GFR id=dipcon.dta:9.open type=embassy source=dipcon.dta
1960/1970 close-mission GB COW-GFR id=dipcon.dta:28.close type=embassy source=dipcon.dta
../1960 open-mission COW-GFR FR id=dipcon.dta:12.open type=embassy source=dipcon.dta
  covers missions type=embassy members=cow from=1960-05 to=1960-06
  covers missions by=FR,US with=FR,GB,US type=embassy members=cow from=1965-05 to=1965-06
  covers missions by=GB with=US type=embassy members=cow from=1965-05 to=1965-06
  covers missions by=COW-GFR,FR,GB with=COW-GFR,FR,GB,US type=embassy members=cow from=1970-05 to=1970-06
  covers missions by=US with=COW-GFR,FR type=embassy members=cow from=1970-05 to=1970-06
EOF
expect_exit 0 "$CHANCERY" import-dipcon -f known.ledger -o out.ledger dipcon.dta
while IFS= read -r line; do
	grep -qxF -- "$line" out.ledger || fail "out.ledger lacks: $line"
done <want.txt
[ "$(grep -c -- '-mission ' out.ledger)" = 13 ] || fail "expected 13 facts"
[ "$(grep -c '^  covers ' out.ledger)" = 5 ] || fail "expected 5 covers lines"
expect_grep out.ledger 'source dipcon.dta "Diplomatic Contacts Database (DIPCON), version 1.1, by Patrick Rhamey,'
expect_grep out.ledger 'note="Cite as: Patrick Rhamey, Kirssa Cline, Sverre Bodung, Alexis Henshaw, Beau James, Chansuk Kang, Alicia Sedziak, Aakriti Tandon, and Thomas J. Volgy. 2010. Diplomatic Contacts Database (DIPCON). Tucson: School of Government and Public Policy, University of Arizona (Version 1.1).'
expect_grep "$T/err" "dipcon.dta:17:1: warning: dipcon is missing; row left out"
expect_grep "$T/err" "dipcon.dta:20:1: warning: US to GB in 1970: dipcon 1 here, 0 in row 32; the dyad's 1970 is not known; row left out"
expect_grep "$T/err" "dipcon.dta:32:1: warning: US to GB in 1970: dipcon 0 here, 1 in row 20; the dyad's 1970 is not known; row left out"
expect_grep "$T/err" "dipcon.dta:33:1: warning: ccodea 999 is not a state chancery knows; row left out"
expect_grep "$T/err" "dipcon.dta: warning: 1965: COW members in May or June that the file does not have: COW-GFR; the coverage of 1965 names the file's 3 states"
expect_grep "$T/err" "dipcon.dta: warning: 1970: the rows of 1 dyad disagree; the dyad's 1970 is left out, from the facts and from the coverage"
expect_grep "$T/err" "COW code '999': 1 row"
expect_grep "$T/err" "wrote dipcon.dta: 33 rows, 13 facts, 4 bad rows left out"

# --strict stores nothing; without it, the facts and the source.
expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import known.ledger
expect_exit 1 "$CHANCERY" --db s.db import-dipcon --strict dipcon.dta
expect_grep "$T/err" "import failed (--strict): 4 bad rows; nothing imported"
[ "$(sql s.db "SELECT count(*) FROM current_fact WHERE id LIKE 'dipcon.dta%'")" = 0 ] || fail "--strict stored facts"
expect_exit 0 "$CHANCERY" --db s.db import-dipcon dipcon.dta
expect_grep "$T/err" "33 rows, 13 facts, 4 bad rows left out; 14 added, 0 changed"
# Twice: nothing changes, and no record is written.
records=$(sql s.db 'SELECT count(*) FROM record')
expect_exit 0 "$CHANCERY" --db s.db import-dipcon dipcon.dta
expect_grep "$T/err" "0 added, 0 changed"
[ "$(sql s.db 'SELECT count(*) FROM record')" = "$records" ] || fail "the second import wrote a record"

# Between two samples an answer is uncertain; after both, it is known.
expect_exit 0 "$CHANCERY" --db s.db status FR US --on 1963-06-01
expect_line "$T/out" ": uncertain" "(dipcon.dta:16.close, 1960/1965)"
expect_exit 0 "$CHANCERY" --db s.db status FR US --on 1971-06-01
expect_grep "$T/out" ": open, since 1965/1970 [dipcon.dta:23.open]"
# Open on both sides of the year it was not observed: still open then.
expect_exit 0 "$CHANCERY" --db s.db status US COW-GFR --on 1965-06-01
expect_grep "$T/out" ": open, since ../1960 [dipcon.dta:7.open]"
expect_exit 0 "$CHANCERY" --db s.db status GB COW-GFR --on 1967-06-01
expect_line "$T/out" ": uncertain" "(dipcon.dta:28.close, 1960/1970)"

# Files that are not DIPCON: a clear error, nothing imported.
echo "ccodea,ccodeb,year,dipcon" >notstata.dta
expect_exit 1 "$CHANCERY" --db s.db import-dipcon notstata.dta
expect_grep "$T/err" "notstata.dta: error: not a Stata file that ReadStat can read"
head -c 400 dipcon.dta >cut.dta
expect_exit 1 "$CHANCERY" --db s.db import-dipcon cut.dta
expect_grep "$T/err" "cut.dta: error: not a Stata file that ReadStat can read"
printf 'ccodea:int ccodeb:int year:int\n2 200 1960\n' | python3 "$SRCDIR/tests/cli/dipcon_dta.py" nodipcon.dta
expect_exit 1 "$CHANCERY" --db s.db import-dipcon nodipcon.dta
expect_grep "$T/err" "nodipcon.dta: error: not the Diplomatic Contacts Database: no column 'dipcon'"
[ "$(sql s.db "SELECT count(*) FROM current_fact WHERE id LIKE 'notstata%' OR id LIKE 'cut%' OR id LIKE 'nodipcon%'")" = 0 ] ||
	fail "a file that is not DIPCON stored facts"

# DIPCON23.dta itself, into a store of everything bundled.
D="${SHARED_DATA:-}"
DTA="$D/relations/dipcon/DIPCON/DIPCON23.dta"
if [ -z "$D" ] || [ ! -f "$DTA" ]; then
	[ "$failures" -ne 0 ] && finish
	echo "SKIP: DIPCON23.dta is not in '${D:-../shared/data}/relations/dipcon' (a fresh clone has none); the synthetic file passed"
	exit 77
fi
expect_exit 0 "$CHANCERY" --db w.db init
expect_exit 0 "$CHANCERY" --db w.db import "$SRCDIR/data/all.ledger"
expect_exit 0 "$CHANCERY" --db w.db import-dipcon "$DTA"
# 426,181 rows; left out: the 194 rows of 1960's 552 (the Federation of
# Rhodesia and Nyasaland), the 1,444 rows of the 722 dyads whose two 2005
# rows disagree, and 1975's 678 to 679 (both the Yemen Arab Republic).
expect_grep "$T/err" "426181 rows, 20723 facts, 1639 bad rows left out; 20724 added, 0 changed"
[ "$(grep -c "the dyad's 2005 is not known; row left out" "$T/err")" = 1444 ] || fail "expected 1444 rows of 2005 that disagree"
expect_grep "$T/err" "DIPCON23.dta:231305:1: warning: ccodea 678 and ccodeb 679 are both 'COW-YAR' in 1975; row left out"
expect_grep "$T/err" "COW code '552 in 1960': 194 rows"
expect_grep "$T/err" "DIPCON23.dta: warning: 2005: the rows of 722 dyads disagree"
expect_grep "$T/err" "DIPCON23.dta: warning: 1960: COW members in May or June that the file does not have: CD,MG,ML,TG;"
expect_grep "$T/err" "DIPCON23.dta: warning: 1993: COW members in May or June that the file does not have: BA,ER,MK;"
[ "$(sql w.db "SELECT count(*) FROM current_event WHERE id LIKE 'DIPCON23.dta:%' AND kind = 'open-mission'")" = 14585 ] ||
	fail "expected 14585 openings"
[ "$(sql w.db "SELECT count(*) FROM current_event WHERE id LIKE 'DIPCON23.dta:%' AND kind = 'close-mission'")" = 6138 ] ||
	fail "expected 6138 closings"
expect_exit 0 "$CHANCERY" --db w.db show DIPCON23.dta
expect_grep "$T/out" "  covers missions type=embassy members=cow from=2008-05 to=2008-06"
# France and Germany: DIPCON has Germany as 255 from 1993, with both
# embassies (rows 385146 and 392522, the first 1 of each dyad).
expect_exit 0 "$CHANCERY" --db w.db status France Germany --on 2000-06-01
expect_grep "$T/out" "embassy in France: open, since ../1993 [DIPCON23.dta:385146.open]"
expect_grep "$T/out" "embassy in Germany: open, since ../1993 [DIPCON23.dta:392522.open]"
# China's embassy in the United States: 0 in 1975 (row 287593), 1 in 1980
# (row 346145): opened in 1975/1980, uncertain between the two samples.
expect_exit 0 "$CHANCERY" --db w.db status China US --on 1977-06-01
expect_line "$T/out" ": uncertain" "(DIPCON23.dta:346145.open, 1975/1980)"
expect_exit 0 "$CHANCERY" --db w.db status China US --on 1981-06-01
expect_grep "$T/out" ": open, since 1975/1980 [DIPCON23.dta:346145.open]"
expect_exit 0 "$CHANCERY" --db w.db import-dipcon "$DTA"
expect_grep "$T/err" "0 added, 0 changed"
finish
