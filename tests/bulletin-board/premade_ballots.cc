#include "tests/bulletin-board/premade_ballots.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "election/entry.h"
#include "election/manifest.h"
#include "status/status.h"

namespace urne {

// Voter v's choices: option v mod |options| of each question.
Choices OneEach(const v1::Manifest& m, size_t v) {
  Choices out;
  for (const auto& q : m.questions()) {
    std::vector<uint32_t> c(ShapeOf(q).options, 0);
    c[v % c.size()] = 1;
    out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<std::vector<v1::Entry>> MakeBallots(const testing::ScriptedElection& e, size_t n) {
  std::vector<v1::Entry> out(n);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<absl::Status> errors(threads);
  std::atomic<size_t> next{0};
  auto work = [&](unsigned t) {
    const auto& st = e.state();
    for (size_t v = next++; v < n; v = next++) {
      BallotStatement statement{st.manifest(), st.group(), st.id(), *st.joint_key(),
                                e.voter(v).public_key()};
      auto ballot = EncryptBallot(statement, OneEach(st.manifest(), v), st.size());
      if (!ballot.ok()) {
        errors[t] = ballot.status();
        return;
      }
      out[v] = MakeEntry(st.id(), v1::BALLOT, ballot->payload, e.voter(v));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
  for (const auto& s : errors) URNE_RETURN_IF_ERROR(s);
  return out;
}

}  // namespace urne
