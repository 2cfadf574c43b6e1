#!/bin/sh
# run_scale.sh: the store on PostgreSQL beside the store on SQLite (issue
# 24; bench/README.md, "Beyond one machine"). Not a test: run it by hand
# on a quiet machine, from the source tree.
#
#   sh bench/run_scale.sh build      # a Release build directory
#
# On a synthetic registry of BENCH_EVENTS events (default 100,000; 200
# parties), one PostgreSQL primary of its own on loopback (as the user
# postgres when run as root) and the same registry in an SQLite file:
#   - loading: `chancery import` into each, and `chancery copy` both ways;
#   - the cost of a write: one new fact by `chancery import` (BENCH_WRITES
#     times, default 20) and by POST /api/import to a server (the same);
#   - reads: GET /api/status for random dyads on random days (wrk,
#     bench/status_random.lua) at 1, 2 and 3 servers on the one database,
#     one wrk per server at once, BENCH_SECONDS each (default 10), and at
#     one server on the SQLite file;
#   - failover: tests/pg/failover.sh BENCH_FAILOVERS times (default 5).
# Everything goes to bench/out/scale/; the last lines are a summary.
set -eu
BUILD=${1:-build}
CHANCERY=$(cd "$BUILD" && pwd)/chancery
OUT=bench/out/scale
EVENTS=${BENCH_EVENTS:-100000}
WRITES=${BENCH_WRITES:-20}
SECONDS_EACH=${BENCH_SECONDS:-10}
FAILOVERS=${BENCH_FAILOVERS:-5}
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: >"$RESULTS"
for tool in wrk curl python3; do
	command -v $tool >/dev/null 2>&1 || { echo "run_scale.sh: $tool is needed (scripts/setup.sh installs it)" >&2; exit 1; }
done
[ -x "$CHANCERY" ] || { echo "run_scale.sh: no $CHANCERY; run 'make' first" >&2; exit 1; }
SRCDIR=$(pwd)
. tests/pg/cluster.sh
pg_available || { echo "run_scale.sh: no PostgreSQL server programs" >&2; exit 1; }

now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
put() { echo "$1 $2" >>"$RESULTS"; echo "$1 $2"; }

W=$(mktemp -d "${TMPDIR:-/tmp}/chancery-scale.XXXXXX")
chmod 755 "$W"
export CHANCERY_CACHE=$W/cache # the PostgreSQL store's snapshot file
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	pg_cleanup
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

PORT=$(pg_free_port)
pg_init "$W/pg" "$PORT"
pg_createdb "$PORT" copied
URL=$(pg_url "$PORT")
COPIED="${URL%/*}/copied"
SQLITE=$W/s.db

# ---- loading ----
"$BUILD/gen_registry" --events "$EVENTS" --parties 200 --seed 1 "$W/gen.ledger" >/dev/null
export CHANCERY_SNAPSHOT=off # the same work on both: no snapshot file to write
"$CHANCERY" --db "$SQLITE" init 2>/dev/null
t0=$(now_ns); "$CHANCERY" --db "$SQLITE" import "$W/gen.ledger" 2>/dev/null; t1=$(now_ns)
put import_sqlite_s "$(secs "$t0" "$t1")"
"$CHANCERY" --db "$URL" init 2>/dev/null
t0=$(now_ns); "$CHANCERY" --db "$URL" import "$W/gen.ledger" 2>/dev/null; t1=$(now_ns)
put import_pg_s "$(secs "$t0" "$t1")"
t0=$(now_ns); "$CHANCERY" copy --from "$SQLITE" --to "$COPIED" 2>"$W/copy.err"; t1=$(now_ns)
put copy_sqlite_to_pg_s "$(secs "$t0" "$t1")"
put copy_rows "$(sed -n 's/^copied \([0-9]*\) rows.*/\1/p' "$W/copy.err")"
t0=$(now_ns); "$CHANCERY" copy --from "$COPIED" --to "$W/back.db" 2>/dev/null; t1=$(now_ns)
put copy_pg_to_sqlite_s "$(secs "$t0" "$t1")"
a=$("$CHANCERY" --db "$SQLITE" export | md5sum) b=$("$CHANCERY" --db "$COPIED" export | md5sum)
c=$("$CHANCERY" --db "$W/back.db" export | md5sum)
[ "$a" = "$b" ] && [ "$b" = "$c" ] && put exports_identical yes || put exports_identical NO
unset CHANCERY_SNAPSHOT

# ---- the cost of a write ----
# median and slowest of WRITES one-fact imports (milliseconds)
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f %.1f", v[int((NR + 1) / 2)], v[NR] }'; }
cli_writes() { # STORE NAME
	i=0
	while [ $i -lt "$WRITES" ]; do
		i=$((i + 1))
		printf 'source w-%s-%d "A benchmark write"\n' "$2" "$i" >"$W/one.ledger"
		t0=$(now_ns)
		"$CHANCERY" --db "$1" import "$W/one.ledger" 2>/dev/null
		t1=$(now_ns)
		echo $(((t1 - t0) / 1000)) | awk '{ print $1 / 1000 }'
	done | stats
}
# the SQLite store with its snapshot file, as a user runs it
"$CHANCERY" --db "$SQLITE" snapshot >/dev/null 2>&1
set -- $(cli_writes "$SQLITE" cli); put write_cli_sqlite_median_ms "$1"; put write_cli_sqlite_max_ms "$2"
set -- $(cli_writes "$URL" cli); put write_cli_pg_median_ms "$1"; put write_cli_pg_max_ms "$2"

start_server() { # STORE: sets SERVER (its URL)
	rm -f "$W/url"
	"$CHANCERY" --db "$1" serve --listen 127.0.0.1:0 --threads 2 --max-connections 1024 \
		--per-ip 0 >"$W/url" 2>>"$OUT/server.log" &
	PIDS="$PIDS $!"
	while [ ! -s "$W/url" ]; do sleep 0.05; done
	SERVER=$(head -n 1 "$W/url")
}
stop_servers() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	PIDS=""
}
api_writes() { # STORE NAME
	start_server "$1"
	token=$("$CHANCERY" --db "$1" token add "bench-$2" --role editor 2>/dev/null)
	i=0
	while [ $i -lt "$WRITES" ]; do
		i=$((i + 1))
		printf 'source w-%s-%d "A benchmark write"\n' "$2" "$i" >"$W/one.ledger"
		curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
			--data-binary @"$W/one.ledger" "${SERVER}api/import" | awk '{ print $1 * 1000 }'
	done | stats
	stop_servers
}
set -- $(api_writes "$SQLITE" api); put write_api_sqlite_median_ms "$1"; put write_api_sqlite_max_ms "$2"
set -- $(api_writes "$URL" api); put write_api_pg_median_ms "$1"; put write_api_pg_max_ms "$2"

# ---- reads at 1, 2 and 3 servers ----
reads() { # STORE N: requests per second of N servers, one wrk each, at once
	n=0 urls=""
	while [ $n -lt "$2" ]; do
		n=$((n + 1))
		start_server "$1"
		urls="$urls $SERVER"
	done
	for u in $urls; do # warm: each server has loaded the registry
		curl -s -o /dev/null "${u}api/status?a=P0001&b=P0002&on=2000-01-01"
	done
	k=0
	for u in $urls; do
		k=$((k + 1))
		PARTIES=200 wrk -t1 -c16 -d"${SECONDS_EACH}s" --latency -s bench/status_random.lua \
			"${u%/}" >"$W/wrk.$k" 2>&1 &
	done
	wait_wrk=0
	while [ "$(grep -l 'Requests/sec' "$W"/wrk.* 2>/dev/null | wc -l)" -lt "$2" ]; do
		sleep 0.5
		wait_wrk=$((wait_wrk + 1))
		[ $wait_wrk -lt $((SECONDS_EACH * 2 + 60)) ] || break
	done
	cat "$W"/wrk.* >>"$OUT/wrk.txt"
	awk '/Requests\/sec/ { s += $2 } END { printf "%.0f", s }' "$W"/wrk.*
	rm -f "$W"/wrk.*
	stop_servers
}
# twice round, so that neither engine has the machine's first minutes
for round in 1 2; do
	put "reads_sqlite_1_server_rps_round$round" "$(reads "$SQLITE" 1)"
	for n in 1 2 3; do
		put "reads_pg_${n}_servers_rps_round$round" "$(reads "$URL" $n)"
	done
done

# ---- failover ----
i=0
while [ $i -lt "$FAILOVERS" ]; do
	i=$((i + 1))
	FAILOVER_REPORT=$W/failover.json CHANCERY=$CHANCERY SRCDIR=$SRCDIR \
		sh tests/pg/failover.sh >"$W/failover.out" 2>&1 || put "failover_run_$i" FAILED
	python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(j["acknowledged_lost"], j["wrong_answers"], j["seconds_without_writes"], j["writes_acknowledged"])' \
		"$W/failover.json" >>"$W/failovers"
done
put failover_acknowledged_lost "$(awk '{ s += $1 } END { print s }' "$W/failovers")"
put failover_wrong_answers "$(awk '{ s += $2 } END { print s }' "$W/failovers")"
put failover_seconds_without_writes "$(awk '{ printf "%s%s", (NR > 1 ? "," : ""), $3 }' "$W/failovers")"
put failover_writes_acknowledged "$(awk '{ printf "%s%s", (NR > 1 ? "," : ""), $4 }' "$W/failovers")"

echo "--- summary ($EVENTS events; $(nproc) cores) ---"
cat "$RESULTS"
