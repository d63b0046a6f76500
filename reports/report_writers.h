// The forms a run report takes: the JSON report, a self-contained HTML page, JUnit XML
// for CI systems (the files, listed once in report_formats.cpp), and a verdict table on
// the console.
#pragma once

#include <ostream>
#include <string>

#include "report.h"
#include "report_formats.h"

namespace dxcheck {

// Text safe inside HTML or XML elements and attributes (control characters dropped).
std::string escape_markup(const std::string& text);

// kernel x property, the status and counts per status.
void print_verdict_table(const RunReport& report, std::ostream& out);

std::string render_html(const RunReport& report);
std::string render_junit(const RunReport& report);

std::string render_json(const RunReport& report);

// The format whose path `option` gives ("--junit"), nullptr for any other option.
const ReportFormat* report_format_of_option(const std::string& option);
// The paths that write_report_files writes, in the table's order, joined by ", ".
std::string written_reports(const ReportPaths& paths);

// Before a run: OutputFileError (output_file.h) when a report path could not be
// written later (a folder, an unwritable folder, ...).
void check_report_paths(const ReportPaths& paths);

// Each format of report_formats() that has a path (JSON always). Creates parent folders;
// each file is replaced atomically; OutputFileError names a failed write (e.g. a full disk).
void write_report_files(const RunReport& report, const ReportPaths& paths);

// While a run goes on: renders `partial` now, marked incomplete as interrupted, for the
// SIGINT/SIGTERM/SIGHUP handler (child_process.h) to write at the report paths should
// the run be stopped; call again as results come in. A report that cannot be written
// then is removed, so no older report stays at its path. write_report_files and
// forget_interrupted_report end it.
void keep_interrupted_report(const RunReport& partial, const ReportPaths& paths);
void forget_interrupted_report();

}  // namespace dxcheck
