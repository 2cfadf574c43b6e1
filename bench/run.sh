#!/bin/sh
# bench/run.sh: the registry benchmark of bench/README.md. Run by hand
# (`make bench`), never in CI. It builds nothing: give it a Release build.
#
#   sh bench/run.sh [BUILD_DIR]        (default: build)
#
# Environment: BENCH_EVENTS (default 1000000), BENCH_PARTIES (200),
# BENCH_SEED (1), BENCH_RUNS (3: runs of each command line timed; the
# median is reported; `chancery check` runs once, as the harness already
# times parse and check three times). Everything it writes goes to
# bench/out/ (ignored by git). Takes three to four minutes at 1,000,000
# events on 2 cores. Other work on the machine skews the numbers: the
# load average is printed before and after.
set -eu

BUILD=${1:-build}
EVENTS=${BENCH_EVENTS:-1000000}
PARTIES=${BENCH_PARTIES:-200}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-3}

cd "$(dirname "$0")/.."
OUT=bench/out
CHANCERY=$BUILD/chancery
LEDGER=$OUT/registry.ledger
CSV=$OUT/registry.csv
RESULTS=$OUT/results.txt

for exe in "$CHANCERY" "$BUILD/gen_registry" "$BUILD/bench_registry"; do
	if [ ! -x "$exe" ]; then
		echo "run.sh: $exe is missing; build first (make build)" >&2
		exit 2
	fi
done
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "run.sh: the sqlite3 shell is needed for the comparison (apt-get install sqlite3)" >&2
	exit 2
fi
if [ "$(grep -s '^CMAKE_BUILD_TYPE:' "$BUILD/CMakeCache.txt" | cut -d= -f2)" != Release ]; then
	echo "run.sh: warning: $BUILD is not a Release build; the numbers will not mean much" >&2
fi
# GNU time gives the peak RSS of each run; without it, only the harness
# measures memory.
TIME=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	TIME=/usr/bin/time
fi

mkdir -p "$OUT"
rm -f "$OUT"/*.err
: >"$RESULTS"
export LC_ALL=C TZ=UTC

now_ns() { date +%s%N; }

# seconds between two date +%s%N readings
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# timed LABEL PREPARE COMMAND [RUNS]: run PREPARE (untimed) and COMMAND
# RUNS times; record in $RESULTS LABEL_s (median wall seconds),
# LABEL_min_s (fastest run), and with GNU time LABEL_cpu_s (median user +
# system seconds) and LABEL_rss_mb (largest peak RSS of the runs).
timed() {
	label=$1 prepare=$2 cmd=$3 runs=${4:-$RUNS}
	: >"$OUT/$label.times"
	: >"$OUT/$label.cpu"
	: >"$OUT/$label.rss"
	i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		sh -c "$prepare"
		t0=$(now_ns)
		if [ -n "$TIME" ]; then
			set -- $TIME -f '%U %S %M' -o "$OUT/$label.time.$i"
		else
			set --
		fi
		if ! "$@" sh -c "$cmd"; then
			echo "run.sh: $label failed: $cmd" >&2
			for f in "$OUT"/*.err; do [ -s "$f" ] && tail -n 5 "$f" >&2; done
			exit 1
		fi
		t1=$(now_ns)
		s=$(secs "$t0" "$t1")
		echo "$s" >>"$OUT/$label.times"
		cpu=-
		if [ -n "$TIME" ]; then
			cpu=$(awk '{ printf "%.3f", $1 + $2 }' "$OUT/$label.time.$i")
			echo "$cpu" >>"$OUT/$label.cpu"
			awk '{ print $3 }' "$OUT/$label.time.$i" >>"$OUT/$label.rss"
			rm -f "$OUT/$label.time.$i"
		fi
		printf '  %-16s run %d: %8.3f s wall, %8s s cpu\n' "$label" "$i" "$s" "$cpu"
	done
	echo "${label}_s $(median <"$OUT/$label.times")" >>"$RESULTS"
	echo "${label}_min_s $(sort -n "$OUT/$label.times" | head -n 1)" >>"$RESULTS"
	if [ -s "$OUT/$label.cpu" ]; then
		echo "${label}_cpu_s $(median <"$OUT/$label.cpu")" >>"$RESULTS"
	fi
	if [ -s "$OUT/$label.rss" ]; then
		kb=$(sort -n "$OUT/$label.rss" | tail -n 1)
		echo "${label}_rss_mb $(awk -v k="$kb" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')" >>"$RESULTS"
	fi
	rm -f "$OUT/$label.times" "$OUT/$label.cpu" "$OUT/$label.rss"
}

get() { awk -v k="$1" '$1 == k { print $2 }' "$RESULTS" | tail -n 1; }
get3() { v=$(get "$1"); if [ -n "$v" ]; then awk -v v="$v" 'BEGIN { printf "%.3f", v }'; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

echo "== machine"
echo "cpus:   $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "memory: $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1e6 }' /proc/meminfo)"
echo "sqlite: $(sqlite3 --version | cut -d' ' -f1) (shell)"
if git rev-parse --git-dir >/dev/null 2>&1; then
	echo "source: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include cli || echo ' + uncommitted changes in src/include/cli')"
fi
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
echo "load_start $(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
if awk '{ exit !($1 > 0.5) }' /proc/loadavg; then
	echo "run.sh: warning: the machine is busy; the numbers will be noisy" >&2
fi

echo
echo "== generate: $EVENTS events, $PARTIES parties, seed $SEED"
t0=$(now_ns)
"$BUILD/gen_registry" --events "$EVENTS" --parties "$PARTIES" --seed "$SEED" --csv "$CSV" "$LEDGER"
t1=$(now_ns)
echo "generated in $(secs "$t0" "$t1") s: $(du -m "$LEDGER" | cut -f1) MiB ledger, $(du -m "$CSV" | cut -f1) MiB CSV"

echo
echo "== chancery check (command line: read, parse, finish, check)"
timed cli_check true "$CHANCERY check $LEDGER >/dev/null 2>$OUT/check.err" 1
tail -n 1 "$OUT/check.err"

echo
echo "== bench_registry (library, phase by phase)"
"$BUILD/bench_registry" --reps 3 --kv "$OUT/bench.kv" --export "$OUT/bench-export.ledger" \
	"$LEDGER" "$OUT/bench.db"
sed 's/^/bench_/' "$OUT/bench.kv" >>"$RESULTS"

echo
echo "== sqlite3 shell: .import of the same rows as CSV into one table"
cat >"$OUT/import.sql" <<EOF
CREATE TABLE event_csv (id TEXT, kind TEXT, date TEXT, day_from TEXT, day_to TEXT,
  actor TEXT, target TEXT, person TEXT, treaty TEXT, source TEXT, level TEXT,
  type TEXT, city TEXT, rank TEXT, "by" TEXT, "to" TEXT, about TEXT, stance TEXT,
  place TEXT, instrument TEXT, note TEXT, text TEXT);
.import --csv --skip 1 $CSV event_csv
EOF
timed sqlite_import "rm -f $OUT/csv.db $OUT/csv.db-journal" "sqlite3 $OUT/csv.db <$OUT/import.sql"
echo "  rows: $(sqlite3 "$OUT/csv.db" 'SELECT count(*) FROM event_csv'), database $(du -m "$OUT/csv.db" | cut -f1) MiB"

echo
echo "== chancery import (command line, end to end, into a fresh store)"
timed cli_import "rm -f $OUT/cli.db $OUT/cli.db-wal $OUT/cli.db-shm && $CHANCERY --db $OUT/cli.db init 2>/dev/null" \
	"$CHANCERY --db $OUT/cli.db import --author bench --recorded-at 2025-01-01T00:00:00Z $LEDGER 2>$OUT/import.err"
tail -n 1 "$OUT/import.err"
echo "  store $(du -m "$OUT/cli.db" | cut -f1) MiB"

echo
echo "== export: chancery export vs sqlite3 SELECT text FROM fact"
timed cli_export "rm -f $OUT/export.ledger" "$CHANCERY --db $OUT/cli.db export -o $OUT/export.ledger"
timed sqlite_export "rm -f $OUT/export.txt" "sqlite3 $OUT/cli.db 'SELECT text FROM fact' >$OUT/export.txt"
if cmp -s "$OUT/export.ledger" "$OUT/bench-export.ledger"; then
	echo "  chancery export and the harness's export are the same bytes"
else
	echo "  warning: chancery export differs from the harness's export" >&2
fi

ev=$(get bench_events)
pfc=$(get3 bench_parse_finish_check_s)
imp=$(get3 bench_import_total_s)
sq=$(get sqlite_import_s)
cli=$(get cli_import_s)
exp=$(get cli_export_s)
sqe=$(get sqlite_export_s)
{
	echo "ratio_cli_import_vs_sqlite $(ratio "$cli" "$sq")"
	echo "ratio_lib_import_vs_sqlite $(ratio "$imp" "$sq")"
	echo "ratio_parse_check_vs_sqlite $(ratio "$pfc" "$sq")"
	echo "ratio_export_vs_sqlite $(ratio "$exp" "$sqe")"
	echo "load_end $(cut -d' ' -f1 /proc/loadavg)"
} >>"$RESULTS"

met() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = op == ">=" ? v >= t : v < t; print ok ? "met" : "MISSED" }'; }
rate() { awk -v n="$ev" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }
peak=$(get bench_peak_check_mb)
clipeak=$(get cli_import_rss_mb)
pfc_cpu=$(get bench_parse_finish_check_cpu_s)
pfc_min=$(get bench_parse_finish_check_min_s)
mb=$(awk -v b="$(get bench_bytes)" -v s="$pfc" 'BEGIN { printf "%.1f", b / 1e6 / s }')

echo
echo "== summary ($ev events; wall time is what the targets mean, cpu time is steadier on a busy machine)"
row() { printf '%-40s %10s %10s %10s  %-10s %s\n' "$@"; }
row "measure" "wall" "cpu" "fastest" "target" "verdict"
row "parse+finish+check, events/s" "$(rate "$pfc")" "$(rate "$pfc_cpu")" "$(rate "$pfc_min")" ">= 1e6" "$(met "$(rate "$pfc")" 1000000 '>=')"
row "parse+finish+check, MB/s" "$mb" "" "" "" ""
row "import (library: create+import+close), s" "$imp" "$(get3 bench_import_total_cpu_s)" "" "< 5" "$(met "$imp" 5 '<')"
row "chancery import (command line), s" "$cli" "$(get cli_import_cpu_s)" "$(get cli_import_min_s)" "< 5" "$(met "$cli" 5 '<')"
row "peak RSS after parse+check (library), MB" "$peak" "" "" "< 500" "$(met "$peak" 500 '<')"
if [ -n "$clipeak" ]; then
	row "peak RSS of chancery import, MB" "$clipeak" "" "" "< 500" "$(met "$clipeak" 500 '<')"
fi
row "sqlite3 .import of the CSV, s" "$sq" "$(get sqlite_import_cpu_s)" "$(get sqlite_import_min_s)" "" ""
row "chancery export (command line), s" "$exp" "$(get cli_export_cpu_s)" "$(get cli_export_min_s)" "" ""
row "sqlite3 SELECT text FROM fact, s" "$sqe" "$(get sqlite_export_cpu_s)" "$(get sqlite_export_min_s)" "" ""
echo
echo "ratios, chancery / sqlite3 shell (wall; cpu):"
echo "  chancery import, command line / .import:  $(get ratio_cli_import_vs_sqlite); $(ratio "$(get cli_import_cpu_s)" "$(get sqlite_import_cpu_s)")"
echo "  library import alone / .import:           $(get ratio_lib_import_vs_sqlite); $(ratio "$(get bench_import_total_cpu_s)" "$(get sqlite_import_cpu_s)")"
echo "  parse+finish+check / .import:             $(get ratio_parse_check_vs_sqlite); $(ratio "$pfc_cpu" "$(get sqlite_import_cpu_s)")"
echo "  chancery export / SELECT text FROM fact:  $(get ratio_export_vs_sqlite); $(ratio "$(get cli_export_cpu_s)" "$(get sqlite_export_cpu_s)")"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "all numbers: $RESULTS"
