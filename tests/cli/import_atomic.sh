#!/bin/sh
# An import is one transaction: a file with one bad line after 1,000 good
# ones changes nothing, and the error names the line.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
"$CHANCERY" --db s.db init 2>/dev/null || fail "init"
"$CHANCERY" --db s.db import --author t "$SRCDIR/data/registry.ledger" 2>/dev/null || fail "seed import"

counts() {
	for table in record fact event event_party fact_source party treaty; do
		printf '%s=%s ' "$table" "$(sql s.db "SELECT count(*) FROM $table")"
	done
}
before=$(counts)

# 1,000 good events (recognitions of AB by RU, days from 2010-01-01 on),
# then one with an impossible date.
awk 'BEGIN {
	for (i = 0; i < 1000; i++) {
		d = 14610 + i   # days since 1970: 2010-01-01 onwards
		# civil-from-days (Hinnant), to keep awk free of locale dates
		z = d + 719468; era = int(z / 146097); doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
		y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
		m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
		printf "%04d-%02d-%02d react GE about=ru-recognises-ab stance=condemn id=r%d source=abru\n", y, m, dd, i
	}
	print "2013-02-30 react GE about=ru-recognises-ab stance=condemn source=abru"
}' >big.ledger
[ "$(wc -l <big.ledger)" -eq 1001 ] || fail "generated $(wc -l <big.ledger) lines"

expect_exit 0 "$CHANCERY" check "$SRCDIR/data/registry.ledger"
head -1000 big.ledger >good.ledger
expect_exit 0 "$CHANCERY" --db s.db import --author t --dry-run good.ledger
expect_grep "$T/err" "would import good.ledger: 1000 added"

expect_exit 1 "$CHANCERY" --db s.db import --author t big.ledger
expect_grep "$T/err" "big.ledger:1001:9: error: day 30 does not exist in 2013-02"
expect_grep "$T/err" "the store is unchanged"
after=$(counts)
[ "$before" = "$after" ] || fail "row counts changed: before [$before] after [$after]"

# A semantic error (a party the store does not know) also stores nothing.
printf '2013-01-01 recognise XX AB source=abru\n' >unknown.ledger
expect_exit 1 "$CHANCERY" --db s.db import --author t unknown.ledger
expect_grep "$T/err" "unknown party 'XX'"
[ "$(counts)" = "$before" ] || fail "row counts changed after a failed check"

# And the good part alone goes in, in one record.
expect_exit 0 "$CHANCERY" --db s.db import --author t good.ledger
[ "$(sql s.db "SELECT count(*) FROM current_event WHERE kind = 'react'")" = 1005 ] ||
	fail "expected 1005 reactions after the import (5 in data/, 1000 imported)"
finish
