#!/bin/sh
# bench/run_speed.sh: speed at scale (issue 13, bench/README.md "Speed at
# scale"): what a user feels on a large registry, each figure beside what a
# user would otherwise run in the same minutes (the sqlite3 shell). Run by
# hand, never in CI. It builds nothing: give it a Release build with
# chancery, gen_registry and bench_asof.
#
#   sh bench/run_speed.sh [BUILD_DIR]        (default: build)
#
# Environment: SPEED_SIZES (default "10000 100000 1000000": the registries
# measured, in events; add 10000000 for the growth to ten million, which
# needs about 10 GB of memory and half an hour, and SPEED_PARTIES=300:
# gen_registry cannot fit ten million events in 200 parties' dyads),
# SPEED_PARTIES (200),
# SPEED_SEED (1), SPEED_RUNS (5: runs of each query; the median is
# reported), SPEED_ON (2000-01-01), SPEED_BEFORE (1: also time the query
# through the whole store, CHANCERY_SNAPSHOT=off, as every query did before
# the snapshot file, and an import that writes no snapshot file; 0 skips
# both), SPEED_OUT (bench/out/speed).
#
# For each size: the physical limit (reading the ledger at memory speed:
# cat and wc -l of the cached file), `chancery check` (parse + finish +
# check) against the sqlite3 shell's `.import --csv` of the same events as
# CSV (into memory), `chancery import` (with the snapshot file) against
# `.import --csv` into a file, `chancery snapshot` (a full rebuild), the
# sizes per event, and one dyad's `status` on the command line against the
# sqlite3 shell answering the comparable question (bench/asof.sql, "dyad":
# the dyad's events up to the day over current_event, no extra index), with
# other queries through the snapshot file. Then bench_asof at the largest
# size below ten million: the library, warm. Every time is wall time of a
# whole process (GNU time gives the peak RSS) unless said otherwise; the
# results go to SPEED_OUT/results.txt as `key value` lines.
set -eu

BUILD=${1:-build}
SIZES=${SPEED_SIZES:-10000 100000 1000000}
PARTIES=${SPEED_PARTIES:-200}
SEED=${SPEED_SEED:-1}
RUNS=${SPEED_RUNS:-5}
ON=${SPEED_ON:-2000-01-01}
BEFORE=${SPEED_BEFORE:-1}

cd "$(dirname "$0")/.."
OUT=${SPEED_OUT:-bench/out/speed}
CHANCERY=$BUILD/chancery
RESULTS=$OUT/results.txt

for exe in "$CHANCERY" "$BUILD/gen_registry" "$BUILD/bench_asof"; do
	if [ ! -x "$exe" ]; then
		echo "run_speed.sh: $exe is missing; build first (make build)" >&2
		exit 2
	fi
done
for tool in sqlite3 /usr/bin/time; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "run_speed.sh: $tool is needed (apt-get install sqlite3 time)" >&2
		exit 2
	fi
done
if [ "$(grep -s '^CMAKE_BUILD_TYPE:' "$BUILD/CMakeCache.txt" | cut -d= -f2)" != Release ]; then
	echo "run_speed.sh: warning: $BUILD is not a Release build; the numbers will not mean much" >&2
fi

mkdir -p "$OUT"
: >"$RESULTS"
export LC_ALL=C TZ=UTC
unset CHANCERY_DB CHANCERY_SNAPSHOT

put() { echo "$1 $2" >>"$RESULTS"; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now_ns() { date +%s%N; }

# run KEY N CMD...: run CMD N times (output discarded); the median wall
# seconds as KEY_s, the peak RSS in MB (of the last run) as KEY_mb.
run() {
	key=$1 times=$2
	shift 2
	: >"$OUT/times"
	i=0
	while [ "$i" -lt "$times" ]; do
		t0=$(now_ns)
		/usr/bin/time -f %M -o "$OUT/rss" "$@" >/dev/null 2>"$OUT/$key.err" ||
			{ echo "run_speed.sh: failed: $*" >&2; cat "$OUT/$key.err" >&2; exit 1; }
		t1=$(now_ns)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", (b - a) / 1e9 }' >>"$OUT/times"
		i=$((i + 1))
	done
	s=$(median <"$OUT/times")
	mb=$(awk '{ printf "%.1f", $1 / 1024 }' "$OUT/rss")
	put "${key}_s" "$s"
	put "${key}_mb" "$mb"
	printf '  %-34s %10.4f s  %8.1f MB  (%d run%s)\n' "$key" "$s" "$mb" "$times" \
		"$([ "$times" = 1 ] && echo "" || echo s)"
}

# get KEY: a value already put
get() { awk -v k="$1" '$1 == k { print $2 }' "$RESULTS" | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3g", a / b; else print "-" }'; }

echo "== machine: $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   chancery $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /')"

for n in $SIZES; do
	d=$OUT/$n
	mkdir -p "$d"
	L=$d/registry.ledger
	C=$d/registry.csv
	if [ ! -s "$L" ] || [ ! -s "$C" ]; then
		# its summary (on stderr) is shown only when it fails
		"$BUILD/gen_registry" --events "$n" --parties "$PARTIES" --seed "$SEED" --csv "$C" "$L" \
			>/dev/null 2>"$d/gen.err" || { cat "$d/gen.err" >&2; exit 2; }
	fi
	bytes=$(wc -c <"$L")
	echo
	echo "== $n events: the ledger is $bytes bytes ($(awk -v b="$bytes" -v n="$n" 'BEGIN { printf "%.1f", b / n }') bytes per event)"
	put "n${n}_ledger_bytes" "$bytes"

	# the physical limit: the file read from the page cache
	cat "$L" >/dev/null
	run "n${n}_cat" 3 cat "$L"
	run "n${n}_wc" 3 wc -l "$L"

	# parse + finish + check, against loading the same events as CSV
	run "n${n}_check" 1 "$CHANCERY" check "$L"
	cat >"$d/import.sql" <<EOF
.mode csv
.import $C event
EOF
	run "n${n}_sqlite_import_mem" 1 sqlite3 :memory: ".read $d/import.sql"

	# import into a fresh store (with the snapshot file), against .import
	rm -f "$d/store.db" "$d/store.db-wal" "$d/store.db-shm" "$d/store.db.snapshot" "$d/csv.db"
	"$CHANCERY" --db "$d/store.db" init 2>/dev/null
	run "n${n}_import" 1 "$CHANCERY" --db "$d/store.db" import --author bench "$L"
	run "n${n}_sqlite_import_file" 1 sqlite3 "$d/csv.db" ".read $d/import.sql"
	if [ "$BEFORE" = 1 ]; then
		# the import alone, writing no snapshot file, into a store of its own
		rm -f "$d/plain.db" "$d/plain.db-wal" "$d/plain.db-shm"
		"$CHANCERY" --db "$d/plain.db" init 2>/dev/null
		run "n${n}_import_store_only" 1 env CHANCERY_SNAPSHOT=off "$CHANCERY" --db "$d/plain.db" \
			import --author bench "$L"
		rm -f "$d/plain.db" "$d/plain.db-wal" "$d/plain.db-shm"
	fi
	put "n${n}_store_bytes" "$(wc -c <"$d/store.db")"
	put "n${n}_snapshot_bytes" "$(wc -c <"$d/store.db.snapshot")"
	run "n${n}_snapshot_build" 1 "$CHANCERY" --db "$d/store.db" snapshot

	# one dyad on the command line, against the sqlite3 shell
	{
		echo ".parameter set :A \"'P0001'\""
		echo ".parameter set :B \"'P0002'\""
		echo ".parameter set :D \"'$ON'\""
		echo ".parameter set :X \"'P0001'\""
		awk '/^-- == /{ on = ($3 == "dyad"); next } on' bench/asof.sql
	} >"$d/dyad.sql"
	run "n${n}_status" "$RUNS" "$CHANCERY" --db "$d/store.db" status P0001 P0002 --on "$ON"
	run "n${n}_sql_dyad" "$RUNS" sqlite3 -readonly "$d/store.db" ".read $d/dyad.sql"
	if [ "$BEFORE" = 1 ]; then
		run "n${n}_status_store_only" 1 env CHANCERY_SNAPSHOT=off "$CHANCERY" --db "$d/store.db" \
			status P0001 P0002 --on "$ON"
	fi
	run "n${n}_status_json" "$RUNS" "$CHANCERY" --db "$d/store.db" status P0001 P0002 --on "$ON" --json
	run "n${n}_timeline" "$RUNS" "$CHANCERY" --db "$d/store.db" timeline P0001 P0002
	run "n${n}_recognitions_series" "$RUNS" "$CHANCERY" --db "$d/store.db" recognitions P0001 --series
	run "n${n}_treaties_of" "$RUNS" "$CHANCERY" --db "$d/store.db" treaties P0001 --on "$ON"
	run "n${n}_article" "$RUNS" "$CHANCERY" --db "$d/store.db" article P0001 P0002 --on "$ON"
	run "n${n}_status_quiet_dyad" "$RUNS" "$CHANCERY" --db "$d/store.db" status P0150 P0199 --on "$ON"

	echo "   ratios: status / sqlite3 dyad $(ratio "$(get "n${n}_status_s")" "$(get "n${n}_sql_dyad_s")");" \
		"check: $(awk -v n="$n" -v s="$(get "n${n}_check_s")" 'BEGIN { printf "%.0f", n / s }') events/s," \
		"/ .import (memory) $(ratio "$(get "n${n}_check_s")" "$(get "n${n}_sqlite_import_mem_s")");" \
		"import / .import (file) $(ratio "$(get "n${n}_import_s")" "$(get "n${n}_sqlite_import_file_s")");" \
		"check / cat $(ratio "$(get "n${n}_check_s")" "$(get "n${n}_cat_s")")"
	LAST=$n
done

# The library, warm, at the largest size under ten million.
LIB=$(for n in $SIZES; do [ "$n" -lt 10000000 ] && echo "$n"; done | sort -n | tail -n 1)
if [ -n "$LIB" ]; then
	echo
	echo "== the library at $LIB events (bench_asof, one process; --on 2010-06-30)"
	"$BUILD/bench_asof" --kv "$OUT/asof.kv" --budget 10 "$OUT/$LIB/registry.ledger" |
		grep -E 'snapshot build|query indexes|chancery_dyad_status|total:|median .* ms|chancery_recognition'
	sed 's/^/lib_/' "$OUT/asof.kv" >>"$RESULTS"
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); results in $RESULTS"
: "${LAST:=}"
