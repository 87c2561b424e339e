#!/usr/bin/env python3
"""Simulated voters for the demo: each one is a separate `urne-vote cast` process.

Reads the manifest (JSON) and the authority's letters.csv, picks who votes (turnout), what
they answer (some blank, some revote, a few audit), and runs urne-vote in parallel. Prints
progress and a JSON summary on the last line. Deterministic for a given --seed.
"""
import argparse
import concurrent.futures as futures
import csv
import json
import os
import random
import subprocess
import sys
import time


def answers_for(manifest, rng, blank_rate):
    out = []
    for q in manifest["questions"]:
        opts = q["options"]
        ids = [o["id"] for o in opts if not o.get("blank")]
        blank = [o["id"] for o in opts if o.get("blank")]
        kind = q["kind"]
        if kind in ("YES_NO", "ONE_OF"):
            if blank and rng.random() < blank_rate:
                choice = blank[0]
            elif kind == "YES_NO":
                # Each question has its own leaning so that results differ.
                lean = 0.35 + (sum(map(ord, q["id"])) % 40) / 100.0
                choice = "yes" if rng.random() < lean else "no"
            else:
                weights = [len(ids) - i for i in range(len(ids))]
                choice = rng.choices(ids, weights=weights)[0]
            out.append(f"{q['id']}={choice}")
        else:
            lo = int(q.get("min_selections", 0))
            hi = int(q.get("max_selections", len(ids)))
            if lo == 0 and rng.random() < blank_rate:
                picked = []
            else:
                k = rng.randint(max(lo, 1), hi)
                weights = [1.0 / (i + 1) for i in range(len(ids))]
                picked = []
                pool = list(zip(ids, weights))
                for _ in range(k):
                    choice = rng.choices([p[0] for p in pool], weights=[p[1] for p in pool])[0]
                    picked.append(choice)
                    pool = [p for p in pool if p[0] != choice]
            out.append(f"{q['id']}={','.join(picked)}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--urne-vote", required=True)
    ap.add_argument("--board", required=True)
    ap.add_argument("--tls-ca", default="", help="the CA that signed the board's certificate")
    ap.add_argument("--election", required=True)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--letters", required=True)
    ap.add_argument("--receipts", required=True)
    ap.add_argument("--turnout", type=float, default=0.62)
    ap.add_argument("--blank", type=float, default=0.06)
    ap.add_argument("--revote", type=float, default=0.03)
    ap.add_argument("--audit", type=float, default=0.01)
    ap.add_argument("--jobs", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--skip", type=int, default=0, help="the first N letters vote elsewhere (the booth)")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    manifest = json.load(open(a.manifest, encoding="utf-8"))
    with open(a.letters, newline="", encoding="utf-8") as f:
        all_codes = [row["credential_code"] for row in csv.DictReader(f)]
    codes = all_codes[a.skip:]
    voters = [c for c in codes if rng.random() < a.turnout]
    tasks = []  # (label, code, answers, audit)
    for i, code in enumerate(voters):
        audit = rng.random() < a.audit
        tasks.append((f"v{i}", code, answers_for(manifest, rng, a.blank), audit))
    revoters = [t for t in tasks if rng.random() < a.revote]
    os.makedirs(a.receipts, exist_ok=True)

    def cast(task, suffix=""):
        label, code, answers, audit = task
        cmd = [a.urne_vote, "cast", "--board", a.board, "--election", a.election,
               "--credential", code, "--receipt", os.path.join(a.receipts, label + suffix + ".json"),
               "--lang", "en"]
        if a.tls_ca:
            cmd += ["--tls-ca", a.tls_ca]
        for ans in answers:
            cmd += ["--answer", ans]
        if audit:
            cmd.append("--audit")
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        return label, r.returncode, r.stderr.strip() or r.stdout.strip()

    failures = []
    done = 0
    start = time.time()
    total = len(tasks) + len(revoters)
    with futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for label, rc, msg in pool.map(cast, tasks):
            done += 1
            if rc != 0:
                failures.append((label, msg))
            if sys.stderr.isatty() or done % 100 == 0 or done == len(tasks):
                print(f"\r  ballots: {done}/{total}", end="", file=sys.stderr, flush=True)
        # Second thoughts: these voters vote again; the last ballot counts.
        changed = [(l, c, answers_for(manifest, rng, a.blank), False) for (l, c, _, _) in revoters]
        for label, rc, msg in pool.map(lambda t: cast(t, "-revote"), changed):
            done += 1
            if rc != 0:
                failures.append((label, msg))
    print(file=sys.stderr)
    summary = {"registered": len(all_codes), "voters": len(tasks) + min(a.skip, len(all_codes)), "revotes": len(revoters),
               "audits": sum(1 for t in tasks if t[3]), "failures": len(failures),
               "seconds": round(time.time() - start, 1)}
    for label, msg in failures[:5]:
        print(f"  {label}: {msg}", file=sys.stderr)
    print(json.dumps(summary))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
