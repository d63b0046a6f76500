#include "report_writers.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace dxcheck {
namespace {

void write_file(const std::string& path, const std::string& text) {
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << text;
}

}  // namespace

std::string escape_markup(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
        else out += c;
    }
  }
  return out;
}

void print_verdict_table(const RunReport& report, std::ostream& out) {
  size_t width = 8;
  for (const auto& r : report.results) width = std::max(width, r.kernel.size() + 2);
  out << std::left << std::setw(static_cast<int>(width)) << "kernel" << std::setw(28) << "property" << std::setw(12) << "status"
      << "PASSED FAILED UNSUPPORTED SKIPPED MISTRUSTED\n";
  for (const auto& r : report.results) {
    out << std::setw(static_cast<int>(width)) << r.kernel << std::setw(28) << r.property << std::setw(12)
        << to_string(r.overall());
    for (Status s : {Status::passed, Status::failed, Status::unsupported, Status::skipped, Status::mistrusted}) {
      out << std::right << std::setw(s == Status::passed ? 6 : s == Status::unsupported ? 12 : s == Status::skipped ? 8 : s == Status::mistrusted ? 11 : 7)
          << r.count(s) << std::left;
    }
    out << "\n";
  }
}

std::string render_junit(const RunReport& report) {
  int64_t failures = 0, skipped = 0;
  for (const auto& r : report.results) {
    failures += r.overall() == Status::failed;
    skipped += r.overall() != Status::failed && r.overall() != Status::passed;
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<testsuites name=\"dxcheck\" tests=\"" << report.results.size() << "\" failures=\"" << failures
    << "\" skipped=\"" << skipped << "\" time=\"" << report.elapsed_seconds << "\">\n";
  std::string current;
  for (const auto& r : report.results) {
    if (r.kernel != current) {
      if (!current.empty()) x << "  </testsuite>\n";
      current = r.kernel;
      x << "  <testsuite name=\"" << escape_markup(r.kernel) << "\">\n";
    }
    x << "    <testcase classname=\"" << escape_markup(r.kernel) << "\" name=\"" << escape_markup(r.property) << "\">";
    const Status s = r.overall();
    if (s == Status::failed) {
      const std::string detail = r.counterexample ? r.counterexample->detail : "failed";
      x << "\n      <failure message=\"" << escape_markup(detail) << "\">"
        << escape_markup(r.counterexample ? r.counterexample->case_string + "\n" + r.counterexample->repro : "")
        << "</failure>\n    ";
    } else if (s != Status::passed) {
      x << "<skipped message=\"" << to_string(s) << (r.note.empty() ? "" : ": " + escape_markup(r.note)) << "\"/>";
    }
    x << "</testcase>\n";
  }
  if (!current.empty()) x << "  </testsuite>\n";
  x << "</testsuites>\n";
  return x.str();
}

void write_report_files(const RunReport& report, const std::string& json_path, const std::string& html_path,
                        const std::string& junit_path) {
  write_file(json_path, to_json(report).dump(2) + "\n");
  if (!html_path.empty()) write_file(html_path, render_html(report));
  if (!junit_path.empty()) write_file(junit_path, render_junit(report));
}

}  // namespace dxcheck
