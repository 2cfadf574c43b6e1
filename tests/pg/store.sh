#!/bin/sh
# The store on PostgreSQL (issue 24) gives the same answers as on SQLite:
# a primary of the test's own on loopback; the bundled ledgers and a
# synthetic registry, each in an SQLite store, copied into PostgreSQL and
# back; every query answered byte for byte alike from both; imports that
# fail change nothing; the tables are append-only; passwords stay out of
# messages.
. "$SRCDIR/tests/cli/lib.sh.inc"
. "$SRCDIR/tests/pg/cluster.sh"
if ! pg_available; then
	echo "SKIP: no PostgreSQL server programs (install the packages of scripts/packages/scale.txt)"
	exit 77
fi
chmod 755 "$T" # the cluster's user reads its directory inside
trap 'pg_cleanup; rm -rf "$T"' EXIT
cd "$T" || exit 1
PORT=$(pg_free_port)
pg_init "$T/primary" "$PORT" || { echo "FAIL: cannot start PostgreSQL"; exit 1; }
BUILD=$(dirname "$CHANCERY")
URL=$(pg_url "$PORT")
pg_createdb "$PORT" synthetic
pg_createdb "$PORT" direct
pg_createdb "$PORT" notempty
pg_createdb "$PORT" schema2

# ---- The bundled ledgers, in SQLite, copied into PostgreSQL and back ----
"$CHANCERY" --db a.db init 2>/dev/null
CHANCERY_AUTHOR=registrar "$CHANCERY" --db a.db import "$SRCDIR/data/all.ledger" 2>/dev/null ||
	fail "import into SQLite"
"$CHANCERY" --db a.db token add alice --role editor >/dev/null 2>&1
"$CHANCERY" --db a.db amend-record 1 --recorded-at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	--reason "a test of the copy of amendments" 2>/dev/null || fail "amend-record"
expect_exit 0 "$CHANCERY" copy --from a.db --to "$URL"
expect_grep "$T/err" "rows from a.db to $URL"
expect_exit 0 "$CHANCERY" copy --from "$URL" --to b.db

# same_answers STORE_A STORE_B CMD...: the command's output and exit code
# from both stores, compared byte for byte
same_answers() {
	a=$1 b=$2
	shift 2
	"$CHANCERY" --db "$a" "$@" >"$T/ans.a" 2>"$T/err.a"
	ca=$?
	"$CHANCERY" --db "$b" "$@" >"$T/ans.b" 2>"$T/err.b"
	cb=$?
	if [ "$ca" != "$cb" ] || ! cmp -s "$T/ans.a" "$T/ans.b"; then
		fail "$* differs between $a (exit $ca) and $b (exit $cb)"
		diff "$T/ans.a" "$T/ans.b" | head -10 >&2
	elif [ ! -s "$T/ans.a" ]; then
		fail "$* printed nothing (exit $ca): $(head -c 300 "$T/err.a")"
	fi
}

for pair in "a.db $URL" "a.db b.db"; do
	set -- $pair
	same_answers "$1" "$2" export
	# the hashes and the chain are the same bytes on both engines
	same_answers "$1" "$2" verify
	same_answers "$1" "$2" log --json
	same_answers "$1" "$2" log
	same_answers "$1" "$2" token list
	same_answers "$1" "$2" history ru-recognises-ab --json
	same_answers "$1" "$2" parties
	same_answers "$1" "$2" status Abkhazia Russia --on 2010-01-01
	same_answers "$1" "$2" status Abkhazia Russia --on 2010-01-01 --json
	same_answers "$1" "$2" status Cuba "United States" --on 1970-01-01
	same_answers "$1" "$2" timeline Abkhazia Russia
	same_answers "$1" "$2" recognitions Kosovo --on 2024-01-01
	same_answers "$1" "$2" recognitions Taiwan --on 2024-01-01 --json
	same_answers "$1" "$2" treaties --on 2015-01-01
	same_answers "$1" "$2" treaty ru-ab-base
	same_answers "$1" "$2" article Abkhazia Russia
	same_answers "$1" "$2" dyads --on 2012-06-01
	same_answers "$1" "$2" diff Georgia Russia --from 2008-01-01 --to 2012-01-01
	same_answers "$1" "$2" events --party Russia
	same_answers "$1" "$2" show ru-recognises-ab
	same_answers "$1" "$2" coverage
	same_answers "$1" "$2" panel dyad-year --from 2000 --to 2010
	same_answers "$1" "$2" status Abkhazia Russia --on 2010-01-01 \
		--known-on "$(date -u +%Y-%m-%d)"
done
# An import straight into PostgreSQL records what an import into SQLite
# does (the record's time aside).
"$CHANCERY" --db "${URL%/*}/direct" init 2>/dev/null
"$CHANCERY" --db "${URL%/*}/direct" import "$SRCDIR/data/all.ledger" 2>"$T/direct.err" ||
	fail "import into PostgreSQL: $(tail -n 3 "$T/direct.err")"
same_answers a.db "${URL%/*}/direct" export
same_answers a.db "${URL%/*}/direct" article Abkhazia Russia

# ---- A synthetic registry of 20,000 events ----
"$BUILD/gen_registry" --events 20000 --parties 60 --seed 7 syn.ledger >/dev/null ||
	fail "gen_registry"
"$CHANCERY" --db syn.db init 2>/dev/null
"$CHANCERY" --db syn.db import syn.ledger 2>/dev/null || fail "import the synthetic registry"
SYN="${URL%/*}/synthetic"
expect_exit 0 "$CHANCERY" copy --from syn.db --to "$SYN"
p1=$("$CHANCERY" --db syn.db parties | sed -n '2p' | awk '{print $1}')
p2=$("$CHANCERY" --db syn.db parties | sed -n '3p' | awk '{print $1}')
same_answers syn.db "$SYN" export
same_answers syn.db "$SYN" dyads --on 1990-06-01
same_answers syn.db "$SYN" treaties --on 2000-01-01
same_answers syn.db "$SYN" status "$p1" "$p2" --on 1995-01-01
same_answers syn.db "$SYN" timeline "$p1" "$p2"
same_answers syn.db "$SYN" panel dyad-year --from 1960 --to 1990

# ---- Edits on PostgreSQL: a new version, a failed import, a retraction ----
cat >bad.ledger <<'EOF'
event no-such-party-recognises 2009-05-05 recognise XX YY
EOF
n_before=$(pg_psql "$PORT" "SELECT count(*) FROM fact")
expect_exit 1 "$CHANCERY" --db "$URL" import bad.ledger
n_after=$(pg_psql "$PORT" "SELECT count(*) FROM fact")
[ "$n_before" = "$n_after" ] || fail "a failed import changed the facts: $n_before then $n_after"
export_before=$("$CHANCERY" --db "$URL" export | md5sum)
cat >new.ledger <<'EOF'
source pg-test "A test source of the PostgreSQL store"
EOF
expect_exit 0 "$CHANCERY" --db "$URL" import new.ledger
expect_exit 0 "$CHANCERY" --db "$URL" show pg-test
expect_grep "$T/out" "A test source of the PostgreSQL store"
expect_exit 0 "$CHANCERY" --db "$URL" history pg-test
# every command that writes works on PostgreSQL too: a record's time
# amended, an account added and revoked; snapshot says there is none
expect_exit 0 "$CHANCERY" --db "$URL" amend-record 2 --recorded-at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	--reason "a test of amend-record on PostgreSQL"
expect_exit 0 "$CHANCERY" --db "$URL" log
expect_grep "$T/out" "a test of amend-record on PostgreSQL"
expect_exit 0 "$CHANCERY" --db "$URL" token add bob --role reader
expect_exit 0 "$CHANCERY" --db "$URL" token revoke bob
expect_exit 0 "$CHANCERY" --db "$URL" token list
expect_grep "$T/out" "bob"
# the snapshot file of a PostgreSQL store is in this machine's cache
expect_exit 0 "$CHANCERY" --db "$URL" snapshot
expect_exit 0 "$CHANCERY" --db "$URL" snapshot --check
expect_grep "$T/err" "current and whole"
ls "$T"/cache/pg-*.snapshot >/dev/null 2>&1 || fail "no snapshot file in \$CHANCERY_CACHE"
CHANCERY_CACHE= HOME= XDG_CACHE_HOME= expect_exit 2 "$CHANCERY" --db "$URL" snapshot
expect_grep "$T/err" "no snapshot file for a PostgreSQL store here"
# the tables refuse to be rewritten
for sql in "UPDATE fact SET text = 'x'" "DELETE FROM record" "TRUNCATE fact CASCADE"; do
	if pg_psql "$PORT" "$sql" >/dev/null 2>"$T/sql.err"; then
		fail "PostgreSQL accepted: $sql"
	fi
	grep -q "append-only" "$T/sql.err" || fail "$sql: refused without saying why: $(cat "$T/sql.err")"
done

# ---- A store of schema 2 gains its hashes when first opened for writing ----
# (issue 21): made from a copy of a.db by taking them away again, as the
# tables' owner (CASCADE drops the current_* views over fact.*, which
# chancery's commands do not read); read as it is, then migrated by an
# import, with the same chain as SQLite's import gave the same records
S2="${URL%/*}/schema2"
expect_exit 0 "$CHANCERY" copy --from a.db --to "$S2"
pg_as "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U chancery -d schema2 -c "
	ALTER TABLE fact DROP COLUMN hash CASCADE; ALTER TABLE record DROP COLUMN chain;
	ALTER TABLE chancery_store DISABLE TRIGGER chancery_store_append_only;
	UPDATE chancery_store SET schema_version = 2;
	ALTER TABLE chancery_store ENABLE TRIGGER chancery_store_append_only" >/dev/null ||
	fail "make schema2 a store of schema 2"
same_answers a.db "$S2" export
expect_exit 3 "$CHANCERY" --db "$S2" verify
expect_grep "$T/err" "has no hashes to verify (schema 2)"
expect_exit 0 "$CHANCERY" --db "$S2" import new.ledger
expect_exit 0 "$CHANCERY" --db "$S2" verify
expect_grep "$T/out" "whole: 2 records"
chain_pg=$(pg_as "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$PORT" -U chancery -d schema2 \
	-c "SELECT encode(chain, 'hex') FROM record WHERE rec = 1")
chain_sqlite=$(sqlite3 a.db "SELECT lower(hex(chain)) FROM record WHERE rec = 1")
[ ${#chain_sqlite} = 64 ] && [ "$chain_pg" = "$chain_sqlite" ] ||
	fail "record 1's chain: '$chain_pg' after the migration on PostgreSQL, '$chain_sqlite' on SQLite"

# ---- Copy refuses a store that has records; a wrong URL names no password ----
"$CHANCERY" --db "${URL%/*}/notempty" init 2>/dev/null
"$CHANCERY" --db "${URL%/*}/notempty" import new.ledger 2>/dev/null
expect_exit 1 "$CHANCERY" copy --from a.db --to "${URL%/*}/notempty"
expect_grep "$T/err" "it already has records"
expect_exit 3 "$CHANCERY" --db "postgresql://chancery:s3cret@127.0.0.1:$PORT/nosuchdb" status A B
expect_grep "$T/err" "chancery:***@127.0.0.1"
if grep -q s3cret "$T/err"; then
	fail "the password is in the message: $(cat "$T/err")"
fi
expect_exit 3 "$CHANCERY" --db "${URL%/*}/postgres" status Abkhazia Russia
expect_grep "$T/err" "not a chancery store"

exit $((failures > 0))
