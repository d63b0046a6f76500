// JSON as dxcheck reads its inputs (vector files, conv-info attributes): nlohmann's
// parser through a SAX handler that refuses what nlohmann would accept silently or
// handle badly — a key given twice (nlohmann keeps the last one), nesting deeper than
// a limit (copying, printing and destroying recurse), objects with absurdly many keys.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace dxcheck {

struct StrictJsonError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct StrictJsonLimits {
  int max_depth = 64;
  size_t max_object_keys = 1024;
};

// The document, or StrictJsonError: "not valid JSON: ...", "nested deeper than 64
// levels", "the key \"pad\" appears twice in one object", ...
nlohmann::ordered_json parse_strict_json(const std::string& text, const StrictJsonLimits& limits = {});

// A short, printable, non-recursive description of a value for messages: strings cut
// at 40 characters with control characters (NUL too) escaped, arrays and objects by
// their size, numbers as written.
std::string json_excerpt(const nlohmann::ordered_json& value);
std::string json_excerpt(const nlohmann::json& value);

}  // namespace dxcheck
