#!/bin/sh
# The dyad-year panel read as researchers read it (issue 18, docs/panels.md
# "Reading it"): the R and pandas snippets of docs/panels.md, taken from the
# document itself, run on a panel of the bundled data; every field parses
# (readr reports no problem), NA stays apart from 0, and the counts of NA,
# 0 and 1 agree with the CSV's own text. A source covering the envoys of
# one dyad (a ledger written here) gives covered 0s.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! command -v Rscript >/dev/null 2>&1 || ! "$PY" -c 'import pandas' 2>/dev/null; then
	echo "SKIP: R (Rscript with readr) and pandas are needed (scripts/packages/world.txt installs them)"
	exit 77
fi

cat >cover.ledger <<'EOF'
source test-cover "A list of every envoy of the United States to France, 2016-2019 (test)"
  covers envoys by=US with=FR from=2016 to=2019
EOF
expect_exit 0 "$CHANCERY" panel dyad-year --from 2010 --to 2020 -f "$SRCDIR/data/all.ledger" \
	-f cover.ledger -o dyad-years.csv

# The snippets of the codebook, as written there.
awk '/^```r$/ { on = 1; next } /^```$/ { on = 0 } on' "$SRCDIR/docs/panels.md" >read.R
awk '/^```python$/ { on = 1; next } /^```$/ { on = 0 } on' "$SRCDIR/docs/panels.md" >read.py
grep -q 'read_csv' read.R || fail "docs/panels.md has no R snippet"
grep -q 'read_csv' read.py || fail "docs/panels.md has no pandas snippet"

cat >>read.R <<'EOF'
p <- problems(panel)
if (nrow(p) > 0) { print(p); quit(status = 1) }
cat(nrow(panel), sum(is.na(panel$recognises12)), sum(panel$recognises12 == 1, na.rm = TRUE),
    sum(panel$recognises12 == 0, na.rm = TRUE), sum(is.na(panel$envoy12)),
    sum(panel$envoy12 == 0, na.rm = TRUE), sum(panel$rep12 == 3, na.rm = TRUE),
    sum(panel$relations == "established", na.rm = TRUE), sum(is.na(panel$relations)), "\n")
EOF
cat >>read.py <<'EOF'
print(len(panel), panel.recognises12.isna().sum(), (panel.recognises12 == 1).sum(),
      (panel.recognises12 == 0).sum(), panel.envoy12.isna().sum(), (panel.envoy12 == 0).sum(),
      (panel.rep12 == 3).sum(), (panel.relations == "established").sum(),
      panel.relations.isna().sum())
EOF
# the same counts from the text, with no reader's rules in between
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ n++; r = $col["recognises12"]; e = $col["envoy12"]; rel = $col["relations"]
	  na += r == "NA"; one += r == "1"; zero += r == "0"; ena += e == "NA"; ezero += e == "0"
	  rep3 += $col["rep12"] == "3"; est += rel == "established"; relna += rel == "NA" }
	END { print n, na, one, zero, ena, ezero, rep3, est, relna }' dyad-years.csv >want.txt
grep -q '"' dyad-years.csv && fail "a quoted field: the awk count above would be off"

expect_exit 0 Rscript read.R
tr -s ' ' <"$T/out" | sed 's/ $//' >r.txt
expect_same want.txt r.txt
expect_exit 0 "$PY" read.py
expect_same want.txt "$T/out"

# Hand-checked rows (data/cuba-united-states.ledger): the United States
# and Cuba restored relations and opened embassies on 2015-07-20, so in
# 2016 recognition 1 both ways, relations established at embassy level,
# embassies, representation 3 each way; Squiers presented credentials in
# 1902 and no end or successor is recorded, so past the 10 years' horizon
# his post is uncertain: envoy12 NA, named in `uncertain` (docs/coverage.md).
# In 2014 relations are severed (1961). France: nothing recorded but the
# test's source, which covers the US envoys to France in 2016-2019: 0 there,
# named in `covered`, NA in 2020.
"$PY" - dyad-years.csv <<'EOF' || fail "the US-Cuba and US-France rows are not as expected"
import csv, sys
rows = {(r["year"], r["ccode2"]): r for r in csv.DictReader(open(sys.argv[1])) if r["ccode1"] == "2"}
r = rows[("2016", "40")]
want = {"recognises12": "1", "recognises21": "1", "relations": "established",
        "relations_level": "embassy", "mission12": "embassy", "mission21": "embassy",
        "embassy12": "1", "embassy21": "1", "envoy12": "NA", "envoy21": "NA", "rep12": "3",
        "rep21": "3", "uncertain": "envoy12", "covered": ""}
assert {k: r[k] for k in want} == want, r
assert rows[("2014", "40")]["relations"] == "severed", rows[("2014", "40")]
f = rows[("2016", "220")]
want = {"recognises12": "NA", "relations": "NA", "mission12": "NA", "envoy12": "0",
        "envoy21": "NA", "rep12": "NA", "uncertain": "", "covered": "envoy12"}
assert {k: f[k] for k in want} == want, f
assert rows[("2020", "220")]["envoy12"] == "NA" and rows[("2020", "220")]["covered"] == ""
EOF
finish
