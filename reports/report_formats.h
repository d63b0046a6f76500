// The files a run report is written as, listed once (report_formats.cpp): `dxcheck run`
// takes its report options from this table, writes each format that has a path, and
// lists them in --help. A new format is its renderer in its own file in reports/ plus one
// line of the table (README.md "Extending dxcheck").
#pragma once

#include <map>
#include <string>
#include <vector>

#include "report.h"

namespace dxcheck {

struct ReportFormat {
  std::string name;    // the key of ReportPaths: "json", "html", "junit"
  std::string option;  // the `dxcheck run` option that gives its path, e.g. "--junit"
  std::string help;    // what it is, one line of --help
  std::string (*render)(const RunReport& report);
  bool always = false;          // written on every run (JSON), else only with a path
  std::string beside_json;      // non-empty: by default written beside the JSON report, with
                                // this extension instead of the JSON's (".html")
};

// In the order they are written and named on the console: JSON first.
const std::vector<ReportFormat>& report_formats();

// A path per format name; a format without one (or with "") is not written unless it is
// `always`.
using ReportPaths = std::map<std::string, std::string>;

}  // namespace dxcheck
