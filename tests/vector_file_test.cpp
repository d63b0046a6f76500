// dxcheck-vector/1 reading and writing: every corpus file round-trips byte for byte,
// malformed files are rejected naming the file and the field, and no input crashes
// the reader or escapes as anything but a VectorError.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fill.h"
#include "vector_file.h"

#ifndef DXCHECK_TFJS_VECTORS_DIR
#error "DXCHECK_TFJS_VECTORS_DIR must name corpus/tfjs/vectors"
#endif

namespace dxcheck {
namespace {

const std::string kGood = R"({"format": "dxcheck-vector/1",
 "source": "@tensorflow/tfjs-backend-cpu@4.22.0",
 "attrs": {"inputShape":[1,3,3,1],"strides":[1,1],"pad":"valid","dataFormat":"NHWC"},
 "dy": {"shape":[1,2,2,1],"data":[1,2,3,4]},
 "filter": {"shape":[2,2,1,1],"data":[1,2,3,4]},
 "expect": {"dx": {"shape":[1,3,3,1],"data":[1,4,4,6,20,16,9,24,16]}}}
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string error_of(const std::string& text) {
  try {
    parse_vector(text, "vectors/x.json");
  } catch (const VectorError& e) {
    return e.what();
  }
  return "(accepted)";
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::filesystem::path> corpus_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(DXCHECK_TFJS_VECTORS_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(VectorFile, ReadsTheProtocolExample) {
  const VectorFile v = parse_vector(kGood, "x.json");
  EXPECT_EQ(v.source, "@tensorflow/tfjs-backend-cpu@4.22.0");
  ASSERT_TRUE(v.attrs) << v.attrs_error;
  EXPECT_EQ(v.attrs->filter_shape, (std::vector<int64_t>{2, 2, 1, 1}));
  ASSERT_TRUE(v.attrs->dy_shape);
  EXPECT_EQ(*v.attrs->dy_shape, (std::vector<int64_t>{1, 2, 2, 1}));
  EXPECT_EQ(v.dy.data, (std::vector<float>{1, 2, 3, 4}));
  ASSERT_TRUE(v.expect_dx);
  EXPECT_EQ(v.expect_dx->data[4], 20.0f);
  EXPECT_FALSE(v.expect_error);
  EXPECT_EQ(v.resolve().out_height, 2);
}

TEST(VectorFile, EveryCorpusFileParsesAndRoundTripsByteForByte) {
  const auto files = corpus_files();
  ASSERT_EQ(files.size(), 523u);
  int success = 0, error = 0;
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const VectorFile v = read_vector_file(path);
    success += v.expect_dx ? 1 : 0;
    error += v.expect_error ? 1 : 0;
    EXPECT_EQ(write_vector(v), read_text(path));
  }
  EXPECT_EQ(success, 479);
  EXPECT_EQ(error, 44);
}

TEST(VectorFile, SpecialValuesAreStrings) {
  const VectorFile v = parse_vector(
      replaced(kGood, R"("data":[1,2,3,4]})", R"("data":["NaN","Infinity","-Infinity","-0"]})"), "x.json");
  EXPECT_TRUE(std::isnan(v.dy.data[0]));
  EXPECT_EQ(v.dy.data[1], INFINITY);
  EXPECT_EQ(v.dy.data[2], -INFINITY);
  EXPECT_EQ(v.dy.data[3], 0.0f);
  EXPECT_TRUE(std::signbit(v.dy.data[3]));
  // -0.0 as a number keeps its sign in JSON parsers; only the integer literal -0 is lost.
  const VectorFile w = parse_vector(replaced(kGood, R"("data":[1,2,3,4]})", R"("data":[-0.0,0,1e0,2.5e-1]})"), "x");
  EXPECT_TRUE(std::signbit(w.dy.data[0]));
  EXPECT_EQ(w.dy.data[3], 0.25f);
}

TEST(VectorFile, WritesNumbersAsJavaScriptDoes) {
  EXPECT_EQ(vector_value_text(0.1f), "0.10000000149011612");
  EXPECT_EQ(vector_value_text(16777216.0f), "16777216");
  EXPECT_EQ(vector_value_text(-2.5f), "-2.5");
  EXPECT_EQ(vector_value_text(1e20f), "100000002004087730000");
  EXPECT_EQ(vector_value_text(1e21f), "1.0000000200408773e+21");
  EXPECT_EQ(vector_value_text(1e-7f), "1.0000000116860974e-7");
  EXPECT_EQ(vector_value_text(0x1p-20f), "9.5367431640625e-7");
  EXPECT_EQ(vector_value_text(0x1p-10f), "0.0009765625");
  EXPECT_EQ(vector_value_text(FLT_MAX), "3.4028234663852886e+38");
  EXPECT_EQ(vector_value_text(std::numeric_limits<float>::denorm_min()), "1.401298464324817e-45");
  EXPECT_EQ(vector_value_text(0.0f), "0");
  EXPECT_EQ(vector_value_text(-0.0f), "\"-0\"");
  EXPECT_EQ(vector_value_text(NAN), "\"NaN\"");
  EXPECT_EQ(vector_value_text(-INFINITY), "\"-Infinity\"");
}

TEST(VectorFile, EveryFloatPatternRoundTripsThroughTheWriter) {
  // One of every exponent and sign, a few mantissas each, plus the fills' own values.
  std::vector<float> values;
  for (uint32_t exponent = 0; exponent < 256; ++exponent) {
    for (uint32_t mantissa : {0u, 1u, 0x400000u, 0x7fffffu, 0x2a5a5au}) {
      for (uint32_t sign : {0u, 1u}) {
        const uint32_t bits = sign << 31 | exponent << 23 | mantissa;
        float f;
        std::memcpy(&f, &bits, 4);
        values.push_back(f);
      }
    }
  }
  for (Fill fill : {Fill::integer, Fill::uniform, Fill::wide, Fill::special, Fill::subnormal}) {
    for (float f : fill_tensor(fill, 7, TensorId::dy, 500, FillBudget{4, 1 << 24})) values.push_back(f);
  }
  VectorFile v = parse_vector(kGood, "x.json");
  v.dy.shape = {static_cast<int64_t>(values.size())};
  v.dy.data = values;
  const VectorFile back = parse_vector(write_vector(v), "again.json");
  ASSERT_EQ(back.dy.data.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) {
      EXPECT_TRUE(std::isnan(back.dy.data[i]));  // NaN payloads are not kept: NaN-ness is
    } else {
      EXPECT_EQ(std::memcmp(&values[i], &back.dy.data[i], 4), 0) << values[i];
    }
  }
}

TEST(VectorFile, WritesGotAndCaseAndTypedAttributes) {
  VectorFile v = parse_vector(kGood, "x.json");
  v.attrs_json = nullptr;  // the writer then uses the typed attributes
  v.attrs->profile = Profile::peraxis;
  VectorTensor got = *v.expect_dx;
  got.data[0] = -0.0f;
  v.got = std::move(got);
  v.case_string = "dx1_n1_h3w3c1_k2x2o1_s1x1_valid_nhwc_peraxis_int_r1";
  const std::string text = write_vector(v);
  EXPECT_NE(text.find(R"("profile":"peraxis")"), std::string::npos) << text;
  const VectorFile back = parse_vector(text, "back.json");
  ASSERT_TRUE(back.got);
  EXPECT_TRUE(std::signbit(back.got->data[0]));
  EXPECT_EQ(back.case_string, v.case_string);
  ASSERT_TRUE(back.attrs);
  EXPECT_EQ(back.attrs->profile, Profile::peraxis);
  EXPECT_EQ(write_vector(back), text);
}

TEST(VectorFile, RejectedAttributesAreKeptNotMalformed) {
  const VectorFile v = parse_vector(replaced(kGood, R"("pad":"valid")", R"("pad":"SAME")"), "x.json");
  EXPECT_FALSE(v.attrs);
  EXPECT_EQ(v.attrs_error, "Unknown padding parameter: SAME");
  EXPECT_THROW(v.resolve(), ConvInfoError);
  const VectorFile w = parse_vector(replaced(kGood, R"("inputShape":[1,3,3,1])", R"("inputShape":"big")"), "x");
  EXPECT_FALSE(w.attrs);
  // The dy shape is checked by conv-info, not by the reader.
  const VectorFile u = parse_vector(replaced(kGood, R"("shape":[1,2,2,1],"data":[1,2,3,4])",
                                             R"("shape":[1,4,1,1],"data":[1,2,3,4])"), "x");
  ASSERT_TRUE(u.attrs);
  EXPECT_THROW(u.resolve(), ConvInfoError);
}

TEST(VectorFile, MalformedValuesNameTheFileAndTheField) {
  EXPECT_EQ(error_of(replaced(kGood, "[1,2,3,4]}", "[1,2,3,true]}")),
            R"(vectors/x.json: dy.data[3]: expected a number or "NaN"/"Infinity"/"-Infinity"/"-0", got true)");
  EXPECT_EQ(error_of(replaced(kGood, "[1,2,3,4]}", R"([1,"inf",3,4]})")),
            R"(vectors/x.json: dy.data[1]: expected a number or "NaN"/"Infinity"/"-Infinity"/"-0", got "inf")");
  EXPECT_EQ(error_of(replaced(kGood, "[1,2,3,4]}", "[1,null,3,4]}")),
            R"(vectors/x.json: dy.data[1]: expected a number or "NaN"/"Infinity"/"-Infinity"/"-0", got null)");
  EXPECT_EQ(error_of(replaced(kGood, "[1,2,3,4]}", "[1,[2],3,4]}")),
            R"(vectors/x.json: dy.data[1]: expected a number or "NaN"/"Infinity"/"-Infinity"/"-0", got an array of 1)");
  EXPECT_EQ(error_of(replaced(kGood, "[1,2,3,4]}", "[0.1,2,3,4]}")),
            "vectors/x.json: dy.data[0]: 0.1 is not exactly a float32 value (nearest: 0.100000001); "
            "vectors hold float32 values written to round-trip");
  EXPECT_NE(error_of(replaced(kGood, "[1,2,3,4]}", "[16777217,2,3,4]}")).find("dy.data[0]: 16777217 is not exactly"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kGood, "[1,2,3,4]}", "[1e39,2,3,4]}")).find("outside the float32 range"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kGood, "[1,2,3,4]}", "[1e999,2,3,4]}")).find("vectors/x.json"), std::string::npos);
  EXPECT_NE(error_of(replaced(kGood, "[1,2,3,4]}", "[-0,2,3,4]}")).find("line 4 column"), std::string::npos);
  EXPECT_EQ(error_of(replaced(kGood, "[1,2,3,4]}", "[1,2,3]}")),
            "vectors/x.json: dy.data: has 3 values, but shape [1,2,2,1] needs 4");
  EXPECT_EQ(error_of(replaced(kGood, "[1,4,4,6,20,16,9,24,16]", "[1,4,4,6,20,16,9,24,16.5,0]")),
            "vectors/x.json: expect.dx.data: has 10 values, but shape [1,3,3,1] needs 9");
}

TEST(VectorFile, MalformedStructureNamesTheFileAndTheField) {
  EXPECT_EQ(error_of(replaced(kGood, R"("shape":[2,2,1,1])", R"("shape":[2,-2,1,1])")),
            "vectors/x.json: filter.shape[1]: expected an integer in [0, 2^31), got -2");
  EXPECT_EQ(error_of(replaced(kGood, R"("shape":[2,2,1,1])", R"("shape":[2,2.5,1,1])")),
            "vectors/x.json: filter.shape[1]: expected an integer in [0, 2^31), got 2.5");
  EXPECT_EQ(error_of(replaced(kGood, R"("shape":[2,2,1,1])", R"("shape":[65536,65536,1,1])")),
            "vectors/x.json: filter.shape: [65536,65536,1,1] has 2^31 elements or more");
  EXPECT_EQ(error_of(replaced(kGood, R"("shape":[2,2,1,1])", R"("shape":[1,1,1,1,1,1,1,1,1])")),
            "vectors/x.json: filter.shape: rank 9 is above the limit 8");
  EXPECT_EQ(error_of(replaced(kGood, R"("shape":[2,2,1,1],)", "")),
            R"(vectors/x.json: filter: missing key "shape")");
  EXPECT_EQ(error_of(replaced(kGood, R"("format": "dxcheck-vector/1")", R"("format": "dxcheck-vector/2")")),
            R"(vectors/x.json: format: expected "dxcheck-vector/1", got "dxcheck-vector/2")");
  EXPECT_EQ(error_of(replaced(kGood, R"("expect")", R"("expcet")")),
            R"(vectors/x.json: unknown key "expcet" (allowed: format, source, attrs, dy, filter, expect, got, case))");
  EXPECT_EQ(error_of(replaced(kGood, R"({"dx": )", R"({"error": "x", "dx": )")),
            R"(vectors/x.json: expect: needs exactly one of "dx" and "error")");
  EXPECT_EQ(error_of(replaced(kGood, R"({"dx": )", R"({"error": 3, "ignored": )")),
            R"(vectors/x.json: expect: unknown key "ignored" (allowed: dx, error))");
  EXPECT_EQ(error_of(replaced(kGood, R"("attrs": {)", R"("case": "dx1_bogus", "attrs": {)")).substr(0, 22),
            "vectors/x.json: case: ");
  EXPECT_EQ(error_of(replaced(kGood, R"("attrs": {"inputShape":[1,3,3,1],"strides":[1,1],"pad":"valid","dataFormat":"NHWC"})",
                              R"("attrs": [1])")),
            "vectors/x.json: attrs: expected an object of TFJS attributes, got an array of 1");
  EXPECT_EQ(error_of("[1, 2]"), "vectors/x.json: expected a JSON object, got an array of 2");
  EXPECT_EQ(error_of("").substr(0, 30), "vectors/x.json: not valid JSON");
  EXPECT_EQ(error_of(kGood.substr(0, 200)).substr(0, 30), "vectors/x.json: not valid JSON");
  EXPECT_EQ(error_of(std::string(100, '[') + std::string(100, ']')),
            "vectors/x.json: line 1 column 65: nested deeper than 64 levels");
  EXPECT_EQ(error_of("{\"format\": \"\xff\"}").substr(0, 30), "vectors/x.json: not valid JSON");
}

TEST(VectorFile, UnreadableFilesAreVectorErrors) {
  EXPECT_THROW(read_vector_file("/nonexistent/dir/x.json"), VectorError);
  EXPECT_THROW(read_vector_file(DXCHECK_TFJS_VECTORS_DIR), VectorError);  // a directory
}

// Deterministic mutations of real files: every outcome is a parse or a VectorError.
TEST(VectorFile, MutatedFilesNeverCrashOrEscape) {
  const auto files = corpus_files();
  ASSERT_FALSE(files.empty());
  SplitMix64 rng(0x5eed);
  const std::string alphabet = "[]{}\",:-0123456789.eE tnfaulsNI\\\n\xff";
  int parsed = 0, rejected = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = read_text(files[rng.next() % files.size()]);
    const int edits = 1 + static_cast<int>(rng.next() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const size_t at = rng.next() % text.size();
      switch (rng.next() % 4) {
        case 0: text[at] = alphabet[rng.next() % alphabet.size()]; break;
        case 1: text.erase(at, 1 + rng.next() % 8); break;
        case 2: text.insert(at, 1, alphabet[rng.next() % alphabet.size()]); break;
        case 3: text.resize(at); break;
      }
    }
    try {
      const VectorFile v = parse_vector(text, "mutant.json");
      ++parsed;
      try {
        (void)v.resolve();
      } catch (const ConvInfoError&) {
      }
      (void)write_vector(v);
    } catch (const VectorError&) {
      ++rejected;
    }
  }
  EXPECT_GT(parsed, 0);
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace dxcheck
