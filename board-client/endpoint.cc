#include "board-client/endpoint.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "status/status.h"

namespace urne {
namespace {

constexpr std::string_view kHttps = "https://";

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ValidPort(const std::string& port) {
  if (port.empty() || port.size() > 5) return false;
  if (!std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return false;
  }
  int value = std::stoi(port);
  return value > 0 && value <= 65535;
}

absl::Status BadAddress(std::string_view address, std::string_view what) {
  return Invalid("board.bad_address",
                 Cat("\"", address, "\" is not a board address (", what,
                     "); write https://HOST:PORT for a TLS board, or HOST:PORT for plain text "
                     "on this machine"));
}

absl::StatusOr<std::string> ReadRoots(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  if (in) text << in.rdbuf();
  if (!in || text.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return Invalid("tls.ca_unreadable",
                   Cat("cannot read a PEM certificate from --tls-ca ", path,
                       "; give the file holding the certificate of the CA that signed the "
                       "board's certificate"));
  }
  return text.str();
}

}  // namespace

bool SplitHostPort(std::string_view address, std::string* host, std::string* port) {
  if (!address.empty() && address.front() == '[') {
    size_t close = address.find(']');
    if (close == std::string_view::npos || close + 1 >= address.size() ||
        address[close + 1] != ':') {
      return false;
    }
    *host = std::string(address.substr(1, close - 1));
    *port = std::string(address.substr(close + 2));
    return true;
  }
  size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || address.find(':') != colon) return false;
  *host = std::string(address.substr(0, colon));
  *port = std::string(address.substr(colon + 1));
  return true;
}

bool IsLoopbackHost(std::string_view host) {
  std::string h = Lower(host);
  if (h == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

absl::StatusOr<BoardEndpoint> ParseBoardEndpoint(std::string_view address, const ClientTls& tls) {
  BoardEndpoint out;
  out.address_ = std::string(address);
  std::string_view rest = address;
  if (Lower(rest.substr(0, kHttps.size())) == kHttps) {
    out.tls_ = true;
    rest.remove_prefix(kHttps.size());
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  } else if (rest.find("://") != std::string_view::npos) {
    return BadAddress(address, "only https:// is understood");
  }
  if (rest.empty()) return BadAddress(address, "no host");
  if (rest.find('/') != std::string_view::npos) return BadAddress(address, "a path is not allowed");
  std::string port;
  bool has_port = SplitHostPort(rest, &out.host_, &port);
  if (!has_port) {
    bool bare_name = rest.find(':') == std::string_view::npos && rest.front() != '[';
    if (!out.tls_ || !bare_name) return BadAddress(address, "no :PORT");
    out.host_ = std::string(rest);
    port = "443";
  }
  if (out.host_.empty()) return BadAddress(address, "no host");
  if (!ValidPort(port)) return BadAddress(address, "the port must be 1 to 65535");
  out.target_ = out.host_.find(':') != std::string::npos ? Cat("[", out.host_, "]:", port)
                                                         : Cat(out.host_, ":", port);
  out.loopback_ = IsLoopbackHost(out.host_);
  if (!out.tls_ && !out.loopback_ && !tls.insecure) {
    return Error(absl::StatusCode::kFailedPrecondition, "tls.plaintext_refused",
                 Cat("refusing plain text to ", out.target_,
                     ", which is not this machine: anyone on the way could read and change "
                     "what the board says; use https://",
                     out.target_,
                     " (and --tls-ca FILE for a private CA), or --insecure to "
                     "accept the risk"));
  }
  if (!tls.ca_file.empty()) {
    URNE_ASSIGN_OR_RETURN(out.root_certs_, ReadRoots(tls.ca_file));
  }
  return out;
}

}  // namespace urne
