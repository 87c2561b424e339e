#!/usr/bin/env bash
# Issue #18 target P3: board ingest from 64 loopback clients, each figure the median of 3
# runs beside its goal. Each run (tests/bulletin-board/board_load.cc, urne-board-load) starts
# a real urne-board (TLS on loopback, SQLite, fsync before each receipt) in a fresh directory,
# posts the setup of an
# R5 election (bench/r5-manifest.json), then N pre-made valid ballots for distinct
# credentials from the clients, and measures, in the same run, the board's verification code
# in-process (pure verification, no gRPC or storage). The CPU time per ballot of the board, of
# the clients and of pure verification depends much less on what else the machine runs; on 2
# cores, 1,000 ballots/s needs the board's and the clients' together at most 2 ms.
#
# Usage: bench/board_ingest.sh [BUILD_DIR] [BALLOTS] [CLIENTS]   (default: build, 10000, 64)
# Needs a build with tests on (the load generator uses tests/support). Benchmarks, never tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
n="${2:-10000}"
clients="${3:-64}"
cmake --build "$build" -j2 --target urne-board-load urne-board >/dev/null
load="$build/tests/bulletin-board/urne-board-load"

runs=()
for i in 1 2 3; do
  out=$("$load" --manifest "$root/bench/r5-manifest.json" --ballots "$n" --clients "$clients")
  echo "-- run $i" >&2
  echo "$out" | grep -v '^RESULT' >&2
  runs+=("$(echo "$out" | grep '^RESULT')")
done

median() {  # median FIELD: the median over the runs of RESULT's FIELD=value
  printf '%s\n' "${runs[@]}" | tr ' ' '\n' | sed -n "s/^$1=//p" | sort -g | sed -n 2p
}

row() { printf '%-40s %-14s %-12s\n' "$@"; }
echo "== P3 board ingest, $n R5 ballots, $clients clients, $(nproc) cores, median of 3, $(date -u +%Y-%m-%dT%H:%MZ)"
row "figure" "goal" "measured"
row "ingest, durable receipts (ballots/s)" ">= 1000" "$(median ingest)"
row "latency p50 (ms)" "-" "$(median p50)"
row "latency p95 (ms)" "-" "$(median p95)"
row "latency p99 (ms)" "<= 250" "$(median p99)"
row "pure verification (ballots/s)" "-" "$(median pure)"
row "per-ballot check (ballots/s)" "-" "$(median per_ballot)"
row "ingest / pure verification (%)" ">= 75" "$(median ratio)"
row "board CPU per ballot (ms)" "-" "$(median board_cpu_ms)"
row "clients' CPU per ballot (ms)" "-" "$(median client_cpu_ms)"
row "pure verification CPU per ballot (ms)" "-" "$(median pure_cpu_ms)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
