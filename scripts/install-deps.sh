#!/usr/bin/env bash
# Installs every Debian 12 package urne needs. Idempotent: prints nothing when all is present.
# Usage: scripts/install-deps.sh [--browser]   (--browser adds Chromium and npm for the booth tests)
set -euo pipefail
packages=(g++ cmake make pkg-config libsodium-dev libdecaf-dev libgmp-dev libgrpc++-dev
  protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libboost-dev
  libboost-program-options-dev libsqlite3-dev libgtest-dev libgmock-dev libbenchmark-dev
  libabsl-dev libssl-dev python3 openssl clang-format clang clang-tidy tzdata)
if [[ "${1:-}" == "--browser" ]]; then
  packages+=(chromium chromium-driver nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm may come with the machine's Node.js rather than Debian's package.
if [[ "${1:-}" == "--browser" ]] && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == npm || "$p" == nodejs ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "Installing Debian packages: ${missing[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
