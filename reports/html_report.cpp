// The human-readable report: one self-contained page that kernel engineers publish.
// Inline CSS and inline SVG only: no scripts, no fonts or images from anywhere, so the
// file renders the same from a CI artifact, an e-mail or a web server. The status words
// are the console's and the JSON's (docs/design.md "Statuses").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

#include "html_parts.h"
#include "report_writers.h"

namespace dxcheck {
namespace {

using html::heat_colour;
using html::thousands;

constexpr Status kStatuses[] = {Status::passed, Status::failed, Status::unsupported, Status::skipped,
                                Status::mistrusted};

const char* status_class(Status s) {
  switch (s) {
    case Status::passed: return "passed";
    case Status::failed: return "failed";
    case Status::unsupported: return "unsupported";
    case Status::skipped: return "skipped";
    case Status::mistrusted: return "mistrusted";
  }
  return "";
}

// A number for people: %g with the given significant digits; non-finite as words.
std::string number(double v, int digits = 6) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "&infin;" : "&minus;&infin;";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
  std::string s = buffer;
  if (!s.empty() && s[0] == '-') s = "&minus;" + s.substr(1);
  return s;
}

std::string badge(Status s) {
  return std::string("<span class=\"badge ") + status_class(s) + "\">" + to_string(s) + "</span>";
}

// Kernel verdict: FAILED if any of its properties failed, else the best any reached.
Status kernel_status(const RunReport& report, const std::string& kernel) {
  bool any_passed = false, any_failed = false;
  for (const auto& r : report.results) {
    if (r.kernel != kernel) continue;
    any_failed = any_failed || r.overall() == Status::failed;
    any_passed = any_passed || (r.calls_kernel && r.count(Status::passed) > 0);
  }
  if (any_failed || !any_passed) return Status::failed;
  return Status::passed;
}

template <typename T>
void add_unique(std::vector<T>& list, const T& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

const char* kStyle = R"css(
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;
--grey:#59636e;--grey-bg:#eff2f5}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1180px;margin:0 auto;padding:28px 32px 48px}
h1{font-size:24px;margin:0}
h2{font-size:19px;margin:36px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:0}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:13px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:6px 0;
white-space:pre-wrap;overflow-wrap:anywhere}
p{margin:6px 0}
.muted{color:var(--muted)}
header{display:flex;align-items:center;gap:24px;flex-wrap:wrap}
.verdict{font-size:30px;font-weight:700;letter-spacing:.04em;padding:10px 28px;border-radius:8px;border:2px solid}
.verdict.passed{color:var(--pass);background:var(--pass-bg);border-color:var(--pass)}
.verdict.failed{color:var(--fail);background:var(--fail-bg);border-color:var(--fail)}
.summary{font-size:15px}
.summary b{font-size:17px}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid var(--line);padding:5px 9px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.info th{width:180px}
table.info td{overflow-wrap:anywhere}
.badge{display:inline-block;font-size:12px;font-weight:700;letter-spacing:.03em;padding:1px 7px;border-radius:10px;border:1px solid}
.badge.passed{color:var(--pass);background:var(--pass-bg);border-color:#4ac26b}
.badge.failed{color:var(--fail);background:var(--fail-bg);border-color:#ff8182}
.badge.mistrusted{color:var(--warn);background:var(--warn-bg);border-color:#d4a72c}
.badge.unsupported,.badge.skipped{color:var(--grey);background:var(--grey-bg);border-color:#c8d1da}
table.matrix th.kernel{max-width:260px;overflow-wrap:anywhere;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
table.matrix{width:100%}
table.matrix td{min-width:170px;padding:4px 9px}
table.matrix th{padding:4px 9px}
table.matrix td.failed{background:#fff5f5}
table.matrix td.mistrusted{background:#fffdf0}
.counts{font-size:12px;color:var(--muted);font-variant-numeric:tabular-nums}
.counts .f{color:var(--fail);font-weight:600}
td a{color:inherit}
.failure{border:1px solid #ff8182;border-left:6px solid var(--fail);border-radius:6px;padding:12px 16px;margin:14px 0;background:#fff}
.failure.other{border-color:var(--line);border-left-color:var(--grey)}
.failure .kernel{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;overflow-wrap:anywhere}
.failure table{font-size:13px}
.label{display:inline-block;min-width:56px;color:var(--muted);font-size:13px}
.charts{display:flex;flex-wrap:wrap;gap:18px}
figure{margin:0}
figcaption{font-size:13px;color:var(--muted);max-width:560px}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media print{main{max-width:none;padding:0}.failure{break-inside:avoid}}
)css";

void render_header(const RunReport& report, std::ostringstream& h) {
  const Status verdict = report.verdict();
  int64_t cases = 0, failed_properties = 0;
  for (const auto& r : report.results) {
    for (Status s : kStatuses) cases += r.count(s);
    failed_properties += r.overall() == Status::failed;
  }
  h << "<header>\n<div class=\"verdict " << status_class(verdict) << "\">" << to_string(verdict) << "</div>\n"
    << "<div><h1>dxcheck conformance report</h1>\n<p class=\"summary\">Conv2DBackpropInput, TensorFlow.js CPU "
       "semantics &middot; <b>"
    << report.kernels.size() << "</b> kernel" << (report.kernels.size() == 1 ? "" : "s") << " &middot; <b>"
    << thousands(cases) << "</b> cases &middot; ";
  if (!report.incomplete.empty()) {
    h << "<b>incomplete</b>: " << escape_markup(report.incomplete);
  } else if (report.nothing_tested()) {
    h << "<b>nothing tested</b>: no case passed anywhere";
  } else if (failed_properties > 0) {
    h << "<b>" << failed_properties << "</b> failed propert" << (failed_properties == 1 ? "y" : "ies");
  } else {
    h << "every property passed";
  }
  h << "</p>\n<p class=\"muted\">dxcheck " << escape_markup(report.tool_version)
    << (report.git_revision.empty() ? "" : " (" + escape_markup(report.git_revision) + ")") << " &middot; seed "
    << report.seed << " &middot; " << report.cases_per_property << " cases per property &middot; "
    << escape_markup(report.precision) << ", profile " << escape_markup(report.profile) << " &middot; " << escape_markup(report.host.cpu)
    << ", " << escape_markup(report.host.compiler) << "</p></div>\n</header>\n";
}

void render_run_info(const RunReport& report, std::ostringstream& h) {
  h << "<h2 id=\"run\">Run</h2>\n<table class=\"info\">\n"
    << "<tr><th>tool</th><td>dxcheck " << escape_markup(report.tool_version)
    << (report.git_revision.empty() ? "" : " (" + escape_markup(report.git_revision) + ")") << "</td></tr>\n"
    << "<tr><th>seed</th><td class=\"mono\">" << report.seed << "</td></tr>\n"
    << "<tr><th>cases per property</th><td>" << report.cases_per_property
    << (report.time_budget_seconds > 0 ? " (time budget " + number(report.time_budget_seconds) + " s)" : "")
    << " &middot; shard " << escape_markup(report.shard) << "</td></tr>\n"
    << "<tr><th>precision, profile</th><td>" << escape_markup(report.precision) << ", " << escape_markup(report.profile)
    << "</td></tr>\n"
    << "<tr><th>golden vectors</th><td class=\"mono\">"
    << (report.vectors_path.empty() ? "none replayed" : escape_markup(report.vectors_path)) << "</td></tr>\n"
    << "<tr><th>host</th><td>" << escape_markup(report.host.cpu) << " &middot; " << escape_markup(report.host.compiler)
    << " &middot; <span class=\"mono\">" << escape_markup(report.host.flags) << "</span></td></tr>\n"
    << "<tr><th>elapsed</th><td>" << number(report.elapsed_seconds, 3) << " s</td></tr>\n"
    << "<tr><th>command line</th><td><pre>" << escape_markup(report.command_line) << "</pre></td></tr>\n"
    << "</table>\n";
}

void render_kernels(const RunReport& report, std::ostringstream& h) {
  h << "<h2 id=\"kernels\">Kernels</h2>\n<table>\n<tr><th>kernel</th><th>verdict</th><th>description</th>"
       "<th>fixed summation order</th><th>TFJS bit for bit</th></tr>\n";
  for (const auto& k : report.kernels) {
    h << "<tr><td class=\"mono\">" << escape_markup(k.name) << "</td><td>" << badge(kernel_status(report, k.name))
      << "</td><td>" << escape_markup(k.description) << "</td><td>" << (k.fixed_order ? "yes" : "no") << "</td><td>"
      << (k.tfjs_bitwise ? "yes" : "no") << "</td></tr>\n";
  }
  h << "</table>\n";
}

// Properties down, kernels across; each cell: the status, the counts behind it, the
// largest bound use, a link to the failure below.
void render_matrix(const RunReport& report, const std::map<const PropertyResult*, int>& anchors,
                   std::ostringstream& h) {
  std::vector<std::string> kernels, properties;
  for (const auto& k : report.kernels) add_unique(kernels, k.name);
  // Properties in run order, those of the kernels under test first (checks of dxcheck's
  // own logic may come under a pseudo-kernel such as "conv-info").
  for (const auto& r : report.results) {
    if (std::find(kernels.begin(), kernels.end(), r.kernel) != kernels.end()) add_unique(properties, r.name());
  }
  for (const auto& r : report.results) add_unique(kernels, r.kernel), add_unique(properties, r.name());
  std::map<std::pair<std::string, std::string>, const PropertyResult*> cell;
  for (const auto& r : report.results) cell[{r.name(), r.kernel}] = &r;

  h << "<h2 id=\"results\">Results</h2>\n<p class=\"muted\">Cases per status for every kernel and property. Bound use is the "
       "largest |dx &minus; r| / &tau; of a case (1 = the error bound).</p>\n<table class=\"matrix\">\n"
       "<tr><th>property</th>";
  for (const auto& k : kernels) h << "<th class=\"kernel\">" << escape_markup(k) << "</th>";
  h << "</tr>\n";
  for (const auto& p : properties) {
    h << "<tr><th class=\"mono\">" << escape_markup(p) << "</th>";
    for (const auto& k : kernels) {
      auto it = cell.find({p, k});
      if (it == cell.end()) {
        h << "<td class=\"muted\">&mdash;</td>";
        continue;
      }
      const PropertyResult& r = *it->second;
      const Status s = r.overall();
      h << "<td class=\"" << status_class(s) << "\">";
      auto anchor = anchors.find(&r);
      if (anchor != anchors.end()) h << "<a href=\"#failure-" << anchor->second << "\">" << badge(s) << "</a>";
      else h << badge(s);
      h << " <span class=\"counts\">";
      bool first = true;
      for (Status c : kStatuses) {
        const int64_t n = r.count(c);
        if (n == 0) continue;
        h << (first ? "" : " &middot; ") << (c == Status::failed ? "<span class=\"f\">" : "<span>")
          << to_string(c) << " " << thousands(n) << "</span>";
        first = false;
      }
      if (first) h << "no cases";
      h << "</span>";
      if (r.max_bound_use > 0) h << "<div class=\"counts\">bound use " << number(r.max_bound_use, 3) << "</div>";
      if (r.unbounded > 0) h << "<div class=\"counts\">" << thousands(r.unbounded) << " unbounded elements</div>";
      if (r.hung) h << "<div class=\"counts f\">the kernel did not return</div>";
      if (!r.note.empty()) h << "<div class=\"counts\">" << escape_markup(r.note) << "</div>";
      h << "</td>";
    }
    h << "</tr>\n";
  }
  h << "</table>\n";
}

void render_worst(const Counterexample& ce, std::ostringstream& h) {
  if (ce.worst.empty()) return;
  h << "<table>\n<tr><th class=\"num\">index</th><th>(b, h, w, c)</th><th class=\"num\">expected</th>"
       "<th class=\"num\">got</th><th class=\"num\">&tau;</th><th class=\"num\">ulps</th>"
       "<th class=\"num\">bound use</th><th>why</th></tr>\n";
  for (const auto& e : ce.worst) {
    h << "<tr><td class=\"num\">" << e.index << "</td><td class=\"mono\">(" << e.position[0] << ", "
      << e.position[1] << ", " << e.position[2] << ", " << e.position[3] << ")</td><td class=\"num mono\">"
      << number(e.expected, 9) << "</td><td class=\"num mono\">" << number(e.got, 9) << "</td><td class=\"num mono\">"
      << number(e.tau, 3) << "</td><td class=\"num\">" << thousands(e.ulps) << "</td><td class=\"num\">"
      << number(e.bound_use, 3) << "</td><td>" << escape_markup(e.why) << "</td></tr>\n";
  }
  h << "</table>\n";
}

void render_failures(const RunReport& report, const std::map<const PropertyResult*, int>& anchors,
                     std::ostringstream& h) {
  h << "<h2 id=\"failures\">Failures</h2>\n";
  if (anchors.empty()) {
    h << (report.nothing_tested() ? "<p>No case failed, but none passed either: nothing was tested (every case was "
                                    "declined, skipped or mistrusted), so the verdict is FAILED.</p>\n"
                                  : "<p>None: no case failed.</p>\n");
    return;
  }
  h << "<p class=\"muted\">Each with its shrunk case (its dx1 string, docs/design.md &quot;The case string (dx1)&quot;) "
       "and the command that reruns it. "
       "Expected is the double reference r; &tau; the error bound of the element.</p>\n";
  for (const auto& r : report.results) {
    auto anchor = anchors.find(&r);
    if (anchor == anchors.end()) continue;
    const Status s = r.overall();
    h << "<section class=\"failure" << (s == Status::failed ? "" : " other") << "\" id=\"failure-" << anchor->second
      << "\">\n<h3>" << badge(s) << " <span class=\"kernel\">" << escape_markup(r.kernel) << "</span> &middot; "
      << escape_markup(r.name()) << "</h3>\n";
    if (r.counterexample) {
      const Counterexample& ce = *r.counterexample;
      h << "<p>" << escape_markup(ce.detail) << "</p>\n";
      if (!ce.original_case.empty() && ce.original_case != ce.case_string) {
        h << "<p><span class=\"label\">drawn</span><code>" << escape_markup(ce.original_case) << "</code></p>\n";
      }
      if (!ce.case_string.empty()) h << "<p><span class=\"label\">case</span><code>" << escape_markup(ce.case_string) << "</code></p>\n";
      if (!ce.shrink.empty()) h << "<p class=\"muted\">" << escape_markup(ce.shrink) << "</p>\n";
      render_worst(ce, h);
      if (!ce.repro.empty()) h << "<p><span class=\"label\">repro</span></p><pre>" << escape_markup(ce.repro) << "</pre>\n";
    } else {
      h << "<p>" << thousands(r.count(Status::failed)) << " failed case(s); no counterexample was recorded"
        << (r.hung ? " (the kernel did not return)" : "") << ".</p>\n";
    }
    if (!r.note.empty()) h << "<p class=\"muted\">" << escape_markup(r.note) << "</p>\n";
    h << "</section>\n";
  }
}

void render_coverage(const RunReport& report, std::ostringstream& h) {
  h << "<h2 id=\"coverage\">Coverage</h2>\n";
  if (report.coverage.empty()) {
    h << "<p>No coverage was recorded.</p>\n";
    return;
  }
  // Rows: pad form x rounding; columns: layout x stride class (the legal grid only).
  std::vector<std::pair<std::string, std::string>> rows, columns;
  std::map<std::pair<std::pair<std::string, std::string>, std::pair<std::string, std::string>>, int64_t> cases;
  std::vector<std::string> layouts;
  int64_t max_cases = 0, empty = 0, total = 0;
  for (const auto& c : report.coverage) {
    add_unique(rows, std::make_pair(c.pad_form, c.rounding));
    add_unique(columns, std::make_pair(c.layout, c.stride_class));
    add_unique(layouts, c.layout);
    cases[{{c.pad_form, c.rounding}, {c.layout, c.stride_class}}] = c.cases;
    max_cases = std::max(max_cases, c.cases);
    empty += c.cases == 0;
    total += c.cases;
  }
  const int label_width = 150, cell_width = 104, cell_height = 30, top = 46;
  const int width = label_width + cell_width * static_cast<int>(columns.size()) + 2;
  const int height = top + cell_height * static_cast<int>(rows.size()) + 2;
  h << "<figure><svg width=\"" << width << "\" height=\"" << height
    << "\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"coverage heat map\">\n";
  // Column headers: the layout over its stride classes.
  for (size_t j = 0; j < columns.size();) {
    size_t span = 0;
    while (j + span < columns.size() && columns[j + span].first == columns[j].first) ++span;
    const int x = label_width + cell_width * static_cast<int>(j);
    h << "<text x=\"" << x + cell_width * static_cast<int>(span) / 2 << "\" y=\"16\" text-anchor=\"middle\" "
      << "font-size=\"13\" font-weight=\"600\">" << escape_markup(columns[j].first) << "</text>\n"
      << "<line x1=\"" << x + 6 << "\" y1=\"22\" x2=\"" << x + cell_width * static_cast<int>(span) - 6
      << "\" y2=\"22\" stroke=\"#d1d9e0\"/>\n";
    for (size_t k = 0; k < span; ++k) {
      h << "<text x=\"" << x + cell_width * static_cast<int>(k) + cell_width / 2 << "\" y=\"38\" text-anchor=\"middle\" "
        << "font-size=\"12\" fill=\"#59636e\">stride " << escape_markup(columns[j + k].second) << "</text>\n";
    }
    j += span;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const int y = top + cell_height * static_cast<int>(i);
    const std::string label = rows[i].first + (rows[i].second == "none" ? "" : ", " + rows[i].second);
    h << "<text x=\"" << label_width - 10 << "\" y=\"" << y + cell_height / 2 + 4 << "\" text-anchor=\"end\" "
      << "font-size=\"12.5\">pad " << escape_markup(label) << "</text>\n";
    for (size_t j = 0; j < columns.size(); ++j) {
      const int x = label_width + cell_width * static_cast<int>(j);
      auto it = cases.find({rows[i], columns[j]});
      if (it == cases.end()) continue;  // not a legal cell
      bool dark = false;
      const std::string fill = heat_colour(it->second, max_cases, &dark);
      h << "<rect x=\"" << x + 1 << "\" y=\"" << y + 1 << "\" width=\"" << cell_width - 2 << "\" height=\""
        << cell_height - 2 << "\" rx=\"3\" fill=\"" << fill << "\""
        << (it->second == 0 ? " stroke=\"#cf222e\" stroke-dasharray=\"4 3\"" : "") << "><title>"
        << escape_markup(columns[j].first + ", pad " + label + ", stride " + columns[j].second) << ": " << it->second
        << " cases</title></rect>\n<text x=\"" << x + cell_width / 2 << "\" y=\"" << y + cell_height / 2 + 4
        << "\" text-anchor=\"middle\" font-size=\"12.5\" fill=\""
        << (it->second == 0 ? "#cf222e" : dark ? "#ffffff" : "#1f2328") << "\">" << it->second << "</text>\n";
    }
  }
  h << "</svg>\n<figcaption>Cases drawn in each cell of the legal attribute grid (layout &times; pad form &times; "
       "rounding &times; stride class; a rounding mode only with numeric or explicit pads, as the op demands), "
       "all kernels and properties together: "
    << thousands(total) << " cases";
  if (empty > 0) h << "; <b style=\"color:#cf222e\">" << empty << " cell" << (empty == 1 ? "" : "s") << " never reached</b>";
  h << ".</figcaption></figure>\n";
}

std::string bin_label(size_t i) {
  auto edge = [](double v) { return v == 0 ? std::string("0") : number(v, 3); };
  if (i + 1 == kBoundUseBins.size()) return "&#8805; " + edge(kBoundUseBins[i]);
  return edge(kBoundUseBins[i]) + "&#8211;" + edge(kBoundUseBins[i + 1]);
}

void render_bound_use(const RunReport& report, std::ostringstream& h) {
  h << "<h2 id=\"bound-use\">Bound use</h2>\n<p class=\"muted\">PASSED cases by their largest |dx &minus; r| / &tau; "
       "(the share of the error bound the kernel used), summed over the properties that call the kernel. "
       "Exact-data and bitwise checks use 0.</p>\n<div class=\"charts\">\n";
  std::vector<std::string> kernels;
  for (const auto& k : report.kernels) add_unique(kernels, k.name);
  for (const auto& r : report.results) {
    if (r.calls_kernel) add_unique(kernels, r.kernel);  // not pseudo-kernels such as "conv-info"
  }
  for (const auto& k : kernels) {
    std::array<int64_t, kBoundUseBins.size()> bins{};
    int64_t unbounded = 0;
    double max_use = 0;
    for (const auto& r : report.results) {
      if (r.kernel != k || !r.calls_kernel) continue;
      for (size_t i = 0; i < bins.size(); ++i) bins[i] += r.bound_use_histogram[i];
      unbounded += r.unbounded;
      max_use = std::max(max_use, r.max_bound_use);
    }
    const int64_t highest = std::max<int64_t>(1, *std::max_element(bins.begin(), bins.end()));
    const int width = 540, height = 210, left = 16, base = 160, bar_area = 120;
    const int slot = (width - 2 * left) / static_cast<int>(bins.size());
    h << "<figure><svg width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"bound use histogram\">\n"
      << "<text x=\"" << left << "\" y=\"16\" font-size=\"13\" font-weight=\"600\" font-family=\"ui-monospace,Menlo,"
         "Consolas,monospace\">"
      << (k.size() > 64 ? "&#8230;" + escape_markup(k.substr(k.size() - 63)) : escape_markup(k)) << "</text>\n"
      << "<line x1=\"" << left << "\" y1=\"" << base << "\" x2=\"" << width - left << "\" y2=\"" << base
      << "\" stroke=\"#8c959f\"/>\n";
    for (size_t i = 0; i < bins.size(); ++i) {
      const int x = left + slot * static_cast<int>(i);
      int bar = static_cast<int>(std::lround(static_cast<double>(bins[i]) / static_cast<double>(highest) * bar_area));
      if (bins[i] > 0) bar = std::max(bar, 2);
      const bool over = i + 1 == bins.size();  // at or beyond the bound
      h << "<rect x=\"" << x + 8 << "\" y=\"" << base - bar << "\" width=\"" << slot - 16 << "\" height=\"" << bar
        << "\" fill=\"" << (over ? "#bc4c00" : "#2f81f7") << "\"><title>" << bin_label(i) << ": " << bins[i]
        << " cases</title></rect>\n<text x=\"" << x + slot / 2 << "\" y=\"" << base - bar - 5
        << "\" text-anchor=\"middle\" font-size=\"12\">" << bins[i] << "</text>\n<text x=\"" << x + slot / 2
        << "\" y=\"" << base + 17 << "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#59636e\">" << bin_label(i)
        << "</text>\n";
    }
    h << "<text x=\"" << width / 2 << "\" y=\"" << base + 40 << "\" text-anchor=\"middle\" font-size=\"12\" "
      << "fill=\"#59636e\">bound use; largest " << number(max_use, 3) << (unbounded > 0 ? "; " + thousands(unbounded) + " unbounded elements" : "")
      << "</text>\n</svg></figure>\n";
  }
  h << "</div>\n";
}

}  // namespace

std::string render_html(const RunReport& report) {
  // Failures (and any other counterexample) get anchors the results table links to.
  std::map<const PropertyResult*, int> anchors;
  for (const auto& r : report.results) {
    if (r.counterexample || r.overall() == Status::failed) anchors.emplace(&r, static_cast<int>(anchors.size()) + 1);
  }
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>dxcheck report: " << to_string(report.verdict()) << "</title>\n<style>" << kStyle
    << "</style></head>\n<body><main>\n";
  render_header(report, h);
  render_matrix(report, anchors, h);
  render_failures(report, anchors, h);
  html::render_declines(report, h);
  render_coverage(report, h);
  html::render_size_coverage(report, h);
  render_bound_use(report, h);
  render_kernels(report, h);
  render_run_info(report, h);
  h << "<footer>dxcheck-report/1 &middot; written by dxcheck " << escape_markup(report.tool_version)
    << "</footer>\n</main></body></html>\n";
  return h.str();
}

}  // namespace dxcheck
