#!/usr/bin/env bash
# A real election for the browser tests, made and ended by the real programs (no test
# helper): a TLS test CA (scripts/tls-test-ca.sh), urne-board serving gRPC and the HTTPS
# booth (--http, --booth voter-client/web), urne-admin and two urne-trustee.
#
#   election.sh start DIR VOTERS   board, keys, manifest (committing to the booth's digest),
#                                  ceremony, roll of VOTERS, OPEN; writes DIR/env (shell
#                                  assignments: board, booth, election, spki, ca, board_pid)
#   election.sh cast DIR FROM N    the letters FROM … FROM+N−1 vote with urne-vote cast
#   election.sh replace DIR ID OUT urne-admin replace-credential: voter ID's letter is lost;
#                                  a CREDENTIAL_REPLACEMENT is posted, the new letter is OUT
#   election.sh end DIR            CLOSE, both trustees decrypt, tally, then urne-verify
#                                  replays the saved record (exit 1 if it fails)
# Environment: URNE_BUILD_DIR (default build/), URNE_WEB_DIR (default voter-client/web).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${URNE_BUILD_DIR:-$root/build}"
web="${URNE_WEB_DIR:-$root/voter-client/web}"
admin="$bin/authority/urne-admin"
trustee="$bin/trustee-tools/urne-trustee"
board_bin="$bin/bulletin-board/urne-board"
verb="$1"
data="$2"

if [[ "$verb" == start ]]; then
  voters="$3"
  mkdir -p "$data/keys"
  bash "$root/scripts/tls-test-ca.sh" "$data/tls" >/dev/null
  "$board_bin" serve --data "$data/board" --listen 127.0.0.1:0 --http 127.0.0.1:0 --booth "$web" \
    --tls-cert "$data/tls/board.pem" --tls-key "$data/tls/board.key" --allow-any-authority \
    >"$data/board.log" 2>&1 &
  board_pid=$!
  for _ in $(seq 1 300); do
    grep -q "listening on" "$data/board.log" 2>/dev/null && break
    kill -0 "$board_pid" 2>/dev/null || { cat "$data/board.log" >&2; exit 1; }
    sleep 0.1
  done
  board="$(sed -n 's/.*listening on \(https:\/\/[^ ]*\).*/\1/p' "$data/board.log" | head -1)"
  booth="$(sed -n 's/.*booth on \(https:\/\/[^ ]*\).*/\1/p' "$data/board.log" | head -1)"
  [[ -n "$board" && -n "$booth" ]] || { echo "the board did not start:" >&2; cat "$data/board.log" >&2; exit 1; }
  on=(--board "$board" --tls-ca "$data/tls/ca.pem")
  # The browser trusts the board's certificate by its public key's SHA-256 (Chromium's
  # --ignore-certificate-errors-spki-list), not by a CA it would have to install.
  spki="$(openssl x509 -in "$data/tls/board.pem" -pubkey -noout | openssl pkey -pubin -outform der |
    openssl dgst -sha256 -binary | base64)"
  printf 'pass-%s\n' "$RANDOM$RANDOM" >"$data/keys/pass"
  "$admin" init --out "$data/keys/authority.key" --passphrase-file "$data/keys/pass" >/dev/null
  roster=()
  for i in 1 2; do
    out="$("$trustee" init --name "Trustee $i" --out "$data/keys/trustee-$i.key" --passphrase-file "$data/keys/pass")"
    roster+=(--trustee "Trustee $i:$(sed -n 's/^signing key: //p' <<<"$out"):$(sed -n 's/^box key: //p' <<<"$out")")
  done
  # The manifest commits to the booth the board serves (specs/booth.md §7.4).
  booth_flag=(--booth-digest "$("$board_bin" booth-digest --booth "$web")")
  "$admin" manifest --template "$root/examples/votation-day.json" --authority-key "$data/keys/authority.key.pub" \
    --board-key "$("$board_bin" key --data "$data/board")" "${roster[@]}" --threshold 2 "${booth_flag[@]}" \
    --out "$data/manifest.json" >/dev/null
  election="$("$admin" create "${on[@]}" --manifest "$data/manifest.json" --key "$data/keys/authority.key" \
    --passphrase-file "$data/keys/pass" 2>/dev/null)"
  # The same votation made for urne-vote only (no booth digest): the HTTPS port refuses it.
  "$admin" manifest --template "$root/examples/votation-day.json" --authority-key "$data/keys/authority.key.pub" \
    --board-key "$("$board_bin" key --data "$data/board")" "${roster[@]}" --threshold 2 \
    --out "$data/manifest-nobooth.json" >/dev/null
  nobooth="$("$admin" create "${on[@]}" --manifest "$data/manifest-nobooth.json" --key "$data/keys/authority.key" \
    --passphrase-file "$data/keys/pass" 2>/dev/null)"
  digest="$("$board_bin" booth-digest --booth "$web")"
  pids=()
  for i in 1 2; do
    "$trustee" ceremony "${on[@]}" --election "$election" --key "$data/keys/trustee-$i.key" \
      --passphrase-file "$data/keys/pass" --wait 120 >"$data/trustee-$i.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  python3 -c "
import sys
print('id,name,postal_address,notes')
for i in range(int(sys.argv[1])): print(f'V{i:04d},Voter {i},\"{i} rue des Tilleuls\",')
" "$voters" >"$data/voters.csv"
  # Each letter prints the booth's link, HOST/#ELECTION-ID (the voter's only way in).
  "$admin" roll "${on[@]}" --election "$election" --voters "$data/voters.csv" --key "$data/keys/authority.key" \
    --passphrase-file "$data/keys/pass" --out "$data/letters" --booth-url "$booth" >/dev/null
  "$admin" open "${on[@]}" --election "$election" --key "$data/keys/authority.key" --passphrase-file "$data/keys/pass" >/dev/null
  {
    printf 'board=%q\nbooth=%q\nelection=%q\nspki=%q\nca=%q\nboard_pid=%q\nnobooth=%q\ndigest=%q\n' "$board" \
      "$booth" "$election" "$spki" "$data/tls/ca.pem" "$board_pid" "$nobooth" "$digest"
  } >"$data/env"
  exit 0
fi

if [[ "$verb" == cast ]]; then
  # shellcheck disable=SC1091
  source "$data/env"
  from="$3"
  count="$4"
  python3 - "$data/letters/letters.csv" "$from" "$count" >"$data/cast-codes" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
for r in rows[int(sys.argv[2]):int(sys.argv[2]) + int(sys.argv[3])]: print(r["credential_code"])
PY
  # The device's kept receipts in the test's folder, not in the user's own.
  export URNE_RECEIPTS_DIR="$data/device-receipts"
  i=0
  while read -r code; do
    i=$((i + 1))
    "$bin/voter-client/urne-vote" cast --board "$board" --tls-ca "$ca" --election "$election" --credential "$code" \
      --receipt "$data/cli-$i.json" --lang en --answer piscine=yes --answer initiative=no --answer contre-projet=yes \
      --answer subsidiaire=contre-projet --answer pont=yes --answer projets=jardins,aire-de-jeux >/dev/null </dev/null
  done <"$data/cast-codes"
  exit 0
fi

if [[ "$verb" == replace ]]; then
  # shellcheck disable=SC1091
  source "$data/env"
  "$admin" replace-credential --board "$board" --tls-ca "$ca" --election "$election" --key "$data/keys/authority.key" \
    --passphrase-file "$data/keys/pass" --voter "$3" --voters "$data/voters.csv" --map "$data/letters-voter-map.csv" \
    --out "$4" --booth-url "$booth" >/dev/null
  exit 0
fi

if [[ "$verb" == end ]]; then
  # shellcheck disable=SC1091
  source "$data/env"
  on=(--board "$board" --tls-ca "$ca")
  close_out="$("$admin" close "${on[@]}" --election "$election" --key "$data/keys/authority.key" --passphrase-file "$data/keys/pass")"
  root_hex="$(sed -n 's/.*, root \([0-9a-f]\{64\}\)$/\1/p' <<<"$close_out")"
  for i in 1 2; do
    "$trustee" decrypt "${on[@]}" --election "$election" --key "$data/keys/trustee-$i.key" \
      --passphrase-file "$data/keys/pass" --close-root "$root_hex" >>"$data/trustee-$i.log" 2>&1
  done
  "$admin" tally "${on[@]}" --election "$election" --key "$data/keys/authority.key" --passphrase-file "$data/keys/pass" >/dev/null
  "$bin/verifier/urne-verify" "${on[@]}" --election "$election" --save "$data/record.urne" >/dev/null
  report="$("$bin/verifier/urne-verify" "$data/record.urne")"
  # urne-verify names the booth the manifest commits to (specs/booth.md §7.4).
  grep -q "booth digest $digest" <<<"$report" || { echo "urne-verify does not print the booth digest" >&2; exit 1; }
  printf '%s\n' "$report"
  exit 0
fi
echo "usage: election.sh start DIR VOTERS | cast DIR FROM N | replace DIR ID OUT | end DIR" >&2
exit 2
