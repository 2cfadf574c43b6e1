#!/bin/sh
# Slow clients from a few addresses cannot lock everyone out (issue 21,
# item 3). Four addresses of the loopback (127.0.0.2-5) each open 64
# connections and send half a request, the attack that filled the 256
# connections of the defaults before; connections are now counted per
# network (--per-ip, 16 by default), so each address holds at most 16 (17
# when both threads accept at once) and the rest are closed at once; a
# client from another address is still answered, within 100 ms.
# Bounded: about 5 s, on loopback.
. "$SRCDIR/tests/server/lib.sh.inc"
cd "$T" || exit 1
PY=$(command -v python3) || { echo "SKIP: python3 is not installed"; exit 77; }
"$CHANCERY" --db s.db init 2>/dev/null
"$CHANCERY" --db s.db import "$SRCDIR/data/registry.ledger" 2>/dev/null ||
	fail "import data/registry.ledger"
start_server main --db s.db
PORT=${URL#http://127.0.0.1:}
PORT=${PORT%/}

"$PY" "$SRCDIR/tests/server/half_open.py" "$PORT" 64 4 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 \
	>attack.out 2>&1 &
ATTACK=$!
sleep 1.5
# twenty probes from 127.0.0.1 while the connections are held
for i in $(seq 1 20); do
	curl -s --max-time 3 -o /dev/null -w '%{http_code} %{time_total}\n' "${URL}api/status?a=RU&b=AB"
	sleep 0.1
done >probes
wait "$ATTACK"
cat attack.out >&2
n=$(grep -c '^127\.0\.0\.' attack.out)
[ "$n" = 4 ] || fail "the attacker reported $n addresses, expected 4"
awk '$2 < 16 || $2 > 17 { bad = 1 } END { exit bad }' attack.out ||
	fail "each address should hold 16 or 17 connections (--per-ip 16): $(tr '\n' ' ' <attack.out)"
bad=$(awk '$1 != 200' probes | wc -l)
[ "$bad" -eq 0 ] || fail "$bad of 20 probes were not answered: $(awk '$1 != 200' probes | head -3 | tr '\n' ' ')"
timings probes
echo "probes while 4 addresses held their connections: p90 $p90 ms, worst $worst ms" >&2
awk -v p="$p90" 'BEGIN { exit !(p < 100) }' || fail "probes took $p90 ms (p90) during the attack"
awk -v w="$worst" 'BEGIN { exit !(w < 1000) }' || fail "a probe took $worst ms during the attack"

# the limit is the server's option: --per-ip 2 holds two per address
stop_server main
start_server small --db s.db --per-ip 2
PORT=${URL#http://127.0.0.1:}
PORT=${PORT%/}
"$PY" "$SRCDIR/tests/server/half_open.py" "$PORT" 6 0 127.0.0.9 >small.out
alive=$(awk '{ print $2 }' small.out)
[ "$alive" = 2 ] || [ "$alive" = 3 ] || fail "--per-ip 2 let $alive of 6 connections from one address stay"
req 200 "${URL}api/status?a=RU&b=AB"
stop_server small
finish
