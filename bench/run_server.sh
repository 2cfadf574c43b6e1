#!/bin/sh
# run_server.sh: the HTTP server under load (bench/README.md, "The
# server"). Not a test: run it by hand on a quiet machine.
#
#   sh bench/run_server.sh build      # a Release build directory
#
# With wrk on the loopback, it measures GET /api/status (requests/s, p99,
# errors) on the bundled data and on a synthetic store of BENCH_EVENTS
# events (default 1,000,000; 200 parties); the same question asked of the
# command line (`chancery status --json`, one process per question) and of
# the sqlite3 shell (the dyad section of bench/asof.sql on the store with
# the indexes a user would add), for the ratios; an import of 1,000 events
# through POST /api/import while wrk reads; and the server's memory during
# a 60 s run. Everything goes to bench/out/server/; the last lines are a
# summary. Environment: BENCH_EVENTS, BENCH_SECONDS (each wrk run, default
# 10), BENCH_CONNECTIONS (default 32), BENCH_SOAK (default 60).
set -eu
BUILD=${1:-build}
CHANCERY=$BUILD/chancery
OUT=bench/out/server
EVENTS=${BENCH_EVENTS:-1000000}
SECONDS_EACH=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-32}
SOAK=${BENCH_SOAK:-60}
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: >"$RESULTS"
for tool in wrk curl sqlite3; do
	command -v $tool >/dev/null 2>&1 || { echo "run_server.sh: $tool is needed (scripts/setup.sh installs it)" >&2; exit 1; }
done
[ -x "$CHANCERY" ] || { echo "run_server.sh: no $CHANCERY; run 'make' first" >&2; exit 1; }

now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
put() { echo "$1 $2" >>"$RESULTS"; }
get() { awk -v k="$1" '$1 == k { print $2 }' "$RESULTS" | tail -n 1; }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

SERVER_PID=
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}
trap stop_server EXIT INT TERM

# start_server DB: start on a free port; sets URL, SERVER_PID, load time.
start_server() {
	rm -f "$OUT/url"
	t0=$(now_ns)
	"$CHANCERY" --db "$1" serve --listen 127.0.0.1:0 --threads 2 --max-connections 1024 \
		--per-ip 0 >"$OUT/url" 2>>"$OUT/server.log" &
	SERVER_PID=$!
	while [ ! -s "$OUT/url" ]; do
		kill -0 "$SERVER_PID" 2>/dev/null || { echo "run_server.sh: the server died; see $OUT/server.log" >&2; exit 1; }
		sleep 0.05
	done
	t1=$(now_ns)
	URL=$(head -n 1 "$OUT/url")
	LOAD_S=$(secs "$t0" "$t1")
}

# bench_wrk LABEL SECONDS PATH [WRK ARGS]: wrk with latency, parsed into
# results.
bench_wrk() {
	label=$1 dur=$2 path=$3
	shift 3
	wrk -t2 -c"$CONNS" -d"$dur"s --latency "$@" "$URL${path#/}" >"$OUT/wrk.$label.txt"
	set -- "$label"
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/wrk.$1.txt")
	p50=$(awk '$1 == "50%" { print $2 }' "$OUT/wrk.$1.txt")
	p99=$(awk '$1 == "99%" { print $2 }' "$OUT/wrk.$1.txt")
	non2xx=$(awk '/Non-2xx/ { print $NF }' "$OUT/wrk.$1.txt")
	sock=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$OUT/wrk.$1.txt")
	put "${1}_rps" "$rps"
	put "${1}_p50" "$p50"
	put "${1}_p99" "$p99"
	put "${1}_errors" "$(( ${non2xx:-0} + ${sock:-0} ))"
	printf '  %-22s %10s req/s   p50 %8s   p99 %8s   errors %s\n' "$1" "$rps" "$p50" "$p99" "$(get "${1}_errors")"
}

# per_question LABEL RUNS CMD...: the median seconds of CMD over RUNS runs.
per_question() {
	label=$1 runs=$2
	shift 2
	: >"$OUT/$label.times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(now_ns)
		"$@" >/dev/null 2>&1
		t1=$(now_ns)
		secs "$t0" "$t1" >>"$OUT/$label.times"
		echo >>"$OUT/$label.times"
		i=$((i + 1))
	done
	m=$(sed '/^$/d' "$OUT/$label.times" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	put "${label}_s" "$m"
	printf '  %-22s %10s s per question (median of %d)\n' "$label" "$m" "$runs"
}

section() { awk -v s="$1" '/^-- == /{ on = ($3 == s); next } on' bench/asof.sql; }
# sql_dyad DB A B DAY: the script that asks the sqlite3 shell the dyad's state
sql_dyad() {
	{
		echo ".parameter set :A \"'$2'\""
		echo ".parameter set :B \"'$3'\""
		echo ".parameter set :D \"'$4'\""
		echo ".parameter set :X \"'$2'\""
		section dyad
	} >"$OUT/dyad.sql"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "-" }'; }

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1e6 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   wrk -t2 -c$CONNS, server --threads 2, all on the same 2 cores"
put load_start "$(cut -d' ' -f1 /proc/loadavg)"

# ---- 1. the bundled data ----
echo
echo "== bundled data (data/registry.ledger)"
rm -f "$OUT/bundled.db"*
"$CHANCERY" --db "$OUT/bundled.db" init 2>/dev/null
"$CHANCERY" --db "$OUT/bundled.db" import --author bench data/registry.ledger 2>/dev/null
start_server "$OUT/bundled.db"
Q="api/status?a=AB&b=RU&on=2009-06-01"
curl -sf "$URL$Q" >"$OUT/status.bundled.json"
bench_wrk bundled "$SECONDS_EACH" "$Q"
# new questions: a random day each (the cache cannot answer them)
PARTIES=0 A=AB B=RU bench_wrk bundled_new "$SECONDS_EACH" / -s bench/status_random.lua
stop_server
per_question cli_bundled 20 "$CHANCERY" --db "$OUT/bundled.db" status AB RU --on 2009-06-01 --json
sql_dyad "$OUT/bundled.db" AB RU 2009-06-01
per_question sql_bundled 20 sqlite3 -readonly "$OUT/bundled.db" ".read $OUT/dyad.sql"

# ---- 2. the synthetic store ----
echo
echo "== synthetic store: $EVENTS events, 200 parties"
LEDGER=$OUT/registry-$EVENTS.ledger
STORE=$OUT/registry-$EVENTS.db
if [ ! -s "$STORE" ]; then
	"$BUILD/gen_registry" --events "$EVENTS" --parties 200 "$LEDGER" >/dev/null
	rm -f "$STORE"* "$STORE.idx"*
	"$CHANCERY" --db "$STORE" init 2>/dev/null
	"$CHANCERY" --db "$STORE" import --author bench --recorded-at 2025-01-01T00:00:00Z "$LEDGER" 2>&1 | tail -n 1
	cp "$STORE" "$STORE.idx"
	sqlite3 "$STORE.idx" 'CREATE INDEX event_actor ON event (actor, target); CREATE INDEX event_target ON event (target, kind);'
fi
# the store as the server leaves it after the import below: start from a copy
cp "$STORE" "$OUT/live.db"
rm -f "$OUT/live.db-wal" "$OUT/live.db-shm"
start_server "$OUT/live.db"
put load_1m_s "$LOAD_S"
put rss_loaded_mb "$(rss_mb "$SERVER_PID")"
echo "  loaded in $LOAD_S s, RSS $(get rss_loaded_mb) MB"
# a dyad of the median number of events (24 of its own; its status is
# 90 KB of JSON), and the busiest (P0001-P0002: 748 KB)
Q="api/status?a=P0043&b=P0152&on=2010-06-30"
curl -sf "$URL$Q" >"$OUT/status.1m.json"
bench_wrk synthetic "$SECONDS_EACH" "$Q"
bench_wrk synthetic_busiest "$SECONDS_EACH" "api/status?a=P0001&b=P0002&on=2010-06-30"
PARTIES=200 bench_wrk synthetic_new "$SECONDS_EACH" / -s bench/status_random.lua

# ---- 3. an import of 1,000 events while wrk reads ----
echo
echo "== POST /api/import of 1,000 events while wrk reads for $((SECONDS_EACH * 3)) s"
TOKEN=$("$CHANCERY" --db "$OUT/live.db" token add bench-editor --role editor 2>/dev/null)
i=0
while [ "$i" -lt 1000 ]; do
	a=$(printf 'P%04d' $((i % 200 + 1)))
	b=$(printf 'P%04d' $(((i * 7 + 3) % 200 + 1)))
	[ "$a" = "$b" ] && b=P0200
	echo "2031-$(printf '%02d' $((i % 12 + 1)))-$(printf '%02d' $((i % 28 + 1))) declare $a subject=$b id=live-$i source=S01"
	i=$((i + 1))
done >"$OUT/live.ledger"
wrk -t2 -c"$CONNS" -d"$((SECONDS_EACH * 3))"s --latency "$URL$Q" >"$OUT/wrk.during_import.txt" &
WRK=$!
sleep "$((SECONDS_EACH / 2 + 1))"
t0=$(now_ns)
curl -s -o "$OUT/import.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
	--data-binary @"$OUT/live.ledger" "${URL}api/import?origin=live.ledger" >"$OUT/import.status"
t1=$(now_ns)
put import_s "$(secs "$t0" "$t1")"
wait "$WRK"
echo "  import: HTTP $(cat "$OUT/import.status") in $(get import_s) s (recorded and served): $(tr -d '\n ' <"$OUT/import.json" | cut -c1-120)"
rps=$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/wrk.during_import.txt")
p99=$(awk '$1 == "99%" { print $2 }' "$OUT/wrk.during_import.txt")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$OUT/wrk.during_import.txt")
sock=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$OUT/wrk.during_import.txt")
put during_import_rps "$rps"
put during_import_p99 "$p99"
put during_import_errors "$(( ${non2xx:-0} + ${sock:-0} ))"
put max_latency_during_import "$(awk '/Latency/ { print $4; exit }' "$OUT/wrk.during_import.txt")"
printf '  %-22s %10s req/s   p99 %8s   max %s   errors %s\n' during_import "$rps" "$p99" \
	"$(get max_latency_during_import)" "$(get during_import_errors)"
curl -sf "${URL}api/show/live-999" >/dev/null && echo "  the next read sees live-999" || echo "  warning: live-999 not served" >&2

# ---- 4. memory over a long run ----
echo
echo "== memory (VmRSS) over $SOAK s of wrk"
wrk -t2 -c"$CONNS" -d"$SOAK"s "$URL$Q" >"$OUT/wrk.soak.txt" &
WRK=$!
: >"$OUT/rss.txt"
t=0
while [ "$t" -le "$SOAK" ]; do
	echo "$t $(rss_mb "$SERVER_PID")" >>"$OUT/rss.txt"
	sleep 5
	t=$((t + 5))
done
wait "$WRK"
put soak_rps "$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/wrk.soak.txt")"
put rss_soak_first_mb "$(head -n 1 "$OUT/rss.txt" | cut -d' ' -f2)"
put rss_soak_last_mb "$(tail -n 1 "$OUT/rss.txt" | cut -d' ' -f2)"
put rss_soak_max_mb "$(cut -d' ' -f2 "$OUT/rss.txt" | sort -n | tail -n 1)"
echo "  RSS every 5 s (MB): $(cut -d' ' -f2 "$OUT/rss.txt" | tr '\n' ' ')"
stop_server

# ---- the command line and the sqlite3 shell, same question ----
echo
echo "== the same question without the server (store of $EVENTS events)"
per_question cli_1m 3 "$CHANCERY" --db "$STORE" status P0043 P0152 --on 2010-06-30 --json
sql_dyad "$STORE.idx" P0043 P0152 2010-06-30
per_question sql_1m 10 sqlite3 -readonly "$STORE.idx" ".read $OUT/dyad.sql"
put load_end "$(cut -d' ' -f1 /proc/loadavg)"

# ---- summary ----
echo
echo "== summary (the server: wrk -t2 -c$CONNS; ratios: the time of one question asked another way / the server's mean time per request at that load)"
printf '%-34s %12s %10s %8s\n' "" "requests/s" "p99" "errors"
printf '%-34s %12s %10s %8s\n' "server, bundled data" "$(get bundled_rps)" "$(get bundled_p99)" "$(get bundled_errors)"
printf '%-34s %12s %10s %8s\n' "server, bundled, new questions" "$(get bundled_new_rps)" "$(get bundled_new_p99)" "$(get bundled_new_errors)"
printf '%-34s %12s %10s %8s\n' "server, $EVENTS events" "$(get synthetic_rps)" "$(get synthetic_p99)" "$(get synthetic_errors)"
printf '%-34s %12s %10s %8s\n' "server, $EVENTS events, busiest dyad" "$(get synthetic_busiest_rps)" "$(get synthetic_busiest_p99)" "$(get synthetic_busiest_errors)"
printf '%-34s %12s %10s %8s\n' "server, $EVENTS events, new questions" "$(get synthetic_new_rps)" "$(get synthetic_new_p99)" "$(get synthetic_new_errors)"
printf '%-34s %12s %10s %8s\n' "server, during the import" "$(get during_import_rps)" "$(get during_import_p99)" "$(get during_import_errors)"
echo
mean_b=$(awk -v r="$(get bundled_rps)" 'BEGIN { printf "%.6f", 1 / r }')
mean_s=$(awk -v r="$(get synthetic_rps)" 'BEGIN { printf "%.6f", 1 / r }')
mean_bn=$(awk -v r="$(get bundled_new_rps)" 'BEGIN { printf "%.6f", 1 / r }')
mean_sn=$(awk -v r="$(get synthetic_new_rps)" 'BEGIN { printf "%.6f", 1 / r }')
echo "one status question:                   bundled          $EVENTS events"
printf '  server (1 / throughput)       %12s s %14s s\n' "$mean_b" "$mean_s"
printf '  server, new questions         %12s s %14s s\n' "$mean_bn" "$mean_sn"
printf '  chancery status --json        %12s s %14s s   ratio %s / %s\n' "$(get cli_bundled_s)" "$(get cli_1m_s)" \
	"$(ratio "$(get cli_bundled_s)" "$mean_b")" "$(ratio "$(get cli_1m_s)" "$mean_s")"
printf '  sqlite3 shell, dyad section   %12s s %14s s   ratio %s / %s\n' "$(get sql_bundled_s)" "$(get sql_1m_s)" \
	"$(ratio "$(get sql_bundled_s)" "$mean_b")" "$(ratio "$(get sql_1m_s)" "$mean_s")"
printf '  the same against new questions:  chancery %s / %s, sqlite3 %s / %s\n' \
	"$(ratio "$(get cli_bundled_s)" "$mean_bn")" "$(ratio "$(get cli_1m_s)" "$mean_sn")" \
	"$(ratio "$(get sql_bundled_s)" "$mean_bn")" "$(ratio "$(get sql_1m_s)" "$mean_sn")"
echo
echo "load: $(get load_1m_s) s to load $EVENTS events; RSS loaded $(get rss_loaded_mb) MB; over $SOAK s: first $(get rss_soak_first_mb), last $(get rss_soak_last_mb), max $(get rss_soak_max_mb) MB"
echo "import of 1,000 events while reading: $(get import_s) s until served"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "all numbers: $RESULTS"
