#include "bulletin-board/conn_gate.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace urne::bulletin_board {
namespace {

using AcceptFn = int (*)(int, struct sockaddr*, socklen_t*, int);

std::atomic<size_t> cap{0};
std::atomic<uint64_t> refused{0};
ABSL_CONST_INIT absl::Mutex mu(absl::kConstInit);
std::unordered_map<int, ino_t> live ABSL_GUARDED_BY(mu);  // accepted descriptor → socket inode
int reserve_fd ABSL_GUARDED_BY(mu) = -1;

AcceptFn RealAccept4() {
  static auto* real = reinterpret_cast<AcceptFn>(dlsym(RTLD_NEXT, "accept4"));
  return real;
}

// Forgets connections whose descriptor was closed (or now names another file).
void SweepLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
  for (auto it = live.begin(); it != live.end();) {
    struct stat st;
    bool same = ::fstat(it->first, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_ino == it->second;
    it = same ? std::next(it) : live.erase(it);
  }
}

// Out of descriptors: accept the waiting connection with the reserved one and close it, so
// that the listener's queue drains. False if there was nothing to drain.
bool DrainOneLocked(int listener) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
  if (reserve_fd < 0) return false;
  ::close(reserve_fd);
  reserve_fd = -1;
  int fd = RealAccept4()(listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd >= 0) ::close(fd);
  reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) refused.fetch_add(1);
  return fd >= 0;
}

// Counts the accepted socket `fd` unless the cap is reached (after forgetting the closed
// ones). False: not counted, the caller closes it.
bool AdmitLocked(int fd, size_t limit) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) return true;
  if (live.size() >= limit) SweepLocked();
  if (live.size() >= limit) {
    refused.fetch_add(1);
    return false;
  }
  live[fd] = st.st_ino;
  return true;
}

}  // namespace

bool AdmitConnection(int fd) {
  const size_t limit = cap.load();
  if (limit == 0) return true;
  absl::MutexLock lock(&mu);
  return AdmitLocked(fd, limit);
}

uint64_t RaiseDescriptorLimit() {
  struct rlimit limit;
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

void SetConnectionCap(size_t max_connections) {
  absl::MutexLock lock(&mu);
  if (reserve_fd < 0) reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  cap.store(max_connections);
}

size_t OpenConnections() {
  absl::MutexLock lock(&mu);
  SweepLocked();
  return live.size();
}

uint64_t RefusedConnections() { return refused.load(); }

namespace {

int GatedAccept4(int listener, struct sockaddr* addr, socklen_t* len, int flags) {
  for (;;) {
    int fd = RealAccept4()(listener, addr, len, flags);
    const size_t limit = cap.load();
    if (limit == 0) return fd;
    absl::MutexLock lock(&mu);
    if (fd < 0) {
      int saved = errno;
      if ((saved == EMFILE || saved == ENFILE) && DrainOneLocked(listener)) continue;
      errno = saved == EMFILE || saved == ENFILE ? EAGAIN : saved;
      return -1;
    }
    if (AdmitLocked(fd, limit)) return fd;
    ::close(fd);  // beyond the cap; then the next waiting connection, or EAGAIN
  }
}

}  // namespace
}  // namespace urne::bulletin_board

// Found before libc's accept4 by libgrpc's calls (see conn_gate.h). The parameters keep
// glibc's names (sys/socket.h), so that its declaration and this definition agree.
// NOLINTBEGIN(bugprone-reserved-identifier)
extern "C" int accept4(int __fd, struct sockaddr* __restrict __addr,
                       socklen_t* __restrict __addr_len, int __flags) {
  return urne::bulletin_board::GatedAccept4(__fd, __addr, __addr_len, __flags);
}
// NOLINTEND(bugprone-reserved-identifier)
