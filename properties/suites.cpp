#include "suites.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <filesystem>
#include <fstream>
#include <set>

namespace dxcheck {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

bool valid_block_name(const std::string& name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_'; });
}

// Saturating product: the estimates only order and budget cases.
int64_t product(std::initializer_list<int64_t> factors) {
  int64_t p = 1;
  for (int64_t f : factors) {
    if (f <= 0) return 0;
    if (p > INT64_MAX / f) return INT64_MAX;
    p *= f;
  }
  return p;
}

template <size_t N>
std::string class_of(int64_t value, const int64_t (&upper)[N], const std::vector<std::string>& names) {
  for (size_t i = 0; i < N; ++i) {
    if (value <= upper[i]) return names[i];
  }
  return names.back();
}

}  // namespace

ShapeSuite read_shape_suite(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw SuiteError("cannot read shape suite " + path);
  ShapeSuite suite;
  suite.name = std::filesystem::path(path).stem().string();
  std::set<std::string> seen;
  std::string line, block;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string text = trim(line);
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (text.rfind("##", 0) == 0) {
      block = trim(text.substr(2));
      if (!valid_block_name(block)) throw SuiteError(where + "a block name is letters, digits, '-' and '_', got '" + block + "'");
      if (!seen.insert(block).second) throw SuiteError(where + "block '" + block + "' appears twice");
      suite.blocks.push_back(block);
      continue;
    }
    if (text.empty() || text[0] == '#') continue;
    if (block.empty()) throw SuiteError(where + "a case before the first '## name' block line");
    try {
      SuiteCase entry{block, parse_case(text)};
      (void)entry.c.desc();  // rejected attributes are the file's error, not a kernel's
      suite.cases.push_back(std::move(entry));
    } catch (const std::exception& e) {
      throw SuiteError(where + e.what());
    }
  }
  if (suite.cases.empty()) throw SuiteError("shape suite " + path + " holds no cases");
  return suite;
}

int64_t case_elements(const Case& c) {
  int64_t oh = 0, ow = 0;
  try {
    const dxcheck_conv_desc d = c.desc();
    oh = d.out_height, ow = d.out_width;
  } catch (const ConvInfoError&) {
  }
  const int64_t dx = product({c.batch, c.in_height, c.in_width, c.in_channels});
  const int64_t dy = product({c.batch, std::max<int64_t>(oh, 0), std::max<int64_t>(ow, 0), c.out_channels});
  const int64_t filter = product({c.filter_height, c.filter_width, c.in_channels, c.out_channels});
  return std::min<int64_t>(INT64_MAX / 4, dx) + std::min<int64_t>(INT64_MAX / 4, dy) +
         std::min<int64_t>(INT64_MAX / 4, filter);
}

int64_t case_multiply_adds(const Case& c) {
  try {
    const dxcheck_conv_desc d = c.desc();
    return product({d.batch, d.out_height, d.out_width, d.out_channels, d.filter_height, d.filter_width,
                    d.in_channels});
  } catch (const ConvInfoError&) {
    return 0;
  }
}

std::string channel_class(const Case& c) {
  static const int64_t upper[] = {0, 4, 16, 64, 256};
  return class_of(std::max(c.in_channels, c.out_channels), upper, channel_classes());
}
std::string spatial_class(const Case& c) {
  static const int64_t upper[] = {0, 8, 32, 128};
  return class_of(std::max(c.in_height, c.in_width), upper, spatial_classes());
}
std::string batch_class(const Case& c) {
  static const int64_t upper[] = {0, 1, 4, 16};
  return class_of(c.batch, upper, batch_classes());
}

}  // namespace dxcheck
