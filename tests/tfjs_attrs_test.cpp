// TFJS attributes as JSON: what TFJS rejects with which message, and where dxcheck is
// stricter (docs/tfjs-differences.md).
#include <gtest/gtest.h>

#include "tfjs_attrs.h"

namespace dxcheck {
namespace {

using nlohmann::json;

json base() {
  return json::parse(R"({"inputShape": [1, 5, 5, 2], "filterShape": [2, 2, 2, 3], "strides": [2, 2],
                         "pad": 1, "dataFormat": "NHWC"})");
}

std::string error_for(json attrs) {
  try {
    resolve_conv_info(attrs_from_json(attrs));
  } catch (const ConvInfoError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(TfjsAttrs, ParsesEveryPadForm) {
  json a = base();
  EXPECT_EQ(resolve_conv_info(attrs_from_json(a)).out_height, 3);
  a["pad"] = "same";
  EXPECT_EQ(resolve_conv_info(attrs_from_json(a)).out_height, 3);
  a["pad"] = json::parse("[[0,0],[1,0],[0,2],[0,0]]");
  const auto d = resolve_conv_info(attrs_from_json(a));
  EXPECT_EQ(d.pad_top, 1);
  EXPECT_EQ(d.pad_left, 0);
  a["strides"] = 1;  // a number means both axes
  a["pad"] = 2.0;    // JS has one number type: 2.0 is 2
  EXPECT_EQ(resolve_conv_info(attrs_from_json(a)).stride_width, 1);
}

TEST(TfjsAttrs, EmptyModeCountsAsSetForThePadCheckButRoundsLikeTrunc) {
  json a = base();
  a["dimRoundingMode"] = "";
  EXPECT_EQ(resolve_conv_info(attrs_from_json(a)).out_height, 3);
  a["pad"] = "valid";
  EXPECT_EQ(error_for(a), "Error in conv2dDerInput: pad must be an integer when using dimRoundingMode  but got pad valid.");
}

TEST(TfjsAttrs, TfjsMessagesWhereTfjsRejects) {
  json a = base();
  a["pad"] = "SAME";
  EXPECT_EQ(error_for(a), "Unknown padding parameter: SAME");
  a = base();
  a["dimRoundingMode"] = "bogus";
  EXPECT_EQ(error_for(a), "Unknown roundingMode bogus");
  a["pad"] = "same";
  EXPECT_EQ(error_for(a), "Error in conv2dDerInput: pad must be an integer when using dimRoundingMode bogus but got pad same.");
  a = base();
  a["dimRoundingMode"] = "floor";
  a["pad"] = 1.5;
  EXPECT_EQ(error_for(a), "Error in conv2dDerInput: pad must be an integer when using dimRoundingMode floor but got pad 1.5.");
  a["pad"] = json::parse("[[0,0],[1.1,0],[0,0],[0,0]]");
  EXPECT_EQ(error_for(a), "Error in conv2dDerInput: pad must be an integer when using dimRoundingMode floor but got pad 1.1.");
  a = base();
  a["dataFormat"] = "channelsLast";
  EXPECT_EQ(error_for(a), "Unknown dataFormat channelsLast");
}

TEST(TfjsAttrs, StricterThanTfjs) {
  json a = base();
  a["pad"] = 1.5;
  EXPECT_NE(error_for(a).find("pad must be an integer, got 1.5"), std::string::npos);
  a = base();
  a["inputShape"] = json::parse("[1, 3.5, 5, 2]");
  EXPECT_NE(error_for(a).find("inputShape must hold integers"), std::string::npos);
  a = base();
  a["strides"] = 1.5;
  EXPECT_NE(error_for(a).find("strides must be integers"), std::string::npos);
  a = base();
  a["strides"] = json::parse("[1, 2, 2, 1]");
  EXPECT_NE(error_for(a).find("strides must have 2 entries"), std::string::npos);
  a = base();
  a["pad"] = json::parse("[[0,0],[1,0],[0,2]]");
  EXPECT_NE(error_for(a).find("explicit pad must be 4 pairs"), std::string::npos);
  a["pad"] = json::parse("[[0,0],[1,0],[0,2],[0]]");
  EXPECT_NE(error_for(a).find("4 pairs of 2 integers"), std::string::npos);
  a = base();
  a.erase("inputShape");
  EXPECT_EQ(error_for(a), "missing attribute 'inputShape'");
  a = base();
  a["profile"] = "tf";
  EXPECT_NE(error_for(a).find("profile must be"), std::string::npos);
  a = base();
  a["pad"] = true;
  EXPECT_NE(error_for(a).find("Unknown padding parameter: true"), std::string::npos);
}

TEST(TfjsAttrs, RoundTripThroughJson) {
  json a = base();
  a["dimRoundingMode"] = "ceil";
  a["pad"] = json::parse("[[0,0],[1,0],[0,2],[0,0]]");
  const ConvAttrs parsed = attrs_from_json(a);
  json again = attrs_to_json(parsed);
  again["filterShape"] = a["filterShape"];
  const auto d1 = resolve_conv_info(parsed), d2 = resolve_conv_info(attrs_from_json(again));
  EXPECT_EQ(desc_to_json(d1), desc_to_json(d2));
}

}  // namespace
}  // namespace dxcheck
