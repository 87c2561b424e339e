// BoothRelease: the files of the hosted booth that urne-board serves, read once from the
// release directory into memory, and their digest (specs/booth.md §7.1, §7.3).
//
// The set of files is fixed by the spec's rule (booth/**, js/**, the *.js of the two pinned
// @noble packages; only names of [A-Za-z0-9_-][A-Za-z0-9._-]*), so what is served and what
// is hashed are the same bytes; nothing outside the release can be named by a URL. Each file
// keeps its gzip form (when smaller), content type and ETag, computed at load.
//
// Immutable after Load: thread-safe.
#ifndef URNE_BULLETIN_BOARD_BOOTH_FILES_H_
#define URNE_BULLETIN_BOARD_BOOTH_FILES_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace urne::bulletin_board {

using BoothDigest = std::array<uint8_t, 32>;

// The release directory urne-board serves without --booth: the voter-client/web folder of the
// source tree it was built from.
std::string DefaultBoothDir();

// The booth digest of `files` (relative path → bytes; the map's order is the bytewise order
// of the paths), specs/booth.md §7.3.
BoothDigest ComputeBoothDigest(const std::map<std::string, std::string>& files);

struct BoothFile {
  std::string content;
  std::string gzip;  // empty: serve `content` uncompressed
  std::string content_type;
  std::string etag;  // "\"<32 hex digits>\""
};

class BoothRelease {
 public:
  // Limits of a release (booth.too_large beyond them).
  static constexpr size_t kMaxFiles = 2000;
  static constexpr size_t kMaxBytes = 32 << 20;

  // Reads the release in `dir`. Reasons: booth.missing (no dir/booth/index.html),
  // booth.bad_file (a symbolic link or other non-regular file in a served folder, or a file
  // that cannot be read), booth.too_large.
  static absl::StatusOr<BoothRelease> Load(const std::string& dir);

  // The file served at URL path `path` (the target without its query): "/" is
  // booth/index.html, "/P" the release file P. nullptr for anything else, including every
  // path with an empty, "." or ".." segment, "%" or "\".
  const BoothFile* Find(std::string_view path) const;

  const BoothDigest& digest() const { return digest_; }
  // "'sha256-…' …" for each <script type="importmap"> of booth/index.html (specs/booth.md
  // §7.2), empty if none.
  const std::string& script_hashes() const { return script_hashes_; }
  size_t size() const { return files_.size(); }

 private:
  std::map<std::string, BoothFile> files_;
  BoothDigest digest_{};
  std::string script_hashes_;
};

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_BOOTH_FILES_H_
