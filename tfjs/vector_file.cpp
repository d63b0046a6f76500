#include "vector_file.h"

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "case.h"
#include "output_file.h"
#include "strict_json.h"
#include "tfjs_attrs.h"

namespace dxcheck {
namespace {

using ojson = nlohmann::ordered_json;

constexpr size_t kMaxDepth = 64;
constexpr size_t kMaxRank = 8;
constexpr int64_t kMaxDim = int64_t{1} << 31;     // exclusive
constexpr int64_t kMaxCount = int64_t{1} << 31;   // exclusive
// Parsing takes ~16x the file size at its peak (the JSON document of its numbers):
// 744 MB for a 48 MB file. 64 MiB keeps a replay near 1 GB; the TFJS vectors are
// at most 24 KB.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{64} << 20;
constexpr const char* kValueKinds = R"(a number or "NaN"/"Infinity"/"-Infinity"/"-0")";

// Collects the file name and the field for every message.
class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}
  [[noreturn]] void fail(const std::string& field, const std::string& message) const {
    throw VectorError(name_ + ": " + (field.empty() ? "" : field + ": ") + message);
  }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

// A short, non-recursive description of a JSON value for messages (dump() recurses
// and may be huge).
std::string describe(const ojson& v) {
  switch (v.type()) {
    case ojson::value_t::null: return "null";
    case ojson::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case ojson::value_t::string: {
      std::string s = v.get<std::string>();
      if (s.size() > 40) s = s.substr(0, 40) + "...";
      return ojson(s).dump(-1, ' ', false, ojson::error_handler_t::replace);
    }
    case ojson::value_t::array: return "an array of " + std::to_string(v.size());
    case ojson::value_t::object: return "an object";
    case ojson::value_t::number_integer:
    case ojson::value_t::number_unsigned:
    case ojson::value_t::number_float: return v.dump();
    default: return "an unexpected JSON value";
  }
}

// What nlohmann cannot tell us after parsing: nesting depth (its copy and dump
// recurse) and the integer literal -0 (read as +0). Strings are skipped.
void prescan(const std::string& text, const Reader& reader) {
  size_t depth = 0, line = 1, column = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    ++column;
    if (ch == '\n') line += 1, column = 0;
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
      continue;
    }
    switch (ch) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > kMaxDepth) {
          reader.fail("", "line " + std::to_string(line) + " column " + std::to_string(column) +
                              ": nested deeper than " + std::to_string(kMaxDepth) + " levels");
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      case '-': {
        const char next = i + 1 < text.size() ? text[i + 1] : ' ';
        const char after = i + 2 < text.size() ? text[i + 2] : ' ';
        const bool exponent_sign = i > 0 && (text[i - 1] == 'e' || text[i - 1] == 'E');
        if (next == '0' && !exponent_sign && !std::strchr(".eE0123456789", after)) {
          reader.fail("", "line " + std::to_string(line) + " column " + std::to_string(column) +
                              ": the number -0 reads as +0 in JSON; write negative zero as the string \"-0\"");
        }
        break;
      }
      default: break;
    }
  }
}

// The float32 a JSON value stands for, or a message saying why it is none.
bool to_float(const ojson& v, float* out, std::string* why) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s == "NaN") *out = std::numeric_limits<float>::quiet_NaN();
    else if (s == "Infinity") *out = std::numeric_limits<float>::infinity();
    else if (s == "-Infinity") *out = -std::numeric_limits<float>::infinity();
    else if (s == "-0") *out = -0.0f;
    else return *why = std::string("expected ") + kValueKinds + ", got " + describe(v), false;
    return true;
  }
  if (v.is_number()) {
    // The nearest double to the literal (an integer literal converts with one correct
    // rounding: JS writes 2^58-sized floats as integers with trailing zeros).
    const double d = v.get<double>();
    if (std::isfinite(d) && std::fabs(d) <= FLT_MAX && static_cast<double>(static_cast<float>(d)) == d) {
      return *out = static_cast<float>(d), true;
    }
    if (!std::isfinite(d) || std::fabs(d) > FLT_MAX) {
      return *why = v.dump() + " is outside the float32 range (write \"Infinity\" or \"-Infinity\" for infinities)",
             false;
    }
  } else {
    return *why = std::string("expected ") + kValueKinds + ", got " + describe(v), false;
  }
  const double d = v.get<double>();
  std::ostringstream nearest;
  nearest.precision(9);
  nearest << static_cast<float>(d);
  *why = v.dump() + " is not exactly a float32 value (nearest: " + nearest.str() +
         "); vectors hold float32 values written to round-trip";
  return false;
}

bool as_shape_entry(const ojson& v, int64_t* out) {
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u >= static_cast<uint64_t>(kMaxDim)) return false;
    *out = static_cast<int64_t>(u);
    return true;
  }
  if (v.is_number_integer()) {
    const int64_t i = v.get<int64_t>();
    if (i < 0 || i >= kMaxDim) return false;
    *out = i;
    return true;
  }
  if (v.is_number_float()) {  // JS has one number type: 2.0 is 2
    const double d = v.get<double>();
    if (!(d >= 0 && d < static_cast<double>(kMaxDim)) || std::trunc(d) != d) return false;
    *out = static_cast<int64_t>(d);
    return true;
  }
  return false;
}

const ojson& member(const Reader& r, const ojson& object, const std::string& field, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) r.fail(field, std::string("missing key \"") + key + "\"");
  return *it;
}

void only_keys(const Reader& r, const ojson& object, const std::string& field,
               std::initializer_list<const char*> allowed) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (const char* key : allowed) known = known || it.key() == key;
    if (!known) {
      std::string list;
      for (const char* key : allowed) list += std::string(list.empty() ? "" : ", ") + key;
      r.fail(field, "unknown key " + describe(ojson(it.key())) + " (allowed: " + list + ")");
    }
  }
}

VectorTensor read_tensor(const Reader& r, const ojson& v, const std::string& field) {
  if (!v.is_object()) r.fail(field, "expected an object {\"shape\": [...], \"data\": [...]}, got " + describe(v));
  only_keys(r, v, field, {"shape", "data"});
  VectorTensor t;
  const ojson& shape = member(r, v, field, "shape");
  if (!shape.is_array()) r.fail(field + ".shape", "expected an array of integers, got " + describe(shape));
  if (shape.size() > kMaxRank) {
    r.fail(field + ".shape", "rank " + std::to_string(shape.size()) + " is above the limit " + std::to_string(kMaxRank));
  }
  int64_t count = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    int64_t d;
    if (!as_shape_entry(shape[i], &d)) {
      r.fail(field + ".shape[" + std::to_string(i) + "]", "expected an integer in [0, 2^31), got " + describe(shape[i]));
    }
    t.shape.push_back(d);
  }
  for (int64_t d : t.shape) {
    if (d == 0) count = 0;
  }
  if (count != 0) {
    for (int64_t d : t.shape) {
      if (count > (kMaxCount - 1) / d) r.fail(field + ".shape", shape_text(t.shape) + " has 2^31 elements or more");
      count *= d;
    }
  }
  const ojson& data = member(r, v, field, "data");
  if (!data.is_array()) r.fail(field + ".data", "expected an array of values, got " + describe(data));
  if (static_cast<int64_t>(data.size()) != count) {
    r.fail(field + ".data", "has " + std::to_string(data.size()) + " values, but shape " + shape_text(t.shape) +
                                " needs " + std::to_string(count));
  }
  t.data.resize(data.size());
  std::string why;
  for (size_t i = 0; i < data.size(); ++i) {
    if (!to_float(data[i], &t.data[i], &why)) r.fail(field + ".data[" + std::to_string(i) + "]", why);
  }
  return t;
}

std::string read_string(const Reader& r, const ojson& v, const std::string& field) {
  if (!v.is_string()) r.fail(field, "expected a string, got " + describe(v));
  return v.get<std::string>();
}

std::string tensor_text(const VectorTensor& t) {
  std::string s = "{\"shape\":" + shape_text(t.shape) + ",\"data\":[";
  for (size_t i = 0; i < t.data.size(); ++i) {
    if (i) s += ',';
    s += vector_value_text(t.data[i]);
  }
  return s + "]}";
}

std::string string_text(const std::string& s) {
  return ojson(s).dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace

dxcheck_conv_desc VectorFile::resolve(const Limits& limits) const {
  if (!attrs) throw ConvInfoError(attrs_error);
  return resolve_conv_info(*attrs, limits);
}

VectorFile parse_vector(const std::string& text, const std::string& name) {
  const Reader r(name);
  prescan(text, r);
  ojson root;
  try {
    root = parse_strict_json(text);  // a key given twice is an error, not the last one winning
  } catch (const StrictJsonError& e) {
    r.fail("", e.what());
  }
  if (!root.is_object()) r.fail("", "expected a JSON object, got " + describe(root));
  only_keys(r, root, "", {"format", "source", "attrs", "dy", "filter", "expect", "got", "case"});

  VectorFile v;
  v.name = name;
  const std::string format = read_string(r, member(r, root, "", "format"), "format");
  if (format != kVectorFormat) r.fail("format", std::string("expected \"") + kVectorFormat + "\", got " + describe(ojson(format)));
  if (root.contains("source")) v.source = read_string(r, root.at("source"), "source");

  v.dy = read_tensor(r, member(r, root, "", "dy"), "dy");
  v.filter = read_tensor(r, member(r, root, "", "filter"), "filter");

  const ojson& expect = member(r, root, "", "expect");
  if (!expect.is_object()) r.fail("expect", "expected {\"dx\": {...}} or {\"error\": \"...\"}, got " + describe(expect));
  only_keys(r, expect, "expect", {"dx", "error"});
  if (expect.contains("dx") == expect.contains("error")) {
    r.fail("expect", "needs exactly one of \"dx\" and \"error\"");
  }
  if (expect.contains("dx")) v.expect_dx = read_tensor(r, expect.at("dx"), "expect.dx");
  else v.expect_error = read_string(r, expect.at("error"), "expect.error");
  if (root.contains("got")) v.got = read_tensor(r, root.at("got"), "got");
  if (root.contains("case")) {
    v.case_string = read_string(r, root.at("case"), "case");
    try {
      (void)parse_case(*v.case_string);
    } catch (const CaseError& e) {
      r.fail("case", e.what());
    }
  }

  const ojson& attrs = member(r, root, "", "attrs");
  if (!attrs.is_object()) r.fail("attrs", "expected an object of TFJS attributes, got " + describe(attrs));
  // A misspelled attribute ("dataformat") would replay as the default: refused.
  only_keys(r, attrs, "attrs", {"inputShape", "filterShape", "strides", "pad", "dataFormat", "dimRoundingMode", "profile"});
  v.attrs_json = attrs;
  try {
    ConvAttrs a = attrs_from_json(nlohmann::json(attrs), &v.filter.shape);
    a.dy_shape = v.dy.shape;
    v.attrs = std::move(a);
  } catch (const ConvInfoError& e) {
    v.attrs_error = e.what();
  } catch (const std::exception& e) {  // a JSON type error inside attrs_from_json: still TFJS's input
    v.attrs_error = std::string("attrs: ") + e.what();
  }
  return v;
}

VectorFile read_vector_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) throw VectorError(name + ": cannot read: " + error.message());
  if (size > kMaxFileBytes) throw VectorError(name + ": larger than 64 MiB (the limit of a vector file)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw VectorError(name + ": cannot open");
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) throw VectorError(name + ": read error");
  return parse_vector(text, name);
}

std::string vector_value_text(float value) {
  if (std::isnan(value)) return "\"NaN\"";
  if (std::isinf(value)) return value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  if (value == 0) return std::signbit(value) ? "\"-0\"" : "0";
  // ECMAScript Number::toString of the double value: the shortest digits s (k of them)
  // with value = s * 10^(n - k), laid out by n (ECMA-262, Number::toString step 6-12).
  char buffer[64];
  const double d = std::fabs(static_cast<double>(value));
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::scientific);
  const std::string sci(buffer, result.ptr);
  const size_t e = sci.find('e');
  std::string digits = sci.substr(0, 1) + (e > 2 ? sci.substr(2, e - 2) : "");
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int k = static_cast<int>(digits.size());
  const int n = std::stoi(sci.substr(e + 1)) + 1;
  std::string out = value < 0 ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1) + (k > 1 ? "." + digits.substr(1) : "") + "e" + (n - 1 >= 0 ? "+" : "-") +
           std::to_string(std::abs(n - 1));
  }
  return out;
}

std::string write_vector(const VectorFile& v) {
  ojson attrs = v.attrs_json;
  if (attrs.is_null() && v.attrs) {
    attrs = attrs_to_json(*v.attrs);
    if (v.attrs->profile != Profile::tfjs) attrs["profile"] = to_string(v.attrs->profile);
  }
  std::string s = "{\"format\": " + string_text(kVectorFormat) + ",\n";
  if (!v.source.empty()) s += " \"source\": " + string_text(v.source) + ",\n";
  s += " \"attrs\": " + attrs.dump(-1, ' ', false, ojson::error_handler_t::replace) + ",\n";
  s += " \"dy\": " + tensor_text(v.dy) + ",\n";
  s += " \"filter\": " + tensor_text(v.filter);
  if (v.expect_dx) s += ",\n \"expect\": {\"dx\": " + tensor_text(*v.expect_dx) + "}";
  else if (v.expect_error) s += ",\n \"expect\": {\"error\":" + string_text(*v.expect_error) + "}";
  if (v.got) s += ",\n \"got\": " + tensor_text(*v.got);
  if (v.case_string) s += ",\n \"case\": " + string_text(*v.case_string);
  return s + "}\n";
}

void write_vector_file(const std::filesystem::path& path, const VectorFile& vector) {
  write_output_file(path.string(), write_vector(vector));
}

}  // namespace dxcheck
