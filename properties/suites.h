// Shape suites: named tables of real-size cases kept as data (corpus/shapes/*.txt), and
// the size classes the report's coverage counts them in.
//
// A suite file holds dx1 case strings, one per line, in blocks. A block starts with a
// line `## name` (the name joins the suite's name in reports: `models/resnet50`),
// followed by `# ` lines saying why these shapes are there, then its cases. Blank lines
// and further `#` lines are ignored; anything else is an error naming file and line.
#pragma once

#include <string>
#include <vector>

#include "case.h"
#include "report.h"

namespace dxcheck {

struct SuiteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SuiteCase {
  std::string block;  // the block's name
  Case c;
};

struct ShapeSuite {
  std::string name;  // the file's stem: "models", "tails"
  std::vector<SuiteCase> cases;
  std::vector<std::string> blocks;  // in file order
};

// Throws SuiteError for a missing file, a case line outside a block, a malformed case
// string, a duplicate block name, or a case whose attributes TFJS or dxcheck reject.
ShapeSuite read_shape_suite(const std::string& path);

// Elements a case holds: dx + dy + filter. Zero-size forms count what they have.
int64_t case_elements(const Case& c);
// Real multiply-adds of the case (an upper estimate ignoring padding: N*oh*ow*O*fh*fw*C),
// which is what a kernel and the reference spend their time on.
int64_t case_multiply_adds(const Case& c);

// The size axis of the report's coverage (report.h): max(in, out channels),
// max(height, width) and batch, each in a few classes ("0", "1-4", "5-16", ...).
std::string channel_class(const Case& c);
std::string spatial_class(const Case& c);
std::string batch_class(const Case& c);

}  // namespace dxcheck
