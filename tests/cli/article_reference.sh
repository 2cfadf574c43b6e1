#!/bin/sh
# The regenerated Abkhazia–Russia article carries every fact of the
# reference article (tests/cli/article_reference.py says what is checked).
. "$SRCDIR/tests/cli/lib.sh.inc"
SEED="$SRCDIR/../shared/seed/000_98900ebcb033be6c.txt"
if [ ! -f "$SEED" ]; then
	echo "skip: the reference article $SEED is absent (it lives in shared/, beside the checkout)"
	exit 77
fi
python3 "$SRCDIR/tests/cli/article_reference.py" "$SEED" "$CHANCERY" "$SRCDIR/data/registry.ledger" ||
	fail "the regenerated article lacks facts of the reference"
finish
