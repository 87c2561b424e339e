#include "election/field_count.h"

#include <cstdint>
#include <limits>

#include "status/status.h"
#include "urne/v1/manifest.pb.h"

namespace urne {
namespace {

constexpr size_t kManifestMaxFields = 32768;
constexpr size_t kRollFieldBytes = 34;  // tag, length 32, 32-byte credential
constexpr int kMaxDepth = 32;           // deeper than any message of urne.v1

bool ReadVarint(std::string_view& in, uint64_t& out) {
  out = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    out |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// Adds the fields of `in` (a `message`) to `count`; false when the wire data ends badly or
// the count passed `limit`.
bool Count(std::string_view in, const google::protobuf::Descriptor& message, int depth,
           size_t limit, size_t& count) {
  while (!in.empty()) {
    uint64_t tag = 0;
    if (!ReadVarint(in, tag)) return false;
    if (++count > limit) return false;
    uint64_t skip = 0;
    switch (tag & 7) {
      case 0:
        if (!ReadVarint(in, skip)) return false;
        continue;
      case 1:
        skip = 8;
        break;
      case 5:
        skip = 4;
        break;
      case 2: {
        if (!ReadVarint(in, skip) || skip > in.size()) return false;
        const auto* field = message.FindFieldByNumber(static_cast<int>(tag >> 3));
        if (field != nullptr && field->message_type() != nullptr && depth < kMaxDepth &&
            !Count(in.substr(0, skip), *field->message_type(), depth + 1, limit, count)) {
          return false;
        }
        break;
      }
      default:
        return false;  // groups and invalid wire types: the parser refuses them
    }
    if (skip > in.size()) return false;
    in.remove_prefix(skip);
  }
  return true;
}

const google::protobuf::Descriptor* PayloadMessage(v1::EntryKind kind) {
  switch (kind) {
    case v1::MANIFEST:
      return v1::Manifest::descriptor();
    case v1::ROLL:
      return v1::Roll::descriptor();
    default:
      return nullptr;
  }
}

}  // namespace

size_t CountFields(std::string_view payload, const google::protobuf::Descriptor& message,
                   size_t limit) {
  size_t count = 0;
  Count(payload, message, 0, limit, count);
  return count;
}

size_t MaxFields(v1::EntryKind kind, size_t size) {
  switch (kind) {
    case v1::MANIFEST:
      return kManifestMaxFields;
    case v1::ROLL:
      return size / kRollFieldBytes;
    default:
      return std::numeric_limits<size_t>::max();
  }
}

absl::Status CheckFieldCount(v1::EntryKind kind, std::string_view payload) {
  const google::protobuf::Descriptor* message = PayloadMessage(kind);
  if (message == nullptr) return absl::OkStatus();
  const size_t limit = MaxFields(kind, payload.size());
  const size_t count = CountFields(payload, *message, limit);
  if (count <= limit) return absl::OkStatus();
  return Error(
      absl::StatusCode::kResourceExhausted, "limit.field_count",
      Cat(v1::EntryKind_Name(kind), " payloads of ", payload.size(), " bytes have at most ", limit,
          " fields; this one has more: it cannot be valid and is refused unparsed"));
}

}  // namespace urne
