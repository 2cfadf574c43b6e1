#!/usr/bin/env python3
"""Check the colours of the golden maps where a reader looks.

    map_pixels.py GOLDEN_DIR BREAKAWAY.geojson

Each map is rasterised with rsvg-convert at its own size; the frame it
was drawn with is read from its <metadata> (projection, central meridian,
standard parallel, scale, offset), and places given in degrees are
projected here with the published formulas (equirectangular, Equal Earth:
Savric, Patterson and Jenny 2018), written apart from the C code, so the
check also checks the projection. The PNG is decoded with zlib.
Exit 0 when every place has its colour, 1 otherwise.
"""
import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib

SEA, LAND = (0xcf, 0xe6, 0xf5), (0xd0, 0xd0, 0xd0)
GREEN, ORANGE, BLUE = (0x00, 0x9e, 0x73), (0xe6, 0x9f, 0x00), (0x00, 0x72, 0xb2)


def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w, bpp = 8, b"", 0, 4
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, "expected 8-bit RGB or RGBA"
            bpp = 4 if ctype == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def equal_earth(lam, phi):
    a1, a2, a3, a4, m = 1.340264, -0.081106, 0.000893, 0.003796, math.sqrt(3) / 2
    th = math.asin(m * math.sin(phi))
    t2 = th * th
    t6 = t2 ** 3
    x = lam * math.cos(th) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    return x, th * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))


def project(frame, lon, lat):
    dlon = (lon - frame["lon0"] + 180) % 360 - 180
    lam, phi = math.radians(dlon), math.radians(lat)
    if frame["projection"] == "equal-earth":
        x, y = equal_earth(lam, phi)
    else:
        x, y = lam * math.cos(math.radians(frame["lat1"])), phi
    return frame["k"] * x + frame["tx"], frame["ty"] - frame["k"] * y


def inside(ring, lon, lat):
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def near(c, want, tol=6):
    return all(abs(a - b) <= tol for a, b in zip(c, want))


def main():
    gold, breakaway = sys.argv[1], sys.argv[2]
    rings = {f["properties"]["BRK_NAME"]: f["geometry"]["coordinates"][0]
             for f in json.load(open(breakaway))["features"]}
    # Places (lon, lat). The breakaway ones are checked against the bundled
    # polygons first, so that a wrong place cannot pass for a right colour.
    abkhazia, georgia = (41.4, 43.0), (43.0, 42.05)
    assert inside(rings["Abkhazia"], *abkhazia), "the Abkhazia point is not in Abkhazia"
    for name in ("Abkhazia", "South Ossetia"):
        assert not inside(rings[name], *georgia), "the Georgia point is in " + name
    black_sea, atlantic, siberia = (34.0, 43.0), (-40.0, 30.0), (95.0, 62.0)
    nicaragua, venezuela, syria = (-85.0, 12.9), (-66.0, 7.0), (38.5, 35.0)
    checks = {
        "abkhazia-russia.svg": [("Abkhazia", abkhazia, GREEN), ("Georgia proper", georgia, LAND),
                                ("the Black Sea", black_sea, SEA), ("Siberia", siberia, ORANGE)],
        "georgia-russia.svg": [("Georgia proper", georgia, GREEN), ("the Black Sea", black_sea, SEA),
                               ("Siberia", siberia, ORANGE)],
        "nicaragua-russia.svg": [("Nicaragua", nicaragua, GREEN), ("Siberia", siberia, ORANGE),
                                 ("the Atlantic", atlantic, SEA), ("Georgia", georgia, LAND)],
        "recognitions-abkhazia-2026-01-01.svg": [
            ("Abkhazia", abkhazia, GREEN), ("Siberia", siberia, BLUE), ("Nicaragua", nicaragua, BLUE),
            ("Venezuela", venezuela, BLUE), ("Syria", syria, BLUE), ("Georgia proper", georgia, LAND),
            ("the Atlantic", atlantic, SEA)],
        "recognitions-abkhazia-2008-09-01.svg": [
            ("Abkhazia", abkhazia, GREEN), ("Siberia", siberia, BLUE), ("Nicaragua", nicaragua, LAND),
            ("Venezuela", venezuela, LAND), ("Syria", syria, LAND), ("the Atlantic", atlantic, SEA)],
    }
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, places in checks.items():
            svg = os.path.join(gold, name)
            text = open(svg, encoding="utf-8").read()
            m = re.search(r'<c:frame [^>]*projection="([^"]+)" lon0="([^"]+)" lat1="([^"]+)" '
                          r'k="([^"]+)" tx="([^"]+)" ty="([^"]+)"', text)
            assert m, name + ": no frame in its metadata"
            frame = dict(zip(("lon0", "lat1", "k", "tx", "ty"), map(float, m.groups()[1:])))
            frame["projection"] = m.group(1)
            for what, (lon, lat), want in places:
                x, y = project(frame, lon, lat)
                vb = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', text)
                if not (0 <= x < float(vb.group(1)) and 0 <= y < float(vb.group(2))):
                    print("FAIL: %s: %s at (%.1f, %.1f) is outside the map" % (name, what, x, y))
                    failures += 1
                    continue
                # The map seen through a window of 8 by 8 units round the
                # place, at 8 pixels a unit: the place is the centre pixel
                # even where the country is a few pixels wide at 1200.
                crop = re.sub(r'width="[0-9.]+" height="[0-9.]+" viewBox="[^"]+"',
                              'width="64" height="64" viewBox="%.3f %.3f 8 8"' % (x - 4, y - 4),
                              text, count=1)
                src, png = os.path.join(tmp, "crop.svg"), os.path.join(tmp, "crop.png")
                open(src, "w", encoding="utf-8").write(crop)
                subprocess.run(["rsvg-convert", "-o", png, src], check=True)
                w, h, bpp, rows = read_png(png)
                got = tuple(rows[h // 2][bpp * (w // 2):bpp * (w // 2) + 3])
                if not near(got, want):
                    print("FAIL: %s: %s (%.1f, %.1f) is #%02x%02x%02x, expected #%02x%02x%02x"
                          % ((name, what, x, y) + got + want))
                    failures += 1
    print("map pixels: %d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
