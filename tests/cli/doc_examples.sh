#!/bin/sh
# doc_examples.sh: the examples of docs/ledger.md are tests.
#
# Every ```ledger block must pass `chancery check` (exit 0). Every
# ```ledger-error block must fail it (exit 1), and the plain ``` block that
# follows it holds the first diagnostic line expected, for a file named
# example.ledger. Each example runs in a directory of its own; a file it
# includes (`include "parties.ledger"`) is created there, empty.
#
# Environment: CHANCERY (the binary), SRCDIR (the repository root).

: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
if [ -z "$CHANCERY" ] || [ ! -x "$CHANCERY" ]; then
	echo "doc_examples: CHANCERY is not set to the chancery binary; skipping" >&2
	exit 77
fi
case $CHANCERY in
/*) ;;
*) CHANCERY=$(pwd)/$CHANCERY ;;
esac
doc=$SRCDIR/docs/ledger.md
if [ ! -r "$doc" ]; then
	echo "doc_examples: cannot read $doc" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chancery-doc.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Split the document: N.ok (a ledger block), N.err (a ledger-error block),
# N.expect (the plain block after a ledger-error block), N.line (where the
# block starts in the document).
awk -v dir="$tmp" '
function open_block(name) {
	out = dir "/" n "." name
	printf "" > out
}
/^```/ {
	if (mode != "") {           # a closing fence
		close(out)
		if (mode == "err")
			want = 1
		mode = ""
		next
	}
	lang = substr($0, 4)
	if (lang == "ledger" || lang == "ledger-error") {
		n++
		mode = lang == "ledger" ? "ok" : "err"
		open_block(mode)
		print NR > (dir "/" n ".line")
		close(dir "/" n ".line")
	} else if (lang == "" && want) {
		mode = "expect"
		open_block("expect")
	} else {
		mode = "other"
		out = "/dev/null"
	}
	want = 0
	next
}
mode != "" { print > out }
' "$doc" || exit 1

failures=0
checked=0
fail() {
	echo "FAIL: docs/ledger.md:$1: $2" >&2
	failures=$((failures + 1))
}

for block in "$tmp"/*.ok "$tmp"/*.err; do
	[ -f "$block" ] || continue
	base=${block%.*}
	n=${base##*/}
	kind=${block##*.}
	line=$(cat "$base.line")
	run=$tmp/run.$n
	mkdir "$run" || exit 1
	cp "$block" "$run/example.ledger"
	# Files the example includes: create them empty beside it.
	sed -n 's/^include[ 	][ 	]*"\([^"/]*\)".*$/\1/p' "$block" | while IFS= read -r inc; do
		[ -e "$run/$inc" ] || : >"$run/$inc"
	done
	(cd "$run" && "$CHANCERY" check example.ledger) >"$run/stdout" 2>"$run/stderr"
	rc=$?
	checked=$((checked + 1))
	if [ "$kind" = ok ]; then
		if [ "$rc" -ne 0 ]; then
			fail "$line" "the ledger example exits $rc, not 0:"
			sed 's/^/    /' "$run/stderr" >&2
		fi
		continue
	fi
	if [ ! -s "$base.expect" ]; then
		fail "$line" "the ledger-error example is not followed by a block with the expected message"
		continue
	fi
	expected=$(sed -n 1p "$base.expect")
	first=$(sed -n 1p "$run/stderr")
	if [ "$rc" -ne 1 ]; then
		fail "$line" "the ledger-error example exits $rc, not 1"
		sed 's/^/    /' "$run/stderr" >&2
	elif ! grep -Fxq -e "$expected" "$run/stderr"; then
		fail "$line" "expected \"$expected\" in the output; got:"
		sed 's/^/    /' "$run/stderr" >&2
	elif [ "$first" != "$expected" ]; then
		fail "$line" "expected \"$expected\" as the first diagnostic, got \"$first\""
	fi
done

if [ "$checked" -eq 0 ]; then
	echo "FAIL: no ledger examples found in $doc" >&2
	exit 1
fi
if [ "$failures" -ne 0 ]; then
	echo "doc_examples: $failures of $checked examples failed" >&2
	exit 1
fi
echo "doc_examples: $checked examples ok"
exit 0
