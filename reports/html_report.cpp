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

using html::add_unique;
using html::heat_colour;
using html::number;
using html::render_bound_use;
using html::render_coverage;
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
