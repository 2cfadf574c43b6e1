#!/bin/sh
# bench/run_asof.sh: the as-of benchmark of issue 3 (bench/asof.md). Run by
# hand, never in CI. It builds nothing: give it a Release build that has
# chancery, gen_registry and bench_asof.
#
#   sh bench/run_asof.sh [BUILD_DIR]        (default: build)
#
# Environment: ASOF_EVENTS (default 1000000), ASOF_PARTIES (200),
# ASOF_SEED (1), ASOF_ON (the day asked about, 2010-06-30), ASOF_RUNS (5:
# runs of each SQL script; the median is reported), ASOF_SAMPLE (10000
# random dyads), ASOF_CLI (1: also time the command line end to end; 0:
# skip it), ASOF_OUT (bench/out/asof). Everything it writes goes to
# ASOF_OUT (bench/out/ is ignored by git):
# the ledger and the two stores are made once and kept (delete the
# directory to start afresh). Two to three minutes at 1,000,000 events on
# 2 cores, plus half a minute the first time. Other work on the machine
# skews the numbers: the load average is printed before and after.
#
# The chancery side runs in one process (bench_asof): the snapshot is
# built once, then each question is asked of it. The SQL side runs the
# sections of bench/asof.sql in the sqlite3 shell, one process per run
# (timed with hyperfine when it is installed, else with date), on the
# store as chancery makes it and on a copy with two indexes a user would
# add (event (actor, target) and event (target, kind)). The time of a
# shell that opens the store and runs SELECT 1 is measured too and
# subtracted: "SQL" below is the time of the query.
set -eu

BUILD=${1:-build}
EVENTS=${ASOF_EVENTS:-1000000}
PARTIES=${ASOF_PARTIES:-200}
SEED=${ASOF_SEED:-1}
ON=${ASOF_ON:-2010-06-30}
RUNS=${ASOF_RUNS:-5}
SAMPLE=${ASOF_SAMPLE:-10000}
CLI=${ASOF_CLI:-1}

cd "$(dirname "$0")/.."
OUT=${ASOF_OUT:-bench/out/asof}
SQLDIR=$OUT/sql
CHANCERY=$BUILD/chancery
LEDGER=$OUT/registry.ledger
STORE=$OUT/store.db
STORE_IDX=$OUT/store-idx.db
RESULTS=$OUT/results.txt

for exe in "$CHANCERY" "$BUILD/gen_registry" "$BUILD/bench_asof"; do
	if [ ! -x "$exe" ]; then
		echo "run_asof.sh: $exe is missing; build first (cmake --build $BUILD)" >&2
		exit 2
	fi
done
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "run_asof.sh: the sqlite3 shell is needed (apt-get install sqlite3)" >&2
	exit 2
fi
if [ "$(grep -s '^CMAKE_BUILD_TYPE:' "$BUILD/CMakeCache.txt" | cut -d= -f2)" != Release ]; then
	echo "run_asof.sh: warning: $BUILD is not a Release build; the numbers will not mean much" >&2
fi
HYPERFINE=
if command -v hyperfine >/dev/null 2>&1; then
	HYPERFINE=hyperfine
fi
TIME=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	TIME=/usr/bin/time
fi

mkdir -p "$OUT" "$SQLDIR"
: >"$RESULTS"
export LC_ALL=C TZ=UTC

now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
put() { echo "$1 $2" >>"$RESULTS"; }
get() { awk -v k="$1" '$1 == k { print $2 }' "$RESULTS" | tail -n 1; }
kvget() { awk -v k="$1" '$1 == k { print $2 }' "$OUT/chancery.kv" | tail -n 1; }

echo "== machine"
echo "cpus:   $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "memory: $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1e6 }' /proc/meminfo)"
echo "sqlite: $(sqlite3 --version | cut -d' ' -f1) (shell)${HYPERFINE:+, $(hyperfine --version)}"
if git rev-parse --git-dir >/dev/null 2>&1; then
	echo "source: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include cli || echo ' + uncommitted changes in src/include/cli')"
fi
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
put load_start "$(cut -d' ' -f1 /proc/loadavg)"
if awk '{ exit !($1 > 0.5) }' /proc/loadavg; then
	echo "run_asof.sh: warning: the machine is busy; the numbers will be noisy" >&2
fi

# ---- the data: made once, kept while the parameters are the same ----
PARAMS="events=$EVENTS parties=$PARTIES seed=$SEED"
if [ ! -s "$LEDGER" ] || [ "$(cat "$OUT/params" 2>/dev/null)" != "$PARAMS" ]; then
	echo
	echo "== generate: $EVENTS events, $PARTIES parties, seed $SEED"
	rm -f "$STORE" "$STORE-wal" "$STORE-shm" "$STORE_IDX" "$STORE_IDX-wal" "$STORE_IDX-shm"
	"$BUILD/gen_registry" --events "$EVENTS" --parties "$PARTIES" --seed "$SEED" "$LEDGER" 2>&1 | head -n 1
	echo "$PARAMS" >"$OUT/params"
fi
if [ ! -s "$STORE" ]; then
	echo
	echo "== chancery init + import into $STORE (once)"
	rm -f "$STORE" "$STORE-wal" "$STORE-shm" "$STORE_IDX" "$STORE_IDX-wal" "$STORE_IDX-shm"
	t0=$(now_ns)
	"$CHANCERY" --db "$STORE" init >/dev/null
	"$CHANCERY" --db "$STORE" import --author bench --recorded-at 2025-01-01T00:00:00Z "$LEDGER" 2>&1 | tail -n 1
	t1=$(now_ns)
	echo "  $(secs "$t0" "$t1") s; store $(du -m "$STORE" | cut -f1) MiB"
fi
if [ ! -s "$STORE_IDX" ]; then
	echo
	echo "== a copy of the store with the indexes a user would add: $STORE_IDX (once)"
	rm -f "$STORE_IDX" "$STORE_IDX-wal" "$STORE_IDX-shm"
	cp "$STORE" "$STORE_IDX"
	t0=$(now_ns)
	sqlite3 "$STORE_IDX" 'CREATE INDEX event_actor ON event (actor, target);
CREATE INDEX event_target ON event (target, kind);'
	t1=$(now_ns)
	echo "  CREATE INDEX x 2: $(secs "$t0" "$t1") s; store $(du -m "$STORE_IDX" | cut -f1) MiB"
fi

# ---- chancery: the library, one process ----
echo
echo "== chancery (library, bench_asof): the snapshot, then the questions"
"$BUILD/bench_asof" --on "$ON" --sample "$SAMPLE" --reps 3 --budget 10 --kv "$OUT/chancery.kv" \
	--dump-relations "$OUT/relations.chancery.csv" --dump-series "$OUT/series.chancery.csv" \
	--dump-recognitions "$OUT/recognitions.chancery.csv" --dump-dyad "$OUT/dyad.chancery.txt" \
	--dump-sample "$OUT/sample.txt" "$LEDGER"
sed 's/^/chancery_/' "$OUT/chancery.kv" >>"$RESULTS"
A=$(kvget busy_a)
B=$(kvget busy_b)
X=$(kvget x)

# ---- SQL: the sections of bench/asof.sql ----
section() { awk -v s="$1" '/^-- == /{ on = ($3 == s); next } on' bench/asof.sql; }
params() {
	echo ".parameter set :A \"'$1'\""
	echo ".parameter set :B \"'$2'\""
	echo ".parameter set :D \"'$ON'\""
	echo ".parameter set :X \"'$X'\""
}
# script NAME SECTION K: the section K times, for the busy dyad
script() {
	{
		params "$A" "$B"
		i=0
		while [ "$i" -lt "$3" ]; do
			section "$2"
			i=$((i + 1))
		done
	} >"$SQLDIR/$1.sql"
}
# random_dyads NAME K: the dyad section for the first K dyads of the sample
random_dyads() {
	head -n "$2" "$OUT/sample.txt" | while read -r a b; do
		params "$a" "$b"
		section dyad
	done >"$SQLDIR/$1.sql"
}
{ params "$A" "$B"; echo "SELECT 1;"; } >"$SQLDIR/base.sql"
script dyad dyad 1
script dyad10 dyad 10
NS=$(wc -l <"$OUT/sample.txt")
K4=$((NS < 4 ? NS : 4))
K20=$((NS < 20 ? NS : 20))
random_dyads random4 "$K4"
random_dyads random20 "$K20"
script all_dyads all_dyads 1
script series series 1
script series5 series 5
script recognitions recognitions 1
script recognitions5 recognitions 5

# jsonnum KEY FILE: the first number called KEY in hyperfine's JSON
jsonnum() { awk -F: -v k="\"$1\"" '$1 ~ k { gsub(/[ ,]/, "", $2); printf "%.6f\n", $2; exit }' "$2"; }

# timed LABEL DB SCRIPT RUNS: median wall seconds of `sqlite3 -readonly DB
# .read SCRIPT`, output discarded, into $RESULTS as LABEL_s.
timed() {
	label=$1 db=$2 sql=$3 runs=$4 cpu=
	if [ -n "$HYPERFINE" ]; then
		hyperfine -N --style none --warmup 1 --runs "$runs" \
			--export-json "$SQLDIR/$label.json" "sqlite3 -readonly $db .read\\ $sql" >/dev/null 2>&1
		m=$(jsonnum median "$SQLDIR/$label.json")
		mn=$(jsonnum min "$SQLDIR/$label.json")
		cpu=$(awk -v u="$(jsonnum user "$SQLDIR/$label.json")" -v s="$(jsonnum system "$SQLDIR/$label.json")" \
			'BEGIN { printf "%.6f", u + s }')
		put "${label}_cpu_s" "$cpu"
	else
		sqlite3 -readonly "$db" ".read $sql" >/dev/null
		: >"$SQLDIR/$label.times"
		i=0
		while [ "$i" -lt "$runs" ]; do
			t0=$(now_ns)
			sqlite3 -readonly "$db" ".read $sql" >/dev/null
			t1=$(now_ns)
			echo "$(secs "$t0" "$t1")" >>"$SQLDIR/$label.times"
			i=$((i + 1))
		done
		m=$(median <"$SQLDIR/$label.times")
		mn=$(sort -n "$SQLDIR/$label.times" | head -n 1)
	fi
	put "${label}_s" "$m"
	put "${label}_min_s" "$mn"
	printf '  %-28s median %9.4f s  fastest %9.4f s  cpu %9s s (%d runs)\n' "$label" "$m" "$mn" \
		"${cpu:--}" "$runs"
}

echo
echo "== SQL (sqlite3 shell, bench/asof.sql): A=$A B=$B X=$X D=$ON"
for v in plain idx; do
	if [ "$v" = plain ]; then db=$STORE; else db=$STORE_IDX; fi
	echo "-- $db"
	timed "sql_${v}_base" "$db" "$SQLDIR/base.sql" "$RUNS"
	if [ "$v" = plain ]; then
		# every dyad query scans the fact table: 1 query a run is enough
		timed "sql_${v}_dyad" "$db" "$SQLDIR/dyad.sql" "$RUNS"
		put "sql_${v}_dyad_k" 1
		timed "sql_${v}_random" "$db" "$SQLDIR/random4.sql" 3
		put "sql_${v}_random_k" "$K4"
	else
		timed "sql_${v}_dyad" "$db" "$SQLDIR/dyad10.sql" "$RUNS"
		put "sql_${v}_dyad_k" 10
		timed "sql_${v}_random" "$db" "$SQLDIR/random20.sql" "$RUNS"
		put "sql_${v}_random_k" "$K20"
	fi
	timed "sql_${v}_all_dyads" "$db" "$SQLDIR/all_dyads.sql" "$RUNS"
	put "sql_${v}_all_dyads_k" 1
	timed "sql_${v}_series" "$db" "$SQLDIR/series5.sql" "$RUNS"
	put "sql_${v}_series_k" 5
	timed "sql_${v}_recognitions" "$db" "$SQLDIR/recognitions5.sql" "$RUNS"
	put "sql_${v}_recognitions_k" 5
done

# per query, ms: (median - the shell's own time) / K
net_ms() {
	awk -v m="$(get "sql_$1_$2_s")" -v b="$(get "sql_$1_base_s")" -v k="$(get "sql_$1_$2_k")" \
		'BEGIN { v = (m - b) / k * 1000; if (v < 0) v = 0; printf "%.3f", v }'
}
for v in plain idx; do
	for q in dyad random all_dyads series recognitions; do
		put "sql_${v}_${q}_ms" "$(net_ms "$v" "$q")"
	done
done

# ---- the command line, end to end: load the store, then answer ----
if [ "$CLI" = 1 ]; then
	echo
	echo "== chancery command line, end to end (loads the store, builds the snapshot, answers; 1 run each)"
	cli() {
		label=$1
		shift
		t0=$(now_ns)
		if [ -n "$TIME" ]; then
			$TIME -f '%M' -o "$OUT/$label.rss" "$@" >"$OUT/$label.out"
		else
			"$@" >"$OUT/$label.out"
		fi
		t1=$(now_ns)
		put "cli_${label}_s" "$(secs "$t0" "$t1")"
		rss=-
		if [ -n "$TIME" ]; then
			rss=$(awk '{ printf "%.0f", $1 * 1024 / 1e6 }' "$OUT/$label.rss")
			put "cli_${label}_rss_mb" "$rss"
		fi
		printf '  %-60s %8.3f s  peak RSS %s MB\n' "$*" "$(secs "$t0" "$t1")" "$rss"
	}
	cli status "$CHANCERY" --db "$STORE" status "$A" "$B" --on "$ON"
	cli series "$CHANCERY" --db "$STORE" recognitions "$X" --series
fi

# ---- the answers, side by side ----
echo
echo "== the answers compared (chancery's and the SQL's, on the indexed store)"
sqlite3 -readonly "$STORE_IDX" ".read $SQLDIR/all_dyads.sql" >"$OUT/relations.sql.txt"
sqlite3 -readonly "$STORE_IDX" ".read $SQLDIR/dyad.sql" >"$OUT/dyad.sql.txt"
sqlite3 -readonly "$STORE_IDX" ".read $SQLDIR/series.sql" >"$OUT/series.sql.txt"
sqlite3 -readonly "$STORE_IDX" ".read $SQLDIR/recognitions.sql" >"$OUT/recognitions.sql.txt"

tail -n +2 "$OUT/relations.chancery.csv" | awk -F, '{ print $1 "|" $2 "|" $3 "|" $4 }' | sort >"$OUT/relations.c.sorted"
sort "$OUT/relations.sql.txt" >"$OUT/relations.s.sorted"
same=$(comm -12 "$OUT/relations.c.sorted" "$OUT/relations.s.sorted" | wc -l)
conly=$(comm -23 "$OUT/relations.c.sorted" "$OUT/relations.s.sorted" | wc -l)
sonly=$(comm -13 "$OUT/relations.c.sorted" "$OUT/relations.s.sorted" | wc -l)
unc=$(tail -n +2 "$OUT/relations.chancery.csv" | awk -F, '$5 == 1' | wc -l)
put cmp_relations_same "$same"
put cmp_relations_chancery_only "$conly"
put cmp_relations_sql_only "$sonly"
echo "all dyads, relations on $ON: $same pairs answered the same; $conly answers only chancery's," \
	"$sonly only the SQL's ($unc uncertain in chancery)"

key='{ k = $1 "|" $2 "|" $3; if ($1 == "relations") k = k "|" $4; print k }'
awk -F'|' "$key" "$OUT/dyad.chancery.txt" | sort >"$OUT/dyad.c.sorted"
awk -F'|' "$key" "$OUT/dyad.sql.txt" | sort >"$OUT/dyad.s.sorted"
same=$(comm -12 "$OUT/dyad.c.sorted" "$OUT/dyad.s.sorted" | wc -l)
conly=$(comm -23 "$OUT/dyad.c.sorted" "$OUT/dyad.s.sorted" | wc -l)
sonly=$(comm -13 "$OUT/dyad.c.sorted" "$OUT/dyad.s.sorted" | wc -l)
put cmp_dyad_same "$same"
put cmp_dyad_chancery_only "$conly"
put cmp_dyad_sql_only "$sonly"
echo "one dyad ($A-$B): $same states answered the same; $conly only chancery's, $sonly only the SQL's" \
	"(chancery also gives $(kvget busy_treaties) treaties' status and the third parties' reactions)"
comm -23 "$OUT/dyad.c.sorted" "$OUT/dyad.s.sorted" | head -n 4 | sed 's/^/    chancery: /'
comm -13 "$OUT/dyad.c.sorted" "$OUT/dyad.s.sorted" | head -n 4 | sed 's/^/    SQL:      /'

cyes=$(kvget x_yes)
syes=$(grep -c '|yes$' "$OUT/recognitions.sql.txt" || true)
put cmp_recognitions_chancery "$cyes"
put cmp_recognitions_sql "$syes"
echo "recognitions of $X on $ON: chancery $cyes for certain ($(awk -F, '$4 == 1' "$OUT/recognitions.chancery.csv" | wc -l) implied by relations," \
	"$(kvget x_uncertain) uncertain); SQL $syes"

# the SQL count on each day of chancery's series (the last SQL point on
# or before it)
awk -F'[,|]' 'FNR == 1 { file++ } file == 1 { d[++n] = $1; c[n] = $2; next }
	FNR > 1 { while (k < n && d[k + 1] <= $1) k++; s = k ? c[k] : 0
		diff = $2 - s; if (diff != 0) differ++; if (diff < 0) diff = -diff; if (diff > max) max = diff; pts++ }
	END { printf "series %d %d %d %d\n", pts, differ, max, n }' \
	"$OUT/series.sql.txt" "$OUT/series.chancery.csv" >"$OUT/series.cmp"
read -r _ spts sdiffer smax sn <"$OUT/series.cmp"
slast=$(tail -n 1 "$OUT/series.sql.txt")
put cmp_series_points_chancery "$spts"
put cmp_series_points_sql "$sn"
put cmp_series_days_differ "$sdiffer"
put cmp_series_max_diff "$smax"
echo "recognitions $X --series: chancery $spts points, the last $(tail -n 1 "$OUT/series.chancery.csv" | awk -F, '{ print $1 ": " $2 " (" $3 " uncertain)" }');" \
	"SQL $sn points, the last $(echo "$slast" | tr '|' ' ' | awk '{ print $1 ": " $2 }');" \
	"on $sdiffer of chancery's days the counts differ (by up to $smax)"
put load_end "$(cut -d' ' -f1 /proc/loadavg)"

# ---- the table ----
c() { kvget "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) { r = a / b; printf (r >= 10 ? "%.0f" : r >= 1 ? "%.1f" : "%.2g"), r } else print "-" }'; }
met() { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t) ? "met" : "MISSED" }'; }
row() { printf '%-36s %12s %12s %12s %16s %9s %7s\n' "$@"; }
ms() { awk -v v="$1" 'BEGIN { printf (v < 1 ? "%.3f" : v < 100 ? "%.2f" : "%.0f"), v }'; }
sec() { awk -v v="$1" 'BEGIN { printf "%.3f", v }'; }

busy_ms=$(awk -v u="$(c busy_median_us)" 'BEGIN { print u / 1000 }')
sample_ms=$(awk -v u="$(c sample_median_us)" 'BEGIN { print u / 1000 }')
echo
echo "== summary ($(c events) events, $(c parties) parties; day $ON; times in ms unless said)"
echo "   chancery: in one process, once the snapshot is built; SQL: per query, the shell's own time subtracted"
row "question" "chancery" "SQL as is" "SQL +indexes" "ratio c/SQL" "target" "verdict"
row "snapshot build (parse+finish), s" "$(sec "$(c build_s)")" "" "" "" "" ""
row "  finish alone, s" "$(sec "$(c finish_s)")" "" "" "" "" ""
row "  query indexes alone, s" "$(sec "$(c index_s)")" "" "" "" "" ""
row "  peak RSS, MB" "$(awk -v v="$(c peak_rss_mb)" 'BEGIN { printf "%.0f", v }')" "" "" "" "" ""
row "one dyad, busiest $A-$B, median" "$(ms "$busy_ms")" "$(ms "$(get sql_plain_dyad_ms)")" "$(ms "$(get sql_idx_dyad_ms)")" \
	"$(ratio "$busy_ms" "$(get sql_plain_dyad_ms)") / $(ratio "$busy_ms" "$(get sql_idx_dyad_ms)")" "< 0.05" "$(met "$busy_ms" 0.05)"
row "  p99" "$(ms "$(awk -v u="$(c busy_p99_us)" 'BEGIN { print u / 1000 }')")" "" "" "" "" ""
row "one dyad, $(c sample_n) random, median" "$(ms "$sample_ms")" "$(ms "$(get sql_plain_random_ms)")" "$(ms "$(get sql_idx_random_ms)")" \
	"$(ratio "$sample_ms" "$(get sql_plain_random_ms)") / $(ratio "$sample_ms" "$(get sql_idx_random_ms)")" "< 0.05" "$(met "$sample_ms" 0.05)"
row "  p99" "$(ms "$(awk -v u="$(c sample_p99_us)" 'BEGIN { print u / 1000 }')")" "" "" "" "" ""
row "all dyads ($(c pairs) pairs), total" "$(ms "$(c all_ms)")" "$(ms "$(get sql_plain_all_dyads_ms)")" "$(ms "$(get sql_idx_all_dyads_ms)")" \
	"$(ratio "$(c all_ms)" "$(get sql_plain_all_dyads_ms)") / $(ratio "$(c all_ms)" "$(get sql_idx_all_dyads_ms)")" "< 200" "$(met "$(c all_ms)" 200)"
row "recognitions $X --series" "$(ms "$(c series_ms)")" "$(ms "$(get sql_plain_series_ms)")" "$(ms "$(get sql_idx_series_ms)")" \
	"$(ratio "$(c series_ms)" "$(get sql_plain_series_ms)") / $(ratio "$(c series_ms)" "$(get sql_idx_series_ms)")" "" ""
row "recognitions $X --on $ON" "$(ms "$(c rec_ms)")" "$(ms "$(get sql_plain_recognitions_ms)")" "$(ms "$(get sql_idx_recognitions_ms)")" \
	"$(ratio "$(c rec_ms)" "$(get sql_plain_recognitions_ms)") / $(ratio "$(c rec_ms)" "$(get sql_idx_recognitions_ms)")" "" ""
if [ "$CLI" = 1 ]; then
	row "CLI: status $A $B, s" "$(get cli_status_s)" "" "" "" "" ""
	row "CLI: recognitions $X --series, s" "$(get cli_series_s)" "" "" "" "" ""
fi
echo "   SQL shell start + open + SELECT 1: $(ms "$(awk -v s="$(get sql_plain_base_s)" 'BEGIN { print s * 1000 }')") ms (not in the SQL columns)"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "all numbers: $RESULTS"
