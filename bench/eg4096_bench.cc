// Timings of the eg4096 group's operations (crypto/eg4096.cc). Run on one core:
//   taskset -c 0 ./bench/eg4096_bench
#include <benchmark/benchmark.h>

#include <vector>

#include "crypto/group.h"

namespace urne {
namespace {

const Group& G() { return Group::Eg4096(); }

void BM_DecodeElement(benchmark::State& state) {
  Bytes enc = G().Encode(G().ExpG(G().RandomNonZeroScalar()));
  for ([[maybe_unused]] auto _ : state) {
    auto e = G().DecodeElement(enc, Identity::kForbidden);  // includes x^q = 1
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_DecodeElement)->Unit(benchmark::kMicrosecond);

void BM_Encode(benchmark::State& state) {
  Element e = G().ExpG(G().RandomNonZeroScalar());
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().Encode(e));
}
BENCHMARK(BM_Encode)->Unit(benchmark::kMicrosecond);

void BM_ExpG(benchmark::State& state) {
  Scalar e = G().RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().ExpG(e));
}
BENCHMARK(BM_ExpG)->Unit(benchmark::kMicrosecond);

void BM_FixedBaseExp(benchmark::State& state) {
  auto k = G().Precompute(G().ExpG(G().RandomNonZeroScalar()));
  Scalar e = G().RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(k->Exp(e));
}
BENCHMARK(BM_FixedBaseExp)->Unit(benchmark::kMicrosecond);

void BM_Precompute(benchmark::State& state) {
  Element b = G().ExpG(G().RandomNonZeroScalar());
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().Precompute(b));
}
BENCHMARK(BM_Precompute)->Unit(benchmark::kMillisecond);

void BM_Exp(benchmark::State& state) {
  Element b = G().ExpG(G().RandomNonZeroScalar());
  Scalar e = G().RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().Exp(b, e));
}
BENCHMARK(BM_Exp)->Unit(benchmark::kMicrosecond);

void BM_VartimeExp(benchmark::State& state) {
  Element b = G().ExpG(G().RandomNonZeroScalar());
  Scalar e = G().RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().VartimeExp(b, e));
}
BENCHMARK(BM_VartimeExp)->Unit(benchmark::kMicrosecond);

void BM_VartimeExpGMul(benchmark::State& state) {
  Element b = G().ExpG(G().RandomNonZeroScalar());
  Scalar a = G().RandomScalar();
  Scalar e = G().RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().VartimeExpGMul(a, b, e));
}
BENCHMARK(BM_VartimeExpGMul)->Unit(benchmark::kMicrosecond);

// Per-base cost falls with the number of bases (shared squarings).
void BM_VartimeMultiExp(benchmark::State& state) {
  std::vector<Element> bases;
  std::vector<Scalar> exps;
  for (int64_t i = 0; i < state.range(0); ++i) {
    bases.push_back(G().ExpG(G().RandomNonZeroScalar()));
    exps.push_back(G().RandomScalar());
  }
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().VartimeMultiExp(bases, exps));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_VartimeMultiExp)->Arg(2)->Arg(8)->Arg(32)->Unit(benchmark::kMicrosecond);

void BM_Mul(benchmark::State& state) {
  Element a = G().ExpG(G().RandomNonZeroScalar());
  Element b = G().ExpG(G().RandomNonZeroScalar());
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().Mul(a, b));
}
BENCHMARK(BM_Mul)->Unit(benchmark::kMicrosecond);

void BM_Inverse(benchmark::State& state) {
  Element a = G().ExpG(G().RandomNonZeroScalar());
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().Inverse(a));
}
BENCHMARK(BM_Inverse)->Unit(benchmark::kMicrosecond);

void BM_ScalarMul(benchmark::State& state) {
  Scalar a = G().RandomScalar();
  Scalar b = G().RandomScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().Mul(a, b));
}
BENCHMARK(BM_ScalarMul);

void BM_ScalarInvert(benchmark::State& state) {
  Scalar a = G().RandomNonZeroScalar();
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(G().Invert(a));
}
BENCHMARK(BM_ScalarInvert)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace urne
