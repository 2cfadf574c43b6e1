#!/usr/bin/env python3
"""Cross-check of the dyad-year panel against pocom (docs/panels.md).

For each US dyad-year row of the panel (ccode1 = 2), whether a US chief
of mission was in post in the host on the panel's day (31 December),
worked out here straight from pocom's own dates, and compared with the
panel's envoy12 column. The host of each pocom row is the one chancery's
import gave it (the events' ids name the row: "...csv:ROW.credentials"),
so what is compared is the dating: credentials presented on or before
the day and no end on or before it (a posting with no end in pocom ends
with the next chief's credentials, or is uncertain 10 years after its
own, as docs/coverage.md says). A date of month precision that
straddles the day is "uncertain" here too.

usage: crosscheck_pocom.py POCOM.csv ENVOYS.ledger PANEL.csv
Prints the agreement and exits 1 if any row disagrees. With a mission12
column, also how the panel's US missions (from the Wikidata extract) sit
with the years pocom has a chief in post: a chief implies a mission.
"""
import csv
import calendar
import re
import sys
from datetime import date


def span(text):
    """(first day, last day) of YYYY, YYYY-MM or YYYY-MM-DD."""
    p = text.split("-")
    y = int(p[0])
    if len(p) == 1:
        return date(y, 1, 1), date(y, 12, 31)
    m = int(p[1])
    if len(p) == 2:
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    d = date(y, m, int(p[2]))
    return d, d


def by(text, day):
    """'yes', 'no' or 'uncertain': had it happened by the end of day?"""
    lo, hi = span(text)
    return "yes" if hi <= day else "no" if lo > day else "uncertain"


def main(pocom, ledger, panel):
    host = {}
    for line in open(ledger, encoding="utf-8"):
        m = re.search(r" (?:appoint-envoy|present-credentials|end-envoy) \S+ (\S+) (\S+) .*id=[^ ]*:(\d+)\.", line)
        if m:
            host[int(m.group(3))] = m.group(2)
    chiefs = {}  # host id -> [(credentials, ended)]
    with open(pocom, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        first = 2  # the line a record starts on: notes may span lines
        for row in reader:
            n, first = first, reader.line_num + 1
            if n in host and row["started_credentials"]:
                chiefs.setdefault(host[n], []).append((row["started_credentials"], row["ended"]))
    agree = total = 0
    bad = []
    missions = {}  # (pocom in post, panel mission12 class) -> dyad-years
    with open(panel, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["ccode1"] != "2":
                continue
            got = row["envoy12"]
            if got == "NA":
                # NA is either uncertain (the dates do not decide: named in
                # the uncertain column) or not recorded, outside a state's
                # day or what any source covers (docs/panels.md)
                if "envoy12" not in row.get("uncertain", "").split(";"):
                    continue
                got = "uncertain"
            day = date(int(row["year"]), 12, 31)
            sure = maybe = False
            posts = chiefs.get(row["id2"], [])
            for k, (cred, end) in enumerate(posts):
                c = by(cred, day)
                if end:
                    e = by(end, day)
                else:
                    # docs/coverage.md: a posting with no end recorded ends
                    # with the next chief's credentials, else is uncertain
                    # 10 years (3,653 days) after its own
                    after = [p[0] for p in posts if span(p[0])[0] > span(cred)[0]]
                    nxt = min(after, key=lambda t: span(t)[0]) if after else None
                    if nxt:
                        e = by(nxt, day)
                    elif (day - span(cred)[1]).days > 3653:
                        e = "uncertain"
                    else:
                        e = "no"
                if c == "yes" and e == "no":
                    sure = True
                elif c != "no" and e != "yes":
                    maybe = True
            want = "1" if sure else "uncertain" if maybe else "0"
            if "mission12" in row:
                m = row["mission12"]
                m = ("uncertain" if "mission12" in row.get("uncertain", "").split(";") else
                     "not recorded") if m == "NA" else m if m == "none" else "open"
                missions[(want, m)] = missions.get((want, m), 0) + 1
            total += 1
            if want == got:
                agree += 1
            else:
                bad.append((row["year"], row["id2"], got, want))
    print(f"US envoy in post, panel vs pocom: {agree} of {total} US dyad-years agree"
          f" ({100.0 * agree / max(total, 1):.2f}%)")
    kinds = {}
    for b in bad:
        kinds[(b[2], b[3])] = kinds.get((b[2], b[3]), 0) + 1
    for k, v in sorted(kinds.items()):
        print(f"  panel {k[0]}, pocom {k[1]}: {v} dyad-years")
    for b in bad[:10]:
        print("  disagree: year %s host %s panel %s pocom %s" % b)
    if missions:
        implied = sum(v for (w, m), v in missions.items() if w == "1")
        held = sum(v for (w, m), v in missions.items() if w == "1" and m in ("open", "uncertain"))
        print(f"US mission where pocom has a chief in post: {held} of {implied} dyad-years"
              f" open or uncertain ({100.0 * held / max(implied, 1):.2f}%), none or not recorded in"
              f" {implied - held}")
        for (w, m), v in sorted(missions.items()):
            print(f"  pocom in post {w}, panel mission12 {m}: {v}")
    return 0 if agree == total else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
