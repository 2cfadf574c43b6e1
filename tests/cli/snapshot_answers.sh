#!/bin/sh
# The snapshot file answers exactly what the store answers (docs/snapshot.md):
# every query that reads the file (status, timeline, diff, recognitions and
# its series, treaty, treaties, article, parties, events --party, show,
# map, chart) prints the same bytes, on
# stdout and stderr, with the same exit code, as the same query with
# CHANCERY_SNAPSHOT=off, which loads the whole registry from the store. On
# the bundled data (every dyad of data/dyads.ledger and the recognitions of
# Abkhazia of data/maps.ledger) and on a synthetic store of 20,000 events
# (bench/gen_registry), for a sample of dyads and days.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
GEN="$(dirname "$CHANCERY")/gen_registry"
n=0

# same DB ARGS...: the query through the file and through the store alone.
same() {
	db=$1
	shift
	CHANCERY_SNAPSHOT=off "$CHANCERY" --db "$db" "$@" >full.out 2>full.err
	a=$?
	CHANCERY_SNAPSHOT=report "$CHANCERY" --db "$db" "$@" >snap.out 2>snap.err
	b=$?
	n=$((n + 1))
	if ! grep -q '^snapshot: used' snap.err; then
		fail "the snapshot was not used: $*"
		sed 's/^/  | /' snap.err | head -5 >&2
	fi
	grep -v '^snapshot: ' snap.err >snap.err2
	if [ "$a" != "$b" ] || ! cmp -s full.out snap.out || ! cmp -s full.err snap.err2; then
		fail "the snapshot answers otherwise (exit $a/$b): $*"
		diff full.out snap.out | head -10 >&2
		diff full.err snap.err2 | head -5 >&2
	fi
}

# ---- the bundled data ----------------------------------------------------------

expect_exit 0 "$CHANCERY" --db d.db init
expect_exit 0 "$CHANCERY" --db d.db import --author test "$SRCDIR/data/maps.ledger"
expect_exit 0 "$CHANCERY" --db d.db import --author test "$SRCDIR/data/dyads.ledger"
expect_exit 0 "$CHANCERY" --db d.db snapshot --check

for day in 1995-01-01 2030-01-01; do
	for pair in "AB RU" "Russia Georgia" "AB VU" "AB Transnistria" "CN PA" "TW PA" \
		"CU US" "CZ SK" "RU US" "RU-FC OS" "EU RU" "Abkhazia Nauru"; do
		# shellcheck disable=SC2086
		set -- $pair
		same d.db status "$1" "$2" --on $day --json
		same d.db article "$1" "$2" --on $day --format json
	done
	same d.db recognitions AB --on $day --json
	same d.db recognitions Taiwan --on $day --by un-members
	same d.db treaties RU --on $day --json
	same d.db treaties RU US --on $day
	same d.db treaties --on $day --json
	for t in ru-ab-base new-start start-ii moscow-treaty cz-sk-good-neighbourhood; do
		same d.db treaty $t --on $day --json
	done
done
for pair in "AB RU" "GE RU" "CU US" "RU US" "CN TW"; do
	# shellcheck disable=SC2086
	set -- $pair
	same d.db timeline "$1" "$2" --json
	same d.db timeline "$1" "$2" --from 2008 --to 2009
	same d.db diff "$1" "$2" --from 2008-01-01 --to 2016-01-01 --json
	same d.db article "$1" "$2" --format html --refs
	same d.db article "$1" "$2" --format wikitext --refs
done
same d.db status AB RU
same d.db recognitions Abkhazia --series --json
same d.db recognitions Abkhazia --series --by un-members
same d.db recognitions Kosovo
same d.db status AB Atlantis
same d.db treaty ru-ab-base.sign
same d.db treaty no-such-treaty
same d.db parties --json
# events naming parties (an organ; reactions; treaty actions) and show
for p in AB RU RU-FC Georgia US EU TW; do
	same d.db events --party $p
	same d.db show $p --json
done
same d.db events --party AB --party RU --json
same d.db events --party Russia --kind recognise --kind react --from 2008 --to 2009
same d.db events --party Atlantis
# maps and charts (SVG on stdout)
for x in AB Kosovo Taiwan; do
	same d.db map --recognitions $x --on 2012-01-01 -o -
	same d.db chart recognitions $x -o -
done
same d.db map AB RU --on 2009-01-01 -o -
same d.db map AB Atlantis -o -
same d.db chart timeline AB RU -o -
same d.db chart timeline RU US --from 1990-01-01 --to 2020-01-01 -o -
for id in ru-ab-base ru-ab-base.sign ru-recognises-ab nato-condemns-recognition nobody; do
	same d.db show $id
	same d.db show $id --json
done

# ---- a file behind the store --------------------------------------------------------
# Imports that write no file (CHANCERY_SNAPSHOT=off) leave it behind the
# store: a query reads what the store recorded since and answers as the
# store does (docs/snapshot.md, "Following the store"): new facts, a
# changed version of an event and of a treaty, a reaction to an event of
# the file, a new dyad, a new person and source.
cat >delta1.ledger <<'EOF'
source delta-src "A source recorded after the file"
person delta-envoy "Dee Delta"
2010-03-01 appoint-envoy delta-envoy AB RU id=delta-appoint source=delta-src
2010-04-01 present-credentials delta-envoy AB RU id=delta-credentials source=delta-src
2011-01-01 react VU id=delta-react about=ru-recognises-ab stance=welcome source=delta-src
2012-02-02 open-mission AB NR id=delta-mission type=embassy city=Yaren source=delta-src
2009-05-01 open-mission RU AB id=ru-embassy-sukhumi type=embassy city=Gagra source=abru
treaty delta-treaty "A treaty recorded after the file" parties=AB,RU source=delta-src
  2013-03-03 sign
  2013-05-05 ratify AB
EOF
expect_exit 0 env CHANCERY_SNAPSHOT=off "$CHANCERY" --db d.db import --author test delta1.ledger
expect_exit 1 "$CHANCERY" --db d.db snapshot --check
expect_grep "$T/err" "d.db.snapshot: behind the store by 8 facts, which queries read from it"
for day in 2009-06-01 2014-01-01; do
	same d.db status AB RU --on $day --json
	same d.db status AB Nauru --on $day
	same d.db article AB RU --on $day --format json
	same d.db recognitions AB --on $day --json
	same d.db treaties AB --on $day --json
	same d.db treaty delta-treaty --on $day --json
done
same d.db timeline AB RU --json
same d.db events --party AB --json
same d.db show delta-envoy
same d.db show delta-treaty --json
same d.db show ru-embassy-sukhumi
same d.db show delta-src
same d.db chart timeline AB RU -o -
# a second version of a fact the store changed since: the latest counts
sed 's/city=Gagra/city=Pitsunda/; s/2013-05-05 ratify AB/2013-06-06 ratify AB/' delta1.ledger >delta2.ledger
expect_exit 0 env CHANCERY_SNAPSHOT=off "$CHANCERY" --db d.db import --author test delta2.ledger
same d.db status AB RU --on 2014-01-01 --json
same d.db treaty delta-treaty --on 2013-05-20 --json
same d.db show ru-embassy-sukhumi --json
# a party changed since: the file's lists are kept by roots, which a party
# can move; the query reads the store (and rewrites the file)
printf 'party NR "Republic of Nauru" short=Nauru note="changed after the file"\n' >delta3.ledger
"$CHANCERY" --db d.db show Nauru >nauru.txt
sed -n 's/^\(party NR .*\)$/\1 note="changed after the file"/p' nauru.txt | sed 's/ note="[^"]*" note=/ note=/' >delta3.ledger
expect_exit 0 env CHANCERY_SNAPSHOT=off "$CHANCERY" --db d.db import --author test delta3.ledger
CHANCERY_SNAPSHOT=report "$CHANCERY" --db d.db status AB Nauru >/dev/null 2>report.err
expect_grep report.err "not used (stale: a party changed since it was written)"
expect_exit 0 "$CHANCERY" --db d.db snapshot --check

# ---- a synthetic store -------------------------------------------------------------

if [ -x "$GEN" ]; then
	"$GEN" --events 20000 --parties 200 --seed 7 s.ledger >/dev/null 2>&1 || fail "gen_registry"
	expect_exit 0 "$CHANCERY" --db s.db init
	expect_exit 0 "$CHANCERY" --db s.db import --author test s.ledger
	treaty=$(sed -n 's/^treaty \([^ ]*\) .*/\1/p' s.ledger | head -1)
	for pair in "P0001 P0002" "P0002 P0017" "P0150 P0003"; do
		# shellcheck disable=SC2086
		set -- $pair
		same s.db status "$1" "$2" --on 1990-06-30 --json
		same s.db status "$1" "$2" --on 2020-01-01 --json
		same s.db timeline "$1" "$2" --json
		same s.db diff "$1" "$2" --from 1970-01-01 --to 2000-01-01 --json
	done
	same s.db article P0001 P0002 --on 2000-01-01 --format json
	same s.db recognitions P0001 --on 2000-01-01 --json
	same s.db recognitions P0017 --series --json
	same s.db treaties P0002 --on 2000-01-01 --json
	same s.db treaty "$treaty" --on 2010-01-01 --json
	same s.db events --party P0017 --json
	same s.db events --party P0001 --party P0002
	same s.db show P0003
	same s.db show "$treaty" --json
	person=$(sed -n 's/^person \([^ ]*\) .*/\1/p' s.ledger | head -1)
	same s.db show "$person"
	same s.db map --recognitions P0017 --on 2000-01-01 -o -
	same s.db chart recognitions P0017 -o -
	same s.db chart timeline P0001 P0002 --from 1960-01-01 --to 2020-01-01 -o -
else
	echo "skipped the synthetic store: no $GEN" >&2
fi

echo "$n queries compared" >&2
finish
