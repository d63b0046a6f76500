#include "html_parts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>
#include <vector>

#include "report_writers.h"

namespace dxcheck::html {

// A number for people: %g with the given significant digits; non-finite as words.
std::string number(double v, int digits) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "&infin;" : "&minus;&infin;";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
  std::string s = buffer;
  if (!s.empty() && s[0] == '-') s = "&minus;" + s.substr(1);
  return s;
}

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

void render_declines(const RunReport& report, std::ostringstream& h) {
  struct Reason {
    std::string kernel, reason;
    int64_t cases = 0;
    std::vector<std::string> properties;
  };
  std::vector<std::string> kernels;  // the run's order
  for (const auto& k : report.kernels) kernels.push_back(k.name);
  std::vector<Reason> reasons;
  for (const auto& r : report.results) {
    for (const auto& [reason, cases] : r.declines) {
      auto it = std::find_if(reasons.begin(), reasons.end(),
                             [&](const Reason& x) { return x.kernel == r.kernel && x.reason == reason; });
      if (it == reasons.end()) it = reasons.insert(reasons.end(), Reason{r.kernel, reason, 0, {}});
      it->cases += cases;
      it->properties.push_back(r.name());
    }
    if (std::find(kernels.begin(), kernels.end(), r.kernel) == kernels.end()) kernels.push_back(r.kernel);
  }
  auto rank = [&](const std::string& k) { return std::find(kernels.begin(), kernels.end(), k) - kernels.begin(); };
  std::stable_sort(reasons.begin(), reasons.end(), [&](const Reason& a, const Reason& b) {
    return std::make_tuple(rank(a.kernel), -a.cases) < std::make_tuple(rank(b.kernel), -b.cases);
  });
  h << "<h2 id=\"declines\">Declines</h2>\n";
  if (reasons.empty()) {
    h << "<p>None: no kernel declined a case.</p>\n";
    return;
  }
  h << "<p class=\"muted\">UNSUPPORTED cases by the reason the kernel gave: what its API cannot be asked. A "
       "declined case is neither passed nor failed.</p>\n<table>\n<tr><th>kernel</th><th>reason</th>"
       "<th class=\"num\">cases</th><th>properties</th></tr>\n";
  for (const auto& r : reasons) {
    std::string properties;
    for (const auto& p : r.properties) properties += (properties.empty() ? "" : ", ") + escape_markup(p);
    h << "<tr><td class=\"mono\">" << escape_markup(r.kernel) << "</td><td>" << escape_markup(r.reason)
      << "</td><td class=\"num\">" << thousands(r.cases) << "</td><td class=\"counts\">" << properties
      << "</td></tr>\n";
  }
  h << "</table>\n";
}

}  // namespace dxcheck::html
