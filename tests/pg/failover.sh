#!/bin/sh
# Failover with nothing lost (issue 24): a PostgreSQL primary and a
# synchronous hot standby of the test's own on loopback, two chancery
# servers against them, writes and reads driven at both
# (tests/pg/failover.py); the primary is stopped hard, the standby
# promoted, and the servers follow it by themselves (a URL of both hosts
# with target_session_attrs=read-write). Every write that got a 200 must
# be in the store exactly once, every answer must be the store's at the
# record it names, and the seconds without writes are reported (and
# written as JSON to $FAILOVER_REPORT when set: bench/run_scale.sh).
. "$SRCDIR/tests/cli/lib.sh.inc"
. "$SRCDIR/tests/pg/cluster.sh"
if ! pg_available; then
	echo "SKIP: no PostgreSQL server programs (install the packages of scripts/packages/scale.txt)"
	exit 77
fi
chmod 755 "$T"
SERVERS=""
stop_servers() {
	for p in $SERVERS; do
		kill "$p" 2>/dev/null
	done
	for p in $SERVERS; do
		wait "$p" 2>/dev/null
	done
	SERVERS=""
}
trap 'stop_servers; pg_cleanup; rm -rf "$T"' EXIT
cd "$T" || exit 1

P1=$(pg_free_port)
pg_init "$T/primary" "$P1" || { echo "FAIL: cannot start the primary"; exit 1; }
P2=$(pg_free_port)
pg_standby "$T/standby" "$P2" "$P1" || { echo "FAIL: cannot start the standby"; exit 1; }
pg_synchronous "$T/primary" "$P1"
# the standby streams, and commits wait for it
i=0
until [ "$(pg_as "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$P1" -U chancery -d postgres \
	-c "SELECT sync_state FROM pg_stat_replication" 2>/dev/null)" = "sync" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "FAIL: the standby never became synchronous"; exit 1; }
	sleep 0.1
done

URL="postgresql://chancery@127.0.0.1:$P1,127.0.0.1:$P2/chancery?target_session_attrs=read-write&connect_timeout=2"
"$CHANCERY" --db "$URL" init 2>/dev/null || { echo "FAIL: init"; exit 1; }
"$CHANCERY" --db "$URL" import "$SRCDIR/data/all.ledger" 2>/dev/null || { echo "FAIL: import"; exit 1; }
TOKEN=$("$CHANCERY" --db "$URL" token add writer --role editor 2>/dev/null)

for name in a b; do
	"$CHANCERY" --db "$URL" serve --listen 127.0.0.1:0 >"server-$name.out" 2>"server-$name.err" &
	SERVERS="$SERVERS $!"
done
for name in a b; do
	i=0
	until [ -s "server-$name.out" ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || { echo "FAIL: server $name did not start"; cat "server-$name.err"; exit 1; }
		sleep 0.1
	done
done

STOP_PRIMARY="pg_stop '$T/primary' immediate"
PROMOTE="pg_promote '$T/standby'"
python3 "$SRCDIR/tests/pg/failover.py" \
	--servers "$(head -n 1 server-a.out)" "$(head -n 1 server-b.out)" \
	--token "$TOKEN" --chancery "$CHANCERY" --db "$URL" \
	--stop-primary "sh -c '. \"$SRCDIR/tests/pg/cluster.sh\"; $STOP_PRIMARY'" \
	--promote "sh -c '. \"$SRCDIR/tests/pg/cluster.sh\"; $PROMOTE'" \
	${FAILOVER_REPORT:+--report "$FAILOVER_REPORT"} ||
	fail "failover: see above"
stop_servers
if [ "$failures" -gt 0 ]; then
	echo "--- server a" >&2
	tail -n 20 server-a.err >&2
	echo "--- server b" >&2
	tail -n 20 server-b.err >&2
fi
exit $((failures > 0))
