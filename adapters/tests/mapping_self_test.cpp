// The adapters' shared mapping is exact: with the faithful kernel standing in for each
// library (reading the library's own layouts and geometry), every adapter's mapping
// gives TFJS's bits, those of the faithful kernel on the original desc. The stand-in
// also checks that each plan asks only for what its library can express.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstring>

#include "builtin_kernels.h"
#include "capabilities.h"
#include "conv_info.h"
#include "fill.h"
#include "generators.h"

namespace dxcheck::adapters {
namespace {

// The library's filter layout read back into the ABI's [fh][fw][C][O], written from
// each library's documentation independently of the mapping's permutation.
std::vector<float> abi_filter(const LibraryCall& call, const float* filter) {
  const int64_t fh = call.filter_height, fw = call.filter_width, C = call.in_channels, O = call.out_channels;
  std::vector<float> out(static_cast<size_t>(fh * fw * C * O));
  int64_t k = 0;
  switch (call.filter) {
    case FilterLayout::c_h_w_o:  // XNNPACK kernel[oc][ky][kx][ic] with oc = dx channel
      for (int64_t c = 0; c < C; ++c)
        for (int64_t r = 0; r < fh; ++r)
          for (int64_t s = 0; s < fw; ++s)
            for (int64_t o = 0; o < O; ++o) out[static_cast<size_t>(((r * fw + s) * C + c) * O + o)] = filter[k++];
      break;
    case FilterLayout::o_c_h_w:  // PyTorch transposed weight [in = dy][out = dx][kh][kw]
      for (int64_t o = 0; o < O; ++o)
        for (int64_t c = 0; c < C; ++c)
          for (int64_t r = 0; r < fh; ++r)
            for (int64_t s = 0; s < fw; ++s) out[static_cast<size_t>(((r * fw + s) * C + c) * O + o)] = filter[k++];
      break;
    case FilterLayout::c_o_h_w:  // Arm NN OIHW, O its output = dx channel
      for (int64_t c = 0; c < C; ++c)
        for (int64_t o = 0; o < O; ++o)
          for (int64_t r = 0; r < fh; ++r)
            for (int64_t s = 0; s < fw; ++s) out[static_cast<size_t>(((r * fw + s) * C + c) * O + o)] = filter[k++];
      break;
  }
  return out;
}

// A "library" that is the faithful kernel on the call's own geometry.
LibraryFunction faithful_library(const Capabilities& caps, std::vector<std::string>* violations) {
  return [&caps, violations](const LibraryCall& call, const float* dy, const float* filter, float* dx) {
    auto violation = [&](const std::string& what) { violations->push_back(caps.library + ": " + what); };
    if (call.data_format == DXCHECK_NHWC ? !caps.nhwc : !caps.nchw) violation("a layout it does not take");
    if (call.filter != (call.data_format == DXCHECK_NCHW ? caps.nchw_filter : caps.nhwc_filter)) violation("filter layout");
    for (const AxisCall* axis : {&call.height, &call.width}) {
      const int64_t stride = axis == &call.height ? call.stride_height : call.stride_width;
      if (axis->pad_near < 0 || axis->pad_far < 0) violation("a negative pad");
      if (!caps.per_side_pads && axis->pad_near != axis->pad_far) violation("unequal pads");
      if (axis->adjustment < 0 || axis->adjustment >= stride || (!caps.adjustment && axis->adjustment != 0)) {
        violation("an adjustment it cannot take");
      }
    }
    if (call.batch == 0 && !caps.empty_batch) violation("an empty batch");
    if (call.in_channels == 0 || call.out_channels == 0) violation("no channels");
    dxcheck_conv_desc d{};
    d.abi_version = 1;
    d.batch = static_cast<int32_t>(call.batch);
    d.in_height = static_cast<int32_t>(call.height.size);
    d.in_width = static_cast<int32_t>(call.width.size);
    d.in_channels = static_cast<int32_t>(call.in_channels);
    d.out_height = static_cast<int32_t>(call.out_height);
    d.out_width = static_cast<int32_t>(call.out_width);
    d.out_channels = static_cast<int32_t>(call.out_channels);
    d.filter_height = static_cast<int32_t>(call.filter_height);
    d.filter_width = static_cast<int32_t>(call.filter_width);
    d.stride_height = static_cast<int32_t>(call.stride_height);
    d.stride_width = static_cast<int32_t>(call.stride_width);
    d.pad_top = static_cast<int32_t>(call.height.pad_near);
    d.pad_left = static_cast<int32_t>(call.width.pad_near);
    d.pad_bottom = static_cast<int32_t>(call.height.pad_far - call.height.adjustment);
    d.pad_right = static_cast<int32_t>(call.width.pad_far - call.width.adjustment);
    d.data_format = call.data_format;
    const std::vector<float> f = abi_filter(call, filter);
    return CallResult{faithful_backprop_input(&d, dy, f.data(), dx), "faithful failed"};
  };
}

bool same_bits(float a, float b) {
  if (a != a || b != b) return (a != a) && (b != b);  // NaN-ness, as everywhere
  uint32_t x, y;
  std::memcpy(&x, &a, 4);
  std::memcpy(&y, &b, 4);
  return x == y;
}

RC_GTEST_PROP(AdapterMapping, faithfulThroughEveryAdapterMappingGivesTfjsBits, ()) {
  const Case c = *gen::any_case();
  const CaseData data = make_case_data(c);
  const int64_t count = element_count(dx_shape(data.desc));
  std::vector<float> expected(static_cast<size_t>(count));
  RC_ASSERT(faithful_backprop_input(&data.desc, data.dy.data(), data.filter.data(), expected.data()) == 0);
  for (const auto& name : adapter_names()) {
    const Capabilities& caps = capabilities_of(name);
    std::vector<std::string> violations;
    std::vector<float> got(static_cast<size_t>(count), -1.0f);
    std::string message;
    const int code = run_mapped(data.desc, data.dy.data(), data.filter.data(), got.data(), caps,
                                faithful_library(caps, &violations), &message);
    RC_TAG(name + (code == DXCHECK_UNSUPPORTED ? " declined" : " mapped"));
    RC_ASSERT(violations.empty());
    if (code == DXCHECK_UNSUPPORTED) {
      // Only what no call of these APIs describes: an empty dy, or dx out of all reach.
      RC_ASSERT(!message.empty());
      const bool empty_dy = data.desc.out_height == 0 || data.desc.out_width == 0;
      const bool no_channels = data.desc.in_channels == 0 || data.desc.out_channels == 0;
      RC_ASSERT(empty_dy || (data.desc.batch == 0 && !caps.empty_batch) || no_channels ||
                message.find("wholly outside") != std::string::npos);
      continue;
    }
    RC_ASSERT(code == DXCHECK_OK);
    for (int64_t k = 0; k < count; ++k) {
      if (!same_bits(got[static_cast<size_t>(k)], expected[static_cast<size_t>(k)])) {
        RC_FAIL(name + ": dx element " + std::to_string(k) + " differs (" + to_string(c) + ")");
      }
    }
  }
}

dxcheck_conv_desc axis_desc(int32_t in, int32_t out, int32_t filter, int32_t stride, int32_t top) {
  dxcheck_conv_desc d{};
  d.abi_version = 1;
  d.batch = 1;
  d.in_height = d.in_width = in;
  d.out_height = d.out_width = out;
  d.in_channels = d.out_channels = 1;
  d.filter_height = d.filter_width = filter;
  d.stride_height = d.stride_width = stride;
  d.pad_top = d.pad_left = top;
  d.pad_bottom = d.pad_right = (out - 1) * stride + filter - in - top;
  return d;
}

// A top pad one larger than the bottom one: one symmetric pad plus output_padding 1,
// nothing cropped (how PyTorch users write TF's explicit asymmetric pads).
TEST(AdapterMapping, symmetricLibrariesTakeTheLargerPadAndAnAdjustment) {
  LibraryCall call;
  std::string decline;
  ASSERT_TRUE(plan_call(axis_desc(3, 2, 2, 2, 1), capabilities_of("torch-transpose"), &call, &decline));
  EXPECT_EQ(call.height.pad_near, 1);
  EXPECT_EQ(call.height.pad_far, 1);
  EXPECT_EQ(call.height.adjustment, 1);
  EXPECT_EQ(call.height.size, 3);
  EXPECT_EQ(call.height.offset, 0);
}

// 'valid' with stride 2 on an even size: a negative bottom pad is one zero row past the
// full range, which XNNPACK's adjustment writes itself; Arm NN's call is cropped short
// and the mapping writes the row.
TEST(AdapterMapping, negativeFarPadsBecomeAdjustmentOrZeroRows) {
  LibraryCall call;
  std::string decline;
  ASSERT_TRUE(plan_call(axis_desc(6, 3, 1, 2, 0), capabilities_of("xnnpack"), &call, &decline));
  EXPECT_EQ(call.height.adjustment, 1);
  EXPECT_EQ(call.height.size, 6);
  ASSERT_TRUE(plan_call(axis_desc(6, 3, 1, 2, 0), capabilities_of("armnn"), &call, &decline));
  EXPECT_EQ(call.height.adjustment, 0);
  EXPECT_EQ(call.height.size, 5);
}

TEST(AdapterMapping, emptyDyIsDeclinedWithItsReason) {
  LibraryCall call;
  std::string decline;
  EXPECT_FALSE(plan_call(axis_desc(2, 0, 3, 1, 0), capabilities_of("armnn"), &call, &decline));
  EXPECT_NE(decline.find("dy is empty"), std::string::npos) << decline;
}

// Zero channels are a valid case (dx all zeros, or no dx at all) that none of these
// APIs takes: declined with the reason, the library never asked.
TEST(AdapterMapping, zeroChannelsAreDeclinedWithTheReason) {
  for (const bool no_dx_channels : {true, false}) {
    dxcheck_conv_desc d = axis_desc(3, 2, 2, 1, 0);
    (no_dx_channels ? d.in_channels : d.out_channels) = 0;
    for (const auto& name : adapter_names()) {
      const Capabilities& caps = capabilities_of(name);
      bool asked = false;
      std::string message;
      float unused = -1.0f;
      const int code = run_mapped(d, &unused, &unused, &unused, caps,
                                  [&](const LibraryCall&, const float*, const float*, float*) {
                                    asked = true;
                                    return CallResult{};
                                  },
                                  &message);
      EXPECT_EQ(code, DXCHECK_UNSUPPORTED) << name << ": " << message;
      EXPECT_FALSE(asked) << name;
      EXPECT_NE(message.find("no channels (dx or dy channels 0)"), std::string::npos) << name << ": " << message;
    }
  }
}

}  // namespace
}  // namespace dxcheck::adapters
