#include "html_parts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "report_writers.h"

namespace dxcheck::html {

std::string thousands(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "&#8201;";  // thin space
    out += digits[i];
  }
  return (v < 0 ? "&minus;" : "") + out;
}


// Light blue to deep blue by log(1 + cases); empty cells stand out in red.
std::string heat_colour(int64_t cases, int64_t max_cases, bool* dark) {
  *dark = false;
  if (cases == 0) return "#ffebe9";
  const double t = max_cases > 0 ? std::log1p(static_cast<double>(cases)) / std::log1p(static_cast<double>(max_cases)) : 0;
  const int from[3] = {0xe6, 0xf0, 0xfb}, to[3] = {0x0b, 0x4f, 0xa8};
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", static_cast<int>(from[0] + t * (to[0] - from[0])),
                static_cast<int>(from[1] + t * (to[1] - from[1])), static_cast<int>(from[2] + t * (to[2] - from[2])));
  *dark = t > 0.55;
  return buffer;
}

void render_size_coverage(const RunReport& report, std::ostringstream& h) {
  h << "<h3 id=\"size-coverage\">Sizes</h3>\n";
  if (report.size_coverage.empty()) {
    h << "<p>No size coverage was recorded.</p>\n";
    return;
  }
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> cases;
  int64_t max_cases = 0, total = 0, empty = 0;
  for (const auto& c : report.size_coverage) {
    cases[{c.batch, c.channels, c.spatial}] = c.cases;
    max_cases = std::max(max_cases, c.cases);
    total += c.cases;
    empty += c.cases == 0;
  }
  h << "<div style=\"display:flex;flex-wrap:wrap;gap:18px\" aria-label=\"size coverage heat map\">\n";
  for (const auto& batch : batch_classes()) {
    h << "<table><caption>batch " << escape_markup(batch) << "</caption>\n<tr><th>channels \\ side</th>";
    for (const auto& spatial : spatial_classes()) h << "<th class=\"num\">" << escape_markup(spatial) << "</th>";
    h << "</tr>\n";
    for (const auto& channels : channel_classes()) {
      h << "<tr><th>" << escape_markup(channels) << "</th>";
      for (const auto& spatial : spatial_classes()) {
        const auto it = cases.find({batch, channels, spatial});
        const int64_t n = it == cases.end() ? 0 : it->second;
        bool dark = false;
        const std::string fill = heat_colour(n, max_cases, &dark);
        h << "<td class=\"num\" style=\"background:" << fill << (dark ? ";color:#fff" : "") << "\" title=\"batch "
          << escape_markup(batch) << ", channels " << escape_markup(channels) << ", side " << escape_markup(spatial)
          << ": " << n << " cases\">" << thousands(n) << "</td>";
      }
      h << "</tr>\n";
    }
    h << "</table>\n";
  }
  h << "</div>\n<p class=\"muted\">Cases checked in each size class, all kernels, properties and suites together: "
       "channels are the larger of in and out channels, side the larger of height and width. "
    << thousands(total) << " cases; " << empty << " of " << report.size_coverage.size()
    << " cells empty (large batches of large images are for the nightly run: --suite all).</p>\n";
}

}  // namespace dxcheck::html
