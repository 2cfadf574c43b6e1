#!/bin/sh
# The world from the public data sets in ../shared/data (absent on a fresh
# clone: then skipped): the bundled data/world/states.ledger is what 'make
# world' generates; the COW list gives COW's own counts (2,214,990
# directed dyad-years 1816-2024, and each year's number of members); the
# importers report bad rows with file:line, --strict stores nothing, a
# second import changes nothing; the US envoys of the panel agree with
# pocom's own dates (scripts/crosscheck_pocom.py, docs/panels.md).
. "$SRCDIR/tests/cli/lib.sh.inc"
D="${SHARED_DATA:-}"
if [ -z "$D" ] || [ ! -f "$D/states/cow_statelist2024.csv" ]; then
	echo "SKIP: the public data sets are not in '${D:-../shared/data}' (a fresh clone has none)"
	exit 77
fi
cd "$T"
COW="$D/states/cow_statelist2024.csv"
GW="$D/states/ksgmdw.txt"
MICRO="$D/states/microstates.txt"
POCOM="$D/envoys/pocom_chiefs_of_mission.csv"

# The bundled world is what the documented command makes.
expect_exit 0 "$CHANCERY" import-states -f "$SRCDIR/data/dyads.ledger" \
	-f "$SRCDIR/data/recognitions.ledger" -o states.ledger "$COW" "$GW" "$MICRO" \
	"$D/missions/database_of_embassies_2022-11-16.csv"
expect_same "$SRCDIR/data/world/states.ledger" states.ledger
expect_grep "$T/err" "483 rows, 783 facts, 0 bad rows left out"

# The bundled facts of the other data sets are what 'make world' makes
# (Makefile), byte for byte, each matched against data/all.ledger.
A="$SRCDIR/data/all.ledger"
I="$SRCDIR/data/world/imported"
expect_exit 0 "$CHANCERY" import-rdcr -f "$A" -o us-rdcr.ledger "$D/relations/us-rdcr/articles"
expect_same "$I/us-rdcr.ledger" us-rdcr.ledger
expect_exit 0 "$CHANCERY" import-dipcon -f "$A" -o dipcon.ledger "$D/relations/dipcon/DIPCON/DIPCON23.dta"
expect_same "$I/dipcon.ledger" dipcon.ledger
expect_exit 0 "$CHANCERY" import-korea-ties -f "$A" -o korea-ties.ledger "$D/relations/korea-ties/diplo_ties_data.csv"
expect_same "$I/korea-ties.ledger" korea-ties.ledger
expect_exit 0 "$CHANCERY" import-envoys -f "$A" -o pocom.ledger "$POCOM"
expect_same "$I/pocom.ledger" pocom.ledger
expect_exit 0 "$CHANCERY" import-missions -f "$A" -o embassies.ledger "$D/missions/database_of_embassies_2022-11-16.csv"
expect_same "$I/embassies.ledger" embassies.ledger
expect_exit 0 "$CHANCERY" import-treaties -f "$A" -o manytreaties.ledger \
	"$D/treaties/manytreaties_parties_GGO.csv" "$D/treaties/manytreaties_agreements_GGO.csv"
python3 "$SRCDIR/scripts/split_ledger.py" manytreaties.ledger manytreaties 4
for k in 1 2 3 4; do
	expect_same "$I/manytreaties-$k.ledger" "manytreaties-$k.ledger"
done

# The demo store: everything bundled, the imported facts too, each party defined once (a second
# definition would be a warning and a lost attribute).
expect_exit 0 "$CHANCERY" --db w.db init
expect_exit 0 "$CHANCERY" --db w.db import "$SRCDIR/data/full.ledger"
if grep -q "defined" "$T/err"; then fail "a party is defined twice in data/full.ledger"; fi
if grep -q "error" "$T/err"; then fail "data/full.ledger has errors"; fi
# Turkiye is TR; Transnistria has an id of its own.
expect_exit 0 "$CHANCERY" --db w.db show TR
expect_grep "$T/out" 'party TR "Republic of T'
expect_exit 0 "$CHANCERY" --db w.db show PMR
expect_grep "$T/out" 'party PMR "Pridnestrovian Moldavian Republic"'
# A state typed by hand keeps its names and grammar, with the codes.
expect_exit 0 "$CHANCERY" --db w.db show CZ
expect_grep "$T/out" 'short="Czech Republic" adjective=Czech'
expect_grep "$T/out" 'gw=316'

expect_exit 0 "$CHANCERY" --db w.db show Bavaria
expect_grep "$T/out" 'party COW-BAV "Bavaria" cow=245 to=1871-01-18'
expect_exit 0 "$CHANCERY" --db w.db status France Germany --on 1900-01-01

# COW's own numbers: directed dyad-years, and members per year.
expect_exit 0 "$CHANCERY" --db w.db panel dyad-year --from 1816 --to 2024 --columns none -o bare.csv
[ "$(($(wc -l <bare.csv) - 1))" = 2214990 ] || fail "expected 2214990 dyad-years, got $(($(wc -l <bare.csv) - 1))"
awk -F, 'NR > 1 { for (y = $4; y <= $7; y++) if (!seen[$2 "," y]++) n[y]++ }
	END { for (y = 1816; y <= 2024; y++) print y "," n[y] }' "$COW" >cow-counts.csv
expect_exit 0 "$CHANCERY" --db w.db panel state-year --columns none -o states.csv
awk -F, 'NR > 1 { n[$1]++ } END { for (y = 1816; y <= 2024; y++) print y "," n[y] }' states.csv >our-counts.csv
expect_same cow-counts.csv our-counts.csv
# Gleditsch-Ward, on 1 January: 1816 has the states GW date from 1816-01-01.
expect_exit 0 "$CHANCERY" --db w.db panel state-year --system gw --on jan1 --from 1816 --to 1816 --columns none
want=$(awk -F'\t' 'NR > 1 && $4 == "1816-01-01"' "$GW" "$MICRO" | grep -c .)
[ "$(($(wc -l <"$T/out") - 1))" = "$want" ] || fail "GW members on 1816-01-01: expected $want"

# Bad rows: reported with file:line, the rest imported; --strict stores nothing.
{ head -3 "$COW"; echo 'XXX,999,Nowhere,1900,1,1,1950,12,31,2024'; echo 'BAD,2,United States of America,19x6,1,1,2024,12,31,2024'; } >cow.csv
expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 1 "$CHANCERY" --db s.db import-states --strict cow.csv
expect_grep "$T/err" "cow.csv:4:1: warning: COW code 999 is not a state chancery knows; row left out"
expect_grep "$T/err" "cow.csv:5:1: warning: expected a number in field 4, found '19x6'; row left out"
expect_grep "$T/err" "import failed (--strict): 2 bad rows; nothing imported"
[ "$(sql s.db 'SELECT count(*) FROM fact')" = 0 ] || fail "--strict stored facts"
expect_exit 0 "$CHANCERY" --db s.db import-states cow.csv
expect_grep "$T/err" "4 rows, 4 facts, 2 bad rows left out; 6 added"
expect_grep "$T/err" "code '999': 1 row"
[ "$(sql s.db "SELECT count(*) FROM current_event WHERE kind = 'enter-system'")" = 2 ] || fail "expected 2 spells"
# Twice: nothing changes the second time.
expect_exit 0 "$CHANCERY" --db s.db import-states cow.csv
expect_grep "$T/err" "0 added, 0 changed"
[ "$(sql s.db 'SELECT count(*) FROM record')" = 1 ] || fail "the second import wrote a record"

# The US envoys: the panel against pocom's own dates. Undirected, the
# United States (code 2) is always the first state of its dyads.
expect_exit 0 "$CHANCERY" import-envoys -f "$SRCDIR/data/all.ledger" -o envoys.ledger "$POCOM"
expect_grep "$T/err" "5743 rows"
expect_exit 0 "$CHANCERY" panel dyad-year -f "$SRCDIR/data/all.ledger" \
	-f envoys.ledger --undirected --columns names,envoys -o envoys.csv
python3 "$SRCDIR/scripts/crosscheck_pocom.py" "$POCOM" envoys.ledger envoys.csv >cross.txt
cat cross.txt
# The only disagreements are the chiefs re-accredited to the same post on
# the day their first commission ended (docs/panels.md); at most 2%.
awk '/agree \(/ { sub(/%\)/, "", $NF); sub(/\(/, "", $NF); if ($NF + 0 < 98) exit 1 }' cross.txt ||
	fail "US envoys agree with pocom in fewer than 98% of dyad-years"
finish
