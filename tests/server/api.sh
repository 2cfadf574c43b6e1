#!/bin/sh
# The HTTP API on loopback (docs/api.md): every endpoint answers with the
# bytes `chancery ... --json` prints; every error has its status and a
# message naming the parameter; writes need an editor's token, are seen
# by the next read, and a bad ledger is refused with line:col and leaves
# the store as it was. Expected values worked out by hand from
# data/registry.ledger (the same ones tests/cli/asof.sh checks).
. "$SRCDIR/tests/server/lib.sh.inc"
cd "$T" || exit 1
DATA="$SRCDIR/data/registry.ledger"

# json FILE EXPR: a value of a JSON file (d is the document), by Python.
json() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
expect_json() {
	got=$(json "$1" "$2")
	[ "$got" = "$3" ] || fail "$(basename "$1"): $2 is '$got', expected '$3'"
}

expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import --author test --recorded-at 2025-01-01T00:00:00Z "$DATA"
EDITOR=$("$CHANCERY" --db s.db token add alice --role editor 2>/dev/null)
READER=$("$CHANCERY" --db s.db token add bob --role reader 2>/dev/null)
ADMIN=$("$CHANCERY" --db s.db token add carol --role admin 2>/dev/null)
GONE=$("$CHANCERY" --db s.db token add dave --role editor 2>/dev/null)
expect_exit 0 "$CHANCERY" --db s.db token revoke dave
expect_grep "$T/err" "revoked 1 token of 'dave'"
expect_exit 4 "$CHANCERY" --db s.db token revoke dave
expect_exit 2 "$CHANCERY" --db s.db token add eve --role boss
expect_grep "$T/err" "unknown --role 'boss'"
expect_exit 0 "$CHANCERY" --db s.db token list
expect_grep "$T/out" "carol            admin"
grep -q "$EDITOR" "$T/out" && fail "token list shows a secret"
case "$EDITOR" in chy_????????????????????????????????????????????????????????????????) ;; *) fail "token '$EDITOR' is not chy_ and 64 hex digits" ;; esac
[ "$(sql s.db "SELECT count(*) FROM token WHERE hash = '$EDITOR'")" = 0 ] || fail "the store holds a token in clear"

start_server main --db s.db --max-body 64K --timeout 2
# a second server on its port says why it cannot listen (libmicrohttpd
# said "Failed to bind to port 0")
PORT=${URL#http://127.0.0.1:}
PORT=${PORT%/}
expect_exit 3 "$CHANCERY" --db s.db serve --listen "127.0.0.1:$PORT"
expect_grep "$T/err" "error: cannot listen on '127.0.0.1:$PORT': the port is in use"
grep -q "port 0" "$T/err" && fail "the message names port 0: $(cat "$T/err")"
cp "$T/main.url" url.txt

# ---- every read answers as the command line's --json does --------------------

same() { # same API_PATH CLI_ARGS...
	path=$1
	shift
	req 200 "$URL$path"
	"$CHANCERY" --db s.db "$@" >cli.json 2>/dev/null
	expect_same "$T/body" cli.json
}
same "api/parties" parties --json
same "api/parties?kind=partially-recognised" parties --kind partially-recognised --json
same "api/events?party=Abkhazia&party=RU" events --party Abkhazia --party RU --json
same "api/events?party=Q159&from=2009&to=2010&kind=treaty" events --party Q159 --from 2009 --to 2010 --kind treaty --json
same "api/status?a=Abkhazia&b=Russia&on=2009-06-01" status Abkhazia Russia --on 2009-06-01 --json
same "api/recognitions?party=AB&on=2010-01-01" recognitions AB --on 2010-01-01 --json
same "api/recognitions?party=AB&series=1" recognitions AB --series --json
same "api/treaties?status=proposed" treaties --status proposed --json
same "api/treaty/ru-ab-base?on=2000-01-01" treaty ru-ab-base --on 2000-01-01 --json
same "api/timeline?a=AB&b=RU&from=2008&to=2009" timeline AB RU --from 2008 --to 2009 --json
same "api/diff?a=AB&b=RU&from=2008-08-01&to=2009-06-01" diff AB RU --from 2008-08-01 --to 2009-06-01 --json
same "api/treaties?a=AB&b=RU&on=2013-01-01" treaties AB RU --on 2013-01-01 --json
same "api/treaties?on=2013-01-01&status=in-force" treaties --on 2013-01-01 --status in-force --json
same "api/treaty/ru-ab-base?on=2013-01-01" treaty ru-ab-base --on 2013-01-01 --json
same "api/dyads?on=2010-01-01" dyads --on 2010-01-01 --json
same "api/show/Russia" show Russia --json
same "api/show/ru-ab-base" show ru-ab-base --json
same "api/log" log --json
same "api/history/ru-recognises-ab" history ru-recognises-ab --json
same "api/status?a=AB&b=RU&on=2009-06-01&known_on=2025-01-01" status AB RU --on 2009-06-01 --known-on 2025-01-01 --json
for f in json text markdown html wikitext; do
	req 200 "${URL}api/article?a=Abkhazia&b=Russia&on=2008-09-01&format=$f"
	"$CHANCERY" --db s.db article Abkhazia Russia --on 2008-09-01 --format $f >cli.out
	expect_same "$T/body" cli.out
done
# maps and charts: the SVG of `chancery map` and `chancery chart`
req 200 "${URL}api/map?a=Abkhazia&b=Russia&on=2009-06-01"
"$CHANCERY" --db s.db map Abkhazia Russia --on 2009-06-01 -o - >cli.svg
expect_same "$T/body" cli.svg
[ "$(header Content-Type)" = image/svg+xml ] || fail "map Content-Type '$(header Content-Type)'"
case "$(header Content-Security-Policy)" in "default-src 'none'"*) ;; *) fail "an SVG without its CSP" ;; esac
req 200 "${URL}api/map?recognitions=AB&on=2010-01-01"
"$CHANCERY" --db s.db map --recognitions AB --on 2010-01-01 -o - >cli.svg
expect_same "$T/body" cli.svg
req 200 "${URL}api/chart/timeline?a=AB&b=RU&from=2008&to=2012"
"$CHANCERY" --db s.db chart timeline AB RU --from 2008 --to 2012 -o - >cli.svg
expect_same "$T/body" cli.svg
req 200 "${URL}api/chart/recognitions?party=AB"
"$CHANCERY" --db s.db chart recognitions AB -o - >cli.svg
expect_same "$T/body" cli.svg
req 400 "${URL}api/map?recognitions=AB&a=RU"
req 400 "${URL}api/chart/timeline?a=AB&b=RU&from=2012&to=2008"
req 200 "${URL}api/article?a=AB&b=RU&on=2026-01-01&format=wikitext&refs=1"
expect_same "$T/body" "$SRCDIR/tests/golden/article/abkhazia-russia-2026-01-01.refs.wiki"
[ "$(header Content-Type)" = "text/plain; charset=utf-8" ] || fail "wikitext Content-Type '$(header Content-Type)'"

# ---- hand-checked answers ----------------------------------------------------------

req 200 "${URL}api/status?a=Abkhazia&b=Russia&on=2009-06-01"
cp "$T/body" status.json
expect_json status.json 'd["relations"]["state"]' established
expect_json status.json 'd["relations"]["level"]' embassy
expect_json status.json 'd["relations"]["since"]["edtf"]' 2008-09-09
expect_json status.json 'd["relations"]["since_event"]' ru-ab-relations
expect_json status.json 'd["recognition"][1]["since_event"]' ru-recognises-ab
[ "$(header Content-Type)" = application/json ] || fail "status Content-Type '$(header Content-Type)'"
req 200 "${URL}api/status?a=AB&b=RU&on=2008-09-01"
# before the relations of 2008-09-09, no fact and no covering source: not a "no"
expect_json "$T/body" 'd["relations"]["state"]' not-recorded
expect_json "$T/body" 'd["relations"]["answer"]' not-recorded
expect_json "$T/body" 'd["recognition"][1]["state"]' yes
expect_json "$T/body" 'd["recognition"][1]["answer"]' yes
expect_json "$T/body" 'd["coverage"]' '[]'
req 200 "${URL}api/parties?q=abk"
expect_json "$T/body" '[p["id"] for p in d]' "['AB']"
req 200 "${URL}api/parties?q=Q159"
expect_json "$T/body" '[p["id"] for p in d]' "['RU']"
req 200 "${URL}api/parties?q=rus&limit=1"
expect_json "$T/body" 'len(d)' 1
req 200 "${URL}api"
expect_json "$T/body" 'd["name"]' chancery
req 200 -I "${URL}api/status?a=AB&b=RU"
grep -q '"on"' "$T/body" && fail "HEAD has a body"
[ -n "$(header ETag)" ] || fail "HEAD has no ETag"

# ---- caching ------------------------------------------------------------------------

req 200 "${URL}api/recognitions?party=AB&on=2010-01-01"
etag=$(header ETag)
[ -n "$etag" ] || fail "no ETag on a read"
[ "$(header Cache-Control)" = no-cache ] || fail "Cache-Control '$(header Cache-Control)'"
[ -z "$(header Access-Control-Allow-Origin)" ] || fail "CORS is on by default"
req 304 -H "If-None-Match: $etag" "${URL}api/recognitions?party=AB&on=2010-01-01"
[ -s "$T/body" ] && fail "304 with a body"
req 200 -H 'If-None-Match: "0000000000000000"' "${URL}api/recognitions?party=AB&on=2010-01-01"

# ---- errors ---------------------------------------------------------------------------

req 400 "${URL}api/status?a=AB&b=RU&on=2009"
expect_json "$T/body" 'd["error"]["code"]' bad_parameter
expect_json "$T/body" 'd["error"]["parameter"]' on
expect_grep "$T/body" "parameter 'on': '2009': expected one day (YYYY-MM-DD)"
req 400 "${URL}api/status?a=AB&b=RU&on=2009-02-30"
expect_grep "$T/body" "day 30 does not exist in 2009-02"
req 400 "${URL}api/status?a=AB&b=RU&colour=red"
expect_grep "$T/body" "unknown parameter 'colour'; /api/status takes a,b,on,known_on"
req 400 "${URL}api/status?a=AB&a=RU&b=RU"
expect_grep "$T/body" "parameter 'a' given twice"
req 400 "${URL}api/status?a=AB&b=%zz"
expect_json "$T/body" 'd["error"]["code"]' bad_query
expect_grep "$T/body" "character 8: bad escape in the value"
req 400 "${URL}api/status?a=AB&b=%ff"
expect_grep "$T/body" "is not UTF-8 text"
req 400 "${URL}api/status?b=RU"
expect_grep "$T/body" "parameter 'a': required"
req 400 "${URL}api/events?from=2010&to=2009-06"
expect_grep "$T/body" "parameter 'from': '2010' is after to= '2009-06'"
req 200 "${URL}api/events?from=2009&to=2009-06"
req 400 "${URL}api/diff?a=AB&b=RU&from=2010-01-01&to=2009-01-01"
req 400 "${URL}api/events?kind=sneeze"
expect_grep "$T/body" "'sneeze' is neither an event kind nor a category"
req 400 "${URL}api/article?a=AB&b=RU&format=pdf"
expect_grep "$T/body" "unknown format 'pdf'"
req 400 "${URL}api/status?a=AB&b=RU&known_on=yesterday"
expect_json "$T/body" 'd["error"]["parameter"]' known_on
req 404 "${URL}api/status?a=Abkhazi&b=Russia"
expect_json "$T/body" 'd["error"]["code"]' unknown_party
expect_json "$T/body" 'd["error"]["message"]' "unknown party 'Abkhazi'; did you mean 'Abkhazia' (AB)?"
expect_json "$T/body" 'd["error"]["suggestions"][0]["id"]' AB
req 404 "${URL}api/treaty/no-such-treaty"
expect_grep "$T/body" "no treaty has the id 'no-such-treaty'"
req 404 "${URL}api/history/no-such-id"
req 404 "${URL}api/nothing"
expect_json "$T/body" 'd["error"]["code"]' no_such_endpoint
req 404 "${URL}no-such-page.html"
req 405 -X POST "${URL}api/status?a=AB&b=RU"
[ "$(header Allow)" = "GET, HEAD" ] || fail "405 Allow '$(header Allow)'"
req 405 "${URL}api/import"
[ "$(header Allow)" = "POST" ] || fail "405 Allow '$(header Allow)'"
req 405 -X DELETE "${URL}api/log"

# ---- writes ---------------------------------------------------------------------------

cat >good.ledger <<'LEDGER'
party NR "Republic of Nauru" short="Nauru" iso=NR wikidata=Q697 source=abru
2009-12-15 recognise NR AB instrument="note" id=nr-recognises-ab source=abru
LEDGER
printf '2010-01-01 establish-relations RU AB level=embassy source=abru\n2010-01-02 recognise RU XX source=abru\n' >bad.ledger
records() { sql s.db "SELECT count(*) FROM record"; }

req 401 -X POST --data-binary @good.ledger "${URL}api/import"
expect_json "$T/body" 'd["error"]["code"]' unauthorized
[ "$(header WWW-Authenticate)" = 'Bearer realm="chancery"' ] || fail "401 without WWW-Authenticate"
req 401 -X POST -H "Authorization: Bearer $GONE" --data-binary @good.ledger "${URL}api/import"
expect_grep "$T/body" "unknown or revoked token"
req 401 -X POST -H "Authorization: Bearer nonsense" --data-binary @good.ledger "${URL}api/import"
req 401 -X POST -H "Authorization: Basic YWxpY2U6eA==" --data-binary @good.ledger "${URL}api/import"
req 403 -X POST -H "Authorization: Bearer $READER" --data-binary @good.ledger "${URL}api/import"
expect_grep "$T/body" "account 'bob' is a reader; this needs the role editor"
req 415 -X POST -H "Authorization: Bearer $EDITOR" -H 'Content-Type: image/png' --data-binary @good.ledger "${URL}api/import"
[ "$(records)" = 1 ] || fail "a refused write changed the store"

# a bad ledger: positions, nothing stored
before=$(sql s.db "SELECT count(*) FROM fact")
req 422 -X POST -H "Authorization: Bearer $EDITOR" -H 'Content-Type: text/plain' --data-binary @bad.ledger "${URL}api/import?origin=bad.ledger"
expect_json "$T/body" 'd["error"]["code"]' invalid_ledger
expect_json "$T/body" '[(x["file"], x["line"], x["column"]) for x in d["error"]["diagnostics"] if x["severity"] == "error"]' "[('bad.ledger', 2, 1)]"
expect_grep "$T/body" "unknown party 'XX'"
req 422 -X POST -H "Authorization: Bearer $EDITOR" --data-binary '2010-01-01 recognise RU' "${URL}api/import"
expect_json "$T/body" 'd["error"]["diagnostics"][0]["line"]' 1
req 422 -X POST -H "Authorization: Bearer $EDITOR" --data-binary 'include "/etc/passwd"' "${URL}api/import"
expect_grep "$T/body" "include is not allowed here"
[ "$(sql s.db "SELECT count(*) FROM fact")" = "$before" ] || fail "a bad ledger changed the store"
[ "$(records)" = 1 ] || fail "a bad ledger wrote a record"

# a dry run answers and stores nothing
req 200 -X POST -H "Authorization: Bearer $EDITOR" --data-binary @good.ledger "${URL}api/import?check=1"
expect_json "$T/body" '(d["dry_run"], d["added"], d["record"])' "(True, 2, None)"
[ "$(records)" = 1 ] || fail "check=1 wrote a record"

# a write, seen by the next read
req 200 "${URL}api/recognitions?party=AB&on=2010-01-01"
expect_json "$T/body" 'd["count"]' 1
old_etag=$(header ETag)
req 200 -X POST -H "Authorization: Bearer $EDITOR" -H 'Content-Type: text/plain' --data-binary @good.ledger "${URL}api/import?origin=good.ledger"
expect_json "$T/body" '(d["dry_run"], d["added"], d["record"], d["author"])' "(False, 2, 2, 'alice')"
req 200 "${URL}api/recognitions?party=AB&on=2010-01-01"
expect_json "$T/body" 'd["count"]' 2
expect_json "$T/body" '[x["by"] for x in d["recognitions"]]' "['NR', 'RU']"
[ "$(header ETag)" != "$old_etag" ] || fail "the ETag did not change with the answer"
req 200 "${URL}api/history/nr-recognises-ab"
expect_json "$T/body" '(d[0]["author"], d[0]["origin"])' "('alice', 'http:good.ledger')"
[ "$(sql s.db "SELECT author || ' ' || origin FROM record WHERE rec = 2")" = "alice http:good.ledger" ] || fail "record 2 is not alice's"
# the same again changes nothing and writes no record
req 200 -X POST -H "Authorization: Bearer $EDITOR" --data-binary @good.ledger "${URL}api/import"
expect_json "$T/body" '(d["added"], d["record"])' "(0, None)"
# a JSON body
# an origin that would drive the terminal of whoever reads `chancery log`
# is refused, in the body as in the query string (issue 21)
printf '{"ledger": "source esc-origin \\"x\\"\\n", "origin": "x\\u001b]0;PWNED\\u0007"}' >esc.json
req 400 -X POST -H "Authorization: Bearer $EDITOR" -H 'Content-Type: application/json' --data-binary @esc.json "${URL}api/import"
expect_json "$T/body" 'd["error"]["code"]' bad_body
req 404 "${URL}api/show/esc-origin"
printf '{"ledger": "2010-03-01 recognise NR RU id=nr-recognises-ru source=abru\\n", "origin": "note.json"}' >body.json
req 200 -X POST -H "Authorization: Bearer $EDITOR" -H 'Content-Type: application/json' --data-binary @body.json "${URL}api/import"
expect_json "$T/body" '(d["added"], d["record"])' "(1, 3)"
# the snapshot file beside the store follows the server's imports (written
# by the rebuild thread once the writer has its answer), so the command
# line's queries on the same store read it, current. The rebuild waits for
# a second without writes and then loads the store: on a machine whose two
# cores are busy with other tests (ctest -j2, the sanitizers) that took
# more than 10 s, so up to 60 s are allowed; the steps below also need the
# rebuild done, or a read the next write does not touch would be answered
# from the store by a registry published after it.
i=0
until "$CHANCERY" --db s.db snapshot --check 2>/dev/null || [ $i -ge 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
expect_exit 0 "$CHANCERY" --db s.db snapshot --check
expect_grep "$T/err" "current and whole"
CHANCERY_SNAPSHOT=report expect_exit 0 "$CHANCERY" --db s.db show nr-recognises-ru
expect_grep "$T/err" "snapshot: used"
expect_grep "$T/out" "2010-03-01 recognise NR RU"
# A write by another process (the command line) is seen by the server's
# readers at once: while the registry it holds is behind the store, each
# read loads what it needs from the store; the registry is loaded again in
# the background once the writes pause (docs/api.md, "Writes by others").
# The server notices within HOLDER_POLL_MS (100 ms); 5 s allows for a
# loaded machine.
printf '2010-04-01 recognise NR GE id=cli-written source=abru\n' >cli.ledger
req 404 "${URL}api/show/cli-written"
req 200 "${URL}api/status?a=NR&b=GE&on=2010-06-01"
expect_json "$T/body" 'd["recognition"][0]["answer"]' not-recorded
expect_exit 0 "$CHANCERY" --db s.db import --author cli cli.ledger
t0=$(date +%s%N)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "${URL}api/show/cli-written")" = 200 ] ||
	[ $((($(date +%s%N) - t0) / 1000000)) -gt 5000 ]; do
	sleep 0.02
done
ms=$((($(date +%s%N) - t0) / 1000000))
req 200 "${URL}api/show/cli-written"
[ "$(header Chancery-Answered-From)" = store ] || fail "the new fact came from '$(header Chancery-Answered-From)'"
echo "the command line's write was seen by the server's readers after $ms ms" >&2
req 200 "${URL}api/status?a=NR&b=GE&on=2010-06-01"
expect_json "$T/body" 'd["recognition"][0]["answer"]' yes
[ "$(header Chancery-Answered-From)" = store ] || fail "NR-GE came from '$(header Chancery-Answered-From)'"
# a dyad the write does not touch is answered from memory meanwhile
req 200 "${URL}api/status?a=AB&b=RU&on=2010-06-01"
[ "$(header Chancery-Answered-From)" = memory ] || fail "AB-RU came from '$(header Chancery-Answered-From)' while the registry was behind"
req 200 "${URL}api/log"
expect_json "$T/body" 'd[-1]["author"]' cli
# and once the registry is loaded again, /api counts it
i=0
until [ "$(curl -s "${URL}api" | python3 -c 'import json,sys; print(json.load(sys.stdin)["record"])')" = 4 ] || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
req 200 "${URL}api"
expect_json "$T/body" 'd["record"]' 4
req 400 -X POST -H "Authorization: Bearer $EDITOR" -H 'Content-Type: application/json' --data-binary '{"ledger": 5}' "${URL}api/import"
expect_grep "$T/body" "field 'ledger': expected a string, got a number"
req 400 -X POST -H "Authorization: Bearer $EDITOR" -H 'Content-Type: application/json' --data-binary '{"ledger": "x",' "${URL}api/import"
expect_grep "$T/body" "body, line 1, column 15"
# an admin sees the accounts, an editor does not
req 200 -H "Authorization: Bearer $ADMIN" "${URL}api/tokens"
expect_json "$T/body" '[(t["name"], t["role"], t["revoked_at"] is not None) for t in d]' "[('alice', 'editor', False), ('bob', 'reader', False), ('carol', 'admin', False), ('dave', 'editor', True)]"
grep -q chy_ "$T/body" && fail "GET /api/tokens shows a secret"
req 403 -H "Authorization: Bearer $EDITOR" "${URL}api/tokens"
expect_grep "$T/body" "account 'alice' is an editor; this needs the role admin"

# ---- limits -------------------------------------------------------------------------

head -c 70000 /dev/zero | tr '\0' '#' >big.ledger
req 413 -X POST -H "Authorization: Bearer $EDITOR" --data-binary @big.ledger "${URL}api/import"
expect_json "$T/body" 'd["error"]["limit"]' 65536
# chunked, with no Content-Length: counted as it comes
req 413 -X POST -H "Authorization: Bearer $EDITOR" -H 'Transfer-Encoding: chunked' --data-binary @big.ledger "${URL}api/import"
[ "$(records)" = 4 ] || fail "a body too large changed the store"
# a header larger than --max-header (32K by default): chancery's JSON 431;
# a request target past half of it, 414; past twice --max-header,
# libmicrohttpd refuses it itself (its page, or a closed connection)
long=$(head -c 40000 /dev/zero | tr '\0' 'x')
req 431 -H "X-Long: $long" "${URL}api"
expect_json "$T/body" '(d["error"]["code"], d["error"]["limit"])' "('header_too_large', 32768)"
req 414 "${URL}api/$(head -c 20000 /dev/zero | tr '\0' 'x')"
expect_json "$T/body" '(d["error"]["code"], d["error"]["limit"])' "('uri_too_long', 16384)"
req 200 "${URL}api" # and the server goes on
longer=$(head -c 100000 /dev/zero | tr '\0' 'x')
got=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Long: $longer" "${URL}api" || true)
case "$got" in 413|431|000) ;; *) fail "a 100 KB header got HTTP $got, expected 413 or 431 or a closed connection" ;; esac
# a path with bytes that are not UTF-8: 400, said in JSON
req 400 "${URL}api/show/%FF%FE"
expect_json "$T/body" 'd["error"]["message"]' "the path is not UTF-8 without control characters (byte 11)"
# a slow client: the connection is closed after --timeout (2 s) of silence
python3 - "$URL" <<'PY' || fail "an idle connection was not closed by the server"
import socket, sys, time
host, port = sys.argv[1][7:].rstrip("/").split(":")
s = socket.create_connection((host, int(port)))
s.sendall(b"GET /api HTTP/1.1\r\nHost: x\r\n")  # and never the end of the headers
s.settimeout(8)
t = time.monotonic()
try:
    closed = s.recv(1) == b""
except (socket.timeout, ConnectionResetError):
    closed = False
sys.exit(0 if closed and time.monotonic() - t < 6 else 1)
PY
# the server still answers
req 200 "${URL}api"
stop_server main

# ---- read-only and private servers --------------------------------------------

start_server ro --db s.db --read-only
req 403 -X POST -H "Authorization: Bearer $EDITOR" --data-binary @good.ledger "${URL}api/import"
expect_json "$T/body" 'd["error"]["code"]' read_only
req 200 "${URL}api/status?a=AB&b=RU"
stop_server ro

start_server priv --db s.db --private --cors https://example.org
req 401 "${URL}api/status?a=AB&b=RU"
req 200 -H "Authorization: Bearer $READER" "${URL}api/status?a=AB&b=RU"
[ "$(header Access-Control-Allow-Origin)" = https://example.org ] || fail "--cors did not set the header"
req 200 "$URL"
expect_grep "$T/body" "<!doctype html>"
stop_server priv

# ---- no path of the server's disk in an answer (issue 21, item 5) ---------------

start_server paths --db s.db
printf 'source path-test "A source"\n' >path.ledger
req 200 -X POST -H "Authorization: Bearer $EDITOR" --data-binary @path.ledger "${URL}api/import"
expect_json "$T/body" '"store" in d' False
if grep -q "$T" "$T/body"; then
	fail "an import's answer names the server's directory: $(cat "$T/body")"
fi
# the store locked by another process past the busy timeout (10 s): 503,
# and the message calls the store STORE
python3 -c 'import sqlite3, time; c = sqlite3.connect("s.db", isolation_level=None); c.execute("BEGIN EXCLUSIVE"); open("locked", "w").close(); time.sleep(14)' &
LOCKER=$!
i=0
until [ -e locked ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
printf 'source path-test-2 "A source"\n' >path2.ledger
req 503 -X POST -H "Authorization: Bearer $EDITOR" --data-binary @path2.ledger "${URL}api/import"
expect_grep "$T/body" "store 'STORE'"
if grep -q "$T" "$T/body"; then
	fail "a 503 names the server's directory: $(cat "$T/body")"
fi
wait $LOCKER
stop_server paths

# ---- bad command lines ----------------------------------------------------------

expect_exit 2 "$CHANCERY" serve --db s.db --listen nowhere
expect_grep "$T/err" "--listen 'nowhere': expected ADDRESS:PORT"
expect_exit 2 "$CHANCERY" serve --db s.db --max-body lots
expect_exit 3 "$CHANCERY" serve --db missing.db
expect_grep "$T/err" "no store at 'missing.db'"
finish
