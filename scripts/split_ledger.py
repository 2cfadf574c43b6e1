#!/usr/bin/env python3
"""Split a generated ledger into N files of about equal size, at the blank
lines between its blocks, so that no committed file is large (the project
keeps files under 5 MB). The parts, read in order, are the ledger byte for
byte: `include` them one after another (data/full.ledger).

    split_ledger.py LEDGER PREFIX N    # writes PREFIX-1.ledger .. PREFIX-N.ledger
"""
import sys

src, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read()
cuts = [0]
for k in range(1, n):
    at = data.find(b"\n\n", len(data) * k // n)
    cuts.append(len(data) if at < 0 else at + 2)
cuts.append(len(data))
for k in range(n):
    with open("%s-%d.ledger" % (prefix, k + 1), "wb") as f:
        f.write(data[cuts[k]:cuts[k + 1]])
