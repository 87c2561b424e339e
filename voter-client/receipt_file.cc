#include "voter-client/receipt_file.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "cli/json.h"
#include "crypto/bytes.h"
#include "election/entry.h"
#include "status/status.h"

namespace urne::voter_client {
namespace {

absl::Status FromValue(const google::protobuf::Value& value, google::protobuf::Message& out,
                       const char* what) {
  std::string json = cli::ToJson(value);
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(json, &out, options);
  if (!status.ok()) {
    return Invalid("receipt.json", Cat("the receipt's \"", what,
                                       "\" is not valid: ", std::string(status.message())));
  }
  return absl::OkStatus();
}

std::string Quote(const std::string& s) {
  google::protobuf::Value v;
  v.set_string_value(s);
  return cli::ToJson(v);
}

}  // namespace

std::string ReceiptToJson(const ReceiptFile& file) {
  return Cat("{\n  \"format\": ", Quote(kReceiptFormat),
             ",\n  \"tracking_code\": ", Quote(file.tracking_code),
             ",\n  \"election_id\": ", Quote(file.election_id),
             ",\n  \"board\": ", Quote(file.board), ",\n  \"receipt\": ", cli::ToJson(file.receipt),
             ",\n  \"entry\": ", cli::ToJson(file.entry), "\n}\n");
}

absl::StatusOr<std::string> BallotPayloadOf(const v1::Entry& entry) {
  if (entry.kind() == v1::BALLOT) return entry.payload();
  if (entry.kind() == v1::AUDIT) {
    v1::Audit audit;
    URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), audit));
    return audit.ballot();
  }
  return Invalid("verify.receipt_mismatch", "a receipt's entry is a BALLOT or an AUDIT");
}

absl::StatusOr<ReceiptFile> ParseReceiptJson(const std::string& json) {
  google::protobuf::Struct doc;
  auto status = google::protobuf::util::JsonStringToMessage(json, &doc);
  if (!status.ok()) {
    return Invalid("receipt.json",
                   Cat("the receipt file is not JSON: ", std::string(status.message())));
  }
  const auto& f = doc.fields();
  auto str = [&](const char* key) -> std::string {
    auto it = f.find(key);
    return it == f.end() ? std::string() : it->second.string_value();
  };
  if (str("format") != kReceiptFormat) {
    return Invalid("receipt.json",
                   Cat(R"(not a urne receipt ("format" must be ")", kReceiptFormat, "\")"));
  }
  ReceiptFile out;
  out.tracking_code = str("tracking_code");
  out.election_id = str("election_id");
  out.board = str("board");
  if (!f.count("receipt") || !f.count("entry")) {
    return Invalid("receipt.json", R"(the receipt file needs "receipt" and "entry")");
  }
  URNE_RETURN_IF_ERROR(FromValue(f.at("receipt"), out.receipt, "receipt"));
  URNE_RETURN_IF_ERROR(FromValue(f.at("entry"), out.entry, "entry"));
  if (ToHex(AsBytes(out.entry.election_id())) != out.election_id ||
      out.receipt.election_id() != out.entry.election_id()) {
    return Invalid("verify.receipt_mismatch",
                   "the receipt's election ids disagree: the file was altered");
  }
  auto payload = BallotPayloadOf(out.entry);
  if (!payload.ok()) {
    return Invalid("verify.receipt_mismatch", Cat("the receipt's entry is not a ballot: ",
                                                  std::string(payload.status().message())));
  }
  if (FormatTrackingCode(TrackingCode(*payload)) != out.tracking_code) {
    return Invalid("verify.receipt_mismatch",
                   "the tracking code does not match the ballot in the receipt: the file was "
                   "altered");
  }
  return out;
}

}  // namespace urne::voter_client
