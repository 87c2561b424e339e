#!/usr/bin/env bash
# The demo votation: a whole "Démocracité — votation day" on this machine, with the real
# programs as separate processes talking gRPC over TLS on loopback (a CA and a board
# certificate are made in the data directory at start, with openssl). Run by ./run-demo.sh
# after the build; can be run again directly. The authority follows the log during the vote
# (urne-admin follow), then closes and tallies from what its follower verified (close
# --follow-dir, tally --tally-checkpoint): nothing is replayed after the vote.
#
# Usage: scripts/demo.sh [--voters N] [--turnout PERCENT] [--group ristretto255|eg4096]
#                        [--dir DIR] [--browser-voters N] [--interactive]
#   --voters   registered voters on the generated roll (default 1000)
#   --turnout  share of them who vote, in percent (default 62; below 50 the French local
#              referendum fails its quorum)
#   --cheat trustee      trustee 3 posts a wrong partial decryption (the board refuses it;
#                        trustee 4 steps in and the tally completes)
#   --cheat drop-ballot  the board's operator deletes one acknowledged ballot from its store
#                        before the close (the voter's receipt check catches it)
#   --browser-voters N   the first N voters vote through the hosted booth in headless
#                        Chromium (default 20; 0 without node, npm or /usr/bin/chromium)
#   --interactive        print the booth link and keep the vote open until Enter, so that a
#                        person can vote in their own browser with a code from letters/
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${URNE_BUILD_DIR:-$root/build}"
voters=1000
turnout=62
group=ristretto255
data=""
cheat=""
browser_voters=20
interactive=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --voters) voters="$2"; shift 2 ;;
    --turnout) turnout="$2"; shift 2 ;;
    --group) group="$2"; shift 2 ;;
    --dir) data="$2"; shift 2 ;;
    --cheat) cheat="$2"; shift 2 ;;
    --browser-voters) browser_voters="$2"; shift 2 ;;
    --interactive) interactive=1; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "demo: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$data" ]] || data="$(mktemp -d "${TMPDIR:-/tmp}/urne-demo-XXXXXX")"
mkdir -p "$data"/{keys,receipts}
# The simulated voters share one "device": its kept receipts (urne-vote check compares the
# board with them) stay in the demo folder, not in the user's home.
export URNE_RECEIPTS_DIR="$data/device-receipts"
admin="$bin/authority/urne-admin"
trustee="$bin/trustee-tools/urne-trustee"
vote="$bin/voter-client/urne-vote"
verify="$bin/verifier/urne-verify"
started=$(date +%s)
phase() { printf '\n\033[1m== %s\033[0m  (%ds)\n' "$1" $(( $(date +%s) - started )); }

echo "urne demo: Démocracité — votation day"
echo "Data directory: $data"

phase "1. Bulletin board (TLS, with a certificate from a CA made for this demo)"
"$root/scripts/tls-test-ca.sh" "$data/tls"
# gRPC for the programs, HTTPS for the hosted booth (voter-client/web, with its pinned npm
# libraries) and its JSON API. Without npm the board serves no booth and every voter uses
# urne-vote.
board_tls=(--tls-cert "$data/tls/board.pem" --tls-key "$data/tls/board.key")
if command -v npm >/dev/null 2>&1; then
  (cd "$root/voter-client/web" && { [[ -d node_modules/@noble/curves ]] || npm ci --no-audit --no-fund --loglevel=error; })
fi
if [[ -d "$root/voter-client/web/node_modules/@noble/curves" ]]; then
  board_tls+=(--http 127.0.0.1:0 --booth "$root/voter-client/web")
else
  echo "(no npm: the board serves no booth; every voter uses urne-vote; scripts/install-deps.sh --browser)"
  browser_voters=0
fi
# Only the authority keys its operator lists here may create elections (re-read on change).
echo "# authority keys allowed to create elections on this board" >"$data/allowed-authorities"
"$bin/bulletin-board/urne-board" serve --data "$data/board" --listen 127.0.0.1:0 \
  "${board_tls[@]}" --allowed-authorities "$data/allowed-authorities" >"$data/board.log" 2>&1 &
board_pid=$!
follow_pid=""
trap 'kill $board_pid ${follow_pid:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do
  grep -q "listening on" "$data/board.log" 2>/dev/null && break
  sleep 0.1
done
board="$(sed -n 's/.*listening on //p' "$data/board.log" | head -1)"
[[ -n "$board" ]] || { echo "the board did not start:"; cat "$data/board.log"; exit 1; }
booth_url="$(sed -n 's/.*booth on \(https:\/\/[^ ]*\).*/\1/p' "$data/board.log" | head -1)"
booth_hostport="${booth_url#https://}"
booth_hostport="${booth_hostport%/}"
echo "urne-board listening on $board (log: $data/board.log); booth on $booth_url"
board_key="$("$bin/bulletin-board/urne-board" key --data "$data/board")"
echo "board key: $board_key (named in the manifest: every client refuses another key)"
on=(--board "$board" --tls-ca "$data/tls/ca.pem")  # every client trusts the demo's CA

phase "2. Keys: the authority and five trustees (passphrases in generated files)"
newpass() { head -c 18 /dev/urandom | base64 >"$1"; chmod 600 "$1"; }
newpass "$data/keys/authority.pass"
authority_hex="$("$admin" init --out "$data/keys/authority.key" \
  --passphrase-file "$data/keys/authority.pass" | sed -n 's/^public key (hex): *//p')"
echo "$authority_hex" >>"$data/allowed-authorities"
echo "the board's operator allows the town's authority key $authority_hex"
names=("Maître Claire Dupont, notaire" "Groupe d'opposition « Démocracité Demain »"
  "Association des habitants des Tilleuls" "Ligue des droits numériques"
  "Conseil des jeunes de Démocracité")
roster=()
for i in 1 2 3 4 5; do
  newpass "$data/keys/trustee-$i.pass"
  out="$("$trustee" init --name "${names[$((i-1))]}" --out "$data/keys/trustee-$i.key" \
    --passphrase-file "$data/keys/trustee-$i.pass")"
  sign="$(sed -n 's/^signing key: //p' <<<"$out")"
  box="$(sed -n 's/^box key: //p' <<<"$out")"
  roster+=(--trustee "${names[$((i-1))]}:$sign:$box")
  echo "trustee $i: ${names[$((i-1))]}"
done

phase "3. The votation: manifest from examples/votation-day.json, posted"
# The manifest commits to the booth the board serves (specs/booth.md §7.4): without it, the
# board's HTTPS port refuses this election (booth.digest_mismatch).
booth_flag=()
letters_flag=()
if [[ -n "$booth_url" ]]; then
  booth_digest="$("$bin/bulletin-board/urne-board" booth-digest --booth "$root/voter-client/web")"
  echo "booth digest: $booth_digest"
  booth_flag=(--booth-digest "$booth_digest")
  letters_flag=(--booth-url "$booth_url")
fi
template="$data/votation-day.json"
if [[ "$group" != ristretto255 ]]; then
  sed "s/\"ristretto255\"/\"$group\"/" "$root/examples/votation-day.json" >"$template"
else
  cp "$root/examples/votation-day.json" "$template"
fi
"$admin" manifest --template "$template" --authority-key "$data/keys/authority.key.pub" \
  --board-key "$board_key" "${roster[@]}" --threshold 3 "${booth_flag[@]}" \
  --out "$data/manifest.json" >/dev/null
election="$("$admin" create "${on[@]}" --manifest "$data/manifest.json" \
  --key "$data/keys/authority.key" --passphrase-file "$data/keys/authority.pass" 2>/dev/null)"
echo "election id: $election"

phase "4. Key ceremony: five trustees, any three can decrypt"
pids=()
for i in 1 2 3 4 5; do
  "$trustee" ceremony "${on[@]}" --election "$election" --key "$data/keys/trustee-$i.key" \
    --passphrase-file "$data/keys/trustee-$i.pass" --wait 300 >"$data/trustee-$i.log" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
"$admin" status "${on[@]}" --election "$election" | head -3

phase "5. Electoral roll: $voters voters, credential letters"
python3 - "$voters" >"$data/voters.csv" <<'PY'
import random, sys
n = int(sys.argv[1]); rng = random.Random(7)
first = ["Camille", "Louis", "Léa", "Hugo", "Chloé", "Noah", "Inès", "Jules", "Manon", "Adam",
         "Sarah", "Lucas", "Zoé", "Nathan", "Lina", "Gabriel", "Emma", "Rayan", "Alice", "Malik"]
last = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Nguyen", "Diallo", "Rossi", "Haddad"]
streets = ["rue des Tilleuls", "avenue de la République", "place du Marché", "chemin des Vignes",
           "rue Victor-Hugo", "allée des Cerisiers"]
print("id,name,postal_address,notes")
for i in range(1, n + 1):
    addr = f"{rng.randint(1, 120)} {rng.choice(streets)}, 99000 Démocracité"
    note = "résident·e étranger·ère" if rng.random() < 0.08 else ""
    print(f"V{i:05d},{rng.choice(first)} {rng.choice(last)},\"{addr}\",{note}")
PY
"$admin" roll "${on[@]}" --election "$election" --voters "$data/voters.csv" \
  --key "$data/keys/authority.key" --passphrase-file "$data/keys/authority.pass" \
  "${letters_flag[@]}" --out "$data/letters" | head -1

phase "6. The vote opens"
"$admin" open "${on[@]}" --election "$election" --key "$data/keys/authority.key" \
  --passphrase-file "$data/keys/authority.pass"

[[ -z "$booth_url" ]] || echo "Booth link (what each letter points to): $booth_url#$election"

# The authority follows the log during the vote, verifying each entry as it arrives, so that
# closing and tallying replay nothing (specs/entries.md §3.1, §3.3). Not with the dropped
# ballot cheat, whose story is the voter's receipt check (the follower would stop first).
if [[ "$cheat" != drop-ballot ]]; then
  "$admin" follow "${on[@]}" --election "$election" --dir "$data/authority-follow" \
    --interval 2 >"$data/authority-follow.log" 2>&1 &
  follow_pid=$!
  echo "the authority follows the log: urne-admin follow --dir $data/authority-follow"
fi

if [[ "$browser_voters" -gt 0 ]] && { ! command -v node >/dev/null || ! command -v npm >/dev/null ||
  [[ ! -x "${URNE_CHROMIUM:-/usr/bin/chromium}" ]]; }; then
  echo "(no node, npm or Chromium: every voter uses urne-vote; scripts/install-deps.sh --browser)"
  browser_voters=0
fi
if [[ "$browser_voters" -gt 0 ]]; then
  phase "7a. $browser_voters voters vote through the hosted booth in headless Chromium"
  (cd "$root/voter-client/web" && { [[ -d node_modules/@noble/curves ]] || npm ci --no-audit --no-fund --loglevel=error; })
  (cd "$root/tests/browser" && { [[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund --loglevel=error; })
  spki="$(openssl x509 -in "$data/tls/board.pem" -pubkey -noout | openssl pkey -pubin -outform der |
    openssl dgst -sha256 -binary | base64)"
  node "$root/scripts/demo_booth.js" --booth "$booth_url" --election "$election" --spki "$spki" \
    --manifest "$data/manifest.json" --letters "$data/letters/letters.csv" \
    --receipts "$data/receipts" --count "$browser_voters" | tail -1
fi

phase "7. Voters cast ballots with urne-vote (turnout $turnout %, some blank, revotes, audits)"
summary="$(python3 "$root/scripts/demo_voters.py" --urne-vote "$vote" "${on[@]}" \
  --election "$election" --manifest "$data/manifest.json" --letters "$data/letters/letters.csv" \
  --receipts "$data/receipts" --turnout "$(awk "BEGIN{print $turnout/100}")" \
  --skip "$browser_voters" | tail -1)"
echo "$summary"

if [[ -n "$interactive" ]]; then
  echo
  echo "The vote is open. Vote in your own browser: $booth_url#$election"
  echo "(a test certificate: accept it, or trust $data/tls/ca.pem; codes: $data/letters/letters.csv)"
  read -r -p "Press Enter to close the vote… " _
fi

caught=""
if [[ "$cheat" == drop-ballot ]]; then
  phase "7b. CHEAT: the board drops an acknowledged ballot"
  # The last ballot cast: removing an earlier one would also move every later ballot below
  # the tree size its client saw (specs/ballot.md §4 rule 8), and the board's own replay
  # would refuse the tampered store at start. The last one leaves a self-consistent log.
  victim="$(python3 - "$data"/receipts/v*.json <<'PY'
import json, sys
print(max(sys.argv[1:], key=lambda p: int(json.load(open(p))["receipt"]["index"])))
PY
)"
  kill "$board_pid"; wait "$board_pid" 2>/dev/null || true
  python3 - "$data/board/board.sqlite" "$victim" <<'PY'
import json, sqlite3, sys
db, receipt = sys.argv[1], json.load(open(sys.argv[2]))
index = int(receipt["receipt"]["index"])
election = bytes.fromhex(receipt["election_id"])
c = sqlite3.connect(db)
c.execute("DELETE FROM entries WHERE election_id = ? AND idx = ?", (election, index))
# Renumber what follows so that the log has no gap: a self-consistent, shorter log.
rows = c.execute("SELECT idx FROM entries WHERE election_id = ? AND idx > ? ORDER BY idx",
                 (election, index)).fetchall()
for (i,) in rows:
    c.execute("UPDATE entries SET idx = ? WHERE election_id = ? AND idx = ?", (i - 1, election, i))
c.commit()
print(f"deleted the ballot at index {index} and renumbered {len(rows)} entries")
PY
  # The board itself would refuse to start on a log shorter than a head it signed
  # (store.behind_head): the cheating operator also deletes that evidence.
  rm -rf "$data/board/heads"
  echo "and removed the board's record of its signed tree heads ($data/board/heads)"
  "$bin/bulletin-board/urne-board" serve --data "$data/board" --listen "${board#https://}" \
    "${board_tls[@]/127.0.0.1:0/$booth_hostport}" --allowed-authorities "$data/allowed-authorities" >>"$data/board.log" 2>&1 &
  board_pid=$!
  for _ in $(seq 1 200); do
    "$admin" status "${on[@]}" --election "$election" >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "the voter checks their receipt:"
  set +e
  "$vote" check --receipt "$victim" "${on[@]}" --lang en
  check_rc=$?
  set -e
  if [[ $check_rc -eq 1 ]]; then caught="the receipt check caught the dropped ballot"; fi
fi

phase "8. The vote closes"
followed=()
if [[ -n "$follow_pid" ]]; then
  followed=(--follow-dir "$data/authority-follow")
  echo "turnout as the authority's follower verified it (nothing replayed):"
  "$admin" status "${on[@]}" --election "$election" "${followed[@]}" |
    grep -E '^(phase|ballots|\(as the follower)' || true
fi
close_out="$("$admin" close "${on[@]}" --election "$election" "${followed[@]}" \
  --key "$data/keys/authority.key" --passphrase-file "$data/keys/authority.pass")"
echo "$close_out"
checkpoint=()
if [[ -n "$follow_pid" ]]; then
  # The follower sees the CLOSE and writes its tally checkpoint, then stops.
  wait "$follow_pid"
  follow_pid=""
  tail -1 "$data/authority-follow.log"
  checkpoint=(--tally-checkpoint "$data/authority-follow/$election.tally")
fi
# The trustees decrypt only the CLOSE the authority announced (compared out of band).
close_root="$(sed -n 's/.*, root \([0-9a-f]\{64\}\)$/\1/p' <<<"$close_out")"
[[ -n "$close_root" ]] || { echo "no CLOSE root in: $close_out"; exit 1; }

decrypting=(1 2 3)
if [[ "$cheat" == trustee ]]; then
  phase "8b. CHEAT: trustee 3 posts a wrong partial decryption"
  set +e
  "$trustee" decrypt "${on[@]}" --election "$election" --key "$data/keys/trustee-3.key" \
    --passphrase-file "$data/keys/trustee-3.pass" --close-root "$close_root" --cheat-wrong-decryption
  cheat_rc=$?
  set -e
  if [[ $cheat_rc -ne 0 ]]; then caught="the board refused trustee 3's wrong partial decryption"; fi
  decrypting=(1 2 4)
fi

phase "9. Tally: trustees ${decrypting[*]} decrypt; the others are absent"
pids=()
for i in "${decrypting[@]}"; do
  "$trustee" decrypt "${on[@]}" --election "$election" --key "$data/keys/trustee-$i.key" \
    --passphrase-file "$data/keys/trustee-$i.pass" --close-root "$close_root" \
    >>"$data/trustee-$i.log" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
"$admin" tally "${on[@]}" --election "$election" --key "$data/keys/authority.key" \
  --passphrase-file "$data/keys/authority.pass" "${checkpoint[@]}" >/dev/null

phase "10. Results"
"$admin" results "${on[@]}" --election "$election" --format text "${checkpoint[@]}" |
  tee "$data/results.txt"
"$admin" results "${on[@]}" --election "$election" --format html --out "$data/results.html" \
  "${checkpoint[@]}"

phase "11. Independent verification of the saved record"
"$verify" "${on[@]}" --election "$election" --save "$data/record.urne" >/dev/null
set +e
"$verify" "$data/record.urne" --html "$data/verification.html" | tee "$data/verification.txt" | tail -4
verified=${PIPESTATUS[0]}
set -e

phase "Summary"
python3 - "$summary" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
share = 100 * s["voters"] / max(1, s["registered"])
print(f"registered {s['registered']}, voted {s['voters']} ({share:.1f} %), "
      f"revotes {s['revotes']}, audits {s['audits']}, failed casts {s['failures']}, "
      f"casting took {s['seconds']} s")
PY
sed -n '/^Décisions \/ Decisions/,/^$/p' "$data/results.txt" | grep -v "^$" || true
if [[ $verified -eq 0 ]]; then echo "Verification: PASSED"; else echo "Verification: FAILED"; fi
if [[ -n "$cheat" ]]; then
  if [[ -n "$caught" ]]; then echo "Cheat ($cheat): CAUGHT — $caught"; else
    echo "Cheat ($cheat): NOT CAUGHT"; verified=1; fi
fi
cat <<TXT

Files in $data:
  results.html        the results page (open it in a browser)
  verification.html   the verifier's report
  record.urne         the whole election record, as a town would publish it
  letters/            the voters' credential letters (private!)
  receipts/           the simulated voters' receipts
To look again:
  $verify $data/record.urne
  $vote check --receipt \$(ls $data/receipts/*.json | head -1) --board $board \\
    --tls-ca $data/tls/ca.pem   (while the board runs)
Total time: $(( $(date +%s) - started )) s
TXT
exit $verified
