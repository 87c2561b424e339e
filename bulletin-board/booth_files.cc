#include "bulletin-board/booth_files.h"

#include <sodium.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::bulletin_board {
namespace {

namespace fs = std::filesystem;

// The served folders and whether only *.js files of them belong to the release (§7.1).
struct Root {
  const char* path;
  bool js_only;
};
constexpr Root kRoots[] = {{"booth", false},
                           {"js", false},
                           {"node_modules/@noble/curves", true},
                           {"node_modules/@noble/hashes", true}};

bool NameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// [A-Za-z0-9_-][A-Za-z0-9._-]*: no empty name, no leading dot (so no "." or "..").
bool ValidName(std::string_view name) {
  if (name.empty() || name[0] == '.') return false;
  return std::ranges::all_of(name, NameChar);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string ContentType(std::string_view path) {
  struct Type {
    const char* ext;
    const char* type;
  };
  static constexpr Type kTypes[] = {{".html", "text/html; charset=utf-8"},
                                    {".js", "text/javascript; charset=utf-8"},
                                    {".mjs", "text/javascript; charset=utf-8"},
                                    {".css", "text/css; charset=utf-8"},
                                    {".json", "application/json"},
                                    {".svg", "image/svg+xml"},
                                    {".png", "image/png"},
                                    {".ico", "image/x-icon"},
                                    {".woff2", "font/woff2"},
                                    {".txt", "text/plain; charset=utf-8"},
                                    {".webmanifest", "application/manifest+json"}};
  for (const auto& t : kTypes) {
    if (EndsWith(path, t.ext)) return t.type;
  }
  return "application/octet-stream";
}

std::array<uint8_t, 32> Sha256(std::string_view bytes) {
  std::array<uint8_t, 32> out;
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return out;
}

// gzip (RFC 1952) at level 9; zlib writes a zero mtime, so the output depends on the input
// only. Empty when compression fails.
std::string Gzip(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, in.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

void AppendU64(crypto_hash_sha256_state& state, uint64_t n) {
  unsigned char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<unsigned char>(n & 0xff);
    n >>= 8;
  }
  crypto_hash_sha256_update(&state, b, sizeof b);
}

void AppendFramed(crypto_hash_sha256_state& state, std::string_view bytes) {
  AppendU64(state, bytes.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

// The CSP source of each <script type="importmap"> element's text (§7.2).
std::string ImportMapHashes(const std::string& html) {
  static constexpr std::string_view kOpen = "<script type=\"importmap\">";
  static constexpr std::string_view kClose = "</script>";
  std::string out;
  size_t at = 0;
  while ((at = html.find(kOpen, at)) != std::string::npos) {
    size_t start = at + kOpen.size();
    size_t end = html.find(kClose, start);
    if (end == std::string::npos) break;
    auto digest = Sha256(std::string_view(html).substr(start, end - start));
    char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, digest.data(), digest.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    if (!out.empty()) out += ' ';
    out += Cat("'sha256-", b64, "'");
    at = end + kClose.size();
  }
  return out;
}

absl::Status BadFile(const fs::path& path, std::string_view what) {
  return Error(absl::StatusCode::kFailedPrecondition, "booth.bad_file",
               Cat(path.string(), ": ", what,
                   "; the booth release may hold only regular files (nothing outside the "
                   "release directory is ever served)"));
}

absl::StatusOr<std::string> ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return BadFile(path, "cannot be read");
  return bytes;
}

// Adds the release files under dir/root.path to `files` (§7.1).
absl::Status ReadRoot(const fs::path& dir, const Root& root,
                      std::map<std::string, std::string>& files, size_t& total) {
  const fs::path top = dir / root.path;
  std::error_code ec;
  auto top_status = fs::symlink_status(top, ec);
  if (ec || !fs::is_directory(top_status)) {
    if (fs::is_symlink(top_status)) return BadFile(top, "is a symbolic link");
    return Error(absl::StatusCode::kFailedPrecondition, "booth.missing",
                 Cat("the booth release ", dir.string(), " has no folder ", root.path,
                     root.js_only ? " (run `npm ci` in voter-client/web)" : "",
                     "; give the release directory with --booth DIR"));
  }
  fs::recursive_directory_iterator it(top, ec);
  fs::recursive_directory_iterator end;
  if (ec) return BadFile(top, Cat("cannot be listed (", ec.message(), ")"));
  for (; it != end; it.increment(ec)) {
    if (ec) return BadFile(top, Cat("cannot be listed (", ec.message(), ")"));
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (!ValidName(name)) {
      // Not part of the release, nor anything under it.
      if (entry.is_directory(ec) && !entry.is_symlink(ec)) it.disable_recursion_pending();
      continue;
    }
    auto status = entry.symlink_status(ec);
    if (fs::is_symlink(status)) return BadFile(entry.path(), "is a symbolic link");
    if (fs::is_directory(status)) continue;
    if (!fs::is_regular_file(status)) return BadFile(entry.path(), "is not a regular file");
    if (root.js_only && !EndsWith(name, ".js")) continue;
    if (files.size() >= BoothRelease::kMaxFiles) {
      return Error(absl::StatusCode::kFailedPrecondition, "booth.too_large",
                   Cat("the booth release has more than ", BoothRelease::kMaxFiles, " files"));
    }
    URNE_ASSIGN_OR_RETURN(std::string bytes, ReadWhole(entry.path()));
    total += bytes.size();
    if (total > BoothRelease::kMaxBytes) {
      return Error(absl::StatusCode::kFailedPrecondition, "booth.too_large",
                   Cat("the booth release is larger than ", BoothRelease::kMaxBytes, " bytes"));
    }
    files.emplace(fs::relative(entry.path(), dir).generic_string(), std::move(bytes));
  }
  return absl::OkStatus();
}

}  // namespace

std::string DefaultBoothDir() { return URNE_DEFAULT_BOOTH_DIR; }

BoothDigest ComputeBoothDigest(const std::map<std::string, std::string>& files) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  AppendFramed(state, "urne/v1/booth");
  AppendU64(state, files.size());
  for (const auto& [path, content] : files) {
    AppendFramed(state, path);
    AppendFramed(state, content);
  }
  BoothDigest out;
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

absl::StatusOr<BoothRelease> BoothRelease::Load(const std::string& dir) {
  std::map<std::string, std::string> files;
  size_t total = 0;
  for (const Root& root : kRoots) URNE_RETURN_IF_ERROR(ReadRoot(dir, root, files, total));
  auto index = files.find("booth/index.html");
  if (index == files.end()) {
    return Error(absl::StatusCode::kFailedPrecondition, "booth.missing",
                 Cat("the booth release ", dir,
                     " has no booth/index.html; give the release directory with --booth DIR"));
  }
  BoothRelease release;
  release.digest_ = ComputeBoothDigest(files);
  release.script_hashes_ = ImportMapHashes(index->second);
  for (auto& [path, content] : files) {
    BoothFile file;
    file.content_type = ContentType(path);
    file.etag = Cat("\"", ToHex(Sha256(content)).substr(0, 32), "\"");
    file.gzip = Gzip(content);
    if (file.gzip.size() >= content.size()) file.gzip.clear();
    file.content = std::move(content);
    release.files_.emplace(path, std::move(file));
  }
  return release;
}

const BoothFile* BoothRelease::Find(std::string_view path) const {
  if (path == "/") path = "/booth/index.html";
  if (path.size() < 2 || path[0] != '/') return nullptr;
  std::string_view rest = path.substr(1);
  // Every segment a valid name: no empty, ".", ".." segment, no "%" or "\" anywhere.
  size_t start = 0;
  while (true) {
    size_t slash = rest.find('/', start);
    std::string_view segment = rest.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    // A release name, or the "@noble" folder above the packages.
    if (!ValidName(segment) && segment != "@noble") return nullptr;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  auto it = files_.find(std::string(rest));
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace urne::bulletin_board
