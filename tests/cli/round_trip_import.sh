#!/bin/sh
# The round-trip promise is kept at import: a fact whose canonical text
# would not load back (here an event line just under the 64 KiB limit,
# which the canonical text's id= takes over it) is refused with its place,
# nothing is written, and the store still loads.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
printf 'source s "S"\nparty A "A" source=s\n' >base.ledger
"$CHANCERY" --db s.db init 2>/dev/null
"$CHANCERY" --db s.db import --author t base.ledger 2>/dev/null
"$CHANCERY" --db s.db export >before.ledger

# 65,500 bytes of text: the line is 65,526 bytes as written (under the
# limit of 65,536), and its canonical text adds " id=2008.motion.A".
python3 -c 'print("source s \"S\"\nparty A \"A\" source=s\n2008 motion A source=s \"" + "x" * 65500 + "\"")' >long.ledger
expect_exit 0 "$CHANCERY" check long.ledger
expect_exit 1 "$CHANCERY" --db s.db import --author t long.ledger
expect_grep "$T/err" "long.ledger:3:1: error: event '2008.motion.A' cannot be stored: its canonical text would not load back (line longer than 65536 bytes)"
expect_grep "$T/err" "import failed: 1 error; the store is unchanged"
expect_exit 0 "$CHANCERY" --db s.db export
cmp -s before.ledger "$T/out" || fail "the store changed after a refused import"
expect_exit 0 "$CHANCERY" --db s.db check

# With an id of its own that keeps the canonical line under the limit, it goes in.
python3 -c 'print("source s \"S\"\nparty A \"A\" source=s\n2008 motion A id=m source=s \"" + "x" * 65400 + "\"")' >fits.ledger
expect_exit 0 "$CHANCERY" --db s.db import --author t fits.ledger
expect_exit 0 "$CHANCERY" --db s.db export
expect_grep "$T/out" "2008 motion A id=m source=s"
finish
