#!/bin/sh
# run_edit.sh: what one edit costs (issue 19, bench/README.md "Edits"), on
# synthetic stores of 10,000, 100,000 and 1,000,000 events (gen_registry,
# 200 parties), each figure beside its peer in the same run. Not a test:
# run it by hand on a quiet machine, from a Release build.
#
#   sh bench/run_edit.sh build
#
# It measures:
#   - one new fact by `chancery import` of a one-line ledger (median and
#     worst of EDIT_RUNS, each a new recognition), wall time and peak RSS,
#     against the sqlite3 shell inserting the same fact's rows by hand (a
#     record, its fact, its decoded event: one transaction, one process);
#   - status and recognitions on the command line against the sqlite3
#     shell's dyad and recognitions sections of bench/asof.sql on a copy of
#     the store with the two indexes a user would add
#     (event (actor, target), event (target, kind));
#   - on the largest store, with `chancery serve` running: one new fact by
#     POST /api/import (median of EDIT_RUNS) while wrk reads GET
#     /api/status of a dyad of median size (its p99 with and without the
#     edits), and how long a fact imported by the command line takes to be
#     seen by the server's readers (median of EDIT_RUNS).
# Environment: EDIT_SIZES (default "10000 100000 1000000"), EDIT_RUNS (9).
# Results: bench/out/edit/results.txt (key value lines).
set -eu
BUILD=${1:-build}
CH=$BUILD/chancery
GEN=$BUILD/gen_registry
SIZES=${EDIT_SIZES:-10000 100000 1000000}
RUNS=${EDIT_RUNS:-9}
OUT=bench/out/edit
mkdir -p "$OUT"
RES=$OUT/results.txt
: >"$RES"
export LC_ALL=C TZ=UTC
unset CHANCERY_DB CHANCERY_SNAPSHOT
for tool in sqlite3 curl wrk /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "run_edit.sh: $tool is needed" >&2; exit 2; }
done
[ -x "$CH" ] && [ -x "$GEN" ] || { echo "run_edit.sh: build first (make)" >&2; exit 2; }

put() { echo "$1 $2" >>"$RES"; printf '  %-40s %s\n' "$1" "$2"; }
now_ns() { date +%s%N; }
ms_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.2f\n", (b - a) / 1e6 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
worst() { sort -n | tail -n 1; }

# timed N KEY CMD...: wall ms of each of N runs of CMD (output dropped);
# median and worst as KEY_ms, KEY_worst_ms, peak RSS as KEY_mb.
timed() {
	times=$1 key=$2
	shift 2
	: >"$OUT/t"
	i=0
	while [ $i -lt "$times" ]; do
		t0=$(now_ns)
		/usr/bin/time -f %M -o "$OUT/rss" "$@" >/dev/null 2>"$OUT/err" ||
			{ echo "run_edit.sh: failed: $*" >&2; cat "$OUT/err" >&2; exit 1; }
		ms_since "$t0" >>"$OUT/t"
		i=$((i + 1))
	done
	put "${key}_ms" "$(median <"$OUT/t")"
	put "${key}_worst_ms" "$(worst <"$OUT/t")"
	put "${key}_mb" "$(awk '{ printf "%.1f", $1 / 1024 }' "$OUT/rss")"
}

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), chancery $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
for n in $SIZES; do
	d=$OUT/$n
	mkdir -p "$d"
	if [ ! -s "$d/registry.ledger" ]; then
		"$GEN" --events "$n" --parties 200 --seed 1 "$d/registry.ledger" >/dev/null 2>&1
	fi
	rm -f "$d/store.db" "$d/store.db-wal" "$d/store.db-shm" "$d/store.db.snapshot"
	"$CH" --db "$d/store.db" init 2>/dev/null
	"$CH" --db "$d/store.db" import --author bench "$d/registry.ledger" 2>/dev/null
	echo "== $n events"
	# one new fact, EDIT_RUNS times, each another recognition
	i=0
	: >"$OUT/t"
	while [ $i -lt "$RUNS" ]; do
		printf '%d-06-01 recognise P0007 P0123 id=edit-%d source=S01\n' $((1950 + i)) $i >"$d/edit.ledger"
		t0=$(now_ns)
		/usr/bin/time -f %M -o "$OUT/rss" "$CH" --db "$d/store.db" import --author bench "$d/edit.ledger" 2>"$OUT/err" ||
			{ cat "$OUT/err" >&2; exit 1; }
		ms_since "$t0" >>"$OUT/t"
		i=$((i + 1))
	done
	put "n${n}_edit_cli_ms" "$(median <"$OUT/t")"
	put "n${n}_edit_cli_worst_ms" "$(worst <"$OUT/t")"
	put "n${n}_edit_cli_mb" "$(awk '{ printf "%.1f", $1 / 1024 }' "$OUT/rss")"
	# the sqlite3 shell writing the same rows by hand, on a copy
	cp "$d/store.db" "$d/sql.db"
	i=0
	: >"$OUT/t"
	while [ $i -lt "$RUNS" ]; do
		cat >"$d/edit.sql" <<EOF
BEGIN;
INSERT INTO fact (id, entity, rec, text) VALUES ('sql-edit-$i', 'event', (SELECT max(rec) + 1 FROM record),
  '$((1950 + i))-06-01 recognise P0007 P0123 id=sql-edit-$i source=S01');
INSERT INTO event (fid, kind, date, day_from, day_to, precision, actor, target, sources)
  VALUES (last_insert_rowid(), 'recognise', '$((1950 + i))-06-01', '$((1950 + i))-06-01', '$((1950 + i))-06-01', 'day', 'P0007', 'P0123', 'S01');
INSERT INTO record (rec, recorded_at, author, added) VALUES ((SELECT max(rec) + 1 FROM record), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'bench', 1);
COMMIT;
EOF
		t0=$(now_ns)
		/usr/bin/time -f %M -o "$OUT/rss" sqlite3 "$d/sql.db" ".read $d/edit.sql" 2>"$OUT/err" ||
			{ cat "$OUT/err" >&2; exit 1; }
		ms_since "$t0" >>"$OUT/t"
		i=$((i + 1))
	done
	put "n${n}_edit_sqlite_ms" "$(median <"$OUT/t")"
	put "n${n}_edit_sqlite_mb" "$(awk '{ printf "%.1f", $1 / 1024 }' "$OUT/rss")"
	# queries against the indexed sqlite3 shell
	cp "$d/store.db" "$d/idx.db"
	sqlite3 "$d/idx.db" 'CREATE INDEX event_actor ON event (actor, target);
CREATE INDEX event_target ON event (target, kind);'
	for section in dyad recognitions; do
		{
			echo ".parameter set :A \"'P0001'\""
			echo ".parameter set :B \"'P0002'\""
			echo ".parameter set :D \"'2000-01-01'\""
			echo ".parameter set :X \"'P0001'\""
			awk -v s="$section" '/^-- == /{ on = ($3 == s); next } on' bench/asof.sql
		} >"$d/$section.sql"
	done
	timed "$RUNS" "n${n}_status" "$CH" --db "$d/store.db" status P0001 P0002 --on 2000-01-01
	timed "$RUNS" "n${n}_sql_dyad_indexed" sqlite3 -readonly "$d/idx.db" ".read $d/dyad.sql"
	timed "$RUNS" "n${n}_recognitions" "$CH" --db "$d/store.db" recognitions P0001 --on 2000-01-01
	timed "$RUNS" "n${n}_sql_recognitions_indexed" sqlite3 -readonly "$d/idx.db" ".read $d/recognitions.sql"
	LAST=$n
done

# ---- the server, on the largest store ----------------------------------------------
d=$OUT/$LAST
rm -f "$OUT/url"
"$CH" --db "$d/store.db" serve --listen 127.0.0.1:0 --threads 2 --per-ip 0 >"$OUT/url" 2>"$OUT/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT INT TERM
while [ ! -s "$OUT/url" ]; do kill -0 $PID || exit 1; sleep 0.05; done
URL=$(head -n 1 "$OUT/url")
TOKEN=$("$CH" --db "$d/store.db" token add bench --role editor 2>/dev/null)
Q="${URL}api/status?a=P0043&b=P0152&on=2010-06-30"
curl -s -o /dev/null "$Q"
echo "== the server on $LAST events"
wrk -t2 -c8 -d10s --latency "$Q" >"$OUT/wrk.quiet.txt"
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms/, "", v); else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }; print v }' "$1"; }
put "server_status_p99_quiet_ms" "$(p99 "$OUT/wrk.quiet.txt")"
wrk -t2 -c8 -d20s --latency "$Q" >"$OUT/wrk.edits.txt" &
WRK=$!
sleep 2
i=0
: >"$OUT/t"
while [ $i -lt "$RUNS" ]; do
	printf '%d-07-01 recognise P0009 P0131 id=api-edit-%d source=S01\n' $((1950 + i)) $i >"$OUT/api.ledger"
	curl -s -o "$OUT/api.out" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" \
		--data-binary @"$OUT/api.ledger" "${URL}api/import" | awk '{ printf "%.2f\n", $1 * 1000 }' >>"$OUT/t"
	grep -q '"added": 1' "$OUT/api.out" || { echo "run_edit.sh: the API edit failed" >&2; cat "$OUT/api.out" >&2; }
	sleep 1
	i=$((i + 1))
done
wait $WRK
put "server_edit_api_ms" "$(median <"$OUT/t")"
put "server_edit_api_worst_ms" "$(worst <"$OUT/t")"
put "server_status_p99_during_edits_ms" "$(p99 "$OUT/wrk.edits.txt")"
# a write by the command line, seen by the server's readers
i=0
: >"$OUT/t"
while [ $i -lt "$RUNS" ]; do
	printf '%d-08-01 recognise P0011 P0141 id=cli-seen-%d source=S01\n' $((1950 + i)) $i >"$OUT/cli.ledger"
	"$CH" --db "$d/store.db" import --author bench "$OUT/cli.ledger" 2>/dev/null
	t0=$(now_ns)
	until [ "$(curl -s -o /dev/null -w '%{http_code}' "${URL}api/show/cli-seen-$i")" = 200 ]; do
		sleep 0.005
	done
	ms_since "$t0" >>"$OUT/t"
	sleep 2
	i=$((i + 1))
done
put "server_sees_cli_write_ms" "$(median <"$OUT/t")"
put "server_sees_cli_write_worst_ms" "$(worst <"$OUT/t")"
put "server_rss_mb" "$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' /proc/$PID/status)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); results in $RES"
