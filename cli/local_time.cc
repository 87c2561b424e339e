#include "cli/local_time.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

#include "status/status.h"

namespace urne::cli {
namespace {

std::mutex& TzMutex() {
  static std::mutex mu;
  return mu;
}

// Runs `f` with TZ set to `tz` (":"-prefixed, so the C library reads the tz database file),
// then restores the previous TZ.
template <typename F>
auto WithTz(const std::string& tz, F f) {
  std::lock_guard lock(TzMutex());
  const char* old = std::getenv("TZ");
  std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  ::setenv("TZ", tz.empty() ? "UTC" : (":" + tz).c_str(), 1);
  ::tzset();
  auto result = f();
  if (saved) {
    ::setenv("TZ", saved->c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
  return result;
}

bool Digits(const std::string& s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::string Offset(int64_t gmtoff) {
  const int64_t m = gmtoff / 60;
  const int64_t a = m < 0 ? -m : m;
  char buf[48];
  (void)std::snprintf(buf, sizeof buf, "%c%02" PRId64 ":%02" PRId64, m < 0 ? '-' : '+', a / 60,
                      a % 60);
  return buf;
}

std::string ZoneLabel(const std::string& tz) {
  if (tz.empty()) return "UTC";
  size_t slash = tz.rfind('/');
  std::string city = slash == std::string::npos ? tz : tz.substr(slash + 1);
  for (char& c : city) {
    if (c == '_') c = ' ';
  }
  return city;
}

}  // namespace

absl::Status CheckTimeZone(const std::string& tz) {
  if (tz.empty()) return absl::OkStatus();
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::path("/usr/share/zoneinfo") / tz;
  if (tz.find("..") == std::string::npos && tz.front() != '/' &&
      std::filesystem::is_regular_file(file, ec)) {
    return absl::OkStatus();
  }
  return Invalid("time_zone.unknown",
                 Cat("\"", tz.substr(0, 80),
                     "\" is not a time zone of the tz database; use a name such as "
                     "\"Europe/Paris\", \"Europe/Zurich\" or \"America/Montreal\""));
}

absl::StatusOr<int64_t> LocalToUnix(const std::string& local, const std::string& tz) {
  URNE_RETURN_IF_ERROR(CheckTimeZone(tz));
  int y;
  int mo;
  int d;
  int h;
  int mi;
  int s = 0;
  bool ok = local.size() >= 16 && Digits(local, 0, 4, y) && local[4] == '-' &&
            Digits(local, 5, 2, mo) && local[7] == '-' && Digits(local, 8, 2, d) &&
            (local[10] == ' ' || local[10] == 'T') && Digits(local, 11, 2, h) && local[13] == ':' &&
            Digits(local, 14, 2, mi);
  if (ok && local.size() == 19) ok = local[16] == ':' && Digits(local, 17, 2, s);
  ok = ok && (local.size() == 16 || local.size() == 19);
  if (!ok || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 || y < 1970) {
    return Invalid("time.malformed",
                   Cat("\"", local.substr(0, 40),
                       "\" is not a date and time of the form \"2027-03-14 08:00\" (year, "
                       "month, day, then hours and minutes, 24-hour clock)"));
  }
  // The wall-clock time read as if it were UTC; the real instant is L − offset for the offset
  // in force then. Offsets change at most once within a day around L: try the offsets in
  // force a day before and a day after, and keep each instant that reads back as L.
  std::tm fields{};
  fields.tm_year = y - 1900;
  fields.tm_mon = mo - 1;
  fields.tm_mday = d;
  fields.tm_hour = h;
  fields.tm_min = mi;
  fields.tm_sec = s;
  const auto wall = static_cast<int64_t>(::timegm(&fields));
  std::tm normal{};
  const auto wall_t = static_cast<std::time_t>(wall);
  ::gmtime_r(&wall_t, &normal);
  if (normal.tm_mday != d || normal.tm_mon != mo - 1) {
    return Invalid("time.malformed", Cat("\"", local, "\": there is no such date"));
  }
  struct Candidate {
    int64_t unix;
    int64_t offset;
  };
  std::vector<Candidate> found = WithTz(tz, [&] {
    auto offset_at = [](int64_t u) {
      const auto t = static_cast<std::time_t>(u);
      std::tm out{};
      ::localtime_r(&t, &out);
      return static_cast<int64_t>(out.tm_gmtoff);
    };
    std::vector<Candidate> out;
    for (int64_t probe : {wall - 86400, wall + 86400}) {
      const int64_t offset = offset_at(probe);
      const int64_t u = wall - offset;
      if (u + offset_at(u) != wall) continue;
      if (out.empty() || out.front().unix != u) out.push_back({u, offset});
    }
    return out;
  });
  if (found.size() == 2) {
    return Invalid("time.ambiguous",
                   Cat("\"", local, "\" happens twice in ", tz, " (clocks go back that night: UTC",
                       Offset(found[0].offset), " and UTC", Offset(found[1].offset),
                       "); choose another time"));
  }
  if (found.size() == 1) return found.front().unix;
  return Invalid("time.nonexistent", Cat("\"", local, "\" does not exist in ", tz,
                                         " (clocks go forward that night); choose another time"));
}

std::string UnixToLocal(int64_t unix_seconds, const std::string& tz) {
  return WithTz(tz, [&] {
    const auto u = static_cast<std::time_t>(unix_seconds);
    std::tm t{};
    ::localtime_r(&u, &t);
    char buf[32];
    (void)std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &t);
    return std::string(buf);
  });
}

std::string LocalTimeWithSeconds(int64_t unix_seconds, const std::string& tz) {
  return WithTz(tz, [&] {
    const auto u = static_cast<std::time_t>(unix_seconds);
    std::tm t{};
    ::localtime_r(&u, &t);
    char buf[32];
    (void)std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S ", &t);
    return std::string(buf) + (tz.empty() ? std::string("UTC") : tz);
  });
}

std::string FormatLocalTime(int64_t unix_seconds, const std::string& tz, const std::string& lang) {
  static const char* const kDaysFr[] = {"dimanche", "lundi",    "mardi", "mercredi",
                                        "jeudi",    "vendredi", "samedi"};
  static const char* const kDaysEn[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};
  static const char* const kMonthsFr[] = {"janvier",   "février", "mars",     "avril",
                                          "mai",       "juin",    "juillet",  "août",
                                          "septembre", "octobre", "novembre", "décembre"};
  static const char* const kMonthsEn[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
  std::tm t = WithTz(tz, [&] {
    const auto u = static_cast<std::time_t>(unix_seconds);
    std::tm out{};
    ::localtime_r(&u, &out);
    return out;
  });
  char hm[8];
  (void)std::snprintf(hm, sizeof hm, "%02d:%02d", t.tm_hour, t.tm_min);
  const std::string zone = ZoneLabel(tz);
  if (lang == "fr") {
    return Cat(kDaysFr[t.tm_wday], " ", t.tm_mday, t.tm_mday == 1 ? "er" : "", " ",
               kMonthsFr[t.tm_mon], " ", t.tm_year + 1900, " à ", hm,
               tz.empty() ? " (UTC)" : Cat(" (heure de ", zone, ")"));
  }
  return Cat(kDaysEn[t.tm_wday], " ", t.tm_mday, " ", kMonthsEn[t.tm_mon], " ", t.tm_year + 1900,
             ", ", hm, tz.empty() ? " (UTC)" : Cat(" (", zone, " time)"));
}

}  // namespace urne::cli
