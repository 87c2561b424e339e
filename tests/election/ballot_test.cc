// Ballot verification checks every proof of a ballot in one batch (specs/crypto-proofs.md
// §2.5); a bad proof must still be named exactly as individual verification names it.
#include "election/ballot.h"

#include <gmp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/batch_verifier.h"
#include "crypto/eg4096_constants.h"
#include "crypto/range_proof.h"
#include "status/status.h"
#include "tests/crypto/forged_range_proof.h"
#include "tools/scripted_election.h"

namespace urne {
namespace {

using testing::ScriptedElection;
using testing::ScriptOptions;

class BallotTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ScriptOptions options;
    options.group = GetParam();
    options.voters = 2;
    election_ = std::make_unique<ScriptedElection>(
        options, [](const v1::Entry&) { return absl::OkStatus(); });
    ASSERT_TRUE(election_->Create().ok());
    ASSERT_TRUE(election_->Ceremony().ok());
    ASSERT_TRUE(election_->Open().ok());
  }
  BallotStatement Statement() const {
    const ElectionState& s = election_->state();
    return BallotStatement{s.manifest(), s.group(), election_->id(), *s.joint_key(),
                           election_->voter(0).public_key()};
  }
  v1::Ballot Valid() const {
    auto ballot = EncryptBallot(Statement(), testing::TestChoices(0, {1, 0, 0}, {0, 1, 0}),
                                election_->state().size());
    EXPECT_TRUE(ballot.ok()) << ballot.status();
    v1::Ballot parsed;
    EXPECT_TRUE(parsed.ParseFromString(ballot->payload));
    return parsed;
  }
  // Branch 1's field b of the last question's last range proof (every element before it is
  // valid), where ExpectBadElementNamed puts its bytes.
  static size_t BranchOneB(size_t element_bytes) { return 2 * element_bytes + 64 + element_bytes; }
  // `bytes` in place of that b, then of question 0 option 0's beta: VerifyBallot refuses each
  // with `reason`, naming the question and option, and the field when the fault is the
  // element's decoding ("element.…"; other faults, such as a changed challenge, stop there).
  static void ExpectBadElementNamed(const BallotStatement& st, const v1::Ballot& valid,
                                    const std::string& bytes, const std::string& reason) {
    const size_t n = bytes.size();
    const int last_q = valid.questions_size() - 1;
    const int last_o = valid.questions(last_q).range_proofs_size() - 1;
    v1::Ballot in_proof = valid;
    std::string bad = valid.questions(last_q).range_proofs(last_o);
    bad.replace(BranchOneB(n), n, bytes);
    in_proof.mutable_questions(last_q)->set_range_proofs(last_o, bad);
    auto result = VerifyBallot(st, in_proof.SerializeAsString());
    ASSERT_FALSE(result.ok()) << reason;
    EXPECT_EQ(ReasonOf(result.status()), reason) << result.status();
    const bool decoding = reason.rfind("element.", 0) == 0;
    EXPECT_NE(result.status().message().find(Cat("question \"", st.manifest.questions(last_q).id(),
                                                 "\", option ", last_o, ": ",
                                                 decoding ? "range proof branch 1 b: " : "")),
              std::string::npos)
        << result.status();
    if (!decoding) return;
    v1::Ballot in_ciphertext = valid;
    std::string ct = valid.questions(0).ciphertexts(0);
    ct.replace(n, n, bytes);
    in_ciphertext.mutable_questions(0)->set_ciphertexts(0, ct);
    result = VerifyBallot(st, in_ciphertext.SerializeAsString());
    ASSERT_FALSE(result.ok()) << reason;
    EXPECT_EQ(ReasonOf(result.status()), reason) << result.status();
    EXPECT_NE(result.status().message().find(Cat("question \"", st.manifest.questions(0).id(),
                                                 "\", option 0: ciphertext beta: ")),
              std::string::npos)
        << result.status();
  }
  std::unique_ptr<ScriptedElection> election_;
};

TEST_P(BallotTest, ValidBallotVerifies) {
  const BallotStatement st = Statement();
  auto cts = VerifyBallot(st, Valid().SerializeAsString());
  ASSERT_TRUE(cts.ok()) << cts.status();
  EXPECT_EQ(cts->ciphertexts.size(), static_cast<size_t>(st.manifest.questions_size()));
}

// Option 1 of question 0 replaced by an encryption of 2 with a proof that lies about it:
// its challenge is right, its equations are not, so only the batch can catch it, and the
// error must name that option and the reason proof.range.invalid.
TEST_P(BallotTest, LyingRangeProofIsNamedByQuestionAndOption) {
  const BallotStatement st = Statement();
  v1::Ballot ballot = Valid();
  Encryption two = st.key.Encrypt(2);
  auto lie = ProveRange(st.key, two.ciphertext, 1, two.nonce, 0, 1,
                        SelectionContext(st.election, st.credential, 0, 1));
  ASSERT_TRUE(lie.ok());
  Bytes ct = EncodeCiphertext(two.ciphertext);
  Bytes proof = EncodeRangeProof(*lie);
  ballot.mutable_questions(0)->set_ciphertexts(1, std::string(ct.begin(), ct.end()));
  ballot.mutable_questions(0)->set_range_proofs(1, std::string(proof.begin(), proof.end()));
  auto result = VerifyBallot(st, ballot.SerializeAsString());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(ReasonOf(result.status()), "proof.range.invalid");
  const std::string message(result.status().message());
  EXPECT_NE(message.find(Cat("question \"", st.manifest.questions(0).id(), "\", option 1: ")),
            std::string::npos)
      << message;
}

// A proof made for another option (another context) fails its challenge at once.
TEST_P(BallotTest, ProofsSwappedBetweenOptionsFailTheirChallenge) {
  v1::Ballot ballot = Valid();
  auto* q = ballot.mutable_questions(1);
  std::string first = q->range_proofs(0);
  q->set_range_proofs(0, q->range_proofs(1));
  q->set_range_proofs(1, first);
  auto result = VerifyBallot(Statement(), ballot.SerializeAsString());
  EXPECT_EQ(ReasonOf(result.status()), "proof.range.challenge_mismatch");
}

// eg4096 decodes a ballot's elements with the subgroup test batched (specs/crypto-proofs.md §2.6);
// a bad element must still be named exactly, with the strict decoder's reason: an element of
// order 2 (p − 1), a square outside the subgroup (4·x, which passes the Jacobi symbol, so only
// the batched test sees it) placed after many valid elements, 0, p, and p + 1 (the
// non-canonical encoding of 1).
TEST_P(BallotTest, Eg4096BadElementIsNamedWithItsReason) {
  if (GetParam() != "eg4096") GTEST_SKIP() << "eg4096 only";
  const BallotStatement st = Statement();
  const v1::Ballot valid = Valid();
  ASSERT_TRUE(VerifyBallot(st, valid.SerializeAsString()).ok());
  mpz_t p;
  mpz_t x;
  mpz_init_set_str(p, eg4096::kPHex, 16);
  mpz_init(x);
  auto encode = [](mpz_srcptr z) {
    std::string out(512, '\0');
    size_t count = 0;
    std::vector<uint8_t> raw(513);
    mpz_export(raw.data(), &count, 1, 1, 1, 0, z);
    std::copy(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(count),
              out.end() - static_cast<std::ptrdiff_t>(count));
    return out;
  };
  // The last question's last option: range proof branch 1, field b (all elements before it
  // are valid), and the first question's first ciphertext's beta.
  const int last_q = valid.questions_size() - 1;
  const int last_o = valid.questions(last_q).range_proofs_size() - 1;
  const std::string& proof = valid.questions(last_q).range_proofs(last_o);
  mpz_import(x, 512, 1, 1, 1, 0, proof.data() + BranchOneB(512));
  mpz_mul_ui(x, x, 4);
  mpz_mod(x, x, p);
  const std::string four_x = encode(x);
  mpz_sub_ui(x, p, 1);
  const std::string minus_one = encode(x);
  mpz_add_ui(x, p, 1);
  const std::string p_plus_1 = encode(x);
  const std::string p_bytes = encode(p);
  mpz_clear(p);
  mpz_clear(x);
  struct Case {
    std::string bytes, reason;
  };
  const std::vector<Case> cases = {{four_x, "element.not_in_subgroup"},
                                   {minus_one, "element.not_in_subgroup"},
                                   {std::string(512, '\0'), "element.out_of_range"},
                                   {p_bytes, "element.out_of_range"},
                                   {p_plus_1, "element.out_of_range"}};
  for (const Case& c : cases) ExpectBadElementNamed(st, valid, c.bytes, c.reason);
}

// ristretto255 decodes a ballot's encodings together (crypto/ristretto_batch.h, on CPUs with
// AVX-512 IFMA; ctest runs this once more without); a bad one must still be named exactly, with
// the strict decoder's reason, in a commitment and in a ciphertext: RFC 9496's non-square and
// negative-xy encodings, s = −1 (y = 0), an odd s, s ≥ p, and the identity where it is allowed
// (the ballot then fails its proof's challenge, not its decoding).
TEST_P(BallotTest, RistrettoBadEncodingIsNamedWithItsReason) {
  if (GetParam() != "ristretto255") GTEST_SKIP() << "ristretto255 only";
  const BallotStatement st = Statement();
  const v1::Ballot valid = Valid();
  ASSERT_TRUE(VerifyBallot(st, valid.SerializeAsString()).ok());
  auto bytes = [](std::string_view hex) {
    auto b = FromHex(hex);
    EXPECT_TRUE(b.ok());
    return std::string(b->begin(), b->end());
  };
  struct Case {
    std::string bytes, reason;
  };
  const std::vector<Case> cases = {
      {bytes("26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371"),
       "element.invalid_encoding"},
      {bytes("3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e"),
       "element.invalid_encoding"},
      {bytes("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
       "element.invalid_encoding"},
      {bytes("0100000000000000000000000000000000000000000000000000000000000000"),
       "element.non_canonical"},
      {bytes("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
       "element.out_of_range"},
      {std::string(32, '\0'), "proof.range.challenge_mismatch"}};
  for (const Case& c : cases) ExpectBadElementNamed(st, valid, c.bytes, c.reason);
}

// eg4096 proof commitments are decoded without the order test; the proof batch tests them
// (specs/crypto-proofs.md §2.6, "Proof commitments"). A range proof that is right except
// that one commitment lies outside the subgroup (a·2^(2q): its order-q component is right,
// and it passes the Jacobi symbol) is refused by VerifyBallot with the strict decoder's
// reason and by the batch VerifyBallotInto queues it in; the same proof with 1^(2q) passes
// both (the control).
TEST_P(BallotTest, Eg4096CommitmentOutsideTheSubgroupFailsTheBallotAndTheBatch) {
  if (GetParam() != "eg4096") GTEST_SKIP() << "eg4096 only";
  const BallotStatement st = Statement();
  auto encrypted = EncryptBallot(st, testing::TestChoices(0, {1, 0, 0}, {0, 1, 0}), 0);
  ASSERT_TRUE(encrypted.ok()) << encrypted.status();
  v1::Ballot valid;
  ASSERT_TRUE(valid.ParseFromString(encrypted->payload));
  const auto& opened = encrypted->opening.questions(1);
  for (int option : {0, 1}) {
    const uint64_t m = opened.selections(option);
    const auto r = st.group.DecodeScalar(AsBytes(opened.nonces(option)));
    ASSERT_TRUE(r.ok());
    const auto ct = DecodeCiphertext(st.group, AsBytes(valid.questions(1).ciphertexts(option)));
    ASSERT_TRUE(ct.ok());
    for (uint64_t branch : {0, 1}) {
      for (unsigned base : {1u, 2u}) {
        const bool b_side = branch == 1;
        const RangeProof forged = testing::ForgeRangeProof(
            st.key, *ct, m, *r, 0, 1, SelectionContext(st.election, st.credential, 1, option),
            branch, b_side, base);
        const Bytes bytes = EncodeRangeProof(forged);
        v1::Ballot ballot = valid;
        ballot.mutable_questions(1)->set_range_proofs(option,
                                                      std::string(bytes.begin(), bytes.end()));
        const std::string payload = ballot.SerializeAsString();
        auto alone = VerifyBallot(st, payload);
        BatchVerifier batch(st.group, BatchVerifier::Fallback::kNone);
        auto queued = VerifyBallotInto(st, valid.SerializeAsString(), batch);
        ASSERT_TRUE(queued.ok()) << queued.status();
        queued = VerifyBallotInto(st, payload, batch);
        ASSERT_TRUE(queued.ok()) << queued.status();  // its ciphertexts are fine
        const std::string where = Cat("option ", option, " branch ", branch, " base ", base);
        if (base == 1) {
          EXPECT_TRUE(alone.ok()) << where << ": " << alone.status();
          EXPECT_TRUE(batch.Verify().ok()) << where;
          continue;
        }
        ASSERT_FALSE(alone.ok()) << where;
        EXPECT_EQ(ReasonOf(alone.status()), "element.not_in_subgroup") << alone.status();
        EXPECT_NE(alone.status().message().find(Cat("question \"", st.manifest.questions(1).id(),
                                                    "\", option ", option, ": range proof branch ",
                                                    branch, b_side ? " b: " : " a: ")),
                  std::string::npos)
            << alone.status();
        EXPECT_EQ(ReasonOf(batch.Verify()), "proof.batch.failed") << where;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Groups, BallotTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne
