// urne-walkthrough: a short tour of urne's cryptography in both groups, printing each step
// and its time: a 3-of-5 trustee key, a few encrypted 0/1 votes with their range proofs,
// their verification, the homomorphic sum, and its threshold decryption by trustees 1, 3, 5
// with Chaum–Pedersen proofs. The maths uses crypto/ only; the command line is cli/'s frame
// (--help; exit 0 when every step verified, 1 when one did not). For people who want to see
// the maths run.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/program.h"
#include "crypto/chaum_pedersen.h"
#include "crypto/dlog.h"
#include "crypto/elgamal.h"
#include "crypto/range_proof.h"
#include "crypto/threshold.h"
#include "crypto/transcript.h"

namespace urne {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

int Tour(const Group& group) {
  std::printf("\n== %s ==\n", std::string(group.name()).c_str());
  const uint32_t n = 5;
  const uint32_t t = 3;
  auto start = Clock::now();
  std::vector<Polynomial> polys;
  std::vector<std::vector<Element>> commitments;
  for (uint32_t i = 0; i < n; ++i) {
    polys.push_back(Polynomial::Random(group, t));
    commitments.push_back(polys.back().Commitments());
  }
  // Each trustee j checks the share every dealer i sends it, then sums them.
  std::vector<SecretScalar> shares;
  for (uint32_t j = 1; j <= n; ++j) {
    Scalar s = group.ScalarFromU64(0);
    for (uint32_t i = 0; i < n; ++i) {
      SecretScalar share = polys[i].Share(j);
      if (!VerifyShare(commitments[i], j, share.value()).ok()) return 1;
      s = group.Add(s, share.value());
    }
    shares.emplace_back(std::move(s));
  }
  auto key = ElGamalPublicKey::FromElement(*JointKey(commitments));
  std::printf("1. key ceremony: %u trustees, threshold %u, shares checked  (%.1f ms)\n", n, t,
              Ms(start));

  const std::vector<uint64_t> votes = {1, 0, 1, 1, 0, 1, 0};
  Bytes context = Transcript("urne/v1/walkthrough").Append("step", "vote").bytes();
  std::vector<Ciphertext> ballots;
  std::vector<RangeProof> proofs;
  key->table();  // the fixed-base table of K, built once per election
  start = Clock::now();
  for (uint64_t v : votes) {
    Encryption e = key->Encrypt(v);
    proofs.push_back(*ProveRange(*key, e.ciphertext, v, e.nonce, 0, 1, context));
    ballots.push_back(e.ciphertext);
  }
  double enc = Ms(start);
  std::printf("2. %zu votes (0/1) encrypted and proved in range        (%.2f ms each)\n",
              votes.size(), enc / static_cast<double>(votes.size()));
  start = Clock::now();
  for (size_t i = 0; i < ballots.size(); ++i) {
    if (!VerifyRange(*key, ballots[i], 0, 1, proofs[i], context).ok()) return 1;
  }
  std::printf("3. every range proof verified                          (%.2f ms each)\n",
              Ms(start) / static_cast<double>(votes.size()));
  Ciphertext sum = IdentityCiphertext(group);
  for (const auto& c : ballots) sum = Add(sum, c);
  std::printf("4. ciphertexts multiplied: the encrypted sum\n");

  start = Clock::now();
  std::vector<std::pair<uint32_t, Element>> partials;
  for (uint32_t j : {1u, 3u, 5u}) {
    Element vk = *VerificationKey(commitments, j);
    Element m = PartialDecrypt(sum, shares[j - 1]);
    ChaumPedersenStatement st{vk, sum.alpha, m};
    auto proof = ProveChaumPedersen(st, shares[j - 1], context);
    if (!VerifyChaumPedersen(st, proof, context).ok()) return 1;
    partials.emplace_back(j, m);
  }
  Element a_s = *CombinePartials(partials);
  DiscreteLog dlog(key->element(), votes.size());
  uint64_t total = *dlog.Solve(DecryptWithFactor(sum, a_s));
  uint64_t expected = 0;
  for (uint64_t v : votes) expected += v;
  std::printf("5. trustees 1, 3, 5 decrypt with proofs; total = %llu (expected %llu)  (%.1f ms)\n",
              static_cast<unsigned long long>(total), static_cast<unsigned long long>(expected),
              Ms(start));
  return total == expected ? 0 : 1;
}

}  // namespace
}  // namespace urne

int main(int argc, char** argv) {
  boost::program_options::options_description opts(
      "urne-walkthrough\n\n"
      "A 3-of-5 threshold ElGamal tour in ristretto255 and eg4096: keys, encrypted votes with\n"
      "range proofs, their sum, and its decryption with proofs, each step timed. Exit code 0\n"
      "when every step verified, 1 when one did not. Options");
  opts.add_options()("help,h", "show this help");
  boost::program_options::variables_map vm;
  urne::cli::Program program("urne-walkthrough", opts);
  program.empty_is_usage = false;
  program.run = [] {
    std::printf("urne crypto walk-through: threshold ElGamal with zero-knowledge proofs\n");
    int rc = urne::Tour(urne::Group::Ristretto255());
    rc |= urne::Tour(urne::Group::Eg4096());
    std::printf(rc == 0 ? "\nAll steps verified.\n" : "\nA step FAILED.\n");
    return rc == 0 ? urne::cli::kExitOk : urne::cli::kExitVerificationFailed;
  };
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}
