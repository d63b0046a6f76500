// The JSON report (dxcheck-report/1): every field the schema (docs/design.md "Stable interfaces") promises is
// there, with its type and vocabulary, without needing python. The run report is built
// directly, with a failure, a passing kernel, a skipped property and non-finite numbers,
// and checked two ways: field by field below, and against the required fields, types and
// enums of reports/dxcheck-report-1.schema.json by a small walker (the full validation is
// tests/report_schema.sh, with python3-jsonschema).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report.h"

namespace dxcheck {
namespace {

using Json = nlohmann::json;

RunReport sample_report() {
  RunReport report;
  report.tool_version = "0.1.0";
  report.git_revision = "abc1234";
  report.command_line = "dxcheck run --kernel lib:libbad.so --kernel faithful";
  report.host = {"AMD EPYC", "GNU 12.2.0", "-O3"};
  report.seed = 18446744073709551615ull;  // the whole uint64 range survives
  report.cases_per_property = 200;
  report.precision = "fp32";
  report.profile = "both";
  report.kernels = {{"lib:libbad.so", "plugin libbad.so", false, false},
                    {"faithful", "TFJS 4.22.0 CPU loop", true, true}};

  PropertyResult failed;
  failed.kernel = "lib:libbad.so";
  failed.property = "matches-reference";
  failed.counts = {{Status::passed, 3}, {Status::failed, 1}};
  failed.max_bound_use = std::numeric_limits<double>::infinity();
  failed.bound_use_histogram[0] = 3;
  ElementReport element;
  element.index = 7;
  element.position = {0, 1, 2, 3};
  element.expected = 1.5;
  element.got = std::numeric_limits<float>::quiet_NaN();
  element.tau = 0;
  element.ulps = 12;
  element.bound_use = std::numeric_limits<double>::infinity();
  element.why = "wrong kind";
  failed.counterexample = Counterexample{"dx1_n1_h3w3c1_k2x2o1_s1x1_valid_nhwc_tfjs_int_r1", "1 of 9 elements wrong",
                                         {element}, "dxcheck repro dx1_n1_h3w3c1_k2x2o1_s1x1_valid_nhwc_tfjs_int_r1"};
  report.results.push_back(failed);

  PropertyResult skipped;
  skipped.kernel = "lib:libbad.so";
  skipped.property = "faithful-interval";
  skipped.counts = {{Status::skipped, 200}};
  skipped.note = "only for the faithful kernel";
  report.results.push_back(skipped);

  PropertyResult passed;
  passed.kernel = "faithful";
  passed.property = "matches-reference";
  passed.counts = {{Status::passed, 198}, {Status::mistrusted, 2}};
  passed.max_bound_use = 0.96;
  passed.unbounded = 4;
  passed.bound_use_histogram = {100, 50, 30, 10, 6, 2};
  report.results.push_back(passed);

  PropertyResult declined;
  declined.kernel = "lib:libbad.so";
  declined.property = "adjoint";
  declined.counts = {{Status::unsupported, 5}};
  declined.declines = {{"dilations are not supported", 3}, {"NCHW is not supported", 2}};
  report.results.push_back(declined);

  report.coverage = legal_coverage_grid();
  report.coverage[0].cases = 17;
  report.size_coverage = size_coverage_grid();
  report.size_coverage[0].cases = 3;
  report.suites = {"tiny", "tails", "models-batch1", "ladder"};
  report.max_elements = 4194304;
  report.vectors_path = "corpus/tfjs/vectors";
  report.elapsed_seconds = 1.25;
  return report;
}

// Reads a file of the source tree.
Json load(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  return Json::parse(in);
}

// --- a small subset of JSON Schema (draft 07): type, const, enum, required,
// properties, additionalProperties (false or a schema), items, minItems/maxItems, $ref, oneOf.
class SchemaWalker {
 public:
  explicit SchemaWalker(Json root) : root_(std::move(root)) {}
  std::vector<std::string> errors;

  void check(const Json& schema, const Json& value, const std::string& where) {
    if (schema.contains("$ref")) {
      const std::string ref = schema["$ref"];
      ASSERT_EQ(ref.rfind("#/definitions/", 0), 0u) << ref;
      check(root_["definitions"][ref.substr(14)], value, where);
      return;
    }
    if (schema.contains("oneOf")) {
      int matching = 0;
      for (const auto& option : schema["oneOf"]) {
        SchemaWalker trial(root_);
        trial.check(option, value, where);
        matching += trial.errors.empty();
      }
      if (matching != 1) errors.push_back(where + ": matches " + std::to_string(matching) + " of oneOf");
      return;
    }
    if (schema.contains("const") && value != schema["const"]) errors.push_back(where + ": not " + schema["const"].dump());
    if (schema.contains("enum")) {
      bool found = false;
      for (const auto& e : schema["enum"]) found = found || e == value;
      if (!found) errors.push_back(where + ": " + value.dump() + " not in " + schema["enum"].dump());
    }
    if (schema.contains("type") && !has_type(value, schema["type"])) {
      errors.push_back(where + ": " + value.dump() + " is not of type " + schema["type"].dump());
      return;
    }
    if (value.is_object()) {
      for (const auto& name : schema.value("required", Json::array())) {
        if (!value.contains(name)) errors.push_back(where + ": lacks required field " + name.dump());
      }
      const Json properties = schema.value("properties", Json::object());
      const Json others = schema.value("additionalProperties", Json(true));
      for (const auto& [name, item] : value.items()) {
        if (properties.contains(name)) check(properties[name], item, where + "/" + name);
        else if (others == false) errors.push_back(where + ": unknown field " + name);
        else if (others.is_object()) check(others, item, where + "/" + name);
      }
    }
    if (value.is_array()) {
      if (schema.contains("minItems") && value.size() < schema["minItems"].get<size_t>()) errors.push_back(where + ": too short");
      if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<size_t>()) errors.push_back(where + ": too long");
      if (schema.contains("items")) {
        for (size_t i = 0; i < value.size(); ++i) check(schema["items"], value[i], where + "/" + std::to_string(i));
      }
    }
  }

 private:
  static bool has_type(const Json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "boolean") return value.is_boolean();
    if (type == "null") return value.is_null();
    if (type == "integer") return value.is_number_integer();
    if (type == "number") return value.is_number();
    ADD_FAILURE() << "type " << type << " is not handled by the walker";
    return false;
  }
  Json root_;
};

TEST(ReportJson, hasEveryTopLevelFieldWithItsType) {
  const Json j = Json::parse(to_json(sample_report()).dump());
  EXPECT_EQ(j.at("format"), "dxcheck-report/1");
  EXPECT_EQ(j.at("tool").at("name"), "dxcheck");
  EXPECT_EQ(j.at("tool").at("version"), "0.1.0");
  EXPECT_EQ(j.at("tool").at("git_revision"), "abc1234");
  for (const char* field : {"cpu", "compiler", "flags"}) EXPECT_TRUE(j.at("host").at(field).is_string()) << field;
  EXPECT_EQ(j.at("command_line"), "dxcheck run --kernel lib:libbad.so --kernel faithful");
  EXPECT_EQ(j.at("seed").get<uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(j.at("cases_per_property"), 200);
  EXPECT_TRUE(j.at("time_budget_seconds").is_number());
  EXPECT_EQ(j.at("shard"), "0/1");
  EXPECT_EQ(j.at("precision"), "fp32");
  EXPECT_EQ(j.at("profile"), "both");
  EXPECT_EQ(j.at("vectors"), "corpus/tfjs/vectors");
  EXPECT_DOUBLE_EQ(j.at("elapsed_seconds").get<double>(), 1.25);
  EXPECT_EQ(j.at("verdict"), "FAILED");
  EXPECT_EQ(j.at("nothing_tested"), false);
  ASSERT_EQ(j.at("kernels").size(), 2u);
  EXPECT_EQ(j["kernels"][1].at("name"), "faithful");
  EXPECT_EQ(j["kernels"][1].at("fixed_order"), true);
  EXPECT_EQ(j["kernels"][1].at("tfjs_bitwise"), true);
  EXPECT_TRUE(j["kernels"][0].at("description").is_string());
}

TEST(ReportJson, resultsCarryStatusWordsCountsAndHistogram) {
  const Json j = Json::parse(to_json(sample_report()).dump());
  const Json& results = j.at("results");
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].at("status"), "FAILED");
  EXPECT_EQ(results[1].at("status"), "SKIPPED");
  EXPECT_EQ(results[2].at("status"), "PASSED");
  EXPECT_EQ(results[3].at("status"), "UNSUPPORTED");
  EXPECT_EQ(results[3].at("declines"), (Json{{"NCHW is not supported", 2}, {"dilations are not supported", 3}}));
  for (const auto& r : results) {
    EXPECT_TRUE(r.at("kernel").is_string());
    EXPECT_TRUE(r.at("property").is_string());
    EXPECT_TRUE(r.at("calls_kernel").is_boolean());
    EXPECT_TRUE(r.at("note").is_string());
    EXPECT_TRUE(r.at("unbounded").is_number_integer());
    EXPECT_TRUE(r.contains("max_bound_use"));
    EXPECT_TRUE(r.contains("counterexample"));
    const Json& counts = r.at("counts");
    EXPECT_EQ(counts.size(), 5u);
    for (const char* word : {"PASSED", "FAILED", "UNSUPPORTED", "SKIPPED", "MISTRUSTED"}) {
      EXPECT_TRUE(counts.at(word).is_number_integer()) << word;
    }
    const Json& histogram = r.at("bound_use_histogram");
    ASSERT_EQ(histogram.size(), kBoundUseBins.size());
    for (size_t i = 0; i < kBoundUseBins.size(); ++i) {
      EXPECT_DOUBLE_EQ(histogram[i].at("from").get<double>(), kBoundUseBins[i]);
      EXPECT_TRUE(histogram[i].at("cases").is_number_integer());
    }
  }
  EXPECT_EQ(results[2]["counts"]["MISTRUSTED"], 2);
  EXPECT_EQ(results[2]["bound_use_histogram"][5]["cases"], 2);
  EXPECT_EQ(results[1].at("note"), "only for the faithful kernel");
  EXPECT_TRUE(results[1].at("counterexample").is_null());
}

TEST(ReportJson, counterexampleHasCaseReproAndWorstElements) {
  const Json j = Json::parse(to_json(sample_report()).dump());
  const Json& ce = j["results"][0].at("counterexample");
  EXPECT_EQ(ce.at("case"), "dx1_n1_h3w3c1_k2x2o1_s1x1_valid_nhwc_tfjs_int_r1");
  EXPECT_EQ(ce.at("detail"), "1 of 9 elements wrong");
  EXPECT_EQ(ce.at("repro"), "dxcheck repro dx1_n1_h3w3c1_k2x2o1_s1x1_valid_nhwc_tfjs_int_r1");
  ASSERT_EQ(ce.at("worst").size(), 1u);
  const Json& e = ce["worst"][0];
  EXPECT_EQ(e.at("index"), 7);
  EXPECT_EQ(e.at("b"), 0);
  EXPECT_EQ(e.at("h"), 1);
  EXPECT_EQ(e.at("w"), 2);
  EXPECT_EQ(e.at("c"), 3);
  EXPECT_EQ(e.at("expected"), 1.5);
  EXPECT_EQ(e.at("got"), "NaN");  // JSON has no NaN: the vector-file spelling
  EXPECT_EQ(e.at("tau"), 0.0);
  EXPECT_EQ(e.at("ulps"), 12);
  EXPECT_EQ(e.at("bound_use"), "Infinity");
  EXPECT_EQ(e.at("why"), "wrong kind");
  EXPECT_EQ(j["results"][0].at("max_bound_use"), "Infinity");
}

TEST(ReportJson, sizeCoverageListsEveryCellOnce) {
  const Json j = Json::parse(to_json(sample_report()).dump());
  const Json& sizes = j.at("size_coverage");
  EXPECT_EQ(sizes.size(), channel_classes().size() * spatial_classes().size() * batch_classes().size());
  std::set<std::string> cells;
  for (const auto& c : sizes) {
    cells.insert(c.at("channels").get<std::string>() + "|" + c.at("spatial").get<std::string>() + "|" +
                 c.at("batch").get<std::string>());
  }
  EXPECT_EQ(cells.size(), sizes.size()) << "a cell is listed twice";
  EXPECT_EQ(sizes[0].at("cases"), 3);
  EXPECT_EQ(j.at("suites").size(), 4u);
  EXPECT_EQ(j.at("max_elements"), 4194304);
  EXPECT_EQ(j.at("results")[0].at("suite"), "tiny");
}

TEST(ReportJson, coverageListsEveryLegalCell) {
  const Json j = Json::parse(to_json(sample_report()).dump());
  const Json& coverage = j.at("coverage");
  // 2 layouts x (2 string pads + 2 numeric pad forms x 4 roundings) x 3 stride classes.
  EXPECT_EQ(coverage.size(), 2u * (2 + 2 * 4) * 3);
  std::set<std::string> cells;
  for (const auto& c : coverage) {
    const std::string pad = c.at("pad"), rounding = c.at("rounding");
    if (pad == "valid" || pad == "same") {
      EXPECT_EQ(rounding, "none") << "the op rejects a rounding mode with " << pad;
    }
    EXPECT_TRUE(c.at("cases").is_number_integer());
    cells.insert(c.at("layout").get<std::string>() + pad + rounding + c.at("stride").get<std::string>());
  }
  EXPECT_EQ(cells.size(), coverage.size()) << "a cell is listed twice";
  EXPECT_EQ(coverage[0].at("cases"), 17);
}

TEST(ReportJson, nothingTestedIsAFailedVerdict) {
  RunReport report = sample_report();
  report.results.resize(2);  // the failure and the skipped property only
  report.results[0].counts = {{Status::unsupported, 4}};
  report.results[0].counterexample.reset();
  const Json j = Json::parse(to_json(report).dump());
  EXPECT_EQ(j.at("nothing_tested"), true);
  EXPECT_EQ(j.at("verdict"), "FAILED");
  EXPECT_EQ(j["results"][0].at("status"), "UNSUPPORTED");
}

TEST(ReportJson, satisfiesTheSchemasRequiredFieldsTypesAndEnums) {
  const Json schema = load(DXCHECK_REPORT_SCHEMA);
  ASSERT_EQ(schema.at("properties").at("format").at("const"), "dxcheck-report/1");
  SchemaWalker walker(schema);
  walker.check(schema, Json::parse(to_json(sample_report()).dump()), "");
  for (const auto& e : walker.errors) ADD_FAILURE() << e;
}

TEST(ReportJson, theSchemaWalkerRejectsAMissingFieldAndAWrongStatus) {
  const Json schema = load(DXCHECK_REPORT_SCHEMA);
  Json report = Json::parse(to_json(sample_report()).dump());
  report["results"][0]["status"] = "OK";
  report["results"][0]["counterexample"].erase("repro");
  report.erase("seed");
  report["results"][3]["declines"]["NCHW is not supported"] = "two";
  SchemaWalker walker(schema);
  walker.check(schema, report, "");
  EXPECT_EQ(walker.errors.size(), 4u) << ::testing::PrintToString(walker.errors);
}

TEST(ReportJson, aReportDxcheckRunWritesSatisfiesTheSchema) {
  // The model above is hand-built; this one is what the executable really writes.
  const std::string path = ::testing::TempDir() + "report_json_test_run.json";
  std::remove(path.c_str());
  // No time budget (a loaded machine would then check a different, smaller run): the tiny
  // suite and 20 ladder cases, small ones.
  const std::string command = std::string("\"") + DXCHECK_EXECUTABLE +
                              "\" run --cases 20 --suite tiny,ladder --time-budget 0 --max-elements 100000 --no-vectors"
                              " --html '' --report \"" + path + "\" > /dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const Json schema = load(DXCHECK_REPORT_SCHEMA);
  const Json report = load(path);
  SchemaWalker walker(schema);
  walker.check(schema, report, "");
  for (const auto& e : walker.errors) ADD_FAILURE() << e;
  EXPECT_EQ(report.at("verdict"), "PASSED");
  EXPECT_FALSE(report.at("results").empty());
}

}  // namespace
}  // namespace dxcheck
