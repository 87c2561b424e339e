// Times in the town's time zone (specs/manifest.md §1: `time_zone`, local times).
//
// The manifest stores Unix seconds; people read and write local wall-clock times in the
// manifest's IANA time zone ("Europe/Paris"). Conversions use the system's tz database
// (Debian's tzdata, /usr/share/zoneinfo) through the C library. The conversions switch the
// process's TZ while they run, under one lock: safe between threads of this library, not
// against other code calling localtime() at the same moment.
#ifndef URNE_CLI_LOCAL_TIME_H_
#define URNE_CLI_LOCAL_TIME_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace urne::cli {

// OK if `tz` names a zone of the installed tz database (empty means UTC); else
// INVALID_ARGUMENT "time_zone.unknown".
absl::Status CheckTimeZone(const std::string& tz);

// "YYYY-MM-DD HH:MM" (or "YYYY-MM-DDTHH:MM", optionally ":SS") read as a wall-clock time in
// `tz` → Unix seconds. Errors (INVALID_ARGUMENT): "time.malformed" (not that form, or no such
// date), "time.nonexistent" (skipped by a daylight-saving change), "time.ambiguous" (occurs
// twice when clocks go back; the message gives both UTC offsets), "time_zone.unknown".
absl::StatusOr<int64_t> LocalToUnix(const std::string& local, const std::string& tz);

// Unix seconds → "YYYY-MM-DD HH:MM" in `tz` (empty: UTC).
std::string UnixToLocal(int64_t unix_seconds, const std::string& tz);

// Unix seconds → "YYYY-MM-DD HH:MM:SS ZONE" in `tz`, the zone named as given ("UTC" when
// empty): a log's times (the board's receive clock), to the second.
std::string LocalTimeWithSeconds(int64_t unix_seconds, const std::string& tz);

// Unix seconds → a sentence-ready date and time in `tz`, in French ("dimanche 14 mars 2027 à
// 08:00 (heure de Paris)") or English ("Sunday 14 March 2027, 08:00 (Paris time)"); the
// zone is named by its last component, "UTC" when empty.
std::string FormatLocalTime(int64_t unix_seconds, const std::string& tz, const std::string& lang);

}  // namespace urne::cli

#endif  // URNE_CLI_LOCAL_TIME_H_
