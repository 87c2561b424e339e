// The urne-admin commands (DESIGN.md §6, issue "authority"): each one reads what it needs,
// talks to the board through a verified BoardClient::Sync, signs with the authority key and
// writes a human summary to `out` (machine output — an election id, JSON — also goes there;
// notes go to `err`). main.cc only parses flags and calls these; the tests run the real
// program. Every command is idempotent where the protocol allows it and, in the wrong
// phase, fails with FAILED_PRECONDITION "phase.wrong" naming the current phase.
// Not thread-safe (CLI use).
#ifndef URNE_AUTHORITY_ADMIN_H_
#define URNE_AUTHORITY_ADMIN_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "authority/results_report.h"
#include "authority/roll_csv.h"
#include "board-client/client.h"
#include "crypto/ed25519.h"

namespace urne::authority {

struct AdminIo {
  std::ostream& out;
  std::ostream& err;
  std::string lang = "en";  // of what is printed as the command runs ("fr" or "en", --lang)
};

// init: a fresh authority key sealed into `key_path` (+ `key_path`.pub); prints the public
// key in hex and base64.
absl::Status AdminInit(const std::string& key_path, std::string_view passphrase, AdminIo io);

// manifest: fills a template manifest (JSON) with the authority key, the board key (as
// `urne-board key` prints it; both keys: hex, base64 or a file holding either), the trustees
// ("NAME:SIGNHEX:BOXHEX" each, in index order), the threshold and the booth digest (64 hex
// digits as `urne-board booth-digest` prints it; empty keeps the template's), validates it and
// writes it to `out_path`. Reasons: manifest.json, manifest.invalid, trustee.bad_argument,
// booth.bad_digest, key.*.
struct ManifestFill {
  std::string authority_key;
  std::string board_key;
  std::vector<std::string> trustees;
  uint32_t threshold = 0;
  std::string booth_digest;
};
absl::Status AdminManifest(const std::string& template_path, const ManifestFill& fill,
                           const std::string& out_path, AdminIo io);

// create: parses and validates the manifest, checks its authority_key is `key`'s (reason
// "key.not_authority"), posts it and prints the election id in hex. Already on the board:
// says so, prints the id, OK.
absl::Status AdminCreate(BoardClient& board, const std::string& manifest_path,
                         const SigningKey& key, AdminIo io);

// roll: the one-shot convenience (specs/credentials.md §10.3): parses the CSV (all problems
// with line numbers), checks on the board that no roll is posted and the phase allows one,
// writes the letters into `letters_dir`.tmp, renames it to `letters_dir`, and posts the
// sorted roll; if the board refuses the roll the letters are deleted. Reasons: roll.csv,
// roll.already_posted, phase.wrong, letters.exists, file.unwritable, and the board's.
// `csv` says how to read the CSV (its encoding, its columns: roll_csv.h); `booth_url`, when
// not empty, is the hosted booth's address printed on each letter (letters.h CheckBoothUrl;
// reason letters.bad_booth_url, checked before anything is done).
// It also writes the staff's private voter map (specs/credentials.md §10.4) to `map_path`
// (default: DefaultVoterMapPath(letters_dir)), which must not exist (voter_map.exists).
absl::Status AdminRoll(BoardClient& board, const ElectionId& election, const std::string& csv_path,
                       const SigningKey& key, const std::string& letters_dir, AdminIo io,
                       const RollCsvOptions& csv = {}, const std::string& booth_url = "",
                       std::string map_path = "");

// voters: who voted (specs/credentials.md §11), from the staff's private voter map and the
// verified board: the voters whose current credential has a counted ballot (kVoted: with the
// ballot's entry and the board's receive time in the manifest's time zone) or has none
// (kNotVoted), as text or CSV. Never how anyone voted. Reasons: voter_map.file,
// voter_map.wrong_election, voter_map.not_on_roll (a map of another roll),
// voter_map.stale (the board replaced a credential the map still holds), phase.wrong (no
// roll yet).
enum class VotersWanted { kVoted, kNotVoted };
absl::Status AdminVoters(BoardClient& board, const ElectionId& election,
                         const std::string& map_path, VotersWanted wanted, bool csv, AdminIo io);

// Where roll and credentials write the voter map unless told: "<letters folder>-voter-map.csv".
std::string DefaultVoterMapPath(const std::string& letters_dir);

// replace-credential: a lost or stolen letter (specs/credentials.md §8.3). Reads the voter
// map and the roll CSV (voter `voter_id`'s current credential, name and address), checks on
// the board that the vote is open and the credential current, writes the new letter to
// `letter_path` (must not exist), signs and posts the CREDENTIAL_REPLACEMENT, then rewrites
// the map; `booth_url` as for roll. Reasons: voter.unknown, voter_map.*, letters.exists,
// phase.wrong, key.not_authority, credential.revoked, and the board's.
absl::Status AdminReplaceCredential(BoardClient& board, const ElectionId& election,
                                    const SigningKey& key, const std::string& voter_id,
                                    const std::string& csv_path, const RollCsvOptions& csv,
                                    const std::string& map_path, const std::string& letter_path,
                                    const std::string& booth_url, AdminIo io);

// credentials: the offline step (specs/credentials.md §10.1). Reads only local files — the
// CSV, the posted manifest (its election id must be `election`) — and never the network or
// a key: writes the letters as `roll` does and the public credentials file `public_path`
// (public_credentials.h), prints its fingerprint. Reasons: roll.csv, manifest.*,
// credentials.wrong_election, credentials.exists, letters.exists, file.unwritable. On any
// error nothing is left written. `board_address` and `booth_url` are only printed in the
// letters (as for roll).
absl::Status AdminCredentials(const std::string& manifest_path, const ElectionId& election,
                              const std::string& csv_path, const std::string& board_address,
                              const std::string& letters_dir, const std::string& public_path,
                              AdminIo io, const RollCsvOptions& csv = {},
                              const std::string& booth_url = "", std::string map_path = "");

// post-roll: the online step (specs/credentials.md §10.2). Parses the public credentials
// file (a file holding a code is refused: credentials.contains_code; a malformed one:
// credentials.file naming the lines), checks its election, the authority key, the phase and
// that no other roll is posted, then signs and posts it. Never sees a code. The same roll
// already posted: OK, nothing done. Reasons: those, credentials.wrong_election,
// roll.already_posted, phase.wrong, key.not_authority, and the board's. On any error
// nothing is posted.
absl::Status AdminPostRoll(BoardClient& board, const ElectionId& election,
                           const std::string& public_path, const SigningKey& key, AdminIo io);

// open / close: each countersigns the synced log's size and root, once the log stopped moving,
// and is signed at most ONCE per election, ever (specs/entries.md §3): the signed entry is
// recorded in `state_dir` (authority/signed_once.h) before it is posted. A later run re-posts
// the same entry; already on the board: says so, OK. If the board refuses it or shows another
// log, nothing else is signed and the error shows both views (sizes and roots): reason
// "verify.board_fork" (exit 1) when the two are different histories, else "open.refused" /
// "close.refused".
absl::Status AdminOpen(BoardClient& board, const ElectionId& election, const SigningKey& key,
                       const std::string& state_dir, AdminIo io);
absl::Status AdminClose(BoardClient& board, const ElectionId& election, const SigningKey& key,
                        const std::string& state_dir, AdminIo io);

// close --follow-dir: as AdminClose, signed once, ever, but over the log this authority's own
// follower verified (`follow` writes DIR/<election>.head after each update; specs/entries.md
// §3.3): nothing is replayed, so closing takes a second at any size. The board's signed head
// must extend the followed head (else "verify.board_fork", nothing signed) and be that very
// log; while the board holds entries the follower has not verified yet, it waits up to
// `wait_seconds`, then "close.follower_behind". Reasons also "close.no_follower" (no such
// file), followed_head.* (a damaged file, or of another election), "key.not_authority",
// "phase.wrong", tree_head.*, and AdminClose's.
struct FollowedClose {
  std::string dir;        // the follower's folder
  int wait_seconds = 60;  // for the follower to verify what the board holds
};
absl::Status AdminCloseFollowed(BoardClient& board, const ElectionId& election,
                                const SigningKey& key, const std::string& state_dir,
                                const FollowedClose& followed, AdminIo io);

// tally: polls until `threshold` valid partial decryptions are on the board (at most
// `wait_seconds`; reason "tally.waiting" after, naming the trustees still missing), computes
// and posts the RESULT, prints the text report. While waiting it prints to `err` which
// trustees decrypted and which are missing, once and again only when that changes. Already
// tallied: prints the report, OK.
// With `tally_checkpoint` (a file `follow` wrote), the state after CLOSE is resumed from it
// (board-client/follow.h SyncAfterClose): no ballot is fetched again, and every partial
// decryption's proofs are checked against the checkpoint's tally before the RESULT is signed.
// Reasons then also checkpoint.* (cli/follow_command.h ReadTallyCheckpoint, SyncAfterClose).
absl::Status AdminTally(BoardClient& board, const ElectionId& election, const SigningKey& key,
                        int wait_seconds, AdminIo io, const std::string& tally_checkpoint = "");

// follow: verifies the log during the vote (no key needed) and, once it holds CLOSE, writes
// the tally checkpoint into `dir` (cli/follow_command.h FollowUntilClosed).
absl::Status AdminFollow(BoardClient& board, const ElectionId& election, const std::string& dir,
                         int interval_seconds, AdminIo io);

// results: the report of a tallied election, to `out_path` (atomically) or `io.out`. With
// `tally_checkpoint` (a file `follow` wrote), the state after CLOSE is resumed from it as in
// tally: no ballot is fetched again (reasons then also checkpoint.*).
absl::Status AdminResults(BoardClient& board, const ElectionId& election, ReportFormat format,
                          const std::string& out_path, AdminIo io,
                          const std::string& tally_checkpoint = "");

// status: phase and counts of the synced log (JSON with `json`, cli/status_document.h). With
// `follow_dir` (the folder of a running `follow`), nothing is replayed: during the vote the
// counts are those the follower wrote with the log it verified (status.no_follower without
// them, status.malformed, status.wrong_election), and after CLOSE the state is resumed from
// the follower's tally checkpoint (checkpoint.*).
absl::Status AdminStatus(BoardClient& board, const ElectionId& election, bool json,
                         const std::string& follow_dir, AdminIo io);

// Opens the authority key file with the passphrase from `passphrase_file` (or a prompt).
absl::StatusOr<SigningKey> OpenAuthorityKey(const std::string& key_path,
                                            const std::string& passphrase_file);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_ADMIN_H_
