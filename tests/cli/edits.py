#!/usr/bin/env python3
"""Random edits for tests/cli/import_partial.sh: a sequence of small
ledgers, each a few new or changed facts among the given parties, some of
them wrong on purpose (credentials before the appointment, a reaction
dated before what it is about, an act before a party existed), so that an
import checked with the facts it touches can be compared with one checked
with the whole store.

usage: edits.py SEED N PARTIES_FILE EVENTS_FILE OUTDIR
  PARTIES_FILE: party ids, one per line (states that exist throughout)
  EVENTS_FILE: ids of stored events a reaction may be about, one per line
Writes OUTDIR/edit-000.ledger (the source they cite) and
edit-001.ledger ... edit-N.ledger.
"""
import os
import random
import sys


def date(rng):
    y = rng.randint(1990, 2020)
    form = rng.random()
    if form < 0.6:
        return "%04d-%02d-%02d" % (y, rng.randint(1, 12), rng.randint(1, 28))
    if form < 0.75:
        return "%04d-%02d" % (y, rng.randint(1, 12))
    if form < 0.9:
        return "%04d" % y
    return "%04d/%04d" % (y, y + rng.randint(1, 5))


def main():
    seed, n, parties_file, events_file, out = sys.argv[1:6]
    rng = random.Random(int(seed))
    parties = [p.strip() for p in open(parties_file) if p.strip()]
    stored = [e.strip() for e in open(events_file) if e.strip()]
    os.makedirs(out, exist_ok=True)
    # the source first, alone: an edit that is refused must not take it along
    with open(os.path.join(out, "edit-000.ledger"), "w") as f:
        f.write('source prop-src "Random edits of the property test"\n')
    mine = []  # (id, line) of the events of earlier edits, to change later
    persons = []
    count = 0
    for k in range(1, int(n) + 1):
        lines = []
        earlier = list(mine)
        for _ in range(rng.randint(1, 4)):
            a, b = rng.sample(parties, 2)
            what = rng.random()
            count += 1
            eid = "prop-%d" % count
            if what < 0.35:
                kind = rng.choice(["recognise", "withdraw-recognition", "establish-relations",
                                   "sever-relations", "restore-relations", "suspend-relations"])
                line = "%s %s %s %s id=%s source=prop-src" % (date(rng), kind, a, b, eid)
            elif what < 0.5:
                kind = rng.choice(["open-mission", "close-mission"])
                line = "%s %s %s %s id=%s type=%s source=prop-src" % (
                    date(rng), kind, a, b, eid, rng.choice(["embassy", "legation", "consulate"]))
            elif what < 0.65:
                if not persons or rng.random() < 0.4:
                    pid = "prop-person-%d" % len(persons)
                    lines.append('person %s "Envoy %d"' % (pid, len(persons)))
                    persons.append((pid, a, b))
                pid, a, b = rng.choice(persons)
                kind = rng.choice(["appoint-envoy", "present-credentials", "end-envoy"])
                line = "%s %s %s %s %s id=%s source=prop-src" % (date(rng), kind, pid, a, b, eid)
            elif what < 0.75 and stored + [m[0] for m in mine]:
                about = rng.choice(stored + [m[0] for m in mine])
                line = "%s react %s id=%s about=%s stance=%s source=prop-src" % (
                    date(rng), a, eid, about, rng.choice(["welcome", "condemn", "concern"]))
            elif what < 0.85 and earlier:
                # a new version of an event of an earlier edit: another date
                old_id, old = rng.choice(earlier)
                earlier = [m for m in earlier if m[0] != old_id]
                parts = old.split(" ", 1)
                line = date(rng) + " " + parts[1]
                eid = old_id
            else:
                tid = "prop-treaty-%d" % k
                lines.append('treaty %s "Treaty %d" parties=%s,%s source=prop-src' % (tid, k, a, b))
                d = rng.randint(1991, 2015)
                lines.append("  %04d-03-01 sign" % d)
                lines.append("  %04d-06-01 ratify %s" % (d + rng.randint(-1, 2), a))
                continue
            lines.append(line)
            if eid.startswith("prop-") and not any(m[0] == eid for m in mine):
                mine.append((eid, line))
            else:
                mine = [(i, line if i == eid else l) for i, l in mine]
        with open(os.path.join(out, "edit-%03d.ledger" % k), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
