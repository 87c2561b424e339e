// SecretBytes: a heap buffer for secret byte strings (signing-key seeds, credential codes,
// key-file plaintexts). Move-only; the buffer is wiped with sodium_memzero on destruction and
// when overwritten by a move assignment; moving transfers the buffer without copying it, so no
// stray copy of the secret is left behind. Never printed: there is no operator<< and no
// conversion to std::string; compare with ConstantTimeEqual(a.view(), b.view()).
//
// The memory is ordinary heap memory (not mlock'ed, no guard pages): a roll of a million
// credentials creates a million of these, which sodium_malloc's per-allocation pages and
// mlock limits would not allow. Thread-compatible (like std::vector).
#ifndef URNE_CRYPTO_SECRET_BYTES_H_
#define URNE_CRYPTO_SECRET_BYTES_H_

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <utility>

#include "crypto/bytes.h"

namespace urne {

class SecretBytes {
 public:
  // An empty buffer.
  SecretBytes() = default;
  // `size` zero bytes, to be filled through mutable_view().
  explicit SecretBytes(size_t size)
      : data_(size == 0 ? nullptr : new uint8_t[size]()), size_(size) {}
  // A copy of `bytes`; the caller remains responsible for wiping its own copy.
  explicit SecretBytes(ByteView bytes) : SecretBytes(bytes.size()) {
    if (size_ != 0) std::memcpy(data_.get(), bytes.data(), size_);
  }

  SecretBytes(SecretBytes&& other) noexcept
      : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)) {}
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      Wipe();
      data_ = std::move(other.data_);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() { Wipe(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const uint8_t* data() const { return data_.get(); }
  uint8_t* data() { return data_.get(); }
  ByteView view() const { return {data_.get(), size_}; }
  std::span<uint8_t> mutable_view() { return {data_.get(), size_}; }
  // The bytes as characters (for secrets that are text, such as credential codes). The view
  // is valid while this object lives and is not moved from.
  std::string_view AsStringView() const {
    return {reinterpret_cast<const char*>(data_.get()), size_};
  }

 private:
  void Wipe() {
    if (data_ != nullptr) sodium_memzero(data_.get(), size_);
    data_.reset();
    size_ = 0;
  }

  std::unique_ptr<uint8_t[]> data_;
  size_t size_ = 0;
};

}  // namespace urne

#endif  // URNE_CRYPTO_SECRET_BYTES_H_
