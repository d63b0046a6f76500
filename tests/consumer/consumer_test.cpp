// A user's kernel under dxcheck's properties, from the user's own gtest.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "dxcheck_kernel.h"
#include "driver.h"
#include "plugin.h"
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

// A plugin (the example one; install_consumer.sh names it) from this program, which is
// not dxcheck: its worker is the installed dxcheck-worker.
std::string consumer_plugin() {
  const char* path = std::getenv("DXCHECK_CONSUMER_PLUGIN");
  return path ? path : "";
}

void expect_plugin_matches_reference(const dxcheck::PluginOptions& plugin_options) {
  const dxcheck::KernelEntry plugin = dxcheck::load_plugin(consumer_plugin(), plugin_options);
  dxcheck::DriveOptions options;
  options.cases = 20;
  const auto result = dxcheck::drive_property(*dxcheck::find_property("matches-reference"), plugin,
                                              dxcheck::CheckSettings{}, options);
  EXPECT_EQ(result.overall(), dxcheck::Status::passed) << (result.counterexample ? result.counterexample->repro : "");
}

TEST(Plugin, RunsInTheInstalledWorker) {
  ASSERT_FALSE(consumer_plugin().empty()) << "DXCHECK_CONSUMER_PLUGIN names the plugin (install_consumer.sh sets it)";
  dxcheck::PluginOptions plugin_options;
  plugin_options.worker_executable = DXCHECK_CONSUMER_WORKER;
  expect_plugin_matches_reference(plugin_options);
}

TEST(Plugin, DefaultWorkerComesFromTheEnvironment) {
  ASSERT_FALSE(consumer_plugin().empty()) << "DXCHECK_CONSUMER_PLUGIN names the plugin (install_consumer.sh sets it)";
  ::setenv("DXCHECK_WORKER", DXCHECK_CONSUMER_WORKER, 1);
  EXPECT_EQ(dxcheck::default_worker_executable(), DXCHECK_CONSUMER_WORKER);
  expect_plugin_matches_reference(dxcheck::PluginOptions{});
  ::unsetenv("DXCHECK_WORKER");
}

}  // namespace
