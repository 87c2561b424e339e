#include "verifier/receipts.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <filesystem>

#include "cli/cli.h"
#include "status/status.h"

namespace urne::verifier {
namespace {

absl::Status Bad(const std::string& file, const std::string& what) {
  return Invalid("receipt.json", Cat(file, ": ", what));
}

absl::StatusOr<v1::SignedTreeHead> HeadOf(const std::string& file) {
  auto bytes = cli::ReadFile(file);
  if (!bytes.ok()) return Bad(file, std::string(bytes.status().message()));
  google::protobuf::Struct doc;
  auto s =
      google::protobuf::util::JsonStringToMessage(std::string(bytes->begin(), bytes->end()), &doc);
  if (!s.ok()) return Bad(file, Cat("not JSON: ", std::string(s.message())));
  auto format = doc.fields().find("format");
  if (format == doc.fields().end() || format->second.string_value() != "urne-receipt/1") {
    return Bad(file, R"(not a receipt file ("format" must be "urne-receipt/1"))");
  }
  auto member = doc.fields().find("receipt");
  if (member == doc.fields().end()) return Bad(file, "no \"receipt\" member");
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(member->second, &json);
  v1::Receipt receipt;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  s = google::protobuf::util::JsonStringToMessage(json, &receipt, options);
  if (!s.ok())
    return Bad(file, Cat("\"receipt\" is not a urne.v1.Receipt: ", std::string(s.message())));
  if (!receipt.has_tree_head()) return Bad(file, "the receipt holds no tree head");
  return receipt.tree_head();
}

}  // namespace

absl::StatusOr<std::vector<v1::SignedTreeHead>> ReadReceiptHeads(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
    if (f.is_regular_file() && f.path().extension() == ".json") files.push_back(f.path());
  }
  if (ec) return Bad(dir, Cat("cannot read the folder: ", ec.message()));
  std::sort(files.begin(), files.end());
  std::vector<v1::SignedTreeHead> heads;
  for (const auto& file : files) {
    URNE_ASSIGN_OR_RETURN(v1::SignedTreeHead head, HeadOf(file));
    heads.push_back(std::move(head));
  }
  return heads;
}

void AddEarlierHeads(std::vector<v1::SignedTreeHead>& tree_heads,
                     std::vector<v1::SignedTreeHead> heads) {
  if (tree_heads.empty()) return;
  v1::SignedTreeHead final_head = std::move(tree_heads.back());
  tree_heads.pop_back();
  for (auto& h : heads) tree_heads.push_back(std::move(h));
  std::stable_sort(tree_heads.begin(), tree_heads.end(),
                   [](const v1::SignedTreeHead& a, const v1::SignedTreeHead& b) {
                     return a.tree_size() < b.tree_size();
                   });
  tree_heads.push_back(std::move(final_head));
}

void AddEarlierHeads(Record& record, std::vector<v1::SignedTreeHead> heads) {
  AddEarlierHeads(record.tree_heads, std::move(heads));
}

}  // namespace urne::verifier
