#!/bin/sh
# bench/run_maps.sh: the maps benchmark of bench/maps.md. Run by hand,
# never in CI; give it a Release build.
#
#   sh bench/run_maps.sh [BUILD_DIR]        (default: build)
#
# Times, in one run: chancery drawing the locator map of Abkhazia-Russia
# and the world map of who recognises Abkhazia from a loaded registry
# (bench_map, 50 calls each, median), the whole command line
# (`chancery map`, load included), and what a reader's tool does next with
# the file: rsvg-convert rasterising it at 1200 px and at 250 px (the
# infobox), BENCH_RUNS times each (default 10), median. Writes to
# bench/out/maps/.
set -eu
BUILD=${1:-build}
RUNS=${BENCH_RUNS:-10}
cd "$(dirname "$0")/.."
OUT=bench/out/maps
LEDGER=data/maps.ledger
mkdir -p "$OUT"
for exe in "$BUILD/chancery" "$BUILD/bench_map"; do
	[ -x "$exe" ] || { echo "run_maps.sh: $exe is missing; build first (make build)" >&2; exit 2; }
done
command -v rsvg-convert >/dev/null || { echo "run_maps.sh: rsvg-convert is needed (librsvg2-bin)" >&2; exit 2; }

# median of the numbers on stdin
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# time_ms CMD...: wall time of one run, in ms
time_ms() {
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1
	e=$(date +%s%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", (e - s) / 1e6 }'
}
runs() { # the median of RUNS runs of CMD
	i=0
	while [ $i -lt "$RUNS" ]; do time_ms "$@"; i=$((i + 1)); done | median
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BUILD/bench_map" --out "$OUT" "$LEDGER" | tee "$OUT/results.txt"
{
	echo "cli_locator_ms $(runs "$BUILD/chancery" map -f "$LEDGER" Abkhazia Russia --on 2026-01-01 -o "$OUT/cli.svg")"
	echo "cli_recognitions_ms $(runs "$BUILD/chancery" map -f "$LEDGER" --recognitions Abkhazia --on 2026-01-01 -o "$OUT/cli.svg")"
	for m in locator recognitions; do
		echo "rsvg_${m}_1200_ms $(runs rsvg-convert -w 1200 -o "$OUT/$m.png" "$OUT/$m.svg")"
		echo "rsvg_${m}_250_ms $(runs rsvg-convert -w 250 -o "$OUT/$m-250.png" "$OUT/$m.svg")"
	done
} | tee -a "$OUT/results.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '{v[$1]=$2} END {
	printf "ratios (chancery draws / rsvg-convert rasterises at 1200 px): locator %.3f, recognitions %.3f\n",
		v["locator_ms_median"] / v["rsvg_locator_1200_ms"], v["recognitions_ms_median"] / v["rsvg_recognitions_1200_ms"]
}' "$OUT/results.txt"
