# cluster.sh: PostgreSQL clusters of a test's own, on loopback, in a
# temporary directory, as an unprivileged user (issue 24). Sourced by the
# tests that need one; every function stops what it started in pg_cleanup.
#
#   pg_init DIR PORT        a primary: initdb, started, database "chancery"
#   pg_standby DIR PORT FROM_PORT [sync]   a hot standby by pg_basebackup -R
#   pg_url PORT...          postgresql://chancery@127.0.0.1:P1,.../chancery
#   pg_free_port, pg_createdb PORT NAME, pg_psql PORT SQL
#   pg_stop DIR [mode]      pg_ctl stop (mode fast or immediate)
#   pg_promote DIR          pg_ctl promote
#   pg_cleanup              stop every cluster started here
#
# initdb refuses to run as root: as root, the clusters run as the user
# 'postgres' (Debian's package makes it) or else 'nobody'.

# A test's snapshot files of PostgreSQL stores stay in its own directory.
if [ -n "${T:-}" ]; then
	export CHANCERY_CACHE="$T/cache"
fi
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_DIRS=""

pg_available() {
	[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]
}

pg_user() {
	if [ "$(id -u)" -ne 0 ]; then
		echo ""
	elif id postgres >/dev/null 2>&1; then
		echo postgres
	else
		echo nobody
	fi
}

# Run a PostgreSQL program as the clusters' user.
pg_as() {
	u=$(pg_user)
	if [ -n "$u" ]; then
		runuser -u "$u" -- "$@"
	else
		"$@"
	fi
}

pg_own() {
	u=$(pg_user)
	[ -z "$u" ] || chown -R "$u" "$@"
}

pg_conf() { # DIR PORT
	cat >>"$1/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $2
unix_socket_directories = '$1'
max_connections = 60
shared_buffers = 32MB
fsync = on
wal_level = replica
max_wal_senders = 4
wal_keep_size = 64MB
hot_standby = on
logging_collector = off
CONF
}

pg_init() { # DIR PORT
	mkdir -p "$1"
	pg_own "$1"
	pg_as "$PG_BIN/initdb" -D "$1/data" -U chancery -A trust -E UTF8 --locale=C >"$1/initdb.log" 2>&1 ||
		{ cat "$1/initdb.log" >&2; return 1; }
	pg_conf "$1" "$2"
	pg_as "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w start >/dev/null ||
		{ cat "$1/server.log" >&2; return 1; }
	PG_DIRS="$PG_DIRS $1"
	pg_as "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$2" -U chancery -d postgres \
		-c 'CREATE DATABASE chancery' >/dev/null
}

# A checkpoint at once (-c fast): the default spreads it over minutes.
pg_standby() { # DIR PORT FROM_PORT [sync]
	mkdir -p "$1"
	pg_own "$1"
	pg_as "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$3" -U chancery -D "$1/data" -R \
		-X stream -c fast --no-sync >"$1/basebackup.log" 2>&1 ||
		{ cat "$1/basebackup.log" >&2; return 1; }
	{
		echo "port = $2"
		echo "unix_socket_directories = '$1'"
		echo "primary_conninfo = 'host=127.0.0.1 port=$3 user=chancery application_name=standby'"
	} >>"$1/data/postgresql.auto.conf"
	pg_as "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w start >/dev/null ||
		{ cat "$1/server.log" >&2; return 1; }
	PG_DIRS="$PG_DIRS $1"
}

# Make the primary at PORT wait for the standby's flush before a commit
# returns: an acknowledged write is on both.
pg_synchronous() { # PRIMARY_DIR PORT
	pg_as "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$2" -U chancery -d postgres \
		-c "ALTER SYSTEM SET synchronous_standby_names = 'standby'" \
		-c 'SELECT pg_reload_conf()' >/dev/null
}

pg_url() { # PORT...
	hosts=""
	for p in "$@"; do
		hosts="$hosts${hosts:+,}127.0.0.1:$p"
	done
	echo "postgresql://chancery@$hosts/chancery"
}

# A port nothing listens on now (the kernel's choice).
pg_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_createdb() { # PORT NAME
	pg_as "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$1" -U chancery -d postgres \
		-c "CREATE DATABASE $2" >/dev/null
}

pg_psql() { # PORT SQL
	pg_as "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$1" -U chancery -d chancery -c "$2"
}

pg_stop() { # DIR [mode]
	pg_as "$PG_BIN/pg_ctl" -D "$1/data" -m "${2:-fast}" -w stop >/dev/null 2>&1 || true
}

pg_promote() { # DIR
	pg_as "$PG_BIN/pg_ctl" -D "$1/data" -w promote >/dev/null
}

pg_cleanup() {
	for d in $PG_DIRS; do
		pg_stop "$d" immediate
	done
	PG_DIRS=""
}
