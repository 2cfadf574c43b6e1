#!/bin/sh
# An edit is checked with the stored facts it touches (docs/checks.md,
# "Imports"), and that is the same as checking it with the whole store:
# a sequence of random edits (tests/cli/edits.py) is imported into one
# store as it comes and into a copy with --full; every import gives the
# same exit code and the same diagnostics, and at the end both stores hold
# the same facts and answer the same. On the bundled data and on a
# synthetic store. Then the cases one by one: an error that needs a
# stored fact, a warning about a stored fact that the edit brings about,
# the warnings the store gave before not repeated, and what is checked
# whole (a party added, a person changed, an assertion).
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
GEN="$(dirname "$CHANCERY")/gen_registry"
PY=python3

# run SEED N DB PARTIES EVENTS: the edits into DB (as they come) and into a
# copy of it (--full), compared import by import, then as a whole.
run() {
	seed=$1 n=$2 db=$3 parties=$4 events=$5
	cp "$db" full.db
	[ ! -f "$db.snapshot" ] || cp "$db.snapshot" full.db.snapshot
	$PY "$SRCDIR/tests/cli/edits.py" "$seed" "$n" "$parties" "$events" "edits-$seed" ||
		fail "edits.py"
	partial=0
	for f in "edits-$seed"/*.ledger; do
		"$CHANCERY" --db "$db" import --author t --json "$f" >a.json 2>a.err
		a=$?
		"$CHANCERY" --db full.db import --author t --full --json "$f" >b.json 2>b.err
		b=$?
		if [ "$a" != "$b" ] || ! cmp -s a.err b.err; then
			fail "$f: the edit is checked otherwise than with the whole store (exit $a/$b)"
			diff a.err b.err | head -10 >&2
		fi
		if grep -q '"checked_with": "the facts it touches"' a.json; then
			partial=$((partial + 1))
		fi
		if grep -q '"checked_with": "the facts it touches"' b.json; then
			fail "$f: --full checked only the facts it touches"
		fi
	done
	[ "$partial" -gt $((n / 2)) ] || fail "only $partial of $n edits were checked with the facts they touch"
	"$CHANCERY" --db "$db" export >a.ledger
	"$CHANCERY" --db full.db export >b.ledger
	expect_same a.ledger b.ledger
	# the answers: through the file behind the store, and from the store
	head -8 "$parties" | while read -r p; do
		q=$(sed -n '9p' "$parties")
		for day in 1995-06-01 2012-06-01; do
			"$CHANCERY" --db "$db" status "$p" "$q" --on $day --json >a.out 2>&1
			CHANCERY_SNAPSHOT=off "$CHANCERY" --db full.db status "$p" "$q" --on $day --json >b.out 2>&1
			cmp -s a.out b.out || fail "status $p $q on $day differs after the edits"
		done
		"$CHANCERY" --db "$db" recognitions "$p" --json >a.out 2>&1
		CHANCERY_SNAPSHOT=off "$CHANCERY" --db full.db recognitions "$p" --json >b.out 2>&1
		cmp -s a.out b.out || fail "recognitions $p differs after the edits"
	done
	echo "seed $seed: $n edits, $partial checked with the facts they touch" >&2
}

# ---- the bundled data ----------------------------------------------------------
expect_exit 0 "$CHANCERY" --db d.db init
expect_exit 0 "$CHANCERY" --db d.db import --author t "$SRCDIR/data/dyads.ledger"
printf '%s\n' RU GE AB US CU CN TW PA CZ SK VU OS >parties.txt
"$CHANCERY" --db d.db events --json |
	$PY -c 'import json,sys; [print(e["id"]) for e in json.load(sys.stdin)[:40]]' >events.txt
run 11 40 d.db parties.txt events.txt
run 12 40 d.db parties.txt events.txt

# ---- a synthetic store ------------------------------------------------------------
if [ -x "$GEN" ]; then
	"$GEN" --events 20000 --parties 60 --seed 3 s.ledger >/dev/null 2>&1 || fail "gen_registry"
	expect_exit 0 "$CHANCERY" --db s.db init
	expect_exit 0 "$CHANCERY" --db s.db import --author t s.ledger
	for i in $(seq 1 30); do printf 'P%04d\n' "$i"; done >sparties.txt
	"$CHANCERY" --db s.db events --party P0001 --json |
		$PY -c 'import json,sys; [print(e["id"]) for e in json.load(sys.stdin)[:60]]' >sevents.txt
	run 21 40 s.db sparties.txt sevents.txt
else
	echo "skipped the synthetic store: no $GEN" >&2
fi

# ---- the cases one by one --------------------------------------------------------------
expect_exit 0 "$CHANCERY" --db c.db init
cat >base.ledger <<'EOF'
source src "a source"
party AA "Aland" from=1990-01-01
party BB "Bland"
party DD "Dland"
person amb "An Ambassador"
2000-05-01 appoint-envoy amb AA BB id=amb-appointed source=src
2001-01-01 present-credentials amb AA BB id=amb-credentials source=src
2003-03-03 recognise AA BB id=aa-recognises-bb source=src
1995-01-01 establish-relations AA BB id=aa-bb-relations source=src
2004-01-01 withdraw-recognition DD AA id=dd-withdraws source=src
EOF
expect_exit 0 "$CHANCERY" --db c.db import --author t base.ledger
expect_grep "$T/err" "warning: event 'dd-withdraws'"
# an error that rests on a stored fact: credentials before the appointment
printf '1999-01-01 present-credentials amb AA BB id=early source=src\n' >e1.ledger
expect_exit 1 "$CHANCERY" --db c.db import --author t --json e1.ledger
expect_grep "$T/err" "e1.ledger:1:1: error: event 'early': credentials presented on 1999-01-01 is before the appointment on 2000-05-01 (amb-appointed)"
# an act before a stored party existed
printf '1985-01-01 recognise AA BB id=too-early source=src\n' >e2.ledger
expect_exit 1 "$CHANCERY" --db c.db import --author t e2.ledger
expect_grep "$T/err" "dated 1985-01-01, before 'AA' existed (from 1990-01-01)"
# a reaction dated before the stored event it is about
printf '2003-01-01 react BB id=early-react about=aa-recognises-bb stance=concern source=src\n' >e3.ledger
expect_exit 1 "$CHANCERY" --db c.db import --author t e3.ledger
expect_grep "$T/err" "dated before the event it is about ('aa-recognises-bb')"
# a warning about a stored fact that the edit brings about, and not the
# one the store gave before (dd-withdraws)
printf '2000-12-01 sever-relations AA BB id=aa-severs source=src\n' >e4.ledger
expect_exit 0 "$CHANCERY" --db c.db import --author t --json e4.ledger
expect_grep "$T/out" '"checked_with": "the facts it touches"'
expect_grep "$T/err" "warning: event 'amb-credentials': credentials presented while relations between 'AA' and 'BB' were severed (since 2000-12-01, aa-severs)"
if grep -q "dd-withdraws" "$T/err"; then fail "a warning the store gave before was repeated"; fi
# what is checked with the whole store: a new party, a changed person, an assertion
printf 'party CC "Cland"\n' >e5.ledger
expect_exit 0 "$CHANCERY" --db c.db import --author t --json e5.ledger
expect_grep "$T/out" '"checked_with": "the whole store"'
printf 'person amb "An Ambassador" note="renamed"\n' >e6.ledger
expect_exit 0 "$CHANCERY" --db c.db import --author t --json e6.ledger
expect_grep "$T/out" '"checked_with": "the whole store"'
printf 'assert 2000-12-15 relations AA BB severed\n2002-02-02 recognise BB CC id=bb-cc source=src\n' >e7.ledger
expect_exit 0 "$CHANCERY" --db c.db import --author t --json e7.ledger
expect_grep "$T/out" '"checked_with": "the whole store"'
printf 'assert 2000-12-15 relations AA BB established\n' >e8.ledger
expect_exit 1 "$CHANCERY" --db c.db import --author t e8.ledger
expect_grep "$T/err" "assertion failed on 2000-12-15"
finish
