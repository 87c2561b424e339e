#!/usr/bin/env bash
# Builds the crypto benchmarks in build-bench (Release) and prints each figure next to its
# target. Usage: scripts/bench.sh [group-regex]   e.g. scripts/bench.sh ristretto255
# Timings are CPU time per operation; run on an otherwise idle machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-bench"
filter="${1:-.}"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DURNE_BUILD_TESTS=OFF >/dev/null
make -C "$build" -j2 crypto_bench >/dev/null

json="$(mktemp)"
trap 'rm -f "$json"' EXIT
# Five repetitions of each, reported as the median: this shared VM is noisy (neighbours can
# slow a single run by 30 %).
"$build/bench/crypto_bench" --benchmark_filter="/(${filter})" --benchmark_min_time=0.3 \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$json" 2>/dev/null

python3 - "$json" <<'PY'
import json, sys
# Targets in microseconds (../shared/DESIGN.md, bench/): operation/group -> limit.
targets = {
    "encrypt+prove 0/1 selection/ristretto255": 160,
    "verify 0/1 selection/ristretto255": 260,
    "encrypt+prove 0/1 selection/eg4096": 1200,
}
data = json.load(open(sys.argv[1]))
print(f"{'benchmark (median of 5)':45} {'cpu µs':>10} {'target µs':>10}  status")
failed = 0
for b in data["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    name = b["run_name"]
    us = b["cpu_time"] * {"ns": 1e-3, "us": 1, "ms": 1e3, "s": 1e6}[b["time_unit"]]
    target = targets.get(name)
    status = "" if target is None else ("ok" if us <= target else "OVER")
    failed += status == "OVER"
    print(f"{name:45} {us:10.1f} {target if target else '':>10}  {status}")
sys.exit(1 if failed else 0)
PY
