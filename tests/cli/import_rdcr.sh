#!/bin/sh
# import-rdcr: the Office of the Historian's guide to US recognition and
# relations, one TEI XML article per country (docs/import.md). Synthetic
# articles written here: each kind of entry becomes its fact with the id
# FILE:LINE.KIND, a day or month or year as the prose gives it; a treaty,
# a key event, an entry with no date and an entity nobody knows are
# reported with file:line and counted; a fact the checks refuse is left
# out; a file that is not well-formed XML, not TEI, or has a DOCTYPE is
# an error naming file:line:col and nothing is imported. With the real
# articles in $SHARED_DATA: the counts, and what `status` answers from
# them alone.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
mkdir guide bad

cat >known.ledger <<'EOF'
source t "A test registry"
party US "United States of America" short="United States" iso=US source=t
party FR "French Republic" short=France iso=FR source=t
party HIST-ATLANTIS "Kingdom of Atlantis" short=Atlantis from=1800 to=1850 source=t
EOF

# france.xml: entries at lines 14 (recognition of the US), 22 (relations
# and a legation), 28 (elevation), 33 (interrupted), 37 (resumed, no day
# of its year), 41 (moved), 45 (severed by France), 50 (a date that is
# none), 57 (a treaty), 64 (a key event).
cat >guide/france.xml <<'EOF'
<TEI xmlns="http://www.tei-c.org/ns/1.0">
    <teiHeader>
        <fileDesc>
            <titleStmt>
                <title type="complete">A test article: France</title>
                <title type="short">France</title>
            </titleStmt>
        </fileDesc>
    </teiHeader>
    <text>
        <body>
            <div type="section" xml:id="recognition">
                <head>Recognition</head>
                <div type="timeline">
                    <head>French Recognition of the United States, <date when="1778">1778</date>.</head>
                    <p>The King signed a treaty with the envoys on February 6, 1778, and so
                        recognized the new republic.</p>
                </div>
            </div>
            <div type="section" xml:id="diplomatic-relations">
                <head>Diplomatic Relations</head>
                <div type="timeline">
                    <head>Establishment of Diplomatic Relations and the American Legation in
                        <placeName>Paris</placeName>, <date when="1779">1779</date>.</head>
                    <p>A minister was named in January 1779. Relations began on or about March 3,
                        1779, when he presented his credentials.</p>
                </div>
                <div type="timeline">
                    <head>Elevation of American Legation to Embassy Status, <date when="1893"
                        >1893</date>.</head>
                    <p>The Legation was raised to an Embassy on April 8, 1893.</p>
                </div>
                <div type="timeline">
                    <head>Diplomatic Relations Interrupted, <date when="1798">1798</date>.</head>
                    <p>Relations were interrupted in July 1798.</p>
                </div>
                <div type="timeline">
                    <head>Relations Resumed, <date when="1801">1801</date>.</head>
                    <p>A new minister arrived after a treaty was signed on May 2, 1800.</p>
                </div>
                <div type="timeline">
                    <head>American Embassy Moved to Vichy, <date when="1940">1940</date>.</head>
                    <p>On June 16, 1940, the Embassy moved to Vichy with the government.</p>
                </div>
                <div type="timeline">
                    <head>Diplomatic Relations Severed by France, <date when="1942">1942</date>.</head>
                    <p>On November 8, 1942, the government at Vichy severed relations with the United
                        States.</p>
                </div>
                <div type="timeline">
                    <head>Establishment of U.S. Interests Section, <date when="19x3">19x3</date>.</head>
                    <p>No day is given here.</p>
                </div>
            </div>
            <div type="section" xml:id="treaties-agreements">
                <head>Treaties and Agreements</head>
                <div type="timeline">
                    <head>Treaty of Amity and Commerce, <date when="1778">1778</date>.</head>
                    <p>Signed on February 6, 1778.</p>
                </div>
            </div>
            <div type="section" xml:id="key-events">
                <head>Key Diplomatic Events</head>
                <div type="timeline">
                    <head>The Revolution, <date when="1789">1789</date>.</head>
                    <p>It began on July 14, 1789.</p>
                </div>
            </div>
        </body>
    </text>
</TEI>
EOF

# atlantis.xml: mutual recognition (13), relations ceased (20), a consulate
# opened after the kingdom was gone (24: the checks refuse it).
cat >guide/atlantis.xml <<'EOF'
<TEI xmlns="http://www.tei-c.org/ns/1.0">
    <teiHeader>
        <fileDesc>
            <titleStmt>
                <title type="short">Atlantis*</title>
            </titleStmt>
        </fileDesc>
    </teiHeader>
    <text>
        <body>
            <div type="section" xml:id="recognition">
                <head>Recognition</head>
                <div type="timeline">
                    <head>Mutual Recognition, <date when="1820">1820</date>.</head>
                    <p>On May 5, 1820, the two governments exchanged letters of recognition.</p>
                </div>
            </div>
            <div type="section" xml:id="diplomatic-relations">
                <head>Diplomatic Relations</head>
                <div type="timeline">
                    <head>Cessation of Relations, <date when="1850">1850</date>.</head>
                    <p>The kingdom sank on September 1, 1850, and relations ceased.</p>
                </div>
                <div type="timeline">
                    <head>Establishment of U.S. Consulate in Poseidonia, <date when="1860"
                        >1860</date>.</head>
                    <p>A consulate was opened on March 1, 1860.</p>
                </div>
            </div>
        </body>
    </text>
</TEI>
EOF

# nowhere.xml: an entity no registry knows.
cat >guide/nowhere.xml <<'EOF'
<TEI xmlns="http://www.tei-c.org/ns/1.0">
    <teiHeader><fileDesc><titleStmt><title type="short">Lemuria*</title></titleStmt></fileDesc></teiHeader>
    <text>
        <body>
            <div type="section" xml:id="recognition">
                <div type="timeline">
                    <head>U.S. Recognition of Lemuria, <date when="1900">1900</date>.</head>
                    <p>The United States recognized Lemuria on June 1, 1900.</p>
                </div>
            </div>
        </body>
    </text>
</TEI>
EOF

printf '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader>\n    <fileDesc>\n  </teiHeader>\n</TEI>\n' >bad/broken.xml
printf '<html xmlns="http://www.w3.org/1999/xhtml">\n  <body/>\n</html>\n' >bad/other.xml
printf '<?xml version="1.0"?>\n<!DOCTYPE TEI [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>\n' >bad/evil.xml

# The facts, as a ledger: a folder is read in name order.
expect_exit 0 "$CHANCERY" import-rdcr -f known.ledger -o out.ledger guide
expect_grep "$T/err" "wrote guide: 14 rows, 14 facts, 5 bad rows left out"
expect_grep "$T/err" "guide: warning: 14 entries, 9 interpreted (64.3%), 14 facts; 4 not interpreted (no date 1, treaty 1, key event 1, an entity chancery does not know 1); 1 left out by the checks"
expect_grep "$T/err" 'guide/france.xml:50:1: warning: not interpreted: no date ("Establishment of U.S. Interests Section, 19x3."); row left out'
expect_grep "$T/err" 'guide/france.xml:57:1: warning: not interpreted: treaty ("Treaty of Amity and Commerce, 1778."); row left out'
expect_grep "$T/err" 'guide/france.xml:64:1: warning: not interpreted: key event ("The Revolution, 1789."); row left out'
expect_grep "$T/err" 'guide/nowhere.xml:6:1: warning: not interpreted: an entity chancery does not know ("U.S. Recognition of Lemuria, 1900."); row left out'
expect_grep "$T/err" "guide/atlantis.xml:24:1: warning: event 'atlantis.xml:24.open': dated 1860-03-01, after 'HIST-ATLANTIS' ceased to exist (to 1850); row left out"
expect_grep "$T/err" "article 'nowhere': 1 row"
# each kind of head, its day, month or year, its parties and mission
for fact in \
	'1778-02-06 recognise FR US id=france.xml:14.recognise-us source=france.xml' \
	'1779-03-03~ establish-relations US FR id=france.xml:22.establish level=legation source=france.xml' \
	'1779-03-03~ open-mission US FR id=france.xml:22.open type=legation city=Paris source=france.xml' \
	'1893-04-08 change-relations US FR id=france.xml:28.change level=embassy source=france.xml' \
	'1893-04-08 close-mission US FR id=france.xml:28.close type=legation city=Paris source=france.xml' \
	'1893-04-08 open-mission US FR id=france.xml:28.open type=embassy city=Paris source=france.xml' \
	'1798-07 suspend-relations US FR id=france.xml:33.suspend source=france.xml' \
	'1801 restore-relations US FR id=france.xml:37.restore source=france.xml' \
	'1940-06-16 close-mission US FR id=france.xml:41.close type=embassy city=Paris source=france.xml' \
	'1940-06-16 open-mission US FR id=france.xml:41.open type=embassy city=Vichy source=france.xml' \
	'1942-11-08 sever-relations FR US id=france.xml:45.sever source=france.xml' \
	'1820-05-05 recognise HIST-ATLANTIS US id=atlantis.xml:13.recognise-us source=atlantis.xml' \
	'1820-05-05 recognise US HIST-ATLANTIS id=atlantis.xml:13.recognise source=atlantis.xml' \
	'1850-09-01 sever-relations US HIST-ATLANTIS id=atlantis.xml:20.sever source=atlantis.xml' \
	"source france.xml \"A Guide to the United States' History of Recognition, Diplomatic, and Consular Relations, by Country, since 1776: France\" publisher=\"Office of the Historian, U.S. Department of State\" url=https://history.state.gov/countries/france" \
	'  covers relations by=US with=FR from=1776 to=2023' \
	'  covers recognition by=US with=HIST-ATLANTIS from=1800 to=1850'; do
	expect_grep out.ledger "$fact"
done
[ "$(grep -c ' id=[a-z]*\.xml:' out.ledger)" = 14 ] || fail "expected 14 facts in out.ledger"
if grep -q 'atlantis.xml:24\|france.xml:5[07]\|france.xml:64\|nowhere.xml:' out.ledger; then
	fail "a reported entry became a fact"
fi
expect_exit 0 "$CHANCERY" check known.ledger out.ledger

# Files name the same articles as the folder.
expect_exit 0 "$CHANCERY" import-rdcr -f known.ledger -o files.ledger guide/nowhere.xml \
	guide/france.xml guide/atlantis.xml
expect_same out.ledger files.ledger

# Not XML, not TEI, a DOCTYPE: an error at file:line:col, nothing written.
expect_exit 1 "$CHANCERY" import-rdcr -f known.ledger -o never.ledger guide bad/broken.xml
expect_grep "$T/err" "bad/broken.xml:4:15: error: not well-formed XML: Opening and ending tag mismatch: fileDesc line 3 and teiHeader"
[ ! -e never.ledger ] || fail "a malformed file still wrote a ledger"
expect_exit 1 "$CHANCERY" import-rdcr -f known.ledger -o never.ledger bad/other.xml
expect_grep "$T/err" "bad/other.xml:1:1: error: not an article of the guide: expected a <TEI> element of http://www.tei-c.org/ns/1.0"
expect_exit 1 "$CHANCERY" import-rdcr -f known.ledger -o never.ledger bad/evil.xml
expect_grep "$T/err" "bad/evil.xml:2:1: error: not an article of the guide: it has a DOCTYPE (its entities are not read)"
if grep -q root "$T/err" "$T/out"; then fail "an entity was read"; fi

# Into a store: --strict stores nothing; then the rest, once.
expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import known.ledger
expect_exit 1 "$CHANCERY" --db s.db import-rdcr --strict guide
expect_grep "$T/err" "import failed (--strict): 5 bad rows; nothing imported"
[ "$(sql s.db "SELECT count(*) FROM fact WHERE id LIKE '%.xml%'")" = 0 ] || fail "--strict stored facts"
expect_exit 1 "$CHANCERY" --db s.db import-rdcr guide bad/broken.xml
[ "$(sql s.db "SELECT count(*) FROM fact WHERE id LIKE '%.xml%'")" = 0 ] || fail "a malformed file let facts in"
expect_exit 0 "$CHANCERY" --db s.db import-rdcr guide
expect_grep "$T/err" "imported guide: 14 rows, 14 facts, 5 bad rows left out; 17 added, 0 changed, 0 unchanged"
records=$(sql s.db 'SELECT count(*) FROM record')
expect_exit 0 "$CHANCERY" --db s.db import-rdcr guide
expect_grep "$T/err" "0 added, 0 changed, 14 unchanged"
[ "$(sql s.db 'SELECT count(*) FROM record')" = "$records" ] || fail "the second import wrote a record"
expect_exit 0 "$CHANCERY" --db s.db status "United States" France --on 1900-01-01
expect_grep "$T/out" "established (embassy), since 1893-04-08 [france.xml:28.change]"
expect_exit 0 "$CHANCERY" --db s.db status "United States" France --on 1943-01-01
expect_grep "$T/out" "severed, since 1942-11-08 [france.xml:45.sever]"

# The real articles (../shared/data; absent on a fresh clone).
D="${SHARED_DATA:-}"
A="$D/relations/us-rdcr/articles"
if [ -z "$D" ] || [ ! -f "$A/cuba.xml" ]; then
	[ "$failures" -ne 0 ] && finish
	echo "SKIP: the real articles are not in '${A}' (the synthetic checks passed)"
	exit 77
fi
# Hand-counted: Cuba's 6 entries give 10 facts (recognition; relations
# and the legation; the elevation's three; the severance; the interests
# section; relations restored and the embassy); China's 21 give 27, and
# 3 are reported (a list of consular posts, a subordinate mission, the
# years of the undeclared war).
expect_exit 0 "$CHANCERY" import-rdcr -f "$SRCDIR/data/all.ledger" -o cuba.ledger "$A/cuba.xml"
expect_grep "$T/err" "6 rows, 10 facts, 0 bad rows left out"
expect_exit 0 "$CHANCERY" import-rdcr -f "$SRCDIR/data/all.ledger" -o china.ledger "$A/china.xml"
expect_grep "$T/err" "21 rows, 27 facts, 3 bad rows left out"
expect_grep "$T/err" 'china.xml:66:1: warning: not interpreted: list of consular posts ("Establishment of Consular Posts, 1844-1947."); row left out'

# A store that holds only the parties and sources of data/all.ledger (and
# the historic entities): whatever status says rests on the articles.
expect_exit 0 "$CHANCERY" --db w.db init
expect_exit 0 "$CHANCERY" --db w.db import "$SRCDIR/data/all.ledger"
expect_exit 0 "$CHANCERY" --db w.db export -o all.ledger
grep -E '^(party|source)' all.ledger >parties.ledger
expect_exit 0 "$CHANCERY" --db r.db init
expect_exit 0 "$CHANCERY" --db r.db import parties.ledger
expect_exit 0 "$CHANCERY" --db r.db import "$SRCDIR/data/world/historic.ledger"
[ "$(sql r.db "SELECT count(*) FROM current_event")" = 0 ] || fail "the parties' store holds events"
expect_exit 0 "$CHANCERY" --db r.db import-rdcr "$A"
# 1,222 entries (grep -c 'type="timeline"'); each fact written is one
# event line of the ledger, each bad row one warning
[ "$(cat "$A"/*.xml | grep -c 'type="timeline"')" = 1222 ] || fail "the articles changed"
expect_grep "$T/err" "imported $A: 1222 rows, 1181 facts, 335 bad rows left out; 1409 added"
[ "$(grep -c 'row left out' "$T/err")" = 335 ] || fail "expected 335 bad rows reported"
expect_grep "$T/err" "1222 entries, 887 interpreted (72.6%), 1181 facts"
expect_exit 0 "$CHANCERY" --db r.db export -o rdcr.ledger
[ "$(grep -c ' id=[a-z-]*\.xml:[0-9]*\.' rdcr.ledger)" = 1181 ] || fail "expected 1181 facts in the store"
expect_exit 0 "$CHANCERY" --db r.db status "United States" China --on 1980-01-01
expect_grep "$T/out" "established, since 1979-01-01 [china.xml:217.establish]"
expect_exit 0 "$CHANCERY" --db r.db status "United States" Cuba --on 1970-01-01
expect_grep "$T/out" "severed, since 1961-01-03 [cuba.xml:75.sever]"
expect_exit 0 "$CHANCERY" --db r.db status "United States" Texas --on 1840-01-01
expect_grep "$T/out" "[texas.xml:"
# twice: nothing changes
expect_exit 0 "$CHANCERY" --db r.db import-rdcr "$A"
expect_grep "$T/err" "0 added, 0 changed, 1181 unchanged"
finish
