#include "cli/cli.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "status/status.h"

namespace urne::cli {
namespace {

absl::StatusOr<std::string> PromptNoEcho(const std::string& prompt) {
  int fd = ::open("/dev/tty", O_RDWR);
  if (fd < 0) {
    return Invalid("passphrase.no_terminal",
                   "no terminal to ask for the passphrase; use --passphrase-file FILE");
  }
  termios old{};
  bool have_tty = tcgetattr(fd, &old) == 0;
  if (have_tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  std::string line;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  if (have_tty) tcsetattr(fd, TCSAFLUSH, &old);
  (void)!::write(fd, "\n", 1);
  ::close(fd);
  return line;
}

absl::Status Unreadable(const std::string& path) {
  return Invalid("file.unreadable",
                 Text{Cat("cannot read ", path), Cat("impossible de lire ", path)});
}

}  // namespace

absl::StatusOr<SecretBytes> ReadPassphrase(const std::string& file, const std::string& prompt,
                                           bool confirm) {
  if (!file.empty()) {
    auto text = ReadTextFile(file);
    if (!text.ok()) {
      return Invalid("passphrase.unreadable",
                     Text{Cat("cannot read the passphrase file ", file),
                          Cat("impossible de lire le fichier de la phrase secrète ", file)});
    }
    std::string line = text->substr(0, text->find('\n'));
    SecretBytes out(AsBytes(line));
    std::fill(text->begin(), text->end(), '\0');
    std::fill(line.begin(), line.end(), '\0');
    return out;
  }
  URNE_ASSIGN_OR_RETURN(std::string first, PromptNoEcho(prompt));
  if (confirm) {
    URNE_ASSIGN_OR_RETURN(std::string second, PromptNoEcho("Repeat the passphrase: "));
    bool same = first == second;
    std::fill(second.begin(), second.end(), '\0');
    if (!same) {
      std::fill(first.begin(), first.end(), '\0');
      return Invalid("passphrase.mismatch", "the two passphrases differ; try again");
    }
  }
  SecretBytes out(AsBytes(first));
  std::fill(first.begin(), first.end(), '\0');
  return out;
}

absl::StatusOr<SecretBytes> PromptSecret(const std::string& prompt) {
  URNE_ASSIGN_OR_RETURN(std::string line, PromptNoEcho(prompt));
  SecretBytes out(AsBytes(line));
  std::fill(line.begin(), line.end(), '\0');
  return out;
}

absl::StatusOr<Bytes> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unreadable(path);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unreadable(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path, uintmax_t max_bytes) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) return Unreadable(path);
  if (!std::filesystem::is_regular_file(status)) {
    return Invalid(
        "file.unreadable",
        Text{Cat(path, " is not a regular file (a folder, a pipe or a device)"),
             Cat(path, " n'est pas un fichier ordinaire (dossier, tube ou périphérique)")});
  }
  const uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return Unreadable(path);
  if (size > max_bytes) {
    return Invalid("file.too_large",
                   Text{Cat(path, " is ", size, " bytes, more than the ", max_bytes,
                            " this file can have: it is not the file urne wrote"),
                        Cat(path, " fait ", size, " octets, plus que les ", max_bytes,
                            " que peut avoir ce fichier : ce n'est pas celui qu'urne a écrit")});
  }
  return ReadTextFile(path);
}

absl::Status WriteFileAtomic(const std::string& path, ByteView data, unsigned mode) {
  std::filesystem::path target(path);
  std::filesystem::path dir =
      target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::string name = target.filename().string();
  name.insert(0, 1, '.');
  name.append(".tmp");
  std::string tmp = (dir / name).string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0)
    return Invalid("file.unwritable",
                   Text{Cat("cannot write ", path), Cat("impossible d'écrire ", path)});
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = done == data.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Invalid(
        "file.unwritable",
        Text{Cat("cannot write ", path, " (disk full or no permission)"),
             Cat("impossible d'écrire ", path, " (disque plein ou droits insuffisants)")});
  }
  return absl::OkStatus();
}

int Fail(const std::string& program, const absl::Status& status, const std::string& lang) {
  return ReportError(std::cerr, program, status, ErrorStyle::kMessage, lang);
}

Progress::Progress(std::string label) : label_(std::move(label)), tty_(isatty(2) != 0) {}

void Progress::Update(uint64_t done, uint64_t total) {
  if (!tty_ || total == 0) return;
  int percent = static_cast<int>(done * 100 / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  (void)std::fprintf(stderr, "\r%s: %3d %% (%llu/%llu)", label_.c_str(), percent,
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
}

void Progress::Done() const {
  if (tty_ && last_percent_ >= 0) (void)std::fprintf(stderr, "\n");
}

}  // namespace urne::cli
