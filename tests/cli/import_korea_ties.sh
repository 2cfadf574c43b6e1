#!/bin/sh
# import-korea-ties: South and North Korea's diplomatic ties (kdiplo's
# diplo_ties_data.csv). A synthetic country-year file, every fact checked
# by hand: one fact per (country, Korea, date, cut, re-establishment) at
# year precision, whatever the number of rows repeating it, its id naming
# the first row; the Korea acts; the GDR for the list's Germany in North
# Korea's ties before 1991; bad years, codes matching no party and years
# whose diplomatic_ties disagrees with the facts reported with file:line;
# the coverage the source declares. Then the real file, when present.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"

cat >known.ledger <<'EOF'
source t "test parties"
party KR "Republic of Korea" short="South Korea" iso=KR iso3=KOR from=../1948-08-15 source=t
party KP "Democratic People's Republic of Korea" short="North Korea" iso=KP iso3=PRK from=../1948-09-09 source=t
party FR "French Republic" short=France iso=FR iso3=FRA source=t
party GH "Republic of Ghana" short=Ghana iso=GH iso3=GHA from=../1957-03-06 source=t
party DE "Federal Republic of Germany" short=Germany iso=DE iso3=DEU source=t
party COW-GDR "German Democratic Republic" from=../1949-10-05 to=1990-10-02 source=t
party NA "Republic of Namibia" short=Namibia iso=NA iso3=NAM from=../1990-03-21 source=t
party XK "Kosovo" kind=partially-recognised from=../2008-02-17 source=t
party MT "Republic of Malta" short=Malta iso=MT iso3=MLT source=t
EOF

H='iso3c,iso2c,country,country_kr,south_north,year,diplomatic_ties,date,cut_date,reestablish_date,updated_at'
U=2025-06-16
{
	echo "$H"
	# 2-4: France and South Korea, established 1949: one fact from line 2.
	echo "FRA,FR,France,프랑스,South Korea,1949,1,1949,NA,NA,$U"
	echo "FRA,FR,France,프랑스,South Korea,1950,1,1949,NA,NA,$U"
	echo "FRA,FR,France,프랑스,South Korea,1948,0,1949,NA,NA,$U"
	# 5-10: Ghana and North Korea: 1964, cut 1973, re-established 1980;
	# line 5 is kdiplo's filler before the country (no years given).
	echo "GHA,NA,Ghana,NA,North Korea,1956,0,NA,NA,NA,$U"
	echo "GHA,GH,Ghana,가나,North Korea,1963,0,1964,1973,1980,$U"
	echo "GHA,GH,Ghana,가나,North Korea,1964,1,1964,1973,1980,$U"
	echo "GHA,GH,Ghana,가나,North Korea,1973,1,1964,1973,1980,$U"
	echo "GHA,GH,Ghana,가나,North Korea,1975,0,1964,1973,1980,$U"
	echo "GHA,GH,Ghana,가나,North Korea,1981,1,1964,1973,1980,$U"
	# 11-14: Germany and North Korea: the GDR from 1949 to 1990, Germany
	# from 2001 (a first establishment, not a restoration, for DE).
	echo "DEU,DE,Germany,독일,North Korea,1960,1,1949,1990,2001,$U"
	echo "DEU,DE,Germany,독일,North Korea,1990,1,1949,1990,2001,$U"
	echo "DEU,DE,Germany,독일,North Korea,1995,0,1949,1990,2001,$U"
	echo "DEU,DE,Germany,독일,North Korea,2005,1,1949,1990,2001,$U"
	# 15-16: Namibia by NAM (its iso2c NA is also R's missing value).
	echo "NAM,NA,Namibia,나미비아,South Korea,1990,1,1990,NA,NA,$U"
	echo "NAM,NA,Namibia,나미비아,North Korea,1990,1,1990,NA,NA,$U"
	# 17: Kosovo by iso2c, no ties; 18: a Korea and itself.
	echo "XKX,XK,NA,NA,South Korea,2010,0,NA,NA,NA,$U"
	echo "KOR,NA,South Korea,NA,South Korea,1990,0,NA,NA,NA,$U"
	# 19-20: a code chancery does not know (warned once), 21: a bad year.
	echo "ZZZ,ZZ,Nowhere,NA,South Korea,2000,1,1999,NA,NA,$U"
	echo "ZZZ,ZZ,Nowhere,NA,South Korea,2001,1,1999,NA,NA,$U"
	echo "MLT,MT,Malta,몰타,South Korea,1966,1,19x5,NA,NA,$U"
	# 22-23: France and North Korea: ties 1 in 1970 (line 23) against the
	# list's own establishment of 1984.
	echo "FRA,FR,France,프랑스,North Korea,1985,1,1984,NA,NA,$U"
	echo "FRA,FR,France,프랑스,North Korea,1970,1,1984,NA,NA,$U"
} >diplo_ties_data.csv

expect_exit 0 "$CHANCERY" import-korea-ties -f known.ledger -o out.ledger diplo_ties_data.csv
expect_grep "$T/err" "wrote diplo_ties_data.csv: 22 rows, 10 facts, 2 bad rows left out"
expect_grep "$T/err" "diplo_ties_data.csv:19:1: warning: country 'ZZZ' is not a state chancery knows; row left out"
expect_grep "$T/err" "diplo_ties_data.csv:21:1: warning: date '19x5' is not a year; row left out"
expect_grep "$T/err" "country 'ZZZ': 2 rows"
expect_grep "$T/err" "diplo_ties_data.csv:23:1: warning: diplomatic_ties is 1 in 1970-1970 (1 row), but no relations of KP and FR are made from the list then"
[ "$(grep -c 'warning' "$T/err")" = 3 ] || fail "expected 3 warnings"
grep -v '^source\|^  covers\|^$' out.ledger >facts.txt
cat >want.txt <<'EOF'
1949 establish-relations KP COW-GDR id=diplo_ties_data.csv:11.establish source=diplo_ties_data.csv note="the list's Germany: the German Democratic Republic until 1990"
1949 establish-relations KR FR id=diplo_ties_data.csv:2.establish source=diplo_ties_data.csv
1964 establish-relations KP GH id=diplo_ties_data.csv:6.establish source=diplo_ties_data.csv
1973 sever-relations KP GH id=diplo_ties_data.csv:6.sever source=diplo_ties_data.csv note="the list does not say which side cut the ties"
1980 restore-relations KP GH id=diplo_ties_data.csv:6.restore source=diplo_ties_data.csv
1984 establish-relations KP FR id=diplo_ties_data.csv:22.establish source=diplo_ties_data.csv
1990 establish-relations KP NA id=diplo_ties_data.csv:16.establish source=diplo_ties_data.csv
1990 establish-relations KR NA id=diplo_ties_data.csv:15.establish source=diplo_ties_data.csv
1990 sever-relations KP COW-GDR id=diplo_ties_data.csv:11.sever source=diplo_ties_data.csv note="the list's Germany: the German Democratic Republic until 1990; the list does not say which side cut the ties"
2001 establish-relations KP DE id=diplo_ties_data.csv:11.restore source=diplo_ties_data.csv note="re-established, says the list; the first with this state"
EOF
expect_same want.txt facts.txt
expect_grep out.ledger 'source diplo_ties_data.csv "South and North Korea'"'"'s Diplomatic Ties Data (kdiplo)" publisher="Kadir Jun Ayhan" url=https://github.com/kjayhan/kdiplo date=2025-06-16'
expect_grep out.ledger 'MIT licence, Copyright (c) 2025 Kadir Jun Ayhan'
# France is out of the coverage (its year 1970 disagrees), Malta too (its
# bad year); the Koreas list each other (line 18 is KR with itself: no).
expect_grep out.ledger '  covers relations by=KR,KP with=DE,GH,NA,XK from=1948 to=2025-06-16'

# Dates keep their year; a day of the establishment year is uncertain.
expect_exit 0 "$CHANCERY" status -f known.ledger -f out.ledger "North Korea" Ghana --on 1970-06-01
expect_grep "$T/out" "established, since 1964 [diplo_ties_data.csv:6.establish]"
expect_exit 0 "$CHANCERY" status -f known.ledger -f out.ledger "North Korea" Ghana --on 1975-06-01
expect_grep "$T/out" "severed, since 1973 [diplo_ties_data.csv:6.sever]"
expect_exit 0 "$CHANCERY" status -f known.ledger -f out.ledger "North Korea" Ghana --on 1980-06-01
expect_grep "$T/out" "uncertain"
expect_exit 0 "$CHANCERY" status -f known.ledger -f out.ledger KP COW-GDR --on 1960-06-01
expect_grep "$T/out" "established, since 1949 [diplo_ties_data.csv:11.establish]"

# --strict: the two bad rows fail the import, nothing stored.
expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import known.ledger
expect_exit 1 "$CHANCERY" --db s.db import-korea-ties --strict diplo_ties_data.csv
expect_grep "$T/err" "import failed (--strict): 2 bad rows; nothing imported"
expect_exit 0 "$CHANCERY" --db s.db import-korea-ties diplo_ties_data.csv
expect_grep "$T/err" "22 rows, 10 facts, 2 bad rows left out; 11 added"
expect_exit 0 "$CHANCERY" --db s.db import-korea-ties diplo_ties_data.csv
expect_grep "$T/err" "0 added, 0 changed"

# Not the file asked for, and the Koreas missing: errors, nothing written.
echo 'a,b,c' >other.csv
expect_exit 1 "$CHANCERY" import-korea-ties -f known.ledger -o x.ledger other.csv
expect_grep "$T/err" "other.csv:1:1: error: not kdiplo's diplomatic ties: no column 'iso3c'"
echo 'party FR "French Republic"' >nokorea.ledger
expect_exit 1 "$CHANCERY" import-korea-ties -f nokorea.ledger -o x.ledger diplo_ties_data.csv
expect_grep "$T/err" "the registry has no party 'KR'"

# The real file.
D="${SHARED_DATA:-}"
F="$D/relations/korea-ties/diplo_ties_data.csv"
if [ -z "$D" ] || [ ! -f "$F" ]; then
	echo "SKIP (real data): '$F' is absent (a fresh clone has none)"
	finish
fi
expect_exit 0 "$CHANCERY" import-korea-ties -f "$SRCDIR/data/all.ledger" -o real.ledger "$F"
# The Cook Islands and Niue are parties of the world (data/world/historic.ledger).
expect_grep "$T/err" "31036 rows, 411 facts, 5 bad rows left out"
expect_no_grep "$T/err" "country 'COK'"
grep -q "establish-relations KR CK" real.ledger || fail "South Korea and the Cook Islands: established in 2013"
grep -q "^2023 establish-relations KR NU" real.ledger || fail "South Korea and Niue: established in 2023"
# Uruguay and Fiji: a cut before the establishment; Slovakia's 1948 (its
# predecessor's year) and Palestine's 1966 predate the parties.
expect_grep "$T/err" "diplo_ties_data.csv:14385:1: warning: cut_date 1965 is before date 1966; row left out"
expect_grep "$T/err" "diplo_ties_data.csv:22332:1: warning: event 'diplo_ties_data.csv:22332.establish': dated 1948, before 'SK' existed (from 1993-01-01); row left out"
# Czechia: Czechoslovakia's ties are not carried over to the Czech Republic.
expect_grep "$T/err" "diplo_ties_data.csv:16890:1: warning: diplomatic_ties is 1 in 1993-2025 (33 rows), but no relations of KP and CZ are made from the list then"
for k in "360 establish-relations" "31 sever-relations" "20 restore-relations"; do
	n=${k%% *}
	[ "$(grep -c " ${k#* } " real.ledger)" = "$n" ] || fail "expected $k"
done
# 194 states listed and agreeing (the two Koreas with each other), Taiwan and Kosovo among them.
covers=$(grep '^  covers' real.ledger)
[ "$(echo "$covers" | sed 's/.*with=//; s/ .*//' | tr ',' '\n' | grep -c .)" = 194 ] ||
	fail "expected 194 states in the coverage"
case "$covers" in *",TW,"*",XK,"*) ;; *) fail "Taiwan and Kosovo are listed" ;; esac
case "$covers" in *",CZ,"* | *",SK,"*) fail "Czechia and Slovakia are not covered" ;; esac
# DEU-North Korea: 1949 / cut 1990 / re-established 2001: the GDR's until
# 1990, then Germany's, from a day of 2001 (uncertain within that year).
grep -q '^2001 establish-relations KP DE id=diplo_ties_data.csv:2971.restore' real.ledger ||
	fail "North Korea and Germany from 2001"
st() { "$CHANCERY" status -f "$SRCDIR/data/all.ledger" -f real.ledger "$@" | sed -n '/^Diplomatic/,/^$/p'; }
st "North Korea" Germany --on 1995-06-01 >s1995
st "North Korea" Germany --on 2001-06-01 >s2001
st "North Korea" Germany --on 2005-06-01 >s2005
st "North Korea" "German Democratic Republic" --on 1960-06-01 >gdr1960
# (none, and "per diplo_ties_data.csv" once coverage answers: Germany is covered)
expect_grep s1995 "  none"
if grep -q established s1995; then fail "North Korea and Germany in 1995: $(cat s1995)"; fi
expect_grep s2001 "uncertain: none"
expect_grep s2001 "or established (diplo_ties_data.csv:2971.restore, 2001)"
expect_grep s2005 "established, since 2001 [diplo_ties_data.csv:2971.restore]"
expect_grep gdr1960 "established, since 1949 [diplo_ties_data.csv:2971.establish]"
# VNM-South Korea: 1955 / cut 1974 / re-established 1992: the Republic of
# Vietnam's, then Vietnam's.
st "South Korea" "Republic of Vietnam" --on 1970-06-01 >rvn
expect_grep rvn "established, since 1955 [diplo_ties_data.csv:7517.establish]"
st "South Korea" Taiwan --on 1995-06-01 >tw
expect_grep tw "severed, since 1992 [diplo_ties_data.csv:19339.sever]"
finish
