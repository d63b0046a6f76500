// The human-readable report: one self-contained page (no scripts, no network).
#include <sstream>

#include "report_writers.h"

namespace dxcheck {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

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

int64_t count_of(const PropertyResult& r, Status s) {
  auto it = r.counts.find(s);
  return it == r.counts.end() ? 0 : it->second;
}

}  // namespace

std::string render_html(const RunReport& report) {
  std::ostringstream h;
  const Status verdict = report.verdict();
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dxcheck report</title>\n<style>\n"
       "body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}\n"
       "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f4f4f4}\n"
       ".passed{background:#d8f5d8}.failed{background:#f8d0d0}.unsupported,.skipped{background:#eee}\n"
       ".mistrusted{background:#fbefc4}code{font-size:.9em}.verdict{font-size:1.6em;padding:.2em .5em}\n"
       "</style></head><body>\n<h1>dxcheck conformance report</h1>\n"
    << "<p class=\"verdict " << status_class(verdict) << "\">" << to_string(verdict)
    << (report.nothing_tested() ? " (nothing tested)" : "") << "</p>\n"
    << "<p>dxcheck " << escape(report.tool_version) << " (" << escape(report.git_revision) << ") &middot; seed "
    << report.seed << " &middot; " << report.cases_per_property << " cases per property &middot; precision "
    << escape(report.precision) << " &middot; profile " << escape(report.profile) << " &middot; "
    << escape(report.host.cpu) << " &middot; " << escape(report.host.compiler) << "</p>\n"
    << "<p><code>" << escape(report.command_line) << "</code></p>\n";

  h << "<h2>Results</h2>\n<table><tr><th>kernel</th><th>property</th><th>status</th><th>PASSED</th><th>FAILED</th>"
       "<th>UNSUPPORTED</th><th>SKIPPED</th><th>MISTRUSTED</th><th>max bound use</th></tr>\n";
  for (const auto& r : report.results) {
    h << "<tr><td>" << escape(r.kernel) << "</td><td>" << escape(r.property) << "</td><td class=\""
      << status_class(r.overall()) << "\">" << to_string(r.overall()) << "</td>";
    for (Status s : {Status::passed, Status::failed, Status::unsupported, Status::skipped, Status::mistrusted}) {
      h << "<td>" << count_of(r, s) << "</td>";
    }
    h << "<td>" << r.max_bound_use << "</td></tr>\n";
  }
  h << "</table>\n";

  h << "<h2>Failures</h2>\n";
  bool any = false;
  for (const auto& r : report.results) {
    if (!r.counterexample) continue;
    any = true;
    h << "<h3>" << escape(r.kernel) << " &middot; " << escape(r.property) << "</h3>\n<p>"
      << escape(r.counterexample->detail) << "</p>\n";
    if (!r.counterexample->case_string.empty()) {
      h << "<p>case <code>" << escape(r.counterexample->case_string) << "</code><br>repro <code>"
        << escape(r.counterexample->repro) << "</code></p>\n";
    }
  }
  if (!any) h << "<p>None.</p>\n";
  h << "</body></html>\n";
  return h.str();
}

}  // namespace dxcheck
