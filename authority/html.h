// Small text helpers shared by the authority's printed documents (voter letters, results
// report): UTC dates in French and English. Pure; thread-safe.
#ifndef URNE_AUTHORITY_HTML_H_
#define URNE_AUTHORITY_HTML_H_

#include <cstdint>
#include <string>

#include "cli/html.h"  // HtmlEscape, SvgBarChart

namespace urne {

// Unix seconds as "29/11/2026 08:00 UTC" (French) or "2026-11-29 08:00 UTC" (English).
std::string DateFr(int64_t unix_seconds);
std::string DateEn(int64_t unix_seconds);

// The common <style> of urne's printed pages: black on white, large readable type, print
// friendly (contrast above WCAG AA).
const char* PageStyle();

}  // namespace urne

#endif  // URNE_AUTHORITY_HTML_H_
