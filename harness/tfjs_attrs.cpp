#include "tfjs_attrs.h"

#include <cmath>

namespace dxcheck {
namespace {

using nlohmann::json;

[[noreturn]] void reject(const std::string& message) { throw ConvInfoError(message); }

// JS has one number type: 2.0 is the integer 2. Anything else is named in the error.
bool as_integer(const json& value, int64_t* out) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return false;
    *out = value.get<int64_t>();
    return true;
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) >= 0x1p62) return false;
    *out = static_cast<int64_t>(d);
    return true;
  }
  return false;
}

std::vector<int64_t> integer_list(const json& attrs, const char* name) {
  if (!attrs.contains(name)) reject(std::string("missing attribute '") + name + "'");
  const json& value = attrs.at(name);
  if (!value.is_array()) reject(std::string(name) + " must be an array of integers, got " + value.dump());
  std::vector<int64_t> out;
  for (const json& item : value) {
    int64_t v;
    if (!as_integer(item, &v)) reject(std::string(name) + " must hold integers, got " + value.dump());
    out.push_back(v);
  }
  return out;
}

std::string pad_text(const json& pad) { return pad.is_string() ? pad.get<std::string>() : pad.dump(); }

}  // namespace

ConvAttrs attrs_from_json(const json& attrs, const std::vector<int64_t>* filter_shape) {
  if (!attrs.is_object()) reject("attributes must be a JSON object, got " + attrs.dump());
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
    if (!m.is_string()) reject("dimRoundingMode must be a string, got " + m.dump());
    mode_set = true;
    mode = m.get<std::string>();
  }

  if (!attrs.contains("pad")) reject("missing attribute 'pad'");
  const json& pad = attrs.at("pad");
  const std::string integer_pad_message =
      "Error in conv2dDerInput: pad must be an integer when using dimRoundingMode " + mode + " but got pad ";
  if (pad.is_string()) {
    if (mode_set) reject(integer_pad_message + pad.get<std::string>() + ".");
    if (pad == "same") a.pad = Padding::same();
    else if (pad == "valid") a.pad = Padding::valid();
    else reject("Unknown padding parameter: " + pad.get<std::string>());  // 'SAME' too, as in TFJS
  } else if (pad.is_number()) {
    int64_t p;
    if (!as_integer(pad, &p)) {
      if (mode_set) reject(integer_pad_message + pad.dump() + ".");
      reject("pad must be an integer, got " + pad.dump() + " (TFJS reads fractional indices as NaN)");
    }
    a.pad = Padding::of(p);
  } else if (pad.is_array()) {
    if (pad.size() != 4) reject("explicit pad must be 4 pairs [[b0,b1],[t,b],[l,r],[c0,c1]], got " + pad.dump());
    Padding p;
    p.kind = Padding::Kind::explicit_pairs;
    for (size_t i = 0; i < 4; ++i) {
      if (!pad[i].is_array() || pad[i].size() != 2) reject("explicit pad must be 4 pairs of 2 integers, got " + pad.dump());
      for (size_t j = 0; j < 2; ++j) {
        if (!as_integer(pad[i][j], &p.pairs[i][j])) {
          if (mode_set) reject(integer_pad_message + pad[i][j].dump() + ".");
          reject("explicit pad must hold integers, got " + pad.dump());
        }
      }
    }
    a.pad = p;
  } else {
    reject("Error in conv2dDerInput: Unknown padding parameter: " + pad.dump());
  }

  if (mode_set && !mode.empty()) {
    if (mode == "floor") a.rounding = Rounding::floor;
    else if (mode == "round") a.rounding = Rounding::round;
    else if (mode == "ceil") a.rounding = Rounding::ceil;
    else reject("Unknown roundingMode " + mode);
  }

  if (!attrs.contains("strides")) reject("missing attribute 'strides'");
  const json& strides = attrs.at("strides");
  if (strides.is_number()) {
    int64_t s;
    if (!as_integer(strides, &s)) reject("strides must be integers, got " + strides.dump());
    a.strides = {s, s};
  } else {
    a.strides = integer_list(attrs, "strides");
  }

  if (attrs.contains("profile")) {
    const json& profile = attrs.at("profile");
    if (profile == "tfjs") a.profile = Profile::tfjs;
    else if (profile == "peraxis") a.profile = Profile::peraxis;
    else reject("profile must be \"tfjs\" or \"peraxis\", got " + profile.dump());
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
