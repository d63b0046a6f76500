// Golden vector files, format dxcheck-vector/1 (docs/design.md "The vector file (dxcheck-vector/1)"): one
// literal call of the real TFJS op/kernel, or a failing case written by
// `dxcheck repro --emit-vector` (with dxcheck's own dx as "got").
//
// Reading is strict, because a vector is evidence: a file that does not say exactly one
// thing is rejected with its name and the field, never guessed at and never a crash
// (the reader is fuzzed).
//  - Values are float32. A JSON number is accepted only when the nearest double to it
//    is exactly a float32 value — what any correct shortest-round-trip writer (JS's
//    Number.prototype.toString of a Float32Array element, ours below) produces. 0.1,
//    16777217 or 1e39 are rejected: rounding them silently would change the recorded
//    input. NaN, +Inf, -Inf and negative zero are the strings "NaN", "Infinity",
//    "-Infinity" and "-0"; the JSON number -0 (no fraction or exponent) is rejected
//    because JSON parsers read it as +0 (write "-0"); -0.0 keeps its sign and is taken.
//  - Shapes are lists of integers in [0, 2^31), at most 8 entries, element count below
//    2^31; data must have exactly that many values.
//  - Unknown keys are an error, at the top and in "attrs" (a typo such as "expcet" or
//    "dataformat" must not turn a vector into a no-op or replay it as the default), and
//    so is a key given twice; nesting is limited to 64 levels.
//  - "attrs" is TFJS's input, so any values under the attribute names are a well-formed
//    attrs: values TFJS or dxcheck reject (pad 'SAME', a rank-2 inputShape) are kept as
//    `attrs_error`, which is exactly what an error vector is about.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conv_info.h"

namespace dxcheck {

inline constexpr const char* kVectorFormat = "dxcheck-vector/1";

// A malformed file: "<file>: <field>: <what is wrong>".
struct VectorError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct VectorTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;  // row-major, length = product of shape
};

struct VectorFile {
  std::string name;    // the file it came from (for messages), or where it goes
  std::string source;  // e.g. "@tensorflow/tfjs-backend-cpu@4.22.0"; may be empty
  // attrs as written (TFJS's names). The writer uses these when present, else
  // attrs_to_json(*attrs) (plus "profile" when it is not tfjs).
  nlohmann::ordered_json attrs_json;
  // The typed attributes (filter shape from the filter tensor, dy_shape from dy), or
  // nothing when attrs_from_json rejected them; attrs_error then says why.
  std::optional<ConvAttrs> attrs;
  std::string attrs_error;
  VectorTensor dy;
  VectorTensor filter;
  std::optional<VectorTensor> expect_dx;     // exactly one of expect_dx ...
  std::optional<std::string> expect_error;   // ... and expect_error when read
  std::optional<VectorTensor> got;           // dxcheck's own dx (repro --emit-vector)
  std::optional<std::string> case_string;    // a dx1_... string (checked by parse_case)

  // The desc of these attributes and this dy, or ConvInfoError (attrs_error included).
  dxcheck_conv_desc resolve(const Limits& limits = {}) const;
};

// Parses the text of one vector; `name` prefixes every error. Throws VectorError.
VectorFile parse_vector(const std::string& text, const std::string& name);

// Reads and parses a file (at most 64 MiB). Throws VectorError, also when unreadable.
VectorFile read_vector_file(const std::filesystem::path& path);

// The file's text in the corpus's layout (one key per line, values compact, numbers as
// JavaScript writes them), so parse -> write reproduces a corpus file byte for byte.
std::string write_vector(const VectorFile& vector);
// Atomically (output_file.h); OutputFileError names the path and the reason.
void write_vector_file(const std::filesystem::path& path, const VectorFile& vector);

// One float32 as the format writes it: JS's shortest round-trip decimal of the value,
// or "NaN"/"Infinity"/"-Infinity"/"-0" as JSON strings (with quotes).
std::string vector_value_text(float value);

}  // namespace dxcheck
