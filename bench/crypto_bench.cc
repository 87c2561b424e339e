// Crypto micro-benchmarks for both groups (targets in scripts/bench.sh). Never part of the
// test run. Names: "<operation>/<group>".
#include <benchmark/benchmark.h>

#include <string>

#include "crypto/elgamal.h"
#include "crypto/range_proof.h"
#include "status/status.h"

namespace urne {
namespace {

const Group& GroupNamed(const std::string& name) { return **Group::ByName(name); }

const Bytes kContext = {'b', 'e', 'n', 'c', 'h'};

void EncryptProve01(benchmark::State& state, const std::string& name) {
  const Group& group = GroupNamed(name);
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group);
  const ElGamalPublicKey& pk = kp.public_key();
  pk.table();  // built once per election, not per ballot
  uint64_t m = 0;
  for ([[maybe_unused]] auto _ : state) {
    Encryption e = pk.Encrypt(m);
    auto proof = ProveRange(pk, e.ciphertext, m, e.nonce, 0, 1, kContext);
    benchmark::DoNotOptimize(proof);
    m ^= 1;
  }
}

void Verify01(benchmark::State& state, const std::string& name) {
  const Group& group = GroupNamed(name);
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group);
  const ElGamalPublicKey& pk = kp.public_key();
  Encryption e = pk.Encrypt(1);
  RangeProof proof = *ProveRange(pk, e.ciphertext, 1, e.nonce, 0, 1, kContext);
  for ([[maybe_unused]] auto _ : state) {
    absl::Status status = VerifyRange(pk, e.ciphertext, 0, 1, proof, kContext);
    if (!status.ok()) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(status);
  }
}

void DecodeElement(benchmark::State& state, const std::string& name) {
  const Group& group = GroupNamed(name);
  Bytes bytes = group.Encode(group.ExpG(group.RandomScalar()));
  for ([[maybe_unused]] auto _ : state) {
    auto e = group.DecodeElement(bytes, Identity::kForbidden);
    benchmark::DoNotOptimize(e);
  }
}

void FixedBaseExpG(benchmark::State& state, const std::string& name) {
  const Group& group = GroupNamed(name);
  Scalar e = group.RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(group.ExpG(e));
}

void FixedBaseExpKey(benchmark::State& state, const std::string& name) {
  const Group& group = GroupNamed(name);
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group);
  const FixedBase& table = kp.public_key().table();
  Scalar e = group.RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(table.Exp(e));
}

void VariableBaseExp(benchmark::State& state, const std::string& name) {
  const Group& group = GroupNamed(name);
  Element b = group.ExpG(group.RandomScalar());
  Scalar e = group.RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(group.Exp(b, e));
}

void VartimeExp(benchmark::State& state, const std::string& name) {
  const Group& group = GroupNamed(name);
  Element b = group.ExpG(group.RandomScalar());
  Scalar e = group.RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(group.VartimeExp(b, e));
}

void VartimeExpGMul(benchmark::State& state, const std::string& name) {
  const Group& group = GroupNamed(name);
  Element b = group.ExpG(group.RandomScalar());
  Scalar a = group.RandomScalar();
  Scalar e = group.RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(group.VartimeExpGMul(a, b, e));
}

const int kRegistered = [] {
  for (const char* group : {"ristretto255", "eg4096"}) {
    const std::string g = group;
    auto reg = [&](const char* op, void (*fn)(benchmark::State&, const std::string&)) {
      benchmark::RegisterBenchmark(Cat(op, "/", g).c_str(), fn, g)->Unit(benchmark::kMicrosecond);
    };
    reg("encrypt+prove 0/1 selection", EncryptProve01);
    reg("verify 0/1 selection", Verify01);
    reg("decode element", DecodeElement);
    reg("fixed-base exp g", FixedBaseExpG);
    reg("fixed-base exp K", FixedBaseExpKey);
    reg("variable-base exp", VariableBaseExp);
    reg("vartime exp", VartimeExp);
    reg("vartime g^a*B^e", VartimeExpGMul);
  }
  return 0;
}();

}  // namespace
}  // namespace urne
