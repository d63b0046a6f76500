#include "tfjs_attrs.h"

#include <cmath>
#include <cstdio>

#include "strict_json.h"

namespace dxcheck {
namespace {

using nlohmann::json;

[[noreturn]] void reject(const std::string& message) { throw ConvInfoError(message); }

// The attributes TFJS's conv2DBackpropInput takes (plus dxcheck's profile): any other
// key is a typo ("dataformat") that would otherwise replay silently as the default.
constexpr const char* kAttributeNames[] = {"inputShape", "filterShape", "strides", "pad",
                                           "dataFormat", "dimRoundingMode", "profile"};

// Values in messages: short, printable, never a recursive dump of a huge input.
std::string shown(const json& value) { return json_excerpt(value); }

// A string as it appears in TFJS's own messages, but cut short and with control
// characters (an embedded NUL would end the message early) escaped.
std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s.substr(0, 60)) {
    if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return s.size() > 60 ? out + "..." : out;
}

// Magnitudes from 2^62 on are out of range: every dxcheck size and pad is far below.
constexpr double kIntegerRange = 0x1p62;
enum class IntegerRead { ok, not_integer, out_of_range };

// JS has one number type: 2.0 is the integer 2. Anything else is named in the error.
IntegerRead read_integer(const json& value, int64_t* out) {
  if (value.is_number_unsigned()) {
    if (value.get<uint64_t>() >= static_cast<uint64_t>(kIntegerRange)) return IntegerRead::out_of_range;
    *out = static_cast<int64_t>(value.get<uint64_t>());
    return IntegerRead::ok;
  }
  if (value.is_number_integer()) {
    const int64_t i = value.get<int64_t>();
    if (i <= -static_cast<int64_t>(kIntegerRange)) return IntegerRead::out_of_range;
    *out = i;
    return IntegerRead::ok;
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d) || std::trunc(d) != d) return IntegerRead::not_integer;
    if (std::fabs(d) >= kIntegerRange) return IntegerRead::out_of_range;
    *out = static_cast<int64_t>(d);
    return IntegerRead::ok;
  }
  return IntegerRead::not_integer;
}

[[noreturn]] void reject_out_of_range(const std::string& name, const json& value) {
  reject(name + " " + shown(value) + " is out of range (integers of magnitude below 2^62)");
}

std::vector<int64_t> integer_list(const json& attrs, const char* name) {
  if (!attrs.contains(name)) reject(std::string("missing attribute '") + name + "'");
  const json& value = attrs.at(name);
  if (!value.is_array()) reject(std::string(name) + " must be an array of integers, got " + shown(value));
  if (value.size() > 8) reject(std::string(name) + " has " + std::to_string(value.size()) + " entries (at most 8), got " + shown(value));
  std::vector<int64_t> out;
  for (const json& item : value) {
    int64_t v;
    const IntegerRead read = read_integer(item, &v);
    if (read == IntegerRead::out_of_range) reject_out_of_range(std::string("an entry of ") + name, item);
    if (read != IntegerRead::ok) reject(std::string(name) + " must hold integers, got " + shown(value));
    out.push_back(v);
  }
  return out;
}

std::string pad_text(const json& pad) { return pad.is_string() ? printable(pad.get<std::string>()) : shown(pad); }

}  // namespace

ConvAttrs attrs_from_json(const json& attrs, const std::vector<int64_t>* filter_shape) {
  if (!attrs.is_object()) reject("attributes must be a JSON object, got " + shown(attrs));
  for (auto it = attrs.begin(); it != attrs.end(); ++it) {
    bool known = false;
    for (const char* name : kAttributeNames) known = known || it.key() == name;
    if (!known) {
      std::string names;
      for (const char* name : kAttributeNames) names += std::string(names.empty() ? "" : ", ") + name;
      reject("unknown attribute " + shown(json(it.key())) + " (the attributes are " + names + ")");
    }
  }
  ConvAttrs a;
  a.input_shape = integer_list(attrs, "inputShape");
  a.filter_shape = filter_shape ? *filter_shape : integer_list(attrs, "filterShape");

  // dataFormat: the op defaults to 'NHWC'; any other string is an error in the kernel.
  if (attrs.contains("dataFormat")) {
    const json& format = attrs.at("dataFormat");
    if (format == "NHWC") a.layout = Layout::nhwc;
    else if (format == "NCHW") a.layout = Layout::nchw;
    else reject("Unknown dataFormat " + pad_text(format));
  }

  // dimRoundingMode: null or absent is unset; '' counts as set for the op's pad check
  // (checkPadOnDimRoundingMode tests mode != null) but rounds like unset (trunc).
  bool mode_set = false;
  std::string mode;
  if (attrs.contains("dimRoundingMode") && !attrs.at("dimRoundingMode").is_null()) {
    const json& m = attrs.at("dimRoundingMode");
    if (!m.is_string()) reject("dimRoundingMode must be a string, got " + shown(m));
    mode_set = true;
    mode = m.get<std::string>();
  }

  if (!attrs.contains("pad")) reject("missing attribute 'pad'");
  const json& pad = attrs.at("pad");
  const std::string integer_pad_message =
      "Error in conv2dDerInput: pad must be an integer when using dimRoundingMode " + printable(mode) + " but got pad ";
  if (pad.is_string()) {
    if (mode_set) reject(integer_pad_message + printable(pad.get<std::string>()) + ".");
    if (pad == "same") a.pad = Padding::same();
    else if (pad == "valid") a.pad = Padding::valid();
    else reject("Unknown padding parameter: " + printable(pad.get<std::string>()));  // 'SAME' too, as in TFJS
  } else if (pad.is_number()) {
    int64_t p;
    const IntegerRead read = read_integer(pad, &p);
    if (read == IntegerRead::out_of_range) reject_out_of_range("pad", pad);
    if (read != IntegerRead::ok) {
      if (mode_set) reject(integer_pad_message + shown(pad) + ".");
      reject("pad must be an integer, got " + shown(pad) + " (TFJS reads fractional indices as NaN)");
    }
    a.pad = Padding::of(p);
  } else if (pad.is_array()) {
    if (pad.size() != 4) reject("explicit pad must be 4 pairs [[b0,b1],[t,b],[l,r],[c0,c1]], got " + shown(pad));
    Padding p;
    p.kind = Padding::Kind::explicit_pairs;
    for (size_t i = 0; i < 4; ++i) {
      if (!pad[i].is_array() || pad[i].size() != 2) reject("explicit pad must be 4 pairs of 2 integers, got " + shown(pad));
      for (size_t j = 0; j < 2; ++j) {
        const IntegerRead read = read_integer(pad[i][j], &p.pairs[i][j]);
        if (read == IntegerRead::out_of_range) reject_out_of_range("an explicit pad", pad[i][j]);
        if (read != IntegerRead::ok) {
          if (mode_set) reject(integer_pad_message + shown(pad[i][j]) + ".");
          reject("explicit pad must hold integers, got " + shown(pad));
        }
      }
    }
    a.pad = p;
  } else {
    reject("Error in conv2dDerInput: Unknown padding parameter: " + shown(pad));
  }

  if (mode_set && !mode.empty()) {
    if (mode == "floor") a.rounding = Rounding::floor;
    else if (mode == "round") a.rounding = Rounding::round;
    else if (mode == "ceil") a.rounding = Rounding::ceil;
    else reject("Unknown roundingMode " + printable(mode));
  }

  if (!attrs.contains("strides")) reject("missing attribute 'strides'");
  const json& strides = attrs.at("strides");
  if (strides.is_number()) {
    int64_t s;
    const IntegerRead read = read_integer(strides, &s);
    if (read == IntegerRead::out_of_range) reject_out_of_range("strides", strides);
    if (read != IntegerRead::ok) reject("strides must be integers, got " + shown(strides));
    a.strides = {s, s};
  } else {
    a.strides = integer_list(attrs, "strides");
  }

  if (attrs.contains("profile")) {
    const json& profile = attrs.at("profile");
    if (profile == "tfjs") a.profile = Profile::tfjs;
    else if (profile == "peraxis") a.profile = Profile::peraxis;
    else reject("profile must be \"tfjs\" or \"peraxis\", got " + shown(profile));
  }
  return a;
}

nlohmann::ordered_json attrs_to_json(const ConvAttrs& a) {
  nlohmann::ordered_json out;
  out["inputShape"] = a.input_shape;
  out["strides"] = a.strides;
  switch (a.pad.kind) {
    case Padding::Kind::valid: out["pad"] = "valid"; break;
    case Padding::Kind::same: out["pad"] = "same"; break;
    case Padding::Kind::number: out["pad"] = a.pad.number; break;
    case Padding::Kind::explicit_pairs: {
      nlohmann::ordered_json pairs = nlohmann::ordered_json::array();
      for (const auto& pair : a.pad.pairs) pairs.push_back({pair[0], pair[1]});
      out["pad"] = pairs;
      break;
    }
  }
  out["dataFormat"] = to_string(a.layout);
  if (a.rounding != Rounding::none) out["dimRoundingMode"] = to_string(a.rounding);
  return out;
}

nlohmann::ordered_json desc_to_json(const dxcheck_conv_desc& d) {
  return nlohmann::ordered_json{{"abi_version", d.abi_version},     {"batch", d.batch},
              {"in_height", d.in_height},         {"in_width", d.in_width},
              {"in_channels", d.in_channels},     {"out_height", d.out_height},
              {"out_width", d.out_width},         {"out_channels", d.out_channels},
              {"filter_height", d.filter_height}, {"filter_width", d.filter_width},
              {"stride_height", d.stride_height}, {"stride_width", d.stride_width},
              {"pad_top", d.pad_top},             {"pad_left", d.pad_left},
              {"pad_bottom", d.pad_bottom},       {"pad_right", d.pad_right},
              {"data_format", d.data_format}};
}

}  // namespace dxcheck
