#!/usr/bin/env bash
# Makes a throw-away certificate authority and a board certificate it signed, for tests and
# the demo (never for a real election: use a certificate from a public CA there).
# Usage: scripts/tls-test-ca.sh DIR
# Writes DIR/ca.pem (trust it with --tls-ca), DIR/ca.key, and DIR/board.pem + DIR/board.key
# (give them to urne-board --tls-cert/--tls-key) for 127.0.0.1, ::1 and localhost. ECDSA
# P-256 keys (fast to make), valid 7 days. Needs the openssl command (Debian: openssl).
set -euo pipefail
dir="${1:?usage: tls-test-ca.sh DIR}"
mkdir -p "$dir"
umask 077
ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec[@]}" -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 7 \
  -subj "/CN=urne test CA $(basename "$dir")" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null
openssl req -new "${ec[@]}" -keyout "$dir/board.key" -out "$dir/board.csr" -subj "/CN=localhost" \
  2>/dev/null
cat >"$dir/board.ext" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EXT
openssl x509 -req -in "$dir/board.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
  -out "$dir/board.pem" -days 7 -extfile "$dir/board.ext" 2>/dev/null
rm -f "$dir/board.csr" "$dir/board.ext" "$dir/ca.srl"
chmod 644 "$dir/ca.pem" "$dir/board.pem"
