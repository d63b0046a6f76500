// The HTML page (reports/html_report.cpp) without a browser: self-contained, the
// console's status words, each failure with its case, worst elements and repro, the two
// charts, and everything user-supplied escaped. tests/report_html_browser.sh renders it.
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "report_writers.h"

namespace dxcheck {
namespace {

RunReport failing_report() {
  RunReport report;
  report.tool_version = "0.1.0";
  report.git_revision = "abc1234";
  report.command_line = "dxcheck run --kernel 'lib:<evil>&.so' --kernel faithful";
  report.host = {"AMD EPYC", "GNU 12.2.0", "-O3"};
  report.seed = 42;
  report.cases_per_property = 200;
  report.precision = "fp32";
  report.profile = "both";
  report.kernels = {{"lib:<evil>&.so", "plugin", false, false}, {"faithful", "TFJS loop", true, true}};
  PropertyResult failed;
  failed.kernel = "lib:<evil>&.so";
  failed.property = "matches-reference";
  failed.counts = {{Status::passed, 3}, {Status::failed, 1}};
  ElementReport e;
  e.index = 7;
  e.position = {0, 1, 2, 3};
  e.expected = 1.5;
  e.got = std::numeric_limits<float>::quiet_NaN();
  e.ulps = 12;
  e.bound_use = std::numeric_limits<double>::infinity();
  e.why = "wrong kind";
  failed.counterexample = Counterexample{"dx1_n1_h3w3c1_k2x2o1_s1x1_valid_nhwc_tfjs_int_r1", "1 of 9 elements wrong",
                                         {e}, "dxcheck repro dx1_n1_h3w3c1_k2x2o1_s1x1_valid_nhwc_tfjs_int_r1"};
  report.results.push_back(failed);
  PropertyResult mistrusted;
  mistrusted.kernel = "faithful";
  mistrusted.property = "matches-reference";
  mistrusted.counts = {{Status::passed, 190}, {Status::mistrusted, 10}};
  mistrusted.bound_use_histogram = {150, 20, 10, 5, 5, 0};
  report.results.push_back(mistrusted);
  PropertyResult declined;
  declined.kernel = "faithful";
  declined.property = "exact-data";
  declined.counts = {{Status::unsupported, 3}, {Status::skipped, 2}};
  declined.declines = {{"the kernel declined the case: dy is empty: <lib> has no empty-image call", 2},
                       {"the kernel declined the case: batch 0", 1}};
  report.results.push_back(declined);
  PropertyResult declined_too;
  declined_too.kernel = "faithful";
  declined_too.property = "adjoint";
  declined_too.counts = {{Status::passed, 1}, {Status::unsupported, 4}};
  declined_too.declines = {{"the kernel declined the case: dy is empty: <lib> has no empty-image call", 4}};
  report.results.push_back(declined_too);
  report.coverage = legal_coverage_grid();
  report.coverage[0].cases = 9;
  report.size_coverage = size_coverage_grid();
  for (auto& cell : report.size_coverage) {
    if (cell.channels == "17-64" && cell.spatial == "33-128" && cell.batch == "1") cell.cases = 12;
  }
  return report;
}

TEST(ReportHtml, isSelfContained) {
  const std::string html = render_html(failing_report());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* outside : {"<script", "<link", "<img", "@import", "url(", "http://www", "https://"}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  EXPECT_NE(html.find("<style>"), std::string::npos);
}

TEST(ReportHtml, showsTheVerdictAndEveryStatusWordOfTheConsole) {
  const std::string html = render_html(failing_report());
  EXPECT_NE(html.find("class=\"verdict failed\">FAILED</div>"), std::string::npos);
  for (const char* word : {"PASSED", "FAILED", "UNSUPPORTED", "SKIPPED", "MISTRUSTED"}) {
    EXPECT_NE(html.find(word), std::string::npos) << word;
  }
}

TEST(ReportHtml, showsEachFailureWithCaseWorstElementsAndRepro) {
  const std::string html = render_html(failing_report());
  EXPECT_NE(html.find("<code>dx1_n1_h3w3c1_k2x2o1_s1x1_valid_nhwc_tfjs_int_r1</code>"), std::string::npos);
  EXPECT_NE(html.find("<pre>dxcheck repro dx1_n1_h3w3c1_k2x2o1_s1x1_valid_nhwc_tfjs_int_r1</pre>"), std::string::npos);
  EXPECT_NE(html.find("1 of 9 elements wrong"), std::string::npos);
  EXPECT_NE(html.find("(0, 1, 2, 3)"), std::string::npos);
  EXPECT_NE(html.find(">NaN<"), std::string::npos);
  EXPECT_NE(html.find("wrong kind"), std::string::npos);
  EXPECT_NE(html.find("href=\"#failure-1\""), std::string::npos);
  EXPECT_NE(html.find("id=\"failure-1\""), std::string::npos);
}

TEST(ReportHtml, drawsTheCoverageHeatMapAndBoundUseHistogramsAsInlineSvg) {
  const std::string html = render_html(failing_report());
  EXPECT_NE(html.find("aria-label=\"coverage heat map\""), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"bound use histogram\""), std::string::npos);
  EXPECT_NE(html.find("NHWC, pad valid, stride 1x1: 9 cases"), std::string::npos);
  EXPECT_NE(html.find("59 cells never reached"), std::string::npos);
  EXPECT_NE(html.find("&#8805; 1"), std::string::npos);  // the bin at or past the bound
}

TEST(ReportHtml, showsTheSizeAxisOfTheCoverage) {
  const std::string html = render_html(failing_report());
  EXPECT_NE(html.find("aria-label=\"size coverage heat map\""), std::string::npos);
  EXPECT_NE(html.find("batch 1, channels 17-64, side 33-128: 12 cases"), std::string::npos);
  EXPECT_NE(html.find("149 of 150 cells empty"), std::string::npos);
}

TEST(ReportHtml, escapesWhatUsersWrite) {
  const std::string html = render_html(failing_report());
  EXPECT_EQ(html.find("<evil>"), std::string::npos);
  EXPECT_NE(html.find("lib:&lt;evil&gt;&amp;.so"), std::string::npos);
  EXPECT_NE(html.find("&#39;lib:&lt;evil&gt;&amp;.so&#39;"), std::string::npos);
}

TEST(ReportHtml, showsEachDeclineReasonWithItsCasesSummedOverProperties) {
  const std::string html = render_html(failing_report());
  const size_t section = html.find("<h2 id=\"declines\">Declines</h2>");
  ASSERT_NE(section, std::string::npos);
  const size_t reason = html.find("dy is empty: &lt;lib&gt; has no empty-image call", section);
  ASSERT_NE(reason, std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">6</td><td class=\"counts\">exact-data, adjoint</td>", reason),
            std::string::npos);  // 2 + 4 cases, in both properties
  const size_t batch = html.find("the kernel declined the case: batch 0", section);
  ASSERT_NE(batch, std::string::npos);
  EXPECT_LT(reason, batch);  // the most frequent reason first
  EXPECT_NE(html.find("<td class=\"num\">1</td><td class=\"counts\">exact-data</td>", batch), std::string::npos);
}

TEST(ReportHtml, aRunWithoutDeclinesSaysSo) {
  RunReport report = failing_report();
  for (auto& r : report.results) r.declines.clear();
  EXPECT_NE(render_html(report).find("None: no kernel declined a case."), std::string::npos);
}

TEST(ReportHtml, aPassingRunSaysSo) {
  RunReport report = failing_report();
  report.results.erase(report.results.begin());
  const std::string html = render_html(report);
  EXPECT_NE(html.find("class=\"verdict passed\">PASSED</div>"), std::string::npos);
  EXPECT_NE(html.find("None: no case failed."), std::string::npos);
}

}  // namespace
}  // namespace dxcheck
