#include "election/authority_steps.h"

#include <algorithm>

#include "crypto/dlog.h"
#include "crypto/threshold.h"
#include "election/decision.h"
#include "status/status.h"

namespace urne {

absl::StatusOr<v1::Roll> MakeRoll(std::vector<PublicKey> credentials) {
  std::sort(credentials.begin(), credentials.end(),
            [](const PublicKey& a, const PublicKey& b) { return a.bytes < b.bytes; });
  v1::Roll roll;
  for (size_t i = 0; i < credentials.size(); ++i) {
    if (i > 0 && credentials[i].bytes == credentials[i - 1].bytes) {
      return Invalid("roll.duplicate", "two voters have the same public credential");
    }
    roll.add_credentials(credentials[i].bytes.data(), credentials[i].bytes.size());
  }
  return roll;
}

v1::Open MakeOpen(const ElectionState& state, int64_t opened_at) {
  v1::Open open;
  open.set_tree_size(state.size());
  Digest32 root = state.tree().Root();
  open.set_root_hash(root.data(), root.size());
  open.set_opened_at(opened_at);
  return open;
}

v1::CredentialReplacement MakeCredentialReplacement(const PublicKey& revoked,
                                                    const PublicKey& replacement,
                                                    int64_t replaced_at) {
  v1::CredentialReplacement r;
  r.set_revoked(std::string(revoked.bytes.begin(), revoked.bytes.end()));
  r.set_replacement(std::string(replacement.bytes.begin(), replacement.bytes.end()));
  r.set_replaced_at(replaced_at);
  return r;
}

v1::Close MakeClose(const ElectionState& state) {
  v1::Close close;
  close.set_tree_size(state.size());
  Digest32 root = state.tree().Root();
  close.set_root_hash(root.data(), root.size());
  return close;
}

absl::StatusOr<v1::Result> ComputeResult(const ElectionState& state) {
  if (state.phase() != v1::CLOSED) {
    return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
                 Cat("the result is computed once the vote is CLOSED; the election is ",
                     PhaseName(state.phase())));
  }
  const v1::Manifest& manifest = state.manifest();
  uint32_t t = manifest.threshold();
  if (state.partials().size() < t) {
    // Who decrypted and who is still missing, by index and name (the manifest's roster).
    std::string done;
    std::string missing;
    for (int i = 0; i < manifest.trustees_size(); ++i) {
      const auto j = static_cast<uint32_t>(i + 1);
      std::string& list = state.partials().contains(j) ? done : missing;
      const std::string& name = manifest.trustees(i).name();
      list +=
          Cat(list.empty() ? "" : ", ", "trustee ", j, name.empty() ? "" : Cat(" (", name, ")"));
    }
    return Error(
        absl::StatusCode::kFailedPrecondition, "tally.waiting",
        Cat(state.partials().size(), " of the ", t, " partial decryptions needed are on the board",
            done.empty() ? "" : Cat(" (from ", done, ")"), "; still missing: ", missing, "; any ",
            t - state.partials().size(), " of them will do"));
  }
  std::vector<uint32_t> subset;
  for (const auto& [j, shares] : state.partials()) {
    if (subset.size() < t) subset.push_back(j);
  }
  DiscreteLog dlog(state.joint_key()->element(), state.ballots_counted());  // tallies are K^count
  v1::Result result;
  result.set_registered(state.roll().size());
  result.set_ballots_counted(state.ballots_counted());
  for (uint32_t j : subset) result.add_trustees(j);
  std::vector<std::vector<uint64_t>> counts;
  const auto& tally = state.encrypted_tally();
  for (size_t q = 0; q < tally.size(); ++q) {
    auto* qr = result.add_questions();
    qr->set_question_id(manifest.questions(static_cast<int>(q)).id());
    counts.emplace_back();
    for (size_t o = 0; o < tally[q].size(); ++o) {
      std::vector<std::pair<uint32_t, Element>> factors;
      factors.reserve(subset.size());
      for (uint32_t j : subset) factors.emplace_back(j, state.partials().at(j)[q][o]);
      URNE_ASSIGN_OR_RETURN(Element a_s, CombinePartials(factors));
      URNE_ASSIGN_OR_RETURN(uint64_t count, dlog.Solve(DecryptWithFactor(tally[q][o], a_s)));
      qr->add_counts(count);
      counts.back().push_back(count);
    }
  }
  URNE_ASSIGN_OR_RETURN(auto decisions, DeriveDecisions(manifest, state.roll().size(),
                                                        state.ballots_counted(), counts));
  for (auto& d : decisions) *result.add_decisions() = std::move(d);
  return result;
}

}  // namespace urne
