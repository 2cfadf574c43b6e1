#!/bin/sh
# Includes read only regular files inside the including file's directory
# tree (or --include-root), each once, within a total budget, and never
# from the store's texts: a ledger from a stranger cannot read the
# machine's files, hang the parse on a FIFO, or read /dev/zero for ever.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
mkdir -p lib/sub outside
echo 'party RU "Russian Federation" short=Russia' >lib/parties.ledger
echo 'party GE "Georgia"' >outside/other.ledger
printf 'root:x:0:0:secret-line:/root:/bin/sh\n' >outside/passwd

# Outside the tree: relative, absolute, /proc, and through a symbolic link.
ln -s ../outside/passwd lib/link.ledger
cat >lib/main.ledger <<'LEDGER'
include "parties.ledger"
include "../outside/passwd"
include "/etc/passwd"
include "/proc/self/environ"
include "link.ledger"
LEDGER
expect_exit 1 "$CHANCERY" check lib/main.ledger
expect_grep "$T/err" "lib/main.ledger:2:9: error: cannot include 'lib/../outside/passwd': it is outside '$(cd lib && pwd -P)'"
expect_grep "$T/err" "lib/main.ledger:3:9: error: cannot include '/etc/passwd': it is outside"
expect_grep "$T/err" "lib/main.ledger:4:9: error: cannot include '/proc/self/environ': it is outside"
expect_grep "$T/err" "lib/main.ledger:5:9: error: cannot include 'lib/link.ledger': it is outside"
grep -q "secret-line\|root:" "$T/err" && fail "a line of a file outside the tree was echoed"

# --include-root widens the tree.
printf 'include "../outside/other.ledger"\n' >lib/wide.ledger
expect_exit 1 "$CHANCERY" check lib/wide.ledger
expect_exit 0 "$CHANCERY" check --include-root . lib/wide.ledger
expect_exit 0 "$CHANCERY" fmt --include-root "$T" lib/wide.ledger
expect_grep "$T/out" 'party GE "Georgia"'

# Only regular files: a device and a FIFO are refused at once.
mkfifo lib/fifo.ledger
printf 'include "fifo.ledger"\ninclude "/dev/zero"\n' >lib/dev.ledger
if command -v timeout >/dev/null 2>&1; then
	timeout 10 "$CHANCERY" check --include-root / lib/dev.ledger >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = 124 ] && fail "including a FIFO hangs"
	[ "$rc" = 1 ] || fail "including a FIFO and /dev/zero exits $rc, expected 1"
	expect_grep "$T/err" "lib/dev.ledger:1:9: error: cannot include 'lib/fifo.ledger': not a regular file"
	expect_grep "$T/err" "lib/dev.ledger:2:9: error: cannot include '/dev/zero': not a regular file"
fi

# Each file once: a second include is an error at its own line, naming the first.
printf 'include "parties.ledger"\ninclude "sub/../parties.ledger"\n' >lib/twice.ledger
expect_exit 1 "$CHANCERY" check lib/twice.ledger
expect_grep "$T/err" "lib/twice.ledger:2:9: error: 'lib/sub/../parties.ledger' is included twice (first at lib/twice.ledger:1)"
printf 'include "self.ledger"\n' >lib/self.ledger
expect_exit 1 "$CHANCERY" check lib/self.ledger
expect_grep "$T/err" "includes itself"

# The store's texts are facts: a text with an include (written into the
# store by hand with sqlite3) is refused on load, and the file is not read:
# first by its hash, which the hand did not write; then, hashed as someone
# holding the file can (tests/tools/rehash.py), by the parser.
"$CHANCERY" --db s.db init 2>/dev/null
"$CHANCERY" --db s.db import --author t lib/parties.ledger 2>/dev/null
sqlite3 s.db "INSERT INTO record (rec, recorded_at, author) VALUES (2, '2099-01-01T00:00:00Z', 'x');
	INSERT INTO fact (id, entity, rec, text) VALUES ('evil', 'party', 2, 'include \"$T/outside/passwd\"');"
expect_exit 3 "$CHANCERY" --db s.db export
expect_grep "$T/err" "fact 2 ('evil') does not match its hash: the store file is damaged"
grep -q "secret-line" "$T/err" && fail "a store text's include was followed"
python3 "$SRCDIR/tests/tools/rehash.py" s.db || fail "rehash s.db"
expect_exit 3 "$CHANCERY" --db s.db export
expect_grep "$T/err" "an include is not allowed here: this text holds facts, not directives"
grep -q "secret-line" "$T/err" && fail "a store text's include was followed"
finish
