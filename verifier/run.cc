#include "verifier/run.h"

#include "board-client/client.h"
#include "cli/cli.h"
#include "cli/transport.h"
#include "status/status.h"
#include "verifier/receipts.h"
#include "verifier/report.h"
#include "verifier/verify.h"

namespace urne {

absl::StatusOr<Record> FetchRecord(const BoardEndpoint& board, const std::string& election_hex) {
  URNE_ASSIGN_OR_RETURN(ElectionId id, ParseElectionId(election_hex));
  BoardClient client(board);
  Record record;
  URNE_ASSIGN_OR_RETURN(v1::SignedTreeHead head, client.TreeHead(id));
  URNE_ASSIGN_OR_RETURN(record.entries, client.Entries(id));
  // Entries appended after the head come with a later head; they are not covered.
  if (record.entries.size() > head.tree_size()) record.entries.resize(head.tree_size());
  record.tree_heads.push_back(std::move(head));
  return record;
}

int RunVerify(const VerifyCommand& command, std::ostream& out, std::ostream& err) {
  const std::string program = "urne-verify";
  absl::StatusOr<Record> record;
  if (!command.record_file.empty()) {
    auto bytes = cli::ReadFile(command.record_file);
    if (!bytes.ok()) return cli::Fail(program, bytes.status());
    record = DecodeRecord(*bytes);
  } else {
    auto board = cli::BoardEndpointFromFlags(program, command.board, command.tls, err);
    record = board.ok() ? FetchRecord(*board, command.election) : board.status();
  }
  if (!record.ok()) {
    err << program << ": " << ReasonOf(record.status()) << ": " << record.status().message()
        << "\n";
    return cli::kExitUsage;
  }
  if (!command.save.empty()) {
    absl::Status s = cli::WriteFileAtomic(command.save, EncodeRecord(*record));
    if (!s.ok()) return cli::Fail(program, s);
  }
  if (!command.receipts.empty()) {
    auto heads = ReadReceiptHeads(command.receipts);
    if (!heads.ok()) return cli::Fail(program, heads.status());
    AddEarlierHeads(*record, std::move(*heads));
  }
  cli::Progress progress("verifying entries");
  VerifyOptions options;
  options.threads = command.threads;
  options.allow_incomplete = command.allow_incomplete;
  options.progress = [&](uint64_t done, uint64_t total) { progress.Update(done, total); };
  VerifyReport report = VerifyRecord(*record, options);
  progress.Done();
  if (!command.html.empty()) {
    absl::Status s = cli::WriteFileAtomic(command.html, FormatHtml(report));
    if (!s.ok()) return cli::Fail(program, s);
  }
  out << (command.json ? FormatJson(report) : FormatText(report));
  out.flush();
  return report.valid ? cli::kExitOk : cli::kExitVerificationFailed;
}

}  // namespace urne
