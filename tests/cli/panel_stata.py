#!/usr/bin/env python3
"""panel_stata.py PANEL.csv PANEL.dta PANEL.sav: the Stata and SPSS files
of `chancery panel` hold the CSV's values (issue 23).

The .dta is read by pandas (read_stata, with its value labels as
categories), as a researcher opening it would; every cell must equal the
CSV's: NA is a missing value, a coded column's word is its value label
(the 0/1 and 0-3 columns' labels are no/yes and none/charge
d'affaires/minister/ambassador), every variable has a label. The .sav is
read by ReadStat's own `readstat` tool and must hold the same values as
the .dta, read by the same tool."""
import csv
import subprocess
import sys

import pandas as pd

CODES01 = {"0": "no", "1": "yes"}
REP = {"0": "none", "1": "charge d'affaires", "2": "minister", "3": "ambassador"}
LABELLED = {"recognises12": CODES01, "recognises21": CODES01, "embassy12": CODES01,
            "embassy21": CODES01, "envoy12": CODES01, "envoy21": CODES01,
            "rep12": REP, "rep21": REP}


def main():
    csv_path, dta_path, sav_path = sys.argv[1:4]
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    reader = pd.io.stata.StataReader(dta_path)
    labels = reader.variable_labels()
    reader.close()
    d = pd.read_stata(dta_path)
    bad = []
    if list(d.columns) != header:
        bad.append("columns %s, expected %s" % (list(d.columns), header))
    if len(d) != len(body):
        bad.append("%d rows, expected %d" % (len(d), len(body)))
    for name in header:
        if not labels.get(name):
            bad.append("variable %s has no label" % name)
    want_all = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    for name in header if not bad else []:
        got, want = d[name], want_all[name]
        kind = str(got.dtype)
        if kind == "object":  # a string variable: every value as written, "NA" too
            diff = got != want
        else:  # numeric or labelled: NA (and an empty level) is missing
            absent = (want == "NA") | ((want == "") & (name == "relations_level"))
            diff = got.isna() != absent
            have = ~absent & got.notna()
            if name in LABELLED:
                diff |= have & (got.astype(object) != want.map(LABELLED[name]))
            elif kind == "category":
                diff |= have & (got.astype(object) != want)
            else:
                diff |= have & (got.fillna(-1).astype("int64") != pd.to_numeric(want.where(have, "-1")))
        for i in list(diff[diff].index)[:3]:
            bad.append("row %d, %s: %r in the .dta, %r in the CSV" % (i + 2, name, got.iloc[i],
                                                                      want.iloc[i]))
    # the .sav against the .dta, both read by readstat: the same values
    def values(path):
        out = subprocess.run(["readstat", path, "-"], capture_output=True, check=True).stdout
        table = list(csv.reader(out.decode("utf-8").splitlines()))
        return [[("%g" % float(v)) if v.replace(".", "", 1).replace("-", "", 1).isdigit() else v
                 for v in r] for r in table]
    if values(sav_path) != values(dta_path):
        bad.append("the .sav's values differ from the .dta's")
    for b in bad[:20]:
        print("FAIL:", b)
    print("%d rows x %d columns compared: %s" % (len(body), len(header),
                                               "the same" if not bad else "%d differ" % len(bad)))
    sys.exit(1 if bad else 0)


main()
