#include "crypto/ristretto255_extra.h"

#include <decaf/point_255.h>

#include <array>
#include <cassert>

namespace urne {

Element Ristretto255FromUniformBytes(std::span<const uint8_t, 64> uniform) {
  static_assert(2 * DECAF_255_HASH_BYTES == 64);
  decaf_255_point_t point;
  decaf_255_point_from_hash_uniform(point, uniform.data());
  std::array<uint8_t, 32> encoding;
  decaf_255_point_encode(encoding.data(), point);
  decaf_255_point_destroy(point);
  // Element has no public constructor: go through the strict decoder, which cannot fail on
  // an encoding libdecaf just produced (canonical by construction).
  auto element = Group::Ristretto255().DecodeElement(encoding, Identity::kAllowed);
  assert(element.ok());
  return *std::move(element);
}

}  // namespace urne
