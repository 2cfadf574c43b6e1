#!/bin/sh
# A hostile ledger (script in names, javascript: and data: addresses,
# markup in notes) rendered in every format runs nothing: the HTML article,
# and the HTML that two Markdown implementations (cmark, Python-Markdown)
# make of the Markdown article, hold no script, no event handler and no
# link that is not http(s); the wikitext writes no raw tag but its refs;
# the JSON is valid; messages escape control characters.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
L="$SRCDIR/tests/fixtures/hostile.ledger"
SAFE="python3 $SRCDIR/tests/cli/html_safety.py"

for refs in "" --refs; do
	expect_exit 0 "$CHANCERY" article -f "$L" XX YY --format html $refs
	cp out page.html
	$SAFE page.html >safety.txt || { fail "the HTML article could run script ($refs)"; cat safety.txt >&2; }
	# the hostile names are there, as text
	expect_grep page.html "&lt;script&gt;alert('name')&lt;/script&gt;"

	expect_exit 0 "$CHANCERY" article -f "$L" XX YY --format markdown $refs
	cp out article.md
	if command -v cmark >/dev/null 2>&1; then
		cmark --unsafe article.md >cmark.html # --unsafe: raw HTML kept, as many sites do
		$SAFE cmark.html >safety.txt || { fail "cmark's HTML of the Markdown could run script ($refs)"; cat safety.txt >&2; }
	else
		fail "cmark is not installed (scripts/packages/reliability.txt)"
	fi
	# Debian's python3-markdown is in Debian's Python, which a pyenv or
	# virtualenv python3 earlier on PATH would not see.
	PYMD=python3
	python3 -c 'import markdown' 2>/dev/null || PYMD=/usr/bin/python3
	if $PYMD -c 'import markdown' 2>/dev/null; then
		$PYMD -c 'import sys, markdown; sys.stdout.write(markdown.markdown(open("article.md").read(), extensions=["tables", "footnotes"]))' >pymd.html
		$SAFE pymd.html >safety.txt || { fail "Python-Markdown's HTML could run script ($refs)"; cat safety.txt >&2; }
	else
		fail "python3-markdown is not installed (scripts/packages/reliability.txt)"
	fi

	expect_exit 0 "$CHANCERY" article -f "$L" XX YY --format wikitext $refs
	# the only tags written raw are the article's own refs
	if sed 's#<ref name="[^"]*" */>##g; s#<ref name="[^"]*">##g; s#</ref>##g' out | grep -q '<'; then
		fail "the wikitext holds a raw tag ($refs)"
		grep '<' out | head -3 >&2
	fi
	grep -q 'url=javascript\|url=data:\|url=JaVa' out && fail "the wikitext links a non-web address ($refs)"

	expect_exit 0 "$CHANCERY" article -f "$L" XX YY --format json $refs
	python3 -m json.tool out >/dev/null || fail "the JSON article is not valid JSON ($refs)"
done
# The javascript: address is still shown, as text, in every format.
expect_grep page.html "javascript:alert(1)</li>"

# check says the addresses will not be linked.
expect_exit 0 "$CHANCERY" check "$L"
expect_grep "$T/err" "source 's1': url 'javascript:alert(1)' is not a web address"

# A control character in an argument reaches the terminal escaped.
expect_exit 4 "$CHANCERY" status -f "$L" "$(printf 'X\033[31mY')" YY
expect_grep "$T/err" "unknown party 'X\\x1b[31mY'"
if grep -q "$(printf '\033')" "$T/err"; then fail "an ESC byte reached stderr"; fi
# ... and in a ledger it is refused with its place.
printf 'party A "A\033[2J" short=A\n' >esc.ledger
expect_exit 1 "$CHANCERY" check esc.ledger
expect_grep "$T/err" "esc.ledger:1:11: error: control character U+001B in the line"
# Characters that make a name display otherwise than it reads (issue 21):
# a right-to-left override ("Mallory" + U+202E shows its tail reversed), an
# isolate, a zero-width space (two look-alike names that differ) are
# refused with their place; the zero-width non-joiner Persian names need is
# not.
for cp in 202e 2067 200b feff; do
	python3 -c "import sys; sys.stdout.write('party A \"Mall\\u$cp\\u0079ro\" short=A\n')" >bidi.ledger
	expect_exit 1 "$CHANCERY" check bidi.ledger
	expect_grep "$T/err" "bidi.ledger:1:14: error: U+$(echo $cp | tr a-f A-F) in the line: an invisible format character"
	# and the line quoted under the message shows it as an escape
	expect_grep "$T/err" "Mall\\u$cp"
done
python3 -c "import sys; sys.stdout.write('party IR \"Ir\u0101n\" short=\"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\"\n')" >zwnj.ledger
expect_exit 0 "$CHANCERY" check zwnj.ledger
# the audit trail's author refuses them too
"$CHANCERY" --db hostile.db init 2>/dev/null
expect_exit 1 "$CHANCERY" --db hostile.db import --author "$(printf 'eve\342\200\256')" zwnj.ledger
expect_grep "$T/err" "the author is not printable text: byte 4 is a control character, an invisible format character"
# Long names are never cut inside a character (issue 9, item 7): the
# article in every format, the maps and the charts stay valid UTF-8.
python3 -c 'n = "\u0414" * 300
print("source s \"S\"\nparty A \"%s\" short=\"%s\" adjective=\"%s\" source=s\nparty B \"Bland\" source=s\n2008-08-26 recognise A B source=s\n2009 close-mission A B type=embassy source=s" % (n, n, n))' >long.ledger
for fmt in text markdown html wikitext json; do
	expect_exit 0 "$CHANCERY" article -f long.ledger A B --format $fmt -o "long.$fmt"
done
expect_exit 0 "$CHANCERY" map -f long.ledger A B -o long-map.svg
expect_exit 0 "$CHANCERY" map -f long.ledger --recognitions B -o long-rec.svg
expect_exit 0 "$CHANCERY" chart timeline -f long.ledger A B -o long-timeline.svg
for f in long.text long.markdown long.html long.wikitext long.json long-map.svg long-rec.svg long-timeline.svg; do
	python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$f" 2>/dev/null ||
		fail "$f is not valid UTF-8"
done
finish
