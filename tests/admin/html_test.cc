#include "cli/html.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace urne {
namespace {

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Html, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x">Tom & 'Jerry'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("Démocracité"), "Démocracité");
}

TEST(SvgBarChart, IsAccessibleEscapedAndScaled) {
  const std::vector<BarChartRow> rows = {
      {"Oui <yes>", 300, "60.00 %", false}, {"Non", 150, "", false}, {"Blanc", 0, "0.00 %", true}};
  const std::string svg = SvgBarChart("chart-1", "Q1 & \"title\"", rows);
  EXPECT_TRUE(Has(svg, "<svg role=\"img\" aria-labelledby=\"chart-1\""));
  EXPECT_TRUE(Has(svg, "<title id=\"chart-1\">Q1 &amp; &quot;title&quot;</title>"));
  EXPECT_TRUE(Has(svg, ">Oui &lt;yes&gt;</text>"));
  EXPECT_TRUE(Has(svg, "width=\"300\""));  // the largest count gets the full bar
  EXPECT_TRUE(Has(svg, "width=\"150\""));
  EXPECT_TRUE(Has(svg, "width=\"1\""));  // a zero still shows
  EXPECT_TRUE(Has(svg, ">300 (60.00 %)</text>"));
  EXPECT_TRUE(Has(svg, ">150</text>"));
  EXPECT_TRUE(Has(svg, "fill=\"#6b6b6b\""));  // the blank row is grey
  EXPECT_FALSE(Has(svg, "http://") && !Has(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST(SvgBarChart, ShortensLongLabelsOnACharacterBoundary) {
  // 35 ASCII bytes then "é" (2 bytes): a cut at byte 36 would split the "é".
  const std::string label = std::string(35, 'a') + "éééééé";
  const std::vector<BarChartRow> rows = {{label, 1, "", false}};
  const std::string svg = SvgBarChart("c", "t", rows);
  EXPECT_TRUE(Has(svg, ">" + std::string(35, 'a') + "…</text>")) << svg;
}

TEST(SvgBarChart, EmptyChartIsStillValid) {
  const std::string svg = SvgBarChart("c", "t", {});
  EXPECT_TRUE(Has(svg, "</svg>"));
}

}  // namespace
}  // namespace urne
