#!/bin/sh
# bench/pathological.sh BUILD: how check and treaty status grow with a
# treaty's parties (docs/reliability.md). A treaty of N parties, each
# signing and ratifying on its own day, for N = 1250 .. 10000 (the line
# limit of 64 KiB holds about 10,000 ids of 5 characters). Linear or
# n log n work doubles with N; quadratic work quadruples.
#   sh bench/pathological.sh build
set -eu
B=${1:-build}/chancery
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# The median wall time of three runs, in seconds.
median3() {
	python3 - "$@" <<'PY'
import subprocess, sys, time
runs = []
for _ in range(3):
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append(time.perf_counter() - t)
print("%.4f" % sorted(runs)[1])
PY
}
printf '%6s %12s %8s %12s %8s\n' parties "check s" growth "treaty s" growth
prev_c=0
prev_t=0
for n in 1250 2500 5000 10000; do
	python3 - "$n" "$T/t.ledger" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write('source s "S"\n')
    for i in range(n):
        f.write('party P%04d "P%d" source=s\n' % (i, i))
    f.write('treaty t "T" source=s parties=' + ",".join("P%04d" % i for i in range(n)) + "\n")
    f.write("  force last-ratification after=30d\n")
    for i in range(n):
        f.write("  %04d-%02d-%02d sign P%04d\n" % (1990 + i % 20, 1 + i % 12, 1 + i % 28, i))
    for i in range(n):
        f.write("  %04d-%02d-%02d ratify P%04d\n" % (2010 + i % 10, 1 + i % 12, 1 + i % 28, i))
PY
	c=$(median3 "$B" check "$T/t.ledger")
	t=$(median3 "$B" treaty -f "$T/t.ledger" t --on 2026-01-01)
	gc=$(awk -v a="$c" -v b="$prev_c" 'BEGIN { print b > 0 ? sprintf("%.1fx", a / b) : "-" }')
	gt=$(awk -v a="$t" -v b="$prev_t" 'BEGIN { print b > 0 ? sprintf("%.1fx", a / b) : "-" }')
	printf '%6s %12s %8s %12s %8s\n' "$n" "$c" "$gc" "$t" "$gt"
	prev_c=$c
	prev_t=$t
done
