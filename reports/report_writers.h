// The forms a run report takes besides JSON: a verdict table on the console, a
// self-contained HTML page, JUnit XML for CI systems.
#pragma once

#include <ostream>
#include <string>

#include "report.h"

namespace dxcheck {

// Text safe inside HTML or XML elements and attributes (control characters dropped).
std::string escape_markup(const std::string& text);

// kernel x property, the status and counts per status.
void print_verdict_table(const RunReport& report, std::ostream& out);

std::string render_html(const RunReport& report);
std::string render_junit(const RunReport& report);

// JSON always; HTML and JUnit where a path is given. Creates parent folders.
void write_report_files(const RunReport& report, const std::string& json_path, const std::string& html_path,
                        const std::string& junit_path);

}  // namespace dxcheck
