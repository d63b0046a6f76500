// The report formats: one line each. A new format's renderer lives in its own file and is
// declared here, next to its line.
#include "report_formats.h"

#include "report_writers.h"

namespace dxcheck {

const std::vector<ReportFormat>& report_formats() {
  static const std::vector<ReportFormat> formats = {
      {"json", "--report", "the JSON report (dxcheck-report/1; default reports/out/report.json)", &render_json, true, ""},
      {"html", "--html", "a self-contained HTML page (default: beside the JSON report)", &render_html, false, ".html"},
      {"junit", "--junit", "JUnit XML for CI systems (only when given)", &render_junit, false, ""},
  };
  return formats;
}

}  // namespace dxcheck
