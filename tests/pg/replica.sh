#!/bin/sh
# Several servers, one registry, reads from a standby (issue 24): two
# servers on one PostgreSQL primary see each other's writes within a
# second; a third answers its reads from a hot standby (--read-db) and
# its writes on the primary; with the primary stopped, that one still
# answers reads, from memory and from the standby, and refuses writes
# with a 503 that says why.
. "$SRCDIR/tests/cli/lib.sh.inc"
. "$SRCDIR/tests/pg/cluster.sh"
if ! pg_available; then
	echo "SKIP: no PostgreSQL server programs (install the packages of scripts/packages/scale.txt)"
	exit 77
fi
chmod 755 "$T"
SERVERS=""
trap 'for p in $SERVERS; do kill $p 2>/dev/null; done; pg_cleanup; rm -rf "$T"' EXIT
cd "$T" || exit 1

P1=$(pg_free_port)
pg_init "$T/primary" "$P1" || { echo "FAIL: cannot start the primary"; exit 1; }
P2=$(pg_free_port)
pg_standby "$T/standby" "$P2" "$P1" || { echo "FAIL: cannot start the standby"; exit 1; }
PRIMARY=$(pg_url "$P1")
STANDBY=$(pg_url "$P2")
"$CHANCERY" --db "$PRIMARY" init 2>/dev/null || { echo "FAIL: init"; exit 1; }
"$CHANCERY" --db "$PRIMARY" import "$SRCDIR/data/all.ledger" 2>/dev/null || fail "import"
TOKEN=$("$CHANCERY" --db "$PRIMARY" token add editor --role editor 2>/dev/null)

# start NAME ARGS...: a server, its address in $T/NAME.url
start() {
	name=$1
	shift
	"$CHANCERY" serve --listen 127.0.0.1:0 "$@" >"$name.out" 2>"$name.err" &
	SERVERS="$SERVERS $!"
	i=0
	until [ -s "$name.out" ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || { fail "server $name did not start: $(cat "$name.err")"; return 1; }
		sleep 0.1
	done
	head -n 1 "$name.out" >"$name.url"
}
start a --db "$PRIMARY"
start b --db "$PRIMARY"
start r --db "$PRIMARY" --read-db "$STANDBY"
A=$(cat a.url) B=$(cat b.url) R=$(cat r.url)

# post URL ID: import one source through the server at URL
post() {
	printf 'source %s "Written through %s"\n' "$2" "$1" >"$T/post.ledger"
	curl -s -o "$T/post.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
		--data-binary @"$T/post.ledger" "${1}api/import?origin=$2"
}

# seen_within MS URL ID: the server at URL answers for ID within MS ms
seen_within() {
	start_ms=$(date +%s%3N)
	while :; do
		code=$(curl -s -o /dev/null -w '%{http_code}' "${2}api/show/$3")
		now=$(date +%s%3N)
		[ "$code" = 200 ] && { echo "$3 seen after $((now - start_ms)) ms"; return 0; }
		[ $((now - start_ms)) -lt "$1" ] || return 1
		sleep 0.02
	done
}

# ---- a write through one server is seen by the other within a second ----
for i in 1 2 3; do
	[ "$(post "$A" "via-a-$i")" = 200 ] || fail "write through a: $(cat "$T/post.json")"
	seen_within 1000 "$B" "via-a-$i" || fail "server b did not see via-a-$i within 1 s"
	[ "$(post "$B" "via-b-$i")" = 200 ] || fail "write through b: $(cat "$T/post.json")"
	seen_within 1000 "$A" "via-b-$i" || fail "server a did not see via-b-$i within 1 s"
done

# ---- reads from the standby, writes on the primary ----
[ "$(post "$R" via-r)" = 200 ] || fail "write through r (to the primary): $(cat "$T/post.json")"
seen_within 2000 "$R" via-r || fail "server r did not read via-r back from the standby within 2 s"
seen_within 1000 "$A" via-r || fail "server a did not see via-r within 1 s"
# the write went to the primary, and the standby replayed it
[ "$(pg_psql "$P1" "SELECT count(*) FROM fact WHERE id = 'via-r'")" = 1 ] ||
	fail "via-r is not on the primary"
[ "$(pg_psql "$P2" "SELECT count(*) FROM fact WHERE id = 'via-r'")" = 1 ] ||
	fail "via-r is not on the standby"

# ---- the primary stops: r still answers reads, and says why it cannot write ----
pg_stop "$T/primary" fast
code=$(curl -s -o "$T/read.json" -w '%{http_code}' "${R}api/status?a=Abkhazia&b=Russia&on=2010-01-01")
[ "$code" = 200 ] || fail "read from r with the primary down: HTTP $code"
code=$(curl -s -o "$T/read.json" -w '%{http_code}' \
	"${R}api/status?a=Abkhazia&b=Russia&on=2010-01-01&known_on=$(date -u +%Y-%m-%d)")
[ "$code" = 200 ] || fail "a read of the store (known_on) from r with the primary down: HTTP $code"
code=$(post "$R" after-stop)
[ "$code" = 503 ] || fail "write with the primary down: HTTP $code, expected 503"
grep -q '"store"' "$T/post.json" || fail "the 503 does not say the store failed: $(cat "$T/post.json")"
if grep -q "password" "$T/post.json"; then
	fail "the 503 shows connection details: $(cat "$T/post.json")"
fi
exit $((failures > 0))
