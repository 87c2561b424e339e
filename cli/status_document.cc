#include "cli/status_document.h"

#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::cli {

google::protobuf::Struct StatusDocument(const ElectionState& s) {
  google::protobuf::Struct root;
  auto& f = *root.mutable_fields();
  auto num = [](uint64_t n) {
    google::protobuf::Value v;
    v.set_number_value(static_cast<double>(n));
    return v;
  };
  const v1::Manifest& m = s.manifest();
  f["election_id"].set_string_value(ToHex(s.id()));
  f["reference"].set_string_value(m.reference());
  f["title_fr"].set_string_value(m.title().fr());
  f["title_en"].set_string_value(m.title().en());
  f["phase"].set_string_value(PhaseName(s.phase()));
  f["registered"] = num(s.roll().size());
  f["roll_posted"].set_bool_value(s.roll_posted());
  f["ballots"] = num(s.ballots());
  f["revotes"] = num(s.revotes());
  f["audits"] = num(s.audits());
  f["ballots_counted"] = num(s.ballots_counted());
  f["partial_decryptions"] = num(s.partials().size());
  f["threshold"] = num(m.threshold());
  f["tree_size"] = num(s.size());
  return root;
}

std::string StatusDocumentName(const ElectionId& election) {
  return Cat(ToHex(election), ".status.json");
}

}  // namespace urne::cli
