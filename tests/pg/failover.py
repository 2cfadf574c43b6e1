#!/usr/bin/env python3
"""Drive writes and reads at two chancery servers across a PostgreSQL
failover, then check them against the store (tests/pg/failover.sh).

Writes: one writer posts `source fo-K "Failover write K"` for K = 1, 2, ...
alternately to each server, each until it gets a 200 (a failed attempt is
tried again: an import of the same text twice records it once). Reads: a
reader per server asks for fo-K around the last acknowledged K, and for a
status the writes do not touch; each answer names the store's record it is
the answer at (Chancery-Record).

Checked afterwards, from the store on the promoted standby:
  - every acknowledged write is in the store exactly once (one record, with
    its origin, added it; the export has it once);
  - every read of fo-K is the store's answer at its record N: found if and
    only if fo-K was recorded at or before N, with its title; no answer
    names a record the store does not have;
  - every read of the untouched status is the answer given before the
    failover.
Prints the seconds without acknowledged writes around the failover.
"""
import argparse
import json
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--servers", nargs=2, required=True)
ap.add_argument("--token", required=True)
ap.add_argument("--chancery", required=True)
ap.add_argument("--db", required=True)
ap.add_argument("--stop-primary", required=True)
ap.add_argument("--promote", required=True)
ap.add_argument("--before", type=float, default=3.0, help="seconds of load before the failover")
ap.add_argument("--after", type=float, default=3.0, help="seconds of load once writes resume")
ap.add_argument("--report", help="write the figures as JSON here")
args = ap.parse_args()

STATUS = "api/status?a=Abkhazia&b=Russia&on=2010-01-01"
lock = threading.Lock()
acks = {}  # K -> (record or None, time acknowledged)
attempts = {}  # K -> tries
reads = []  # (K, server, http status, record, title ok)
status_reads = []  # (server, body)
errors = []
stop = threading.Event()
last_acked = [0]


def request(url, data=None, timeout=15):
    req = urllib.request.Request(url, data=data)
    if data is not None:
        req.add_header("Authorization", "Bearer " + args.token)
        req.add_header("Content-Type", "text/plain")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
    except (urllib.error.URLError, OSError) as e:
        return 0, {}, str(e).encode()


def writer():
    k = 0
    while not stop.is_set() and k < 5000:
        k += 1
        body = ('source fo-%d "Failover write %d"\n' % (k, k)).encode()
        deadline = time.time() + 60
        while time.time() < deadline:
            server = args.servers[k % 2]
            attempts[k] = attempts.get(k, 0) + 1
            code, _, out = request(server + "api/import?origin=fo-%d" % k, body)
            if code == 200:
                j = json.loads(out)
                with lock:
                    acks[k] = (j.get("record"), time.time())
                    last_acked[0] = k
                break
            time.sleep(0.05)
        else:
            errors.append("write fo-%d: no 200 in 60 s" % k)
            return


def reader(server):
    rnd = random.Random(server)
    while not stop.is_set():
        with lock:
            top = last_acked[0]
        if rnd.random() < 0.2:
            code, headers, body = request(server + STATUS)
            if code == 200:
                status_reads.append((server, body))
            continue
        k = rnd.randint(max(1, top - 5), top + 2)
        code, headers, body = request(server + "api/show/fo-%d" % k)
        if code not in (200, 404):
            continue  # no answer (the store unreachable): not a wrong one
        rec = headers.get("Chancery-Record")
        ok = code == 404 or b"Failover write %d" % k in body
        reads.append((k, server, code, int(rec) if rec else None, ok))


def run(cmd):
    t = time.time()
    subprocess.run(cmd, shell=True, check=True)
    return t


threads = [threading.Thread(target=writer)] + [
    threading.Thread(target=reader, args=(s,)) for s in args.servers
]
code, _, before_status = request(args.servers[0] + STATUS)
if code != 200:
    sys.exit("FAIL: the status before the failover: HTTP %d" % code)
for t in threads:
    t.start()
time.sleep(args.before)
with lock:
    acked_before = len(acks)
t_fail = run(args.stop_primary)
t_promote = run(args.promote)
t_promoted = time.time()
# load until the writes have gone on for a while on the new primary
deadline = time.time() + 60
while time.time() < deadline and not errors:
    with lock:
        after = [t for (_, t) in acks.values() if t > t_promoted]
    if after and time.time() - min(after) >= args.after:
        break
    time.sleep(0.1)
stop.set()
for t in threads:
    t.join()

fail = list(errors)
# ---- the store as it is now, on the promoted standby ----
log = json.loads(subprocess.run([args.chancery, "--db", args.db, "log", "--json"], check=True,
                                capture_output=True).stdout)
export = subprocess.run([args.chancery, "--db", args.db, "export"], check=True,
                        capture_output=True).stdout.decode()
last_record = max(r["record"] if "record" in r else r["rec"] for r in log)
recorded = {}  # K -> [records that added fo-K]
for r in log:
    origin = r.get("origin") or ""
    if origin.startswith("http:fo-"):
        k = int(origin.split("-", 1)[1])
        if r.get("added", 0) or r.get("changed", 0):
            recorded.setdefault(k, []).append(r.get("record", r.get("rec")))
for k, (rec, _) in sorted(acks.items()):
    n = export.count('source fo-%d "Failover write %d"' % (k, k))
    if n != 1:
        fail.append("acknowledged write fo-%d is %d times in the export" % (k, n))
    if len(recorded.get(k, [])) != 1:
        fail.append("acknowledged write fo-%d was recorded by %s" % (k, recorded.get(k)))
    elif rec is not None and recorded[k][0] != rec:
        fail.append("fo-%d: acknowledged as record %s, stored as %s" % (k, rec, recorded[k]))
wrong = 0
for (k, server, code, rec, ok) in reads:
    stored = recorded.get(k, [None])[0]
    if rec is None or rec > last_record:
        why = "names record %s; the store's last is %d" % (rec, last_record)
    elif code == 200 and (stored is None or stored > rec or not ok):
        why = "found at record %d, stored at %s" % (rec, stored)
    elif code == 404 and stored is not None and stored <= rec:
        why = "not found at record %d, stored at %d" % (rec, stored)
    else:
        continue
    wrong += 1
    if wrong <= 10:
        fail.append("read of fo-%d from %s: %s" % (k, server, why))
for server, body in status_reads:
    if body != before_status:
        wrong += 1
        if wrong <= 10:
            fail.append("status from %s differs from the answer before the failover" % server)

times = sorted(t for (_, t) in acks.values())
before = [t for t in times if t < t_fail]
after = [t for t in times if t >= t_fail]
outage = (after[0] - before[-1]) if before and after else float("nan")
figures = {
    "writes_acknowledged": len(acks),
    "writes_before_failover": len(before),
    "writes_after_failover": len(after),
    "write_attempts_refused": sum(attempts.values()) - len(acks),
    "acknowledged_lost": sum(1 for k in acks if k not in recorded),
    "reads": len(reads) + len(status_reads),
    "wrong_answers": wrong,
    "seconds_without_writes": round(outage, 3),
    "promote_seconds": round(t_promoted - t_promote, 3),
}
print("failover: " + ", ".join("%s %s" % (k.replace("_", " "), v) for k, v in figures.items()))
if args.report:
    with open(args.report, "w") as f:
        json.dump(figures, f, indent=2)
if not before or not after:
    fail.append("no acknowledged write before (%d) or after (%d) the failover" %
                (len(before), len(after)))
for f in fail:
    print("FAIL: " + f, file=sys.stderr)
sys.exit(1 if fail else 0)
