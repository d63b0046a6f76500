// dxcheck's conv-info against every entry TFJS 4.22.0's computeConv2DInfo produced
// (corpus/tfjs/conv_info_table.json, recorded by tools/tfjs/record_conv_info.js): out sizes and
// pad top/left in profile tfjs, and errors where TFJS throws, with TFJS's message.
// TFJS's negative out sizes (floor with a negative numerator, 'valid' with a filter
// 2+ larger than the input) are dxcheck's 0: both give an all-zero dx.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "tfjs_attrs.h"

#ifndef DXCHECK_CONV_INFO_TABLE
#error "DXCHECK_CONV_INFO_TABLE must name corpus/tfjs/conv_info_table.json"
#endif

namespace dxcheck {
namespace {

using nlohmann::json;

json load_table() {
  std::ifstream in(DXCHECK_CONV_INFO_TABLE);
  EXPECT_TRUE(in) << "cannot read " << DXCHECK_CONV_INFO_TABLE;
  return json::parse(in);
}

TEST(ConvInfoTable, MatchesEveryTfjsEntry) {
  const json table = load_table();
  EXPECT_EQ(table.at("source"), "@tensorflow/tfjs-core@4.22.0");
  const json& entries = table.at("entries");
  ASSERT_EQ(entries.size(), 878u);
  int sizes = 0, errors = 0, negative = 0;
  for (const json& entry : entries) {
    const json& attrs = entry.at("attrs");
    SCOPED_TRACE(attrs.dump());
    ASSERT_FALSE(attrs.contains("profile"));  // the table is TFJS: profile tfjs, the default
    if (entry.contains("error")) {
      ++errors;
      std::string ours = "(accepted)";
      try {
        resolve_conv_info(attrs_from_json(attrs));
      } catch (const ConvInfoError& e) {
        ours = e.what();
      }
      EXPECT_EQ(ours, entry.at("error").get<std::string>());
      continue;
    }
    ++sizes;
    dxcheck_conv_desc d{};
    try {
      d = resolve_conv_info(attrs_from_json(attrs));
    } catch (const ConvInfoError& e) {
      ADD_FAILURE() << "TFJS accepts, dxcheck rejects: " << e.what();
      continue;
    }
    const int64_t out_height = entry.at("outHeight"), out_width = entry.at("outWidth");
    negative += out_height < 0 || out_width < 0;
    EXPECT_EQ(d.out_height, std::max<int64_t>(0, out_height));
    EXPECT_EQ(d.out_width, std::max<int64_t>(0, out_width));
    EXPECT_EQ(d.pad_top, entry.at("padInfo").at("top").get<int64_t>());
    EXPECT_EQ(d.pad_left, entry.at("padInfo").at("left").get<int64_t>());
  }
  EXPECT_EQ(sizes, 846);
  EXPECT_EQ(errors, 32);
  EXPECT_GT(negative, 0);  // the clamp to 0 is exercised
}

}  // namespace
}  // namespace dxcheck
