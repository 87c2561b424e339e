#!/bin/sh
# The kill -9 campaign (issue #13): 20 rounds of 64 clients posting valid ballots to a real
# urne-board on loopback, the board killed with SIGKILL at a random moment of each round and
# restarted; every acknowledged ballot must still be in the log at its index, every tree
# head received consistent with the later ones, and the record must verify (urne-verify).
# Never part of the test run. Usage: bench/kill9_campaign.sh [BUILD_DIR] [ROUNDS] [CLIENTS]
# Prints one line per round and the campaign's figures; exits 1 on any loss.
set -eu
BUILD=${1:-build}
ROUNDS=${2:-20}
CLIENTS=${3:-64}
make -C "$BUILD" -j2 urne-board urne-verify urne-board-campaign >/dev/null
exec "$BUILD/tests/bulletin-board/urne-board-campaign" --rounds "$ROUNDS" --clients "$CLIENTS"
