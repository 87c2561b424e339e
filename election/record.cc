#include "election/record.h"

#include <cstring>

#include "election/entry.h"
#include "status/status.h"

namespace urne {
namespace {

absl::Status Malformed(const std::string& message) { return RecordMalformed(message); }

class Reader {
 public:
  explicit Reader(ByteView data) : data_(data) {}
  bool done() const { return pos_ == data_.size(); }
  absl::StatusOr<uint32_t> U32(const char* what) {
    if (data_.size() - pos_ < 4) return Malformed(Cat("truncated ", what));
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | data_[pos_++];
    return v;
  }
  absl::StatusOr<ByteView> Frame(const char* what) {
    URNE_ASSIGN_OR_RETURN(uint32_t n, U32(what));
    if (data_.size() - pos_ < n) return Malformed(Cat("truncated ", what));
    ByteView out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  ByteView data_;
  size_t pos_ = 0;
};

}  // namespace

absl::Status RecordMalformed(const std::string& message) {
  return Invalid("record.malformed", Cat("the record file is damaged or not a record: ", message,
                                         "; download it again or fetch it from the board"));
}

Bytes EncodeRecord(const Record& record) {
  Bytes out(kRecordMagic, kRecordMagic + 8);
  AppendU32(out, static_cast<uint32_t>(record.entries.size()));
  for (const auto& e : record.entries) AppendFramed(out, EntryLeafData(e));
  AppendU32(out, static_cast<uint32_t>(record.tree_heads.size()));
  for (const auto& h : record.tree_heads) AppendFramed(out, AsBytes(Serialize(h)));
  return out;
}

absl::StatusOr<Record> DecodeRecord(ByteView data) {
  if (data.size() < 8 || std::memcmp(data.data(), kRecordMagic, 8) != 0) {
    return Malformed("it does not start with \"URNEREC1\"");
  }
  Reader r(data.subspan(8));
  Record record;
  URNE_ASSIGN_OR_RETURN(uint32_t n, r.U32("entry count"));
  // Each frame takes at least 4 bytes: bound the reservation by the file size.
  record.entries.reserve(std::min<size_t>(n, data.size() / 4));
  for (uint32_t i = 0; i < n; ++i) {
    URNE_ASSIGN_OR_RETURN(ByteView leaf, r.Frame("entry"));
    auto entry = ParseEntryLeafData(leaf);
    if (!entry.ok())
      return Malformed(Cat("entry ", i, ": ", std::string(entry.status().message())));
    record.entries.push_back(std::move(*entry));
  }
  URNE_ASSIGN_OR_RETURN(uint32_t h, r.U32("tree head count"));
  if (h == 0) return Malformed("it has no signed tree head");
  for (uint32_t i = 0; i < h; ++i) {
    URNE_ASSIGN_OR_RETURN(ByteView bytes, r.Frame("tree head"));
    v1::SignedTreeHead head;
    absl::Status s =
        ParseStrict(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()), head);
    if (!s.ok()) return Malformed(Cat("tree head ", i, ": ", std::string(s.message())));
    record.tree_heads.push_back(std::move(head));
  }
  if (!r.done()) return Malformed("bytes after the last tree head");
  return record;
}

}  // namespace urne
