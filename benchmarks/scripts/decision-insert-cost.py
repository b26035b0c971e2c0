#!/usr/bin/env python3
"""What SQLite itself spends per recorded match decision, for each variant of the decision tables' indexes (issue 26).

The service's store write (DecisionWriteBenchmarks) times SQLite and Microsoft.Data.Sqlite together; this times the
engine through Python's sqlite3 module (C, little overhead of its own), so the two together say how much of a
decision's write is the engine and which index costs what. Each variant: a fresh WAL database with synchronous=NORMAL
(as the service opens it), the service's two tables (schema migration 4), then ROUNDS transactions of PER decisions,
each a decision row and one candidate row for a random entry of a 1M-entry bank, ids starting with their time. The
index by entry is what migration 8 dropped (only --quarantine-after's count reads it); transactions of 1 show what a
commit costs, which is what single-hash lookups pay when the group commit finds one decision waiting.

Usage: python3 benchmarks/scripts/decision-insert-cost.py [ROUNDS (default 400)] [PER (default 256)]
"""
import os
import random
import sqlite3
import sys
import tempfile
import time

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 400
PER = int(sys.argv[2]) if len(sys.argv) > 2 else 256
DECISIONS = """CREATE TABLE hm_decisions (id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, endpoint TEXT NOT NULL, api_key TEXT,
    query_id TEXT, pdq BLOB, quality SMALLINT, md5 BLOB, sha1 BLOB, sha256 BLOB, index_seq INTEGER NOT NULL)"""
CANDIDATES = """CREATE TABLE hm_decision_candidates (decision_id TEXT NOT NULL, ord INTEGER NOT NULL, technology TEXT NOT NULL,
    bank TEXT NOT NULL, entry_id TEXT NOT NULL, entry_source TEXT, distance INTEGER NOT NULL, threshold INTEGER NOT NULL,
    query_quality SMALLINT, entry_quality SMALLINT, PRIMARY KEY (decision_id, ord))"""
VARIANTS = [
    ("as migration 4 (by time, by entry)", ["CREATE INDEX t ON hm_decisions (at_ms)", "CREATE INDEX e ON hm_decision_candidates (bank, entry_id)"]),
    ("as migration 8 (by time)", ["CREATE INDEX t ON hm_decisions (at_ms)"]),
    ("without either index", []),
]


def run(indexes):
    folder = tempfile.mkdtemp(prefix="hashmatch-decisions-")
    db = sqlite3.connect(os.path.join(folder, "d.db"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    for sql in [DECISIONS, CANDIDATES, *indexes]:
        db.execute(sql)
    rng = random.Random(26)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        db.execute("BEGIN IMMEDIATE")
        ms = int(time.time() * 1000)
        for i in range(PER):
            decision = "%012x" % ms + os.urandom(10).hex()
            db.execute("INSERT INTO hm_decisions VALUES (?,?,?,?,?,?,?,?,?,?,?)", (decision, ms, "lookup", "env-load", "q%d" % i, os.urandom(32), 100, None, None, None, 1))
            db.execute("INSERT INTO hm_decision_candidates VALUES (?,?,?,?,?,?,?,?,?,?)", (decision, 0, "pdq", "load", "e%d" % rng.randrange(1_000_000), None, 5, 31, 100, 100))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    os.rmdir(folder)
    return elapsed / (ROUNDS * PER) * 1e6


print(f"{ROUNDS * PER:,} decisions per variant, transactions of {PER}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cores")
for name, indexes in VARIANTS:
    print(f"{name:40s} {run(indexes):6.1f} us per decision")
