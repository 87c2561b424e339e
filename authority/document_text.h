// Small text helpers shared by the authority's printed documents (voter letters, results
// report). Dates are cli/local_time.h's, in the manifest's time zone. Pure; thread-safe.
#ifndef URNE_AUTHORITY_DOCUMENT_TEXT_H_
#define URNE_AUTHORITY_DOCUMENT_TEXT_H_

#include "cli/html.h"  // HtmlEscape, SvgBarChart

namespace urne::authority {

// The common <style> of urne's printed pages: black on white, large readable type, print
// friendly (contrast above WCAG AA).
const char* PageStyle();

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_DOCUMENT_TEXT_H_
