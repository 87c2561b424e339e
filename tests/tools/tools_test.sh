#!/usr/bin/env bash
# The generators and the walk-through on cli/'s frame (tools/): urne-gen-vectors reproduces
# the committed known-answer vectors byte for byte (tests/vectors/README.md: the generator is
# deterministic) and follows the exit-code rule (cli/program.h: 0 ok, 2 usage or input error);
# urne-walkthrough verifies every step (exit 0) and refuses an unknown flag (exit 2);
# urne-gen-record's records (streamed, ballots not verified again while generating) are
# valid for urne-verify, and --tamper-ballot K breaks exactly ballot K.
# Usage: tools_test.sh BUILD_DIR SOURCE_DIR CASE   (CASE: vectors | usage | walkthrough | record)
set -uo pipefail
build="$1"
source="$2"
gen="$build/tools/urne-gen-vectors"
walk="$build/tools/urne-walkthrough"
record="$build/tools/urne-gen-record"
verify="$build/verifier/urne-verify"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Runs "$@", requires exit code $1... (first argument) and that stderr contains $2.
expect() {
  local code="$1" text="$2"
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [[ $got -eq $code ]] || fail "$* exited $got, expected $code; stderr: $(cat "$tmp/err")"
  grep -qF -- "$text" "$tmp/err" "$tmp/out" || fail "$* did not print '$text'; got: $(cat "$tmp/err" "$tmp/out")"
}

case "$3" in
  vectors)
    "$gen" --out-dir "$tmp" >/dev/null || fail "urne-gen-vectors exited $?"
    for f in groups.json transcript.json proofs.json credentials.json; do
      cmp "$tmp/$f" "$source/tests/vectors/$f" || fail "$f differs from tests/vectors/$f"
    done
    echo "urne-gen-vectors reproduces the 4 committed vector files"
    ;;
  usage)
    expect 0 "--out-dir DIR" "$gen" --help
    expect 2 "--out-dir is required" "$gen" --groups ristretto255
    expect 2 "unrecognised option" "$gen" --out-dir "$tmp" --bogus
    expect 2 "group.unknown" "$gen" --out-dir "$tmp" --groups ristretto255,p256
    [[ ! -e "$tmp/groups.json" ]] || fail "an unknown group still wrote groups.json"
    expect 2 "file.unwritable" "$gen" --out-dir "$tmp/missing/folder" --groups ristretto255
    expect 0 "urne-walkthrough" "$walk" --help
    expect 2 "unrecognised option" "$walk" --bogus
    echo "urne-gen-vectors and urne-walkthrough follow the exit-code rule"
    ;;
  walkthrough)
    expect 0 "All steps verified." "$walk"
    ;;
  record)
    r5="$source/bench/r5-manifest.json"
    expect 0 "wrote 56 entries (40 ballots)" "$record" --manifest "$r5" --ballots 40 --out "$tmp/r5.rec"
    expect 0 "VALID: every step holds" "$verify" "$tmp/r5.rec"
    expect 0 "wrote 36 entries (20 ballots)" "$record" --ballots 20 --out "$tmp/test.rec"
    expect 0 "VALID: every step holds" "$verify" "$tmp/test.rec"
    # Ballot 25 is entry 12 + 25 = 37 (manifest, roll, 3 commitments, 3 × shares, 3 verdicts,
    # OPEN before the ballots).
    expect 0 "ballot 25 (entry 37) has a bad range proof" \
      "$record" --manifest "$r5" --ballots 40 --tamper-ballot 25 --out "$tmp/bad.rec"
    expect 1 'proof.range.invalid: entry 37 (BALLOT): question "pool", option 0' \
      "$verify" "$tmp/bad.rec"
    expect 2 "file.unwritable" "$record" --ballots 2 --out "$tmp/missing/folder/x.rec"
    echo "urne-gen-record's records verify; the tampered ballot is the one named"
    ;;
  *) fail "unknown case $3" ;;
esac
