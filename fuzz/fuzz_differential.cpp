// A small valid case (batch <= 3, spatial <= 8, channels <= 9, filter <= 8, strides 1..4,
// every pad form, rounding, layout, profile, alignment offset) with arbitrary float bits
// for dy and F, through every built-in kernel, judged as every check judges (judge.h):
// the buffer discipline, the error bound of the reference, the faithful interval for
// TFJS-bitwise kernels, and equality when the data is exact.
//
// The case header and each tensor's encoding (raw bits, int8, int8 * 2^-k, special
// values, moderate finite values) come from FuzzedDataProvider; the float data from the
// bytes left, read cyclically.
//
// On a mismatch the input is written as a dxcheck-vector/1 file ("expect" holds the
// reference rounded to float32 with its non-finite pattern, "got" the kernel's dx), its
// path and the case are printed, and the target abort()s. The file goes to
// $DXCHECK_FUZZ_OUT, or the working directory.
#include <fuzzer/FuzzedDataProvider.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <string>

#include "conv_info.h"
#include "judge.h"
#include "reference.h"
#include "registry.h"
#include "tfjs_attrs.h"
#include "vector_file.h"
#include "verdict_text.h"

namespace {

using dxcheck::ConvAttrs;
using dxcheck::Layout;
using dxcheck::Padding;
using dxcheck::Profile;
using dxcheck::Rounding;

// How the bytes become one tensor's floats.
enum class Encoding { raw_bits, integer, scaled_integer, special, moderate };

struct Tensor {
  std::vector<float> values;
  bool exact = false;          // integers times 2^-scale
  int64_t max_integer = 0;     // largest |integer| before scaling
  int scale = 0;
};

float from_bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// The bytes left after the case header, read cyclically: a short input still gives dense,
// fuzzer-controlled data (zeros only when nothing is left).
class BytePool {
 public:
  explicit BytePool(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
  uint8_t next() {
    if (bytes_.empty()) return 0;
    const uint8_t b = bytes_[position_];
    position_ = (position_ + 1) % bytes_.size();
    return b;
  }
  uint32_t next32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = v << 8 | next();
    return v;
  }

 private:
  std::vector<uint8_t> bytes_;
  size_t position_ = 0;
};

struct TensorPlan {
  Encoding encoding;
  int scale;
};

TensorPlan plan_tensor(FuzzedDataProvider& in) {
  TensorPlan plan{static_cast<Encoding>(in.ConsumeIntegralInRange<int>(0, 4)), 0};
  if (plan.encoding == Encoding::scaled_integer) plan.scale = in.ConsumeIntegralInRange<int>(0, 74);
  return plan;
}

Tensor make_tensor(const TensorPlan& plan, BytePool& pool, int64_t count) {
  static const float kSpecial[] = {0.0f, -0.0f, 1.0f, -1.0f, 2.0f, 0.5f,
                                   std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                                   std::numeric_limits<float>::quiet_NaN(), FLT_MAX, -FLT_MAX, FLT_MIN,
                                   std::numeric_limits<float>::denorm_min(), -std::numeric_limits<float>::denorm_min(),
                                   0x1p-126f, 0x1p64f, 0x1p-64f, 3.0f, -7.0f, from_bits(0x7f800001u) /* sNaN */,
                                   from_bits(0xffc12345u) /* NaN, payload */};
  constexpr size_t kSpecialCount = sizeof kSpecial / sizeof kSpecial[0];
  Tensor t;
  t.exact = plan.encoding == Encoding::integer || plan.encoding == Encoding::scaled_integer;
  t.scale = plan.scale;
  t.values.resize(static_cast<size_t>(count));
  for (float& v : t.values) {
    switch (plan.encoding) {
      case Encoding::raw_bits: v = from_bits(pool.next32()); break;
      case Encoding::integer:
      case Encoding::scaled_integer: {
        const int64_t integer = static_cast<int8_t>(pool.next());
        t.max_integer = std::max<int64_t>(t.max_integer, std::abs(integer));
        v = std::ldexp(static_cast<float>(integer), -t.scale);
        break;
      }
      case Encoding::special: v = kSpecial[pool.next() % kSpecialCount]; break;
      case Encoding::moderate: {  // finite, within 2^+-20: bounded, not exact
        const uint32_t bits = pool.next32();
        const uint32_t exponent = 127 - 20 + (bits >> 23 & 0xff) % 41;
        v = from_bits((bits & 0x80000000u) | exponent << 23 | (bits & 0x7fffffu));
        break;
      }
    }
  }
  return t;
}

std::string attrs_text(const ConvAttrs& a) {
  nlohmann::ordered_json j = dxcheck::attrs_to_json(a);
  j["filterShape"] = a.filter_shape;
  j["profile"] = dxcheck::to_string(a.profile);
  return j.dump();
}

dxcheck::VectorTensor tensor_of(const std::array<int64_t, 4>& shape, const std::vector<float>& data) {
  return {std::vector<int64_t>(shape.begin(), shape.end()), data};
}

uint64_t fnv1a(const uint8_t* data, size_t size) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 1099511628211ull;
  return h;
}

// One input of the target: the case and its data.
struct Input {
  ConvAttrs attrs;
  dxcheck_conv_desc desc;
  Tensor dy, filter;
  int64_t align_offset = 0;
};

[[noreturn]] void finding(const uint8_t* data, size_t size, const dxcheck::KernelEntry& kernel, const Input& input,
                          const dxcheck::reference::Backprop& ref, const dxcheck::Judgement& judged) {
  const dxcheck_conv_desc& desc = input.desc;
  dxcheck::VectorFile v;
  v.source = "dxcheck fuzz_differential: expect = reference in float32 (not TFJS), got = kernel " + kernel.name;
  v.attrs = input.attrs;
  v.dy = tensor_of(dxcheck::dy_shape(desc), input.dy.values);
  v.filter = tensor_of(dxcheck::filter_shape(desc), input.filter.values);
  std::vector<float> expect(ref.dx.size());
  for (size_t k = 0; k < expect.size(); ++k) {
    switch (ref.pattern[k]) {
      case dxcheck::reference::Pattern::nan: expect[k] = std::numeric_limits<float>::quiet_NaN(); break;
      case dxcheck::reference::Pattern::positive_infinity: expect[k] = std::numeric_limits<float>::infinity(); break;
      case dxcheck::reference::Pattern::negative_infinity: expect[k] = -std::numeric_limits<float>::infinity(); break;
      case dxcheck::reference::Pattern::finite: expect[k] = static_cast<float>(ref.dx[k]); break;
    }
  }
  v.expect_dx = tensor_of(dxcheck::dx_shape(desc), expect);
  if (judged.called) v.got = tensor_of(dxcheck::dx_shape(desc), judged.dx);

  const char* dir = std::getenv("DXCHECK_FUZZ_OUT");
  char name[96];
  std::snprintf(name, sizeof name, "finding-%s-%016llx.json", kernel.name.c_str(),
                static_cast<unsigned long long>(fnv1a(data, size)));
  const std::filesystem::path path = std::filesystem::path(dir && *dir ? dir : ".") / name;
  std::string where;
  try {
    dxcheck::write_vector_file(path, v);
    where = std::filesystem::absolute(path).string();
  } catch (const std::exception& e) {
    where = std::string("(not written: ") + e.what() + ")";
  }
  std::cerr << "fuzz_differential: kernel " << kernel.name << " FAILED "
            << (judged.called ? "against the reference" : "the buffer discipline") << ": " << judged.verdict.detail
            << "\n  attrs: " << attrs_text(input.attrs) << "\n  desc: " << dxcheck::desc_to_json(desc).dump()
            << "\n  align offset: " << input.align_offset << "\n  vector: " << where << "\n";
  dxcheck::write_elements(std::cerr, judged.verdict, "  ");
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  ConvAttrs a;
  a.layout = in.ConsumeBool() ? Layout::nchw : Layout::nhwc;
  a.profile = in.ConsumeBool() ? Profile::peraxis : Profile::tfjs;
  const int64_t batch = in.ConsumeIntegralInRange<int64_t>(0, 3);
  const int64_t height = in.ConsumeIntegralInRange<int64_t>(0, 8), width = in.ConsumeIntegralInRange<int64_t>(0, 8);
  const int64_t channels = in.ConsumeIntegralInRange<int64_t>(0, 9);
  const int64_t fh = in.ConsumeIntegralInRange<int64_t>(0, 8), fw = in.ConsumeIntegralInRange<int64_t>(0, 8);
  const int64_t out_channels = in.ConsumeIntegralInRange<int64_t>(0, 9);
  a.input_shape = a.layout == Layout::nhwc ? std::vector<int64_t>{batch, height, width, channels}
                                           : std::vector<int64_t>{batch, channels, height, width};
  a.filter_shape = {fh, fw, channels, out_channels};
  a.strides = {in.ConsumeIntegralInRange<int64_t>(1, 4), in.ConsumeIntegralInRange<int64_t>(1, 4)};
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: a.pad = Padding::valid(); break;
    case 1: a.pad = Padding::same(); break;
    case 2: a.pad = Padding::of(in.ConsumeIntegralInRange<int64_t>(-3, 5)); break;
    default: {
      int64_t side[4];
      for (int64_t& s : side) s = in.ConsumeIntegralInRange<int64_t>(-3, 5);
      a.pad = Padding::explicit_sides(a.layout, side[0], side[1], side[2], side[3]);
    }
  }
  if (a.pad.kind == Padding::Kind::number || a.pad.kind == Padding::Kind::explicit_pairs) {
    a.rounding = in.PickValueInArray({Rounding::none, Rounding::floor, Rounding::round, Rounding::ceil});
  }
  Input input;
  input.attrs = a;
  input.align_offset = 4 * in.ConsumeIntegralInRange<int64_t>(0, 15);
  try {
    input.desc = dxcheck::resolve_conv_info(a);
  } catch (const dxcheck::ConvInfoError&) {
    return 0;  // fuzz_conv_info covers rejections
  }
  const dxcheck_conv_desc& desc = input.desc;
  const TensorPlan dy_plan = plan_tensor(in), filter_plan = plan_tensor(in);
  BytePool pool(in.ConsumeRemainingBytes<uint8_t>());
  input.dy = make_tensor(dy_plan, pool, dxcheck::element_count(dxcheck::dy_shape(desc)));
  input.filter = make_tensor(filter_plan, pool, dxcheck::element_count(dxcheck::filter_shape(desc)));
  const Tensor& dy = input.dy;
  const Tensor& filter = input.filter;

  const dxcheck::reference::Backprop ref = dxcheck::reference::backprop_input(desc, dy.values.data(), filter.values.data());
  // Exact data: integers m * 2^-k whose every partial sum is representable (products stay
  // at or above 2^-149, the smallest subnormal, and sums within 2^24 units).
  double max_terms = 0;
  for (double n : ref.terms) max_terms = std::max(max_terms, n);
  const bool exact = dy.exact && filter.exact && dy.scale + filter.scale <= 149 &&
                     static_cast<double>(dy.max_integer) * static_cast<double>(filter.max_integer) * max_terms <= 0x1p24;

  dxcheck::Standard standard;  // the bound, the interval for TFJS-bitwise kernels, equality on exact data
  standard.exact = exact;
  for (const dxcheck::KernelEntry& kernel : dxcheck::builtin_kernels()) {
    const dxcheck::Judgement judged =
        dxcheck::judge(kernel, desc, dy.values, filter.values, input.align_offset, standard, &ref);
    if (judged.verdict.status == dxcheck::Status::failed) finding(data, size, kernel, input, ref, judged);
  }
  return 0;
}
