#!/bin/sh
# bench/run_panel.sh: the panel and importer benchmarks of issue 12
# (bench/README.md, "Panels and importers"). Run by hand, never in CI:
#
#   sh bench/run_panel.sh [BUILD_DIR] [SHARED_DATA]   (defaults: build, ../shared/data)
#
# BENCH_RUNS (default 5) runs of each command; the median wall time, the
# median CPU time (user + system) and the largest peak RSS are reported.
# The three bare panels (chancery, pandas, R/dplyr) must be the same bytes,
# and are checked to be. Everything goes to bench/out/ (ignored by git).
# Takes about four minutes on 2 cores.
set -eu
BUILD=${1:-build}
D=${2:-../shared/data}
RUNS=${BENCH_RUNS:-5}
cd "$(dirname "$0")/.."
OUT=bench/out
CH=$BUILD/chancery
PY=/usr/bin/python3 # Debian's, with python3-pandas
mkdir -p "$OUT"
RES=$OUT/panel.txt
: >"$RES"
COW=$D/states/cow_statelist2024.csv

for exe in "$CH" "$BUILD/bench_import" "$BUILD/bench_xml_floor" /usr/bin/time "$PY" Rscript; do
	command -v "$exe" >/dev/null 2>&1 || { echo "run_panel.sh: $exe is missing (make build; scripts/setup.sh)" >&2; exit 2; }
done
[ -f "$COW" ] || { echo "run_panel.sh: no $COW" >&2; exit 2; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# time NAME CMD...: BENCH_RUNS runs; median wall, median cpu, max RSS (MB)
time_it() {
	name=$1
	shift
	: >"$OUT/t.$name"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		/usr/bin/time -f "%e %U %S %M" -o "$OUT/t1" "$@" >/dev/null 2>"$OUT/err.$name" ||
			{ echo "run_panel.sh: $name failed:" >&2; cat "$OUT/err.$name" >&2; exit 1; }
		cat "$OUT/t1" >>"$OUT/t.$name"
		i=$((i + 1))
	done
	awk -v n="$name" '{ w[NR] = $1; c[NR] = $2 + $3; if ($4 > m) m = $4 }
		function med(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((k + 1) / 2)] }
		END { printf "%s_wall_s %.3f\n%s_cpu_s %.3f\n%s_rss_mb %.1f\n", n, med(w, NR), n, med(c, NR), n, m / 1024 }' \
		"$OUT/t.$name" | tee -a "$RES"
}

# Stores: the world (reference data and data/world/), and the world with
# every data set imported. The imports are timed once each, end to end
# (read, check with the store, record).
rm -f "$OUT"/world.db* "$OUT"/full.db*
$CH --db "$OUT/world.db" init 2>/dev/null
$CH --db "$OUT/world.db" import data/all.ledger 2>/dev/null
cp "$OUT/world.db" "$OUT/full.db"
RUNS_SAVED=$RUNS
RUNS=1
time_it cmd_import_treaties $CH --db "$OUT/full.db" import-treaties \
	"$D/treaties/manytreaties_parties_GGO.csv" "$D/treaties/manytreaties_agreements_GGO.csv"
time_it cmd_import_missions $CH --db "$OUT/full.db" import-missions "$D/missions/database_of_embassies_2022-11-16.csv"
time_it cmd_import_envoys $CH --db "$OUT/full.db" import-envoys "$D/envoys/pocom_chiefs_of_mission.csv"
RUNS=$RUNS_SAVED

# The importers' own speed (reader, and reader + parse), best of 3.
BENCH_RUNS=3 $BUILD/bench_import data/all.ledger \
	-- states "$COW" "$D/states/ksgmdw.txt" \
	-- treaties "$D/treaties/manytreaties_parties_GGO.csv" "$D/treaties/manytreaties_agreements_GGO.csv" \
	-- missions "$D/missions/database_of_embassies_2022-11-16.csv" \
	-- envoys "$D/envoys/pocom_chiefs_of_mission.csv" \
	-- rdcr "$D/relations/us-rdcr/articles" \
	-- dipcon "$D/relations/dipcon/DIPCON/DIPCON23.dta" \
	-- korea-ties "$D/relations/korea-ties/diplo_ties_data.csv" | tee -a "$RES"

# The floor under import-rdcr's reader: libxml2's SAX2 parse alone.
BENCH_RUNS=5 $BUILD/bench_xml_floor "$D/relations/us-rdcr/articles" | tee -a "$RES"

# The bundle: data/full.ledger (everything typed, and the importers'
# facts of data/world/imported/) into a fresh store, as make run does.
time_it bundle_load sh -c "rm -f $OUT/bundle.db* && $CH --db $OUT/bundle.db init 2>/dev/null && $CH --db $OUT/bundle.db import data/full.ledger 2>/dev/null"

# The bare panel, side by side, and then with the diplomacy columns.
time_it pandas_bare $PY bench/panel_pandas.py "$COW" "$OUT/pandas.csv"
time_it dplyr_bare Rscript bench/panel_dplyr.R "$COW" "$OUT/dplyr.csv"
# To stdout, redirected to the file, as pandas and R write theirs: -o
# also syncs the file to disk before renaming it into place (cli/output.c),
# which no competitor does; chancery_bare_o times that too.
time_it chancery_bare sh -c "$CH --db $OUT/world.db panel dyad-year --columns none >$OUT/chancery.csv"
time_it chancery_bare_o $CH --db "$OUT/world.db" panel dyad-year --columns none -o "$OUT/chancery-o.csv"
time_it chancery_world_all sh -c "$CH --db $OUT/world.db panel dyad-year >$OUT/chancery-world-all.csv"
time_it chancery_full_all sh -c "$CH --db $OUT/full.db panel dyad-year >$OUT/chancery-full-all.csv"
time_it chancery_bundle_all sh -c "$CH --db $OUT/bundle.db panel dyad-year >$OUT/chancery-bundle-all.csv"

for f in pandas dplyr; do
	cmp -s "$OUT/chancery.csv" "$OUT/$f.csv" || { echo "run_panel.sh: $f's panel differs from chancery's" >&2; exit 1; }
done
echo "bare panels: chancery, pandas and dplyr wrote the same $(($(wc -l <"$OUT/chancery.csv") - 1)) rows, byte for byte" | tee -a "$RES"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '{ v[$1] = $2 } END {
	printf "\nbare panel: chancery %.3f s wall, %.3f s cpu, %.0f MB; pandas %.2f s (%.1fx), dplyr %.2f s (%.1fx)\n",
		v["chancery_bare_wall_s"], v["chancery_bare_cpu_s"], v["chancery_bare_rss_mb"],
		v["pandas_bare_wall_s"], v["pandas_bare_wall_s"] / v["chancery_bare_wall_s"],
		v["dplyr_bare_wall_s"], v["dplyr_bare_wall_s"] / v["chancery_bare_wall_s"]
	printf "cpu ratios: pandas %.1fx, dplyr %.1fx\n", v["pandas_bare_cpu_s"] / v["chancery_bare_cpu_s"],
		v["dplyr_bare_cpu_s"] / v["chancery_bare_cpu_s"]
	printf "world, all columns: %.3f s, %.0f MB; three importers, all columns: %.3f s, %.0f MB; the bundle, all columns: %.3f s, %.0f MB\n",
		v["chancery_world_all_wall_s"], v["chancery_world_all_rss_mb"], v["chancery_full_all_wall_s"],
		v["chancery_full_all_rss_mb"], v["chancery_bundle_all_wall_s"], v["chancery_bundle_all_rss_mb"]
}' "$RES"
