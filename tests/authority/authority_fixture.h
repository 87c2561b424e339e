// A real urne-board and the real urne-admin program, with trustees and voters driven
// in-process (election/trustee_steps.h, election/ballot.h) since they are other programs' work.
// For tests/authority only. Not thread-safe.
#ifndef URNE_TESTS_AUTHORITY_AUTHORITY_FIXTURE_H_
#define URNE_TESTS_AUTHORITY_AUTHORITY_FIXTURE_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "board-client/client.h"
#include "crypto/ed25519.h"
#include "crypto/threshold.h"
#include "election/ballot.h"
#include "election/trustee_steps.h"
#include "status/status.h"
#include "tests/support/board_fixture.h"
#include "tests/support/process.h"

namespace urne::testing {

// Per question (manifest order), the indices of the selected options.
using Picks = std::vector<std::vector<int>>;

class AdminTest : public BoardTest {
 protected:
  void SetUp() override;

  static RunResult Admin(std::vector<std::string> args);
  // The key's arguments: --key K --passphrase-file P.
  std::vector<std::string> KeyArgs() const;
  // Runs `manifest` on an example template with this fixture's keys; returns the path.
  // The examples' secrecy floor (min_counted_ballots 10) is replaced by `min_counted_ballots`:
  // these tests vote with a handful of voters.
  std::string FillExample(const std::string& example, uint32_t trustees = 3, uint32_t threshold = 2,
                          uint32_t min_counted_ballots = 1);
  // Rewrites the min_counted_ballots of the manifest JSON file at `path` (as `urne-admin
  // manifest` wrote it from an example, with the examples' 10).
  static void SetSecrecyFloor(const std::string& path, uint32_t min_counted_ballots);
  // create: returns the election id in hex (and sets election_).
  std::string Create(const std::string& manifest_path);
  // Writes a CSV of `n` voters and runs roll into `letters`; returns the codes read back.
  std::vector<std::string> Roll(size_t n, const std::string& letters);
  std::string WriteFile(const std::string& name, const std::string& content);

  // In-process participants.
  void Ceremony();
  // Casts a ballot selecting, per question, the option indices in `picks`.
  void Cast(const std::string& code, const Picks& picks);
  void Decrypt(uint32_t i);
  SyncedElection Sync();

  // Trustees as programs (`urne-trustee`): two of them made by `init`, threshold 1, in a
  // manifest whose secrecy floor is `min_counted_ballots`; the election created; four voters
  // rolled into codes_; the ceremony run by `urne-trustee ceremony`; the vote opened by
  // `urne-admin open` through `open_board` (the real board, or a board in front of it).
  void SetUpProgramTrusteesVote(const std::string& open_board, uint32_t min_counted_ballots);
  std::string TrusteeKey(uint32_t i) const { return Cat(dir_, "/trustee-", i, ".key"); }
  // Runs urne-trustee (with the client TLS arguments, except for `init`).
  static RunResult TrusteeRun(std::vector<std::string> args);
  // Runs an urne-admin verb on `board` for this election with the authority key.
  RunResult AdminOn(const std::string& board, const std::string& verb,
                    std::vector<std::string> extra = {});

  std::string key_;
  std::string pass_;
  std::string election_;
  ElectionId id_{};
  struct Trustee {
    SigningKey sign;
    BoxKeyPair box;
    std::unique_ptr<Polynomial> polynomial;
    std::map<uint32_t, SecretScalar> received;
  };
  std::vector<Trustee> trustees_;
  std::vector<std::string> codes_;  // SetUpProgramTrusteesVote's voters
};

// Every credential code "XXXX-XXXX-XXXX-XXXX-XXXXX" in `text`.
std::vector<std::string> FindCodes(const std::string& text);
// Every regular file under `root` (recursive) with its content.
std::map<std::string, std::string> ReadTree(const std::string& root);

}  // namespace urne::testing

#endif  // URNE_TESTS_AUTHORITY_AUTHORITY_FIXTURE_H_
