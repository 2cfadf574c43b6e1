#!/bin/sh
# Kill an import in the middle (SIGKILL): the store still opens and holds
# exactly the old content; never a part of the new one.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
"$CHANCERY" --db s.db init 2>/dev/null || fail "init"
"$CHANCERY" --db s.db import --author t "$SRCDIR/data/registry.ledger" 2>/dev/null || fail "seed"
"$CHANCERY" --db s.db export >before.ledger || fail "export"

# A large import: 20,000 reactions (about 8 s under ASan).
awk 'BEGIN { for (i = 0; i < 20000; i++)
	printf "2010-01-%02d react GE about=ru-recognises-ab stance=condemn id=k%d source=abru\n", i % 28 + 1, i }' >big.ledger

# How long does a whole import take here? Time one into a scratch copy.
cp s.db scratch.db
start=$(date +%s%N)
"$CHANCERY" --db scratch.db import --author t big.ledger 2>/dev/null || fail "scratch import"
total_ms=$(( ($(date +%s%N) - start) / 1000000 ))

# Kill at several points before the end; at least one must land before
# the commit (the store then has the old content) for the test to count.
killed_before_commit=0
for pct in 25 50 75; do
	cp s.db victim.db
	rm -f victim.db-wal victim.db-shm
	"$CHANCERY" --db victim.db import --author t big.ledger 2>/dev/null &
	pid=$!
	delay_ms=$((total_ms * pct / 100))
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	"$CHANCERY" --db victim.db export >after.ledger 2>err.txt || fail "store does not open after SIGKILL at ${pct}%: $(cat err.txt)"
	n=$(sql victim.db "SELECT count(*) FROM current_event WHERE kind = 'react'")
	if cmp -s before.ledger after.ledger; then
		killed_before_commit=$((killed_before_commit + 1))
		[ "$n" = 5 ] || fail "old content but $n reactions"
	elif [ "$n" != 20005 ]; then
		fail "killed at ${pct}%: the store holds a part of the import ($n reactions)"
	fi
	[ "$(sql victim.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after SIGKILL at ${pct}%"
done
[ "$killed_before_commit" -ge 1 ] || fail "no kill landed before the commit (import took ${total_ms} ms)"
echo "import of 20,000 events took ${total_ms} ms; $killed_before_commit of 3 kills landed before the commit"
finish
