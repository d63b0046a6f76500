// A user's kernel under dxcheck's properties, from the user's own gtest.
#include <gtest/gtest.h>

#include "dxcheck_kernel.h"
#include "driver.h"
#include "property.h"

namespace {

// The user's kernel: a plain scatter loop (NHWC and NCHW), summing in float.
int my_backprop_input(const dxcheck_conv_desc* d, const float* dy, const float* filter, float* dx) {
  auto at = [d](int64_t b, int64_t i, int64_t j, int64_t c, int64_t h, int64_t w, int64_t ch) {
    return d->data_format == DXCHECK_NCHW ? ((b * ch + c) * h + i) * w + j : ((b * h + i) * w + j) * ch + c;
  };
  for (int64_t b = 0; b < d->batch; ++b)
    for (int64_t i = 0; i < d->in_height; ++i)
      for (int64_t j = 0; j < d->in_width; ++j)
        for (int64_t c = 0; c < d->in_channels; ++c) {
          float sum = 0;
          for (int64_t p = 0; p < d->out_height; ++p) {
            const int64_t r = i + d->pad_top - p * d->stride_height;
            if (r < 0 || r >= d->filter_height) continue;
            for (int64_t q = 0; q < d->out_width; ++q) {
              const int64_t s = j + d->pad_left - q * d->stride_width;
              if (s < 0 || s >= d->filter_width) continue;
              for (int64_t o = 0; o < d->out_channels; ++o)
                sum += dy[at(b, p, q, o, d->out_height, d->out_width, d->out_channels)] *
                       filter[((r * d->filter_width + s) * d->in_channels + c) * d->out_channels + o];
            }
          }
          dx[at(b, i, j, c, d->in_height, d->in_width, d->in_channels)] = sum;
        }
  return DXCHECK_OK;
}

TEST(MyKernel, PassesEveryDxcheckProperty) {
  dxcheck::KernelEntry kernel;
  kernel.name = "mine";
  kernel.function = &my_backprop_input;
  dxcheck::DriveOptions options;
  options.cases = 100;
  for (const auto& property : dxcheck::all_properties()) {
    const auto result = dxcheck::drive_property(property, kernel, dxcheck::CheckSettings{}, options);
    EXPECT_NE(result.overall(), dxcheck::Status::failed)
        << property.id << ": " << (result.counterexample ? result.counterexample->repro : "");
  }
}

}  // namespace
