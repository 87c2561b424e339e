#include "cli/html.h"

#include <algorithm>

#include "crypto/status.h"

namespace urne {

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string SvgBarChart(const std::string& id, const std::string& title,
                        std::span<const BarChartRow> rows) {
  constexpr int kLabelWidth = 260, kBarMax = 300, kRowHeight = 34, kMargin = 8;
  constexpr size_t kMaxLabelBytes = 38;
  const int height = 2 * kMargin + kRowHeight * static_cast<int>(rows.size());
  uint64_t max = 1;
  for (const BarChartRow& row : rows) max = std::max(max, row.count);
  std::string s = Cat("<svg role=\"img\" aria-labelledby=\"", HtmlEscape(id),
                      "\" width=\"100%\" viewBox=\"0 0 ", kLabelWidth + kBarMax + 140, " ", height,
                      "\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" "
                      "font-size=\"14\">\n<title id=\"",
                      HtmlEscape(id), "\">", HtmlEscape(title), "</title>\n");
  for (size_t i = 0; i < rows.size(); ++i) {
    const BarChartRow& row = rows[i];
    const int y = kMargin + kRowHeight * static_cast<int>(i);
    // At least one pixel, so that a zero still shows where its bar would be.
    const int width = std::max(1, static_cast<int>(row.count * kBarMax / max));
    std::string label = row.label;
    if (label.size() > kMaxLabelBytes) {
      size_t cut = kMaxLabelBytes - 2;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";  // cut on a UTF-8 character boundary
    }
    s += Cat("<text x=\"", kLabelWidth - 8, "\" y=\"", y + 21,
             "\" text-anchor=\"end\" fill=\"#111\">", HtmlEscape(label), "</text>\n");
    s += Cat("<rect x=\"", kLabelWidth, "\" y=\"", y + 4, "\" width=\"", width, "\" height=\"",
             kRowHeight - 8, "\" fill=\"", row.muted ? "#6b6b6b" : "#1a4a7a", "\"/>\n");
    s += Cat("<text x=\"", kLabelWidth + width + 8, "\" y=\"", y + 21, "\" fill=\"#111\">",
             row.count, row.note.empty() ? "" : Cat(" (", HtmlEscape(row.note), ")"), "</text>\n");
  }
  return s + "</svg>\n";
}

}  // namespace urne
