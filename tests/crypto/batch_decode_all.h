// Test helper: every encoding of a container (each 32 bytes: Bytes, std::array<uint8_t, 32>)
// through crypto/ristretto_batch.h's Decode in one call, so that they fill several vectors.
#ifndef URNE_TESTS_CRYPTO_BATCH_DECODE_ALL_H_
#define URNE_TESTS_CRYPTO_BATCH_DECODE_ALL_H_

#include <decaf/point_255.h>

#include <cstdint>
#include <vector>

#include "crypto/ristretto_batch.h"

namespace urne::testing {

struct BatchDecoded {
  std::vector<const uint8_t*> in;
  std::vector<decaf_255_point_s> points;
  std::vector<uint8_t> ok;  // 2 where Decode wrote nothing
};

template <typename Container>
BatchDecoded BatchDecodeAll(const Container& encodings) {
  BatchDecoded out;
  out.in.reserve(encodings.size());
  for (const auto& e : encodings) out.in.push_back(e.data());
  out.points.resize(out.in.size());
  out.ok.assign(out.in.size(), 2);
  ristretto_batch::Decode(out.in, out.points.data(), out.ok.data());
  return out;
}

}  // namespace urne::testing

#endif  // URNE_TESTS_CRYPTO_BATCH_DECODE_ALL_H_
