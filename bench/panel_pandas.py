#!/usr/bin/env python3
"""The bare COW directed dyad-year panel with pandas, as a researcher
writes it (bench/README.md, "Panels"): a state-year per year of each
membership spell (COW's rule: a member in any part of the year), one per
state and year, every ordered pair of the year's members, written as CSV.

usage: panel_pandas.py COW_STATELIST.csv OUT.csv [FROM TO]
"""
import sys

import pandas as pd


def main(src, out, first=1816, last=2024):
    states = pd.read_csv(src)
    years = states.apply(lambda r: list(range(r.styear, r.endyear + 1)), axis=1)
    sy = (states.assign(year=years).explode("year")[["ccode", "year"]]
          .astype({"year": int}).drop_duplicates())
    sy = sy[(sy.year >= first) & (sy.year <= last)]
    dy = sy.merge(sy, on="year", suffixes=("1", "2"))
    dy = dy[dy.ccode1 != dy.ccode2][["year", "ccode1", "ccode2"]]
    dy = dy.sort_values(["year", "ccode1", "ccode2"])
    dy.to_csv(out, index=False)
    print(len(dy), file=sys.stderr)


if __name__ == "__main__":
    a = sys.argv
    main(a[1], a[2], *(int(x) for x in a[3:5]))
