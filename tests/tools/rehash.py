#!/usr/bin/env python3
"""Give the facts and records a test wrote into a store by hand (with
sqlite3) the hashes chancery would have given them, as someone who holds
the file can: fact.hash and record.chain where they are NULL.

A second implementation of the encoding in src/store/integrity.c (and
docs/schema.md, "Hashes"), so the tests that forge stores also check
that the encoding is what the documentation says: BLAKE2b-128 of a fact,
BLAKE2b-256 through the records, integers as 8 bytes big-endian, strings
with their length first, NULL as a length of all ones.

usage: rehash.py STORE.db"""
import hashlib
import sqlite3
import struct
import sys


def put_int(h, v):
    h.update(struct.pack(">q", v))


def put_str(h, s):
    if s is None:
        put_int(h, -1)
        return
    b = s.encode("utf-8") if isinstance(s, str) else bytes(s)
    put_int(h, len(b))
    h.update(b)


def fact_hash(fid, id_, entity, rec, supersedes, retracted, text):
    h = hashlib.blake2b(digest_size=16)
    h.update(b"chancery fact 1\0")
    put_int(h, fid)
    put_str(h, id_)
    put_str(h, entity)
    put_int(h, rec)
    put_int(h, supersedes or 0)
    put_int(h, retracted)
    put_str(h, text)
    return h.digest()


def main():
    db = sqlite3.connect(sys.argv[1])
    db.text_factory = bytes
    db.executescript("DROP TRIGGER fact_no_update; DROP TRIGGER record_no_update;")
    prev = bytes(32)
    for rec, at, author, origin, added, changed, retracted, chain in db.execute(
            "SELECT rec, recorded_at, author, origin, added, changed, retracted, chain"
            " FROM record ORDER BY rec").fetchall():
        h = hashlib.blake2b(digest_size=32)
        h.update(b"chancery record 1\0")
        h.update(prev)
        for fid, id_, entity, sup, ret, text, old in db.execute(
                "SELECT fid, id, entity, supersedes, retracted, text, hash FROM fact"
                " WHERE rec = ? ORDER BY fid", (rec,)).fetchall():
            fh = old if old is not None else fact_hash(fid, id_, entity, rec, sup, ret, text)
            if old is None:
                db.execute("UPDATE fact SET hash = ? WHERE fid = ?", (fh, fid))
            h.update(fh)
        put_int(h, rec)
        for s in (at, author, origin):
            put_str(h, s)
        for n in (added, changed, retracted):
            put_int(h, n)
        if chain is None:
            chain = h.digest()
            db.execute("UPDATE record SET chain = ? WHERE rec = ?", (chain, rec))
        prev = chain
    db.executescript(
        "CREATE TRIGGER fact_no_update BEFORE UPDATE ON fact"
        " BEGIN SELECT RAISE(ABORT, 'fact is append-only'); END;"
        "CREATE TRIGGER record_no_update BEFORE UPDATE ON record"
        " BEGIN SELECT RAISE(ABORT, 'record is append-only'); END;")
    db.commit()


if __name__ == "__main__":
    main()
