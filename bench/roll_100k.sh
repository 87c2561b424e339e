#!/usr/bin/env bash
# Times what a town's staff run for a large roll (issue #16, target: 100,000 voters in at
# most 60 s): `urne-admin roll` reading a Windows-1252 CSV with French column names, writing
# every voter's letter and the mail-merge CSV, and posting the signed roll to a real
# urne-board (TLS on loopback). Prints the wall time beside the target. Not part of the tests.
# Usage: bench/roll_100k.sh [BUILD_DIR] [VOTERS]   (default build, 100000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(cd "${1:-$root/build}" && pwd)"
voters="${2:-100000}"
data="$(mktemp -d "${TMPDIR:-/tmp}/urne-roll-bench-XXXXXX")"
trap 'kill "${board_pid:-0}" 2>/dev/null || true; rm -rf "$data"' EXIT
admin="$bin/authority/urne-admin"
trustee="$bin/trustee-tools/urne-trustee"
board_bin="$bin/bulletin-board/urne-board"

"$root/scripts/tls-test-ca.sh" "$data/tls" >/dev/null
"$board_bin" serve --data "$data/board" --listen 127.0.0.1:0 --tls-cert "$data/tls/board.pem" \
  --tls-key "$data/tls/board.key" --allow-any-authority >"$data/board.log" 2>&1 &
board_pid=$!
for _ in $(seq 1 200); do
  grep -q "listening on" "$data/board.log" 2>/dev/null && break
  sleep 0.1
done
board="$(sed -n 's/.*listening on //p' "$data/board.log" | head -1)"
on=(--board "$board" --tls-ca "$data/tls/ca.pem")
printf 'bench-pass\n' >"$data/pass"
"$admin" init --out "$data/authority.key" --passphrase-file "$data/pass" >/dev/null
roster=()
for i in 1 2 3; do
  out="$("$trustee" init --name "T$i" --out "$data/t$i.key" --passphrase-file "$data/pass")"
  roster+=(--trustee "T$i:$(sed -n 's/^signing key: //p' <<<"$out"):$(sed -n 's/^box key: //p' <<<"$out")")
done
"$admin" manifest --template "$root/examples/local-referendum.json" \
  --authority-key "$data/authority.key.pub" --board-key "$("$board_bin" key --data "$data/board")" \
  "${roster[@]}" --threshold 2 --out "$data/manifest.json" >/dev/null
election="$("$admin" create "${on[@]}" --manifest "$data/manifest.json" \
  --key "$data/authority.key" --passphrase-file "$data/pass")"
python3 - "$voters" "$data/roll.csv" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", encoding="cp1252", newline="") as f:
    f.write("Identifiant;Nom et prénom;Adresse postale;Remarques\r\n")
    for i in range(n):
        f.write(f"E{i:06d};Élodie Müller-Lefèvre {i};{i} rue de l'Église, 75000 Démocracité;\r\n")
PY
echo "roll: $voters voters (Windows-1252, ';', French column names)"
start=$(date +%s.%N)
"$admin" roll "${on[@]}" --election "$election" --voters "$data/roll.csv" --encoding windows-1252 \
  --key "$data/authority.key" --passphrase-file "$data/pass" --booth-url https://vote.example.ch/ \
  --out "$data/letters" >/dev/null
end=$(date +%s.%N)
files=$(find "$data/letters" -type f | wc -l)
size=$(du -sh "$data/letters" | cut -f1)
echo "urne-admin roll, $voters voters, $(nproc) cores: $(awk "BEGIN{printf \"%.1f\", $end - $start}") s" \
  "(target <= 60 s for 100,000); $files files, $size"
