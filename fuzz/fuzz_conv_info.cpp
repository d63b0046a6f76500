// Arbitrary attributes into resolve_conv_info: dims and strides over the whole int64
// range, zero and negative; every pad form including malformed explicit pairs; every
// rounding; both profiles and layouts; an optional dy shape; a fuzzed tensor cap.
//
// The oracle is a second, independent model of the same rules in exact integer
// arithmetic (tfjs/conv_info_model.h), where resolve_conv_info evaluates TFJS's double
// expressions: both must agree on accept or
// reject, and on every field of an accepted desc. Every accepted desc also keeps the
// ABI's invariants. The JSON route (attrs_to_json -> attrs_from_json, what `dxcheck
// conv-info` and the vectors read) must resolve to the same answer, and a JSON value of
// the wrong kind in any attribute must be a ConvInfoError.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "conv_info.h"
#include "conv_info_model.h"
#include "tfjs_attrs.h"

namespace {

using dxcheck::ConvAttrs;
using dxcheck::Layout;
using dxcheck::Padding;
using dxcheck::Profile;
using dxcheck::Rounding;

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

int64_t pick_integer(FuzzedDataProvider& in) {
  static const int64_t kSpecial[] = {-1, 0, 1, 2, 3, kInt32Max, kInt32Max + 1, kInt32Max - 1, -kInt32Max,
                                     -kInt32Max - 1, kInt64Max, kInt64Min, int64_t{1} << 32, int64_t{1} << 53,
                                     int64_t{1} << 62, 46341, 65536, int64_t{1} << 28, (int64_t{1} << 14) + 1};
  switch (in.ConsumeIntegralInRange<int>(0, 7)) {
    case 0:
    case 1:
    case 2: return in.ConsumeIntegralInRange<int64_t>(0, 12);
    case 3: return in.ConsumeIntegralInRange<int64_t>(-3, 40);
    case 4: return in.PickValueInArray(kSpecial);
    case 5: return in.ConsumeIntegral<int64_t>();
    case 6: return in.ConsumeIntegralInRange<int64_t>(-(int64_t{1} << 33), int64_t{1} << 33);
    default: return in.ConsumeIntegralInRange<int64_t>(0, 70000);
  }
}

std::vector<int64_t> pick_list(FuzzedDataProvider& in) {
  // Mostly the right length; sometimes any length up to 6.
  const size_t length = in.ConsumeBool() ? in.ConsumeIntegralInRange<size_t>(0, 6) : 4;
  std::vector<int64_t> list;
  for (size_t i = 0; i < length; ++i) list.push_back(pick_integer(in));
  return list;
}

// --- reporting -------------------------------------------------------------------------

std::string describe(const ConvAttrs& a) {
  nlohmann::ordered_json j = dxcheck::attrs_to_json(a);
  j["filterShape"] = a.filter_shape;
  j["profile"] = dxcheck::to_string(a.profile);
  if (a.dy_shape) j["dyShape"] = *a.dy_shape;
  return j.dump();
}

std::string describe(const std::optional<dxcheck_conv_desc>& d) {
  return d ? dxcheck::desc_to_json(*d).dump() : std::string("(rejected)");
}

[[noreturn]] void finding(const char* what, const ConvAttrs& a, const std::string& detail) {
  std::fprintf(stderr, "fuzz_conv_info: %s\n  attrs: %s\n  %s\n", what, describe(a).c_str(), detail.c_str());
  std::abort();
}

bool same_desc(const dxcheck_conv_desc& x, const dxcheck_conv_desc& y) {
  return dxcheck::desc_to_json(x) == dxcheck::desc_to_json(y);
}

std::optional<dxcheck_conv_desc> resolve(const ConvAttrs& a, const dxcheck::Limits& limits) {
  try {
    return dxcheck::resolve_conv_info(a, limits);
  } catch (const dxcheck::ConvInfoError&) {
    return std::nullopt;
  }
}

// The ABI's invariants of any accepted desc.
void check_invariants(const ConvAttrs& a, const dxcheck_conv_desc& d, const dxcheck::Limits& limits) {
  const auto fail = [&](const char* what) { finding(what, a, "desc: " + describe(d)); };
  if (d.abi_version != DXCHECK_KERNEL_ABI_VERSION) fail("abi_version");
  if (d.batch < 0 || d.in_height < 0 || d.in_width < 0 || d.in_channels < 0 || d.out_height < 0 ||
      d.out_width < 0 || d.out_channels < 0 || d.filter_height < 0 || d.filter_width < 0) {
    fail("a negative dimension");
  }
  if (d.stride_height < 1 || d.stride_width < 1) fail("a stride below 1");
  if (d.out_height > 0 &&
      int64_t{d.out_height - 1} * d.stride_height + d.filter_height != int64_t{d.in_height} + d.pad_top + d.pad_bottom) {
    fail("(oh-1)*sh + fh != h + top + bottom");
  }
  if (d.out_width > 0 &&
      int64_t{d.out_width - 1} * d.stride_width + d.filter_width != int64_t{d.in_width} + d.pad_left + d.pad_right) {
    fail("(ow-1)*sw + fw != w + left + right");
  }
  for (const auto& shape : {dxcheck::dx_shape(d), dxcheck::dy_shape(d), dxcheck::filter_shape(d)}) {
    if (!dxcheck::within_element_cap(shape, limits.max_tensor_elements)) fail("a tensor above the element cap");
  }
}

// A JSON value of some kind other than the attribute's own.
nlohmann::json odd_value(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 11)) {
    case 0: return nullptr;
    case 1: return in.ConsumeBool();
    case 2: return in.ConsumeFloatingPoint<double>();
    case 3: {  // text arrives parsed, so always valid UTF-8: keep to printable ASCII
      std::string s = in.ConsumeRandomLengthString(12);
      for (char& ch : s) ch = static_cast<char>(' ' + static_cast<unsigned char>(ch) % 95);
      return s;
    }
    case 4: return nlohmann::json::array({in.ConsumeIntegral<int64_t>(), "x"});
    case 5: return nlohmann::json::object({{"a", 1}});
    case 6: return nlohmann::json::array({nlohmann::json::array({0, 0}), nlohmann::json::array({1}), 2, nullptr});
    case 7: return 2.5;
    case 8: return "SAME";
    case 9: return std::numeric_limits<uint64_t>::max();
    case 10: return 1e300;
    default: return nlohmann::json::array();
  }
}

void check_json_route(FuzzedDataProvider& in, const ConvAttrs& a, const std::optional<dxcheck_conv_desc>& typed,
                      const dxcheck::Limits& limits) {
  // attrs_to_json writes what attrs_from_json reads; the filter comes separately, as in
  // the vectors, and dy_shape is not an attribute.
  nlohmann::ordered_json ordered = dxcheck::attrs_to_json(a);
  if (a.profile != Profile::tfjs) ordered["profile"] = dxcheck::to_string(a.profile);
  nlohmann::json j = nlohmann::json::parse(ordered.dump());  // as `conv-info` reads text
  const bool mutate = in.ConsumeBool();
  if (mutate) {
    static const char* kKeys[] = {"inputShape", "strides", "pad", "dataFormat", "dimRoundingMode", "profile"};
    const char* key = in.PickValueInArray(kKeys);
    if (in.ConsumeBool()) j.erase(key);
    else j[key] = odd_value(in);
  }
  std::optional<dxcheck_conv_desc> from_json;
  try {
    ConvAttrs parsed = dxcheck::attrs_from_json(j, &a.filter_shape);
    parsed.dy_shape = a.dy_shape;
    from_json = resolve(parsed, limits);
  } catch (const dxcheck::ConvInfoError&) {
  } catch (const std::exception& e) {
    finding("attrs_from_json threw something other than ConvInfoError", a,
            std::string("json: ") + j.dump() + "\n  what: " + e.what());
  }
  if (mutate) return;
  if (typed.has_value() != from_json.has_value() || (typed && !same_desc(*typed, *from_json))) {
    finding("the JSON route resolves differently", a,
            "json: " + j.dump() + "\n  typed: " + describe(typed) + "\n  json route: " + describe(from_json));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  ConvAttrs a;
  a.layout = in.ConsumeBool() ? Layout::nchw : Layout::nhwc;
  a.profile = in.ConsumeBool() ? Profile::peraxis : Profile::tfjs;
  a.rounding = in.PickValueInArray({Rounding::none, Rounding::floor, Rounding::round, Rounding::ceil});
  a.input_shape = pick_list(in);
  a.filter_shape = pick_list(in);
  // Most cases pass the depth check, so the fuzzer spends its time past it.
  if (a.filter_shape.size() == 4 && a.input_shape.size() == 4 && in.ConsumeProbability<float>() < 0.8f) {
    a.filter_shape[2] = a.layout == Layout::nhwc ? a.input_shape[3] : a.input_shape[1];
  }
  if (in.ConsumeProbability<float>() < 0.9f) {
    a.strides = {pick_integer(in), pick_integer(in)};
  } else {
    a.strides = pick_list(in);
  }
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: a.pad = Padding::valid(); break;
    case 1: a.pad = Padding::same(); break;
    case 2: a.pad = Padding::of(pick_integer(in)); break;
    default: {
      const int64_t t = pick_integer(in), b = pick_integer(in), l = pick_integer(in), r = pick_integer(in);
      a.pad = Padding::explicit_sides(a.layout, t, b, l, r);
      // Malformed pairs: a nonzero batch or channel entry, or sides in the wrong slots.
      if (in.ConsumeProbability<float>() < 0.15f) {
        const int pair = in.ConsumeIntegralInRange<int>(0, 3), side = in.ConsumeIntegralInRange<int>(0, 1);
        a.pad.pairs[pair][side] = pick_integer(in);
      }
    }
  }
  dxcheck::Limits limits;
  if (in.ConsumeProbability<float>() < 0.2f) limits.max_tensor_elements = in.ConsumeIntegralInRange<int64_t>(0, int64_t{1} << 40);

  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: break;  // no dy tensor
    case 1: {       // dy as conv-info computes it, perhaps off by one in one entry
      const auto expected = dxcheck::integer_conv_info(a, limits);
      if (expected) {
        const auto shape = dxcheck::dy_shape(*expected);
        a.dy_shape = std::vector<int64_t>(shape.begin(), shape.end());
        if (in.ConsumeBool()) (*a.dy_shape)[in.ConsumeIntegralInRange<size_t>(0, 3)] += in.ConsumeBool() ? 1 : -1;
      }
      break;
    }
    default: a.dy_shape = pick_list(in);
  }

  const auto expected = dxcheck::integer_conv_info(a, limits);
  const auto got = resolve(a, limits);
  if (expected.has_value() != got.has_value()) {
    finding(got ? "accepted what the rules reject" : "rejected what the rules accept", a,
            "model: " + describe(expected) + "\n  resolve_conv_info: " + describe(got));
  }
  if (got) {
    if (!same_desc(*expected, *got)) {
      finding("a desc field differs from the rules", a, "model: " + describe(expected) + "\n  got: " + describe(got));
    }
    check_invariants(a, *got, limits);
  }
  check_json_route(in, a, got, limits);
  return 0;
}
