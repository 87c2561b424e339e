#include "cli/html.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "authority/letters.h"

namespace urne::authority {
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
  EXPECT_TRUE(Has(svg, ">Oui &lt;yes&gt;</tspan></text>"));
  EXPECT_TRUE(Has(svg, "width=\"300\""));  // the largest count gets the full bar
  EXPECT_TRUE(Has(svg, "width=\"150\""));
  EXPECT_TRUE(Has(svg, "width=\"1\""));  // a zero still shows
  EXPECT_TRUE(Has(svg, ">300 (60.00 %)</text>"));
  EXPECT_TRUE(Has(svg, ">150</text>"));
  EXPECT_TRUE(Has(svg, "fill=\"#6b6b6b\""));  // the blank row is grey
  EXPECT_FALSE(Has(svg, "http://") && !Has(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
}

// Issue #16: a label is never clipped. A long label wraps at spaces into lines of at most 30
// characters (UTF-8 characters, not bytes), each a <tspan>; a single word longer than a line is
// split on a character boundary; the row grows with its lines.
TEST(SvgBarChart, LongLabelsWrapAndAreNeverCut) {
  const std::string label =
      "Réaménagement complet de la place du Marché avec fontaines et bancs ombragés";
  const std::string word = std::string(29, 'a') + "éééé";  // 33 characters, 37 bytes
  const std::vector<BarChartRow> rows = {{label, 2, "", false}, {word, 1, "", false}};
  const std::string svg = SvgBarChart("c", "t", rows);
  EXPECT_FALSE(Has(svg, "…")) << svg;
  EXPECT_TRUE(Has(svg, ">Réaménagement complet de la</tspan>")) << svg;
  EXPECT_TRUE(Has(svg, ">place du Marché avec fontaines</tspan>")) << svg;
  EXPECT_TRUE(Has(svg, ">et bancs ombragés</tspan>")) << svg;
  EXPECT_TRUE(Has(svg, ">" + std::string(29, 'a') + "é</tspan>")) << svg;
  EXPECT_TRUE(Has(svg, ">ééé</tspan>")) << svg;
  // Three lines (70 px) and two lines (52 px), plus the margins: the viewBox is 138 px high.
  EXPECT_TRUE(Has(svg, "viewBox=\"0 0 720 138\"")) << svg;
}

// Issue #16: one printable letters file; a large roll is split into files of kLettersPerFile.
TEST(LettersFileName, OneFileThenNumberedFilesOfFiveThousand) {
  EXPECT_EQ(kLettersPerFile, 5000u);
  EXPECT_EQ(LettersFileName(0, 1), "letters.html");
  EXPECT_EQ(LettersFileName(0, 5000), "letters.html");
  EXPECT_EQ(LettersFileName(0, 5001), "letters-001.html");
  EXPECT_EQ(LettersFileName(1, 5001), "letters-002.html");
  EXPECT_EQ(LettersFileName(19, 100000), "letters-020.html");
}

TEST(SvgBarChart, EmptyChartIsStillValid) {
  const std::string svg = SvgBarChart("c", "t", {});
  EXPECT_TRUE(Has(svg, "</svg>"));
}

}  // namespace
}  // namespace urne::authority
