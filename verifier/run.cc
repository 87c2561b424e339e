#include "verifier/run.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>

#include "board-client/client.h"
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/reasons.h"
#include "cli/transport.h"
#include "status/status.h"
#include "verifier/receipts.h"
#include "verifier/record_file.h"
#include "verifier/report.h"
#include "verifier/verify.h"

namespace urne::verifier {

absl::Status FetchRecordFile(const BoardEndpoint& board, const std::string& election_hex,
                             const std::string& path) {
  URNE_ASSIGN_OR_RETURN(ElectionId id, ParseElectionId(election_hex));
  BoardClient client(board);
  URNE_ASSIGN_OR_RETURN(v1::SignedTreeHead head, client.TreeHead(id));
  URNE_ASSIGN_OR_RETURN(std::unique_ptr<RecordFileWriter> writer, RecordFileWriter::Create(path));
  // Entries appended after the head come with a later head; they are not covered. A log
  // shorter than the head fails the verification (the head's root is not the entries').
  URNE_RETURN_IF_ERROR(client.ForEachEntry(
      id, 0, [&](const v1::Entry& entry) { return writer->Append(entry); }, head.tree_size()));
  return writer->Finish({head});
}

namespace {

// Prints the error of an unusable record ("program: reason: message", the message in
// `lang`) and returns exit 2.
int Unusable(const std::string& program, const absl::Status& status, std::ostream& err,
             const std::string& lang) {
  err << program << ": " << ReasonOf(status) << ": " << cli::MessageFor(status, lang) << "\n";
  return cli::kExitUsage;
}

// A temporary record file for a board's record, removed when done.
struct TempFile {
  std::string path;
  static absl::StatusOr<TempFile> Make() {
    std::string name = (std::filesystem::temp_directory_path() / "urne-verify-XXXXXX").string();
    int fd = ::mkstemp(name.data());
    if (fd < 0) return Invalid("file.unwritable", Cat("cannot create a temporary file ", name));
    ::close(fd);
    return TempFile{name};
  }
  explicit TempFile(std::string p) : path(std::move(p)) {}
  TempFile(TempFile&& other) noexcept : path(std::move(other.path)) { other.path.clear(); }
  TempFile(const TempFile&) = delete;
  ~TempFile() {
    if (!path.empty()) static_cast<void>(std::remove(path.c_str()));  // best effort
  }
};

// Copies the record file to `path` (for --save with a file), a few MB at a time, atomically:
// a temporary file in the same folder, fsync, rename.
absl::Status CopyRecordFile(const RecordFile& file, const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  if (out == nullptr) return Invalid("file.unwritable", Cat("cannot write ", path));
  Bytes buffer(8 << 20);
  bool ok = true;
  for (uint64_t at = 0; ok && at < file.file_size(); at += buffer.size()) {
    const uint64_t n = std::min<uint64_t>(buffer.size(), file.file_size() - at);
    ok = file.ReadAt(at, n, buffer.data()).ok() && std::fwrite(buffer.data(), 1, n, out) == n;
  }
  ok = std::fflush(out) == 0 && ::fsync(fileno(out)) == 0 && ok;
  ok = std::fclose(out) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    static_cast<void>(std::remove(tmp.c_str()));  // best effort: nothing half-written stays
    return Invalid("file.unwritable", Cat("cannot write ", path, " (disk full or no permission)"));
  }
  return absl::OkStatus();
}

}  // namespace

int RunVerify(const VerifyCommand& command, std::ostream& out, std::ostream& err) {
  const std::string program = "urne-verify";
  auto lang_name = cli::MessageLanguage(command.lang);
  if (!lang_name.ok()) return cli::Fail(program, lang_name.status());
  const ReportLang lang = *lang_name == "fr" ? ReportLang::kFr : ReportLang::kEn;
  // A record file is read piece by piece (verifier/record_file.h), never held whole.
  std::string path = command.record_file;
  std::optional<TempFile> fetched;
  if (path.empty()) {
    // From a board: the record is written to --save, or to a temporary file, as it arrives.
    auto board = cli::BoardEndpointFromFlags(program, command.board, command.tls, err);
    if (!board.ok()) return Unusable(program, board.status(), err, *lang_name);
    if (command.save.empty()) {
      auto temp = TempFile::Make();
      if (!temp.ok()) return cli::Fail(program, temp.status(), *lang_name);
      fetched.emplace(std::move(*temp));
      path = fetched->path;
    } else {
      path = command.save;
    }
    absl::Status s = FetchRecordFile(*board, command.election, path);
    if (ReasonOf(s) == "file.unwritable") return cli::Fail(program, s, *lang_name);
    if (!s.ok()) return Unusable(program, s, err, *lang_name);
  }
  auto opened = RecordFile::Open(path);
  if (!opened.ok()) {
    if (ReasonOf(opened.status()) == "file.unreadable")
      return cli::Fail(program, opened.status(), *lang_name);
    return Unusable(program, opened.status(), err, *lang_name);
  }
  std::unique_ptr<RecordFile> file = std::move(*opened);
  if (!command.save.empty() && !command.record_file.empty()) {
    if (absl::Status s = CopyRecordFile(*file, command.save); !s.ok())
      return cli::Fail(program, s, *lang_name);
  }
  if (!command.receipts.empty()) {
    auto heads = ReadReceiptHeads(command.receipts);
    if (!heads.ok()) return cli::Fail(program, heads.status(), *lang_name);
    AddEarlierHeads(file->mutable_tree_heads(), std::move(*heads));
  }
  cli::Progress progress(lang == ReportLang::kFr ? "vérification des entrées"
                                                 : "verifying entries");
  VerifyOptions options;
  options.threads = command.threads;
  options.allow_incomplete = command.allow_incomplete;
  options.progress = [&](uint64_t done, uint64_t total) { progress.Update(done, total); };
  absl::StatusOr<VerifyReport> verified = VerifyRecordSource(*file, options);
  progress.Done();
  if (!verified.ok()) return Unusable(program, verified.status(), err, *lang_name);
  const VerifyReport& report = *verified;
  if (!command.html.empty()) {
    absl::Status s = cli::WriteFileAtomic(command.html, FormatHtml(report, lang));
    if (!s.ok()) return cli::Fail(program, s, *lang_name);
  }
  out << (command.json ? FormatJson(report) : FormatText(report, lang));
  out.flush();
  return report.valid ? cli::kExitOk : cli::kExitVerificationFailed;
}

}  // namespace urne::verifier
