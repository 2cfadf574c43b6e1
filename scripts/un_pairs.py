#!/usr/bin/env python3
"""How many pairs of UN members have a relations answer on a day.

The figure docs/import.md gives for the bundled world: of the pairs of
states that are both members of the United Nations on DAY, how many get
an answer other than "not recorded" for their diplomatic relations
(established, none per a covering source, severed, suspended, or
uncertain), and from which kind of source. Members: the join-organisation
and leave-organisation events of data/un-members.ledger, surely dated on
or before DAY. Answers: chancery's undirected dyad-year panel on DAY's
month and day (docs/panels.md), where relations is NA unless a fact or a
covering source gives it, and "relations" in the uncertain column when
the dates do not decide. A pair of members that is not in the panel (a
member the COW list does not count as a state that year, such as the
Byelorussian and Ukrainian SSRs before 1991) is counted as not recorded.

usage: un_pairs.py CHANCERY DB DAY     (DAY as YYYY-MM-DD)
"""
import csv
import io
import json
import subprocess
import sys
from collections import Counter


def run(chancery, db, *args):
    return subprocess.run([chancery, "--db", db, *args], check=True,
                          capture_output=True, text=True).stdout


def members(chancery, db, day):
    """The parties surely UN members on day."""
    spells = {}
    for e in json.loads(run(chancery, db, "events", "--party", "UN", "--json")):
        if e.get("target") != "UN" or e["date"]["latest"] > day:
            continue
        if e["kind"] == "join-organisation":
            spells.setdefault(e["actor"], []).append(("join", e["date"]["latest"]))
        elif e["kind"] == "leave-organisation":
            spells.setdefault(e["actor"], []).append(("leave", e["date"]["latest"]))
    out = set()
    for party, acts in spells.items():
        acts.sort(key=lambda a: a[1])
        if acts[-1][0] == "join":
            out.add(party)
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    chancery, db, day = sys.argv[1:]
    un = members(chancery, db, day)
    year, md = day[:4], day[5:]
    panel = run(chancery, db, "panel", "dyad-year", "--undirected", "--from", year, "--to", year,
                "--on", md, "--columns", "names,relations")
    answers = Counter()
    seen = set()
    for row in csv.DictReader(io.StringIO(panel)):
        a, b = row["id1"], row["id2"]
        if a not in un or b not in un:
            continue
        seen.add(frozenset((a, b)))
        if row["relations"] != "NA":
            answers[row["relations"]] += 1
        elif "relations" in row["uncertain"].split(";"):
            answers["uncertain"] += 1
        else:
            answers["not recorded"] += 1
    n = len(un)
    pairs = n * (n - 1) // 2
    answers["not recorded"] += pairs - len(seen)
    answered = pairs - answers["not recorded"]
    print(f"{day}: {n} UN members, {pairs} pairs; {answered} with a relations answer "
          f"({100.0 * answered / pairs:.1f}%), {answers['not recorded']} not recorded "
          f"({pairs - len(seen)} of them outside the COW system that year)")
    for k, v in sorted(answers.items(), key=lambda kv: -kv[1]):
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
