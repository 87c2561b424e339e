// HTML helpers shared by the programs that print pages (urne-admin's letters and results,
// urne-verify's report): escaping and an accessible SVG bar chart. Pure; thread-safe.
#ifndef URNE_CLI_HTML_H_
#define URNE_CLI_HTML_H_

#include <cstdint>
#include <span>
#include <string>

namespace urne {

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string HtmlEscape(const std::string& text);

struct BarChartRow {
  std::string label;  // plain text; escaped, and wrapped on several lines by the chart (never cut)
  uint64_t count = 0;
  std::string note;    // plain text after the count, e.g. "52.10 %"; may be empty
  bool muted = false;  // drawn grey (blank votes)
};

// A horizontal bar chart as inline SVG: role="img" with a <title> (id `id`) for screen
// readers, bars scaled to the largest count, each labelled with its count. No external
// resources. The page should also give the numbers as a table.
std::string SvgBarChart(const std::string& id, const std::string& title,
                        std::span<const BarChartRow> rows);

}  // namespace urne

#endif  // URNE_CLI_HTML_H_
