#!/bin/sh
# Many writers and readers on one store at once (docs/reliability.md).
# SOAK_WRITERS processes each apply SOAK_CORRECTIONS known corrections to
# a party of their own (its note becomes v1, v2, ...), each an import of a
# file holding only that party; SOAK_READERS processes export, query and
# list the log the whole time. A writer whose import times out on the lock
# tries again, and counts it. At the end: every correction is in the
# history of its party exactly once and in order, each party's current
# note is its last, the store passes integrity_check, and no read failed.
# Defaults: 20 writers, 20 readers, 3 corrections (a long run: raise
# SOAK_CORRECTIONS).
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
W=${SOAK_WRITERS:-20}
R=${SOAK_READERS:-20}
K=${SOAK_CORRECTIONS:-3}
{
	echo 'source s "Soak"'
	i=1
	while [ $i -le "$W" ]; do
		printf 'party W%02d "Writer %d" note="v0" source=s\n' "$i" "$i"
		i=$((i + 1))
	done
	printf 'party X "Anchor" source=s\n2000 recognise X W01 source=s\n'
} >base.ledger
"$CHANCERY" --db s.db init 2>/dev/null
"$CHANCERY" --db s.db import --author setup base.ledger 2>/dev/null || fail "the base import failed"
start=$(date +%s)

writer() {
	id=$(printf 'W%02d' "$1")
	k=1
	while [ $k -le "$K" ]; do
		printf 'source s "Soak"\nparty %s "Writer %d" note="v%d" source=s\n' "$id" "$1" "$k" >"w$1.ledger"
		tries=0
		until "$CHANCERY" --db s.db import --author "writer$1" "w$1.ledger" >/dev/null 2>"w$1.err"; do
			tries=$((tries + 1))
			echo retry >>"w$1.retries"
			if [ $tries -ge 20 ]; then
				echo "writer $1 gave up on v$k: $(cat "w$1.err")" >>failures
				return
			fi
		done
		echo write >>"w$1.done"
		k=$((k + 1))
	done
}

reader() {
	while [ ! -f writers.done ]; do
		for cmd in "export" "status W01 X" "log" "events --party X"; do
			# shellcheck disable=SC2086
			if "$CHANCERY" --db s.db $cmd >/dev/null 2>"r$1.err"; then
				echo read >>"r$1.done"
			else
				echo "reader $1: '$cmd' failed: $(cat "r$1.err")" >>failures
			fi
		done
	done
}

i=1
while [ $i -le "$R" ]; do
	reader $i &
	i=$((i + 1))
done
pids=""
i=1
while [ $i -le "$W" ]; do
	writer $i &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do wait "$p"; done
touch writers.done
wait
elapsed=$(($(date +%s) - start))

[ -f failures ] && { fail "failures during the soak"; head -5 failures >&2; }
writes=$(cat w*.done 2>/dev/null | wc -l)
reads=$(cat r*.done 2>/dev/null | wc -l)
retries=$(cat w*.retries 2>/dev/null | wc -l)
[ "$writes" -eq $((W * K)) ] || fail "$writes corrections written, expected $((W * K))"

# Every correction exactly once, in order; the current note is the last.
"$CHANCERY" --db s.db export >final.ledger
i=1
while [ $i -le "$W" ]; do
	id=$(printf 'W%02d' $i)
	"$CHANCERY" --db s.db history "$id" >h.txt 2>/dev/null
	got=$(grep -o 'note=v[0-9]*' h.txt | sed 's/note=//' | tr '\n' ' ')
	want=$(k=0; while [ $k -le "$K" ]; do printf 'v%d ' $k; k=$((k + 1)); done)
	[ "$got" = "$want" ] || fail "$id has versions '$got', expected '$want'"
	grep -q "^party $id \"Writer $i\" source=s note=v$K\$" final.ledger ||
		fail "$id's current note is not v$K"
	i=$((i + 1))
done
records=$("$CHANCERY" --db s.db log | wc -l)
[ "$records" -eq $((1 + W * K)) ] || fail "$records records, expected $((1 + W * K))"
[ "$(sqlite3 s.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed"
echo "soak: $W writers, $R readers, $((W * K)) corrections written, $reads reads," \
	"$retries retries after a lock timeout, ${elapsed}s"
finish
