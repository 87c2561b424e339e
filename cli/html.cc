#include "cli/html.h"

#include <algorithm>
#include <vector>

#include "status/status.h"

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

namespace {

// Splits `label` into lines of at most `width` characters (UTF-8 characters, not bytes), at
// spaces where it can and inside a word only when the word alone is longer: nothing is cut.
std::vector<std::string> WrapLabel(const std::string& label, size_t width) {
  auto chars = [](const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start <= label.size()) {
    size_t space = label.find(' ', start);
    std::string word = label.substr(start, space == std::string::npos ? space : space - start);
    start = space == std::string::npos ? label.size() + 1 : space + 1;
    if (word.empty()) continue;
    if (!line.empty() && chars(line) + 1 + chars(word) > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    while (chars(line) > width) {  // one word longer than a line: split it
      size_t cut = 0;
      size_t n = 0;
      while (n < width) {
        ++cut;
        while (cut < line.size() && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) ++cut;
        ++n;
      }
      lines.push_back(line.substr(0, cut));
      line = line.substr(cut);
    }
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

std::string SvgBarChart(const std::string& id, const std::string& title,
                        std::span<const BarChartRow> rows) {
  constexpr int kLabelWidth = 260;
  constexpr int kBarMax = 300;
  constexpr int kLineHeight = 18;
  constexpr int kMargin = 8;
  constexpr size_t kLineChars = 30;  // at 14 px sans-serif, 30 characters fit in 252 px
  std::vector<std::vector<std::string>> labels;
  int height = 2 * kMargin;
  for (const BarChartRow& row : rows) {
    labels.push_back(WrapLabel(row.label, kLineChars));
    height += std::max(34, kLineHeight * static_cast<int>(labels.back().size()) + 16);
  }
  uint64_t max = 1;
  for (const BarChartRow& row : rows) max = std::max(max, row.count);
  std::string s = Cat(R"(<svg role="img" aria-labelledby=")", HtmlEscape(id),
                      R"(" width="100%" viewBox="0 0 )", kLabelWidth + kBarMax + 160, " ", height,
                      "\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" "
                      "font-size=\"14\">\n<title id=\"",
                      HtmlEscape(id), "\">", HtmlEscape(title), "</title>\n");
  int y = kMargin;
  for (size_t i = 0; i < rows.size(); ++i) {
    const BarChartRow& row = rows[i];
    const int lines = static_cast<int>(labels[i].size());
    const int row_height = std::max(34, kLineHeight * lines + 16);
    // At least one pixel, so that a zero still shows where its bar would be.
    const int width = std::max(1, static_cast<int>(row.count * kBarMax / max));
    const int middle = y + row_height / 2;
    s += Cat("<text x=\"", kLabelWidth - 8, "\" y=\"", middle + 5 - (lines - 1) * kLineHeight / 2,
             R"(" text-anchor="end" fill="#111">)");
    for (int l = 0; l < lines; ++l) {
      s += Cat("<tspan x=\"", kLabelWidth - 8, "\"", l ? Cat(" dy=\"", kLineHeight, "\"") : "", ">",
               HtmlEscape(labels[i][l]), "</tspan>");
    }
    s += "</text>\n";
    s += Cat("<rect x=\"", kLabelWidth, "\" y=\"", middle - 13, "\" width=\"", width,
             R"(" height="26" fill=")", row.muted ? "#6b6b6b" : "#1a4a7a", "\"/>\n");
    s += Cat("<text x=\"", kLabelWidth + width + 8, "\" y=\"", middle + 5, R"(" fill="#111">)",
             row.count, row.note.empty() ? "" : Cat(" (", HtmlEscape(row.note), ")"), "</text>\n");
    y += row_height;
  }
  return s + "</svg>\n";
}

}  // namespace urne
