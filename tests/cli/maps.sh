#!/bin/sh
# Maps and charts (docs/maps.md): golden SVGs of the locator maps
# (Abkhazia-Russia, the reference; Georgia-Russia; Nicaragua-Russia, far
# apart), of the recognition map of Abkhazia on 2026-01-01 and 2008-09-01,
# of the recognition chart and of a timeline; every SVG well-formed, with a
# view box, a title and a description naming the day and the sources; the
# pixels a reader looks at (map_pixels.py, through rsvg-convert); and bad
# input. UPDATE_GOLDEN=1 rewrites the goldens; review the diff.
. "$SRCDIR/tests/cli/lib.sh.inc"
G="$SRCDIR/tests/golden/maps"
DATA="$SRCDIR/data/maps.ledger"
for tool in xmllint rsvg-convert; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is absent (scripts/setup.sh installs it)" >&2
		exit 77
	fi
done
cd "$T"

check() { # golden name, the command's arguments
	name=$1
	shift
	"$CHANCERY" "$@" -f "$DATA" -o "$T/$name" >"$T/out" 2>"$T/err" || fail "$* failed: $(cat "$T/err")"
	xmllint --noout "$T/$name" || fail "$name is not well-formed XML"
	grep -q '^<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="[0-9.]*" height="[0-9.]*" viewBox="0 0 [0-9.]* [0-9.]*">$' "$T/$name" ||
		fail "$name has no <svg> with a view box"
	grep -q '^<title>..*</title>$' "$T/$name" || fail "$name has no <title>"
	grep -q '^<desc>.*[Ss]ources.*</desc>$' "$T/$name" || fail "$name has no <desc> naming its sources"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T/$name" "$G/$name"
	else
		expect_same "$G/$name" "$T/$name"
	fi
}

check abkhazia-russia.svg map Abkhazia Russia --on 2026-01-01
check georgia-russia.svg map GE RU --on 2026-01-01
check nicaragua-russia.svg map Russia Nicaragua --on 2026-01-01
check recognitions-abkhazia-2026-01-01.svg map --recognitions Abkhazia --on 2026-01-01
check recognitions-abkhazia-2008-09-01.svg map --recognitions AB --on 2008-09-01
check chart-recognitions-abkhazia.svg chart recognitions Abkhazia --from 2008 --to 2025
check timeline-abkhazia-russia.svg chart timeline Abkhazia Russia

# What the files say, read by hand from the data.
expect_grep "$G/abkhazia-russia.svg" "<desc>Locator map of Abkhazia (green) and Russia (orange) on 1 January 2026."
expect_grep "$G/abkhazia-russia.svg" ">Abkhazia and Russia, 1 January 2026</text>"
expect_grep "$G/abkhazia-russia.svg" '<path id="ABK" fill="#009e73"'
expect_grep "$G/abkhazia-russia.svg" '<path id="RUS" fill="#e69f00"'
expect_grep "$G/abkhazia-russia.svg" '<path id="GEO" d="'
# Abkhazia is a few pixels wide at 250: a circle shows where it is
expect_grep "$G/abkhazia-russia.svg" '<circle fill="none" stroke="#009e73"'
# Georgia's claimed areas in Georgia's colour, hatched
expect_grep "$G/georgia-russia.svg" '<path id="ABK" fill="url(#hatch-1)"'
expect_grep "$G/georgia-russia.svg" '<path id="SOS" fill="url(#hatch-1)"'
# far apart: the whole world
expect_grep "$G/nicaragua-russia.svg" 'projection="equal-earth" lon0="0.0000"'
# Russia, Nicaragua, Venezuela, Nauru and Syria recognise it; Tuvalu withdrew
expect_grep "$G/recognitions-abkhazia-2026-01-01.svg" "<title>Recognition of Abkhazia on 1 January 2026: 5 recognising</title>"
# Tuvalu and Nauru are too small to draw at 1200: circles say where
expect_grep "$G/recognitions-abkhazia-2026-01-01.svg" '<circle fill="none" stroke="#e69f00"'
[ "$(grep -c '<circle fill="none" stroke="#0072b2"' "$G/recognitions-abkhazia-2026-01-01.svg")" = 3 ] ||
	fail "expected circles round Nicaragua, Nauru and Syria"
# on 2008-09-01 Russia alone (Nicaragua followed on 2008-09-05)
expect_grep "$G/recognitions-abkhazia-2008-09-01.svg" "<title>Recognition of Abkhazia on 1 September 2008: 1 recognising</title>"
expect_grep "$G/recognitions-abkhazia-2008-09-01.svg" '<path id="NIC" d="'
expect_grep "$G/chart-recognitions-abkhazia.svg" ">Tuvalu withdraws</text>"
expect_grep "$G/timeline-abkhazia-russia.svg" "<title>2009 announce-mission (ru-embassy-directive)</title>"

# The locator map stays under 150 KB.
size=$(wc -c <"$G/abkhazia-russia.svg")
[ "$size" -lt 153600 ] || fail "the locator map is $size bytes, over 150 KB"

# Pixels: Abkhazia green, Georgia proper grey, the Black Sea sea, ...
python3 "$SRCDIR/tests/cli/map_pixels.py" "$G" "$SRCDIR/data/geo/ne50m_breakaway_abkhazia_south_ossetia.geojson" >"$T/pixels" 2>&1 ||
	fail "map pixels: $(cat "$T/pixels")"

# Today is the default day.
expect_exit 0 "$CHANCERY" map -f "$DATA" --recognitions Abkhazia -o today.svg
expect_exit 0 "$CHANCERY" map -f "$DATA" --recognitions Abkhazia --on "$(date -u +%Y-%m-%d)" -o on.svg
expect_same today.svg on.svg

# The default file is the infobox's own name, printed.
expect_exit 0 "$CHANCERY" map -f "$DATA" Russia Abkhazia
expect_grep "$T/out" "Abkhazia-Russia Locator.svg"
[ -s "$T/Abkhazia-Russia Locator.svg" ] || fail "no 'Abkhazia-Russia Locator.svg'"
"$CHANCERY" article -f "$DATA" Abkhazia Russia --format json >art.json
expect_grep art.json '"map": "Abkhazia-Russia Locator.svg"'

# Bad input. An unknown party: the nearest names, exit 4.
expect_exit 4 "$CHANCERY" map -f "$DATA" Abkhasia Russia
expect_grep "$T/err" "unknown party 'Abkhasia'; did you mean 'Abkhazia' (AB)?"
expect_exit 4 "$CHANCERY" chart -f "$DATA" recognitions Abkhasia
# A party with no area still renders: a note under the map and a warning.
expect_exit 0 "$CHANCERY" map -f "$DATA" EU Russia -o eu.svg
expect_grep "$T/err" "warning: party 'EU' (European Union) has no area on the map"
expect_grep eu.svg ">European Union (EU) is an organisation and has no area on the map.</text>"
xmllint --noout eu.svg || fail "eu.svg is not well-formed"
# Transnistria has no shape in Natural Earth's admin-0 or the bundled
# breakaway areas (docs/maps.md): a note, a warning, still a map.
cat >tr.ledger <<'LEDGER'
source s "A source"
party MD "Republic of Moldova" short=Moldova iso=MD iso3=MDA source=s
party PMR "Pridnestrovian Moldavian Republic" short=Transnistria kind=partially-recognised source=s
1992-03 armed-conflict MD PMR source=s "Transnistria War"
LEDGER
expect_exit 0 "$CHANCERY" map -f tr.ledger Transnistria Moldova -o tr.svg
expect_grep "$T/err" "warning: party 'PMR' (Transnistria) has no area on the map"
expect_grep tr.svg ">Transnistria (PMR) has no area on the map.</text>"
expect_grep tr.svg '<path id="MDA" fill="#009e73"'
# Before it existed, Abkhazia's area is drawn as part of Georgia.
expect_exit 0 "$CHANCERY" map -f "$DATA" Abkhazia Russia --on 1995-01-01 -o 1995.svg
expect_grep 1995.svg ">Abkhazia did not exist on 1 January 1995 (from 1999-10-12); its area is drawn as part of Georgia.</text>"
# An unwritable path: exit 3, a clear error, no file and no temporary left.
expect_exit 3 "$CHANCERY" map -f "$DATA" Abkhazia Russia -o "$T/no/such/dir/map.svg"
expect_grep "$T/err" "error: cannot write '$T/no/such/dir/map.svg': No such file or directory"
mkdir ro && chmod 555 ro
if ! touch ro/probe 2>/dev/null; then # (root may write anywhere)
	expect_exit 3 "$CHANCERY" map -f "$DATA" Abkhazia Russia -o ro/map.svg
	[ -z "$(ls ro)" ] || fail "a failed write left $(ls ro) behind"
fi
rm -f ro/probe
# Usage errors: exit 2.
expect_exit 2 "$CHANCERY" map -f "$DATA" Abkhazia
expect_exit 2 "$CHANCERY" map -f "$DATA" Abkhazia Russia --on 2009
expect_exit 2 "$CHANCERY" chart -f "$DATA" pie Abkhazia
expect_grep "$T/err" "unknown chart 'pie'; the charts are 'recognitions' and 'timeline'"
expect_exit 2 "$CHANCERY" map -f "$DATA" Abkhazia Russia --detail 5
expect_exit 2 "$CHANCERY" map -f "$DATA" Abkhazia Russia --json
expect_grep "$T/err" "'chancery map' has no JSON answer"

# --overlay: a user's area, tied to a party by its "party" property.
cat >ov.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "Test area", "party": "EU"},
  "geometry": {"type": "Polygon", "coordinates": [[[5, 45], [15, 45], [15, 52], [5, 52], [5, 45]]]}}]}
JSON
expect_exit 0 "$CHANCERY" map -f "$DATA" EU Russia --overlay ov.geojson -o ov.svg
expect_grep ov.svg '<path id="overlay-Test_area" fill="#009e73"'
grep -q "has no area" ov.svg && fail "the overlay did not give EU its area"
# a bad overlay: the place and what was expected, exit 1
printf '{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[5, 45], [15, 95], [5, 52], [5, 45]]]}}' >bad.geojson
expect_exit 1 "$CHANCERY" map -f "$DATA" EU Russia --overlay bad.geojson
expect_grep "$T/err" "bad.geojson: error: geometry.coordinates[0][1]: (15, 95) is not a longitude in [-180, 180] and a latitude in [-90, 90]"
printf '{"type": "Feature",\n "geometry": {"type": "Polygon" "coordinates": []}}' >syntax.geojson
expect_exit 1 "$CHANCERY" map -f "$DATA" EU Russia --overlay syntax.geojson
expect_grep "$T/err" "syntax.geojson:2:"
finish
