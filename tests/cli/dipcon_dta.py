#!/usr/bin/env python3
"""dipcon_dta.py OUT.dta < SPEC: write a small Stata file (format 114, the
format of DIPCON23.dta) for tests/cli/import_dipcon.sh and the fuzz seeds.

SPEC is text: a first line of columns NAME:TYPE (TYPE byte, int, long,
float, double or strN), then one row a line, fields separated by white
space; '.' is Stata's missing value in a numeric column. Synthetic rows
only: never rows of DIPCON itself.
"""
import struct
import sys

NUMERIC = {  # Stata 114 type code, struct format, the missing value "."
    "byte": (251, "<b", 101),
    "int": (252, "<h", 32741),
    "long": (253, "<i", 2147483621),
    "float": (254, "<f", 2.0 ** 127),
    "double": (255, "<d", 2.0 ** 1023),
}


def fixed(s, n):
    b = s.encode("ascii")[: n - 1]
    return b + b"\0" * (n - len(b))


def main():
    lines = [l.split() for l in sys.stdin.read().splitlines() if l.strip()]
    cols = [c.split(":") for c in lines[0]]
    rows = lines[1:]
    out = bytearray()
    out += struct.pack("<BBBBHI", 114, 2, 1, 0, len(cols), len(rows))
    out += fixed("synthetic test data", 81) + fixed(" 1 Jan 2000 00:00", 18)
    for _, t in cols:  # typlist
        out.append(int(t[3:]) if t.startswith("str") else NUMERIC[t][0])
    for name, _ in cols:  # varlist
        out += fixed(name, 33)
    out += b"\0" * (2 * (len(cols) + 1))  # srtlist
    for _, t in cols:  # fmtlist
        out += fixed("%9s" if t.startswith("str") else "%9.0g", 49)
    out += b"\0" * (33 * len(cols))  # lbllist
    out += b"\0" * (81 * len(cols))  # variable labels
    out += b"\0" * 5  # no expansion fields
    for r in rows:
        for (name, t), v in zip(cols, r):
            if t.startswith("str"):
                out += fixed(v, int(t[3:]) + 1)[: int(t[3:])]
            else:
                code, fmt, missing = NUMERIC[t]
                x = missing if v == "." else (float(v) if t in ("float", "double") else int(v))
                out += struct.pack(fmt, x)
    with open(sys.argv[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
