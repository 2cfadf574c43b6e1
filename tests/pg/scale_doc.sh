#!/bin/sh
# docs/scale.md's walk-through, run as written (issue 24: "a user follows
# docs/scale.md to a primary, a standby and two servers"): its first sh
# block, with the test's own directory, free ports, the bundled
# all.ledger for full.ledger (quicker) and the token it prints; then the
# servers it starts must answer, and the write it posts must be seen.
. "$SRCDIR/tests/cli/lib.sh.inc"
. "$SRCDIR/tests/pg/cluster.sh"
if ! pg_available; then
	echo "SKIP: no PostgreSQL server programs (install the packages of scripts/packages/scale.txt)"
	exit 77
fi
chmod 755 "$T"
# the walk-through's clusters live in pg/primary and pg/standby themselves
stop_all() {
	kill $(cat "$T/pids" 2>/dev/null) 2>/dev/null
	for d in standby primary; do
		[ -d "$T/pg/$d" ] && pg_as "$PG_BIN/pg_ctl" -D "$T/pg/$d" -m immediate -w stop >/dev/null 2>&1
	done
}
trap 'stop_all; rm -rf "$T"' EXIT
P1=$(pg_free_port) P2=$(pg_free_port) H1=$(pg_free_port) H2=$(pg_free_port) H3=$(pg_free_port)
BUILD=$(cd "$(dirname "$CHANCERY")" && pwd)
printf 'source scale-doc "A fact posted by the walk-through of docs/scale.md"\n' >"$T/facts.ledger"

# The walk-through's commands, continuation lines joined, adapted.
awk '/^```sh$/ { f = 1; n++; next } /^```$/ { f = 0 } f && n == 1' "$SRCDIR/docs/scale.md" |
	sed -e ':a' -e '/\\$/N; s/\\\n */ /; ta' \
	    -e "s|/srv/chancery-pg|$T/pg|g; s|5433|$P1|g; s|5434|$P2|g" \
	    -e "s|8081|$H1|g; s|8082|$H2|g; s|8083|$H3|g" \
	    -e "s|^BIN=.*|BIN=$PG_BIN|; s|runuser -u postgres --|pg_as|g; s|chown postgres|pg_own|" \
	    -e "s|^cd -\$|cd '$SRCDIR'|; s|data/full.ledger|data/all.ledger|" \
	    -e "s|^chancery token add alice --role editor|& >'$T/token'|" \
	    -e "s|chy_\.\.\.|\$(cat '$T/token')|; s|@facts.ledger|@'$T/facts.ledger'|" \
	    -e "s|^\(chancery serve .*\) &\$|\1 >>'$T/serve.out' 2>>'$T/serve.err' \& echo \$! >>'$T/pids'; sleep 0.5|" \
	    -e "s|^curl |curl -s -S |" \
	    >"$T/walk.sh"
grep -q "pg_basebackup" "$T/walk.sh" || fail "the walk-through has no base backup: $(cat "$T/walk.sh")"
[ "$(grep -c '^chancery serve' "$T/walk.sh")" = 3 ] || fail "expected three servers in the walk-through"
cd "$T" || exit 1
PATH="$BUILD:$PATH" sh -e -c ". '$SRCDIR/tests/pg/cluster.sh'; . '$T/walk.sh'" >"$T/walk.out" 2>"$T/walk.err" ||
	fail "the walk-through failed: $(tail -n 5 "$T/walk.err")"
# the walk-through's own look at pg_stat_replication may come before the
# walsender has read the new setting: ask again until it is synchronous
i=0
until [ "$(pg_as "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$P1" -U chancery -d postgres \
	-c "SELECT sync_state FROM pg_stat_replication" 2>/dev/null)" = sync ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || { fail "the standby of the walk-through never became synchronous"; break; }
	sleep 0.1
done
expect_grep "$T/walk.out" '"added": 1'
expect_grep "$T/walk.out" "Chancery-Record:"
# the write through the first server is seen by the second and the third
for port in "$H2" "$H3"; do
	i=0
	until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/show/scale-doc")" = 200 ]; do
		i=$((i + 1))
		[ $i -lt 50 ] || { fail "the server on $port never saw the write"; break; }
		sleep 0.05
	done
done
exit $((failures > 0))
