#!/bin/sh
# Generated ids are valid ids for every date form, so that a store holding
# them loads again: "../2009" once gave "___2009...", which the store saved
# and could then never parse back.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
cat >dates.ledger <<'LEDGER'
source s "S"
party RU "Russian Federation"
party AB "Abkhazia"
party GE "Georgia"
../2009 recognise RU AB source=s
/2009 recognise GE AB source=s
2008-08-26/.. react GE source=s
2009? establish-relations RU AB source=s
2009-XX~ change-relations RU AB level=embassy source=s
2008-08/2008-09 sever-relations GE RU source=s
undated announce-mission RU AB source=s
LEDGER
"$CHANCERY" --db s.db init 2>/dev/null
expect_exit 0 "$CHANCERY" --db s.db import --author t dates.ledger
expect_exit 0 "$CHANCERY" --db s.db export
for id in to-2009.recognise.RU.AB to-2009.recognise.GE.AB; do
	expect_exit 0 "$CHANCERY" --db s.db show "$id"
done
ids=$(sql s.db "SELECT id FROM current_event ORDER BY id")
for id in $ids; do
	case "$id" in
	[A-Za-z0-9]*) ;;
	*) fail "generated id '$id' does not start with a letter or digit" ;;
	esac
done
[ "$(echo "$ids" | wc -l)" = 7 ] || fail "expected 7 events, got: $ids"
# the store's texts parse back: check the store itself
expect_exit 0 "$CHANCERY" --db s.db check
finish
