#include "report_writers.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "child_process.h"
#include "output_file.h"

namespace dxcheck {
namespace {

// The report texts a signal writes (keep_interrupted_report): complete strings made
// beforehand, so the handler only opens, writes, closes and renames.
struct PendingReports {
  int count = 0;
  std::vector<std::string> paths, temporaries, texts;  // sized before the handler can see them
};
std::atomic<PendingReports*> g_pending{nullptr};

void write_pending_reports(int) {
  PendingReports* pending = g_pending.exchange(nullptr);  // ours now: never freed under us
  if (!pending) return;
  for (int i = 0; i < pending->count; ++i) {
    const int fd = ::open(pending->temporaries[i].c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) continue;
    const char* p = pending->texts[i].data();
    size_t left = pending->texts[i].size();
    bool ok = true;
    while (left > 0 && ok) {
      const ssize_t n = ::write(fd, p, left);
      if (n < 0 && errno == EINTR) continue;
      ok = n > 0;
      if (ok) p += n, left -= static_cast<size_t>(n);
    }
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(pending->temporaries[i].c_str(), pending->paths[i].c_str()) != 0) {
      ::unlink(pending->temporaries[i].c_str());
      ::unlink(pending->paths[i].c_str());  // no report rather than a stale one
    }
  }
}

bool regular_or_missing(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode);
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
    out << std::setw(static_cast<int>(width)) << r.kernel << std::setw(28) << r.name() << std::setw(12)
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
    x << "    <testcase classname=\"" << escape_markup(r.kernel) << "\" name=\"" << escape_markup(r.name()) << "\">";
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

std::string render_json(const RunReport& report) {
  // Replaced, not thrown: a kernel's detail text may hold any bytes.
  return to_json(report).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

namespace {

// The path of `format` in `paths`; "" when it has none. JSON's empty path is still
// checked and written (and refused there), as any other path it is given.
const std::string& path_of(const ReportPaths& paths, const ReportFormat& format) {
  static const std::string none;
  const auto it = paths.find(format.name);
  return it == paths.end() ? none : it->second;
}

bool is_written(const ReportFormat& format, const std::string& path) { return format.always || !path.empty(); }

}  // namespace

const ReportFormat* report_format_of_option(const std::string& option) {
  for (const auto& format : report_formats()) {
    if (format.option == option) return &format;
  }
  return nullptr;
}

std::string written_reports(const ReportPaths& paths) {
  std::string list;
  for (const auto& format : report_formats()) {
    const std::string& path = path_of(paths, format);
    if (is_written(format, path)) list += (list.empty() ? "" : ", ") + path;
  }
  return list;
}

void check_report_paths(const ReportPaths& paths) {
  for (const auto& format : report_formats()) {
    const std::string& path = path_of(paths, format);
    if (is_written(format, path)) check_output_path(path);
  }
}

void write_report_files(const RunReport& report, const ReportPaths& paths) {
  forget_interrupted_report();
  for (const auto& format : report_formats()) {
    const std::string& path = path_of(paths, format);
    if (is_written(format, path)) write_output_file(path, format.render(report));
  }
}

void keep_interrupted_report(const RunReport& partial, const ReportPaths& paths) {
  RunReport marked = partial;
  marked.incomplete = "interrupted: a signal (SIGINT, SIGTERM or SIGHUP) stopped the run; " +
                      std::to_string(partial.results.size()) + " results were complete";
  auto pending = std::make_unique<PendingReports>();
  for (const auto& format : report_formats()) {
    const std::string& path = path_of(paths, format);
    if (path.empty() || !regular_or_missing(path)) continue;  // /dev/stdout and the like: nothing to go stale
    pending->paths.push_back(path);
    pending->temporaries.push_back(temporary_path_for(path) + ".interrupted");
    pending->texts.push_back(format.render(marked));
    ++pending->count;
  }
  set_termination_hook(write_pending_reports);
  delete g_pending.exchange(pending.release());
}

void forget_interrupted_report() { delete g_pending.exchange(nullptr); }

}  // namespace dxcheck
