#include "election/entry.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "crypto/merkle.h"
#include "status/status.h"

namespace urne {

ElectionId ComputeElectionId(ByteView manifest_payload) {
  return Transcript("urne/v1/election-id").Append("manifest", manifest_payload).Digest();
}

namespace {
Transcript EntryTranscript(std::string_view domain, const v1::Entry& entry) {
  Transcript t(domain);
  t.Append("election", AsBytes(entry.election_id()))
      .AppendU64("kind", static_cast<uint64_t>(entry.kind()))
      .Append("payload", AsBytes(entry.payload()))
      .Append("author", AsBytes(entry.author()));
  return t;
}
}  // namespace

Bytes EntrySigningBytes(const v1::Entry& entry) {
  return EntryTranscript("urne/v1/entry", entry).bytes();
}

Bytes EntryLeafData(const v1::Entry& entry) {
  Transcript t = EntryTranscript("urne/v1/leaf", entry);
  t.Append("signature", AsBytes(entry.signature()));
  return t.bytes();
}

Digest32 EntryLeafHash(const v1::Entry& entry) { return LeafHash(EntryLeafData(entry)); }

namespace {
// Reads frame(x) = u32_be(len) ‖ x from `data` at `pos`.
bool ReadFrame(ByteView data, size_t& pos, ByteView& out) {
  if (data.size() - pos < 4) return false;
  uint32_t len = static_cast<uint32_t>(data[pos]) << 24 |
                 static_cast<uint32_t>(data[pos + 1]) << 16 |
                 static_cast<uint32_t>(data[pos + 2]) << 8 | data[pos + 3];
  pos += 4;
  if (data.size() - pos < len) return false;
  out = data.subspan(pos, len);
  pos += len;
  return true;
}

bool ReadField(ByteView data, size_t& pos, std::string_view label, ByteView& value) {
  ByteView got;
  if (!ReadFrame(data, pos, got)) return false;
  if (std::string_view(reinterpret_cast<const char*>(got.data()), got.size()) != label) {
    return false;
  }
  return ReadFrame(data, pos, value);
}
}  // namespace

absl::StatusOr<v1::Entry> ParseEntryLeafData(ByteView data) {
  size_t pos = 0;
  ByteView domain;
  ByteView election;
  ByteView kind;
  ByteView payload;
  ByteView author;
  ByteView signature;
  auto bad = [] {
    return Invalid("entry.malformed",
                   "entry bytes are not a urne/v1/leaf transcript (specs/board.md)");
  };
  if (!ReadFrame(data, pos, domain) ||
      std::string_view(reinterpret_cast<const char*>(domain.data()), domain.size()) !=
          "urne/v1/leaf" ||
      !ReadField(data, pos, "election", election) || !ReadField(data, pos, "kind", kind) ||
      !ReadField(data, pos, "payload", payload) || !ReadField(data, pos, "author", author) ||
      !ReadField(data, pos, "signature", signature) || pos != data.size() || kind.size() != 8) {
    return bad();
  }
  uint64_t k = 0;
  for (uint8_t b : kind) k = k << 8 | b;
  // Only the kinds 1–12 are entries (specs/board.md §1.4): 0 and unknown kinds are refused.
  if (k == 0 || k > static_cast<uint64_t>(v1::EntryKind_MAX)) return bad();
  v1::Entry entry;
  entry.set_election_id(election.data(), election.size());
  entry.set_kind(static_cast<v1::EntryKind>(k));
  entry.set_payload(payload.data(), payload.size());
  entry.set_author(author.data(), author.size());
  entry.set_signature(signature.data(), signature.size());
  return entry;
}

v1::Entry MakeEntry(const ElectionId& election, v1::EntryKind kind, const std::string& payload,
                    const SigningKey& author) {
  v1::Entry entry;
  entry.set_election_id(election.data(), election.size());
  entry.set_kind(kind);
  entry.set_payload(payload);
  PublicKey pk = author.public_key();
  entry.set_author(pk.bytes.data(), pk.bytes.size());
  Bytes sig = author.Sign(EntrySigningBytes(entry));
  entry.set_signature(sig.data(), sig.size());
  return entry;
}

absl::Status VerifyEntrySignature(const v1::Entry& entry, const KnownKeys* known) {
  if (entry.election_id().size() != 32) {
    return Invalid("entry.malformed", "entry election_id must be 32 bytes");
  }
  if (!v1::EntryKind_IsValid(entry.kind()) || entry.kind() == v1::ENTRY_KIND_UNSPECIFIED) {
    return Invalid("entry.malformed", Cat("unknown entry kind ", static_cast<int>(entry.kind())));
  }
  URNE_ASSIGN_OR_RETURN(PublicKey author, ParsePublicKey(AsBytes(entry.author()), known));
  return Verify(author, EntrySigningBytes(entry), AsBytes(entry.signature()));
}

std::string Serialize(const google::protobuf::Message& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return out;
}

absl::Status ParseStrict(const std::string& bytes, google::protobuf::Message& out) {
  if (!out.ParseFromString(bytes)) {
    return Invalid("payload.malformed",
                   Cat("payload is not a well-formed ", out.GetTypeName(), " message"));
  }
  // Unknown fields (at any depth) are malformed, not merely non-canonical: serializing keeps
  // them, so the serialization shrinks when they are discarded.
  const size_t with_unknown = out.ByteSizeLong();
  out.DiscardUnknownFields();
  if (out.ByteSizeLong() != with_unknown) {
    return Invalid("payload.malformed",
                   Cat(out.GetTypeName(), " payload has fields this version does not know"));
  }
  if (Serialize(out) != bytes) {
    return Invalid("payload.non_canonical",
                   Cat(out.GetTypeName(),
                       " payload is not in canonical form (unknown fields, default values "
                       "written out, or fields out of order); serialize it deterministically"));
  }
  return absl::OkStatus();
}

Digest32 TrackingCode(const std::string& ballot_payload) {
  return Transcript("urne/v1/tracking-code").Append("ballot", AsBytes(ballot_payload)).Digest();
}

std::string FormatTrackingCode(const Digest32& code) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  int emitted = 0;
  for (size_t i = 0; i < 20; ++i) {
    buffer = (buffer << 8) | code[i];
    bits += 8;
    while (bits >= 5) {
      if (emitted > 0 && emitted % 4 == 0) out.push_back('-');
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
      ++emitted;
    }
  }
  return out;
}

}  // namespace urne
