// oneDNN's own backward-data convolution on plain memory (dy/dx nhwc or nchw, filter
// hwio = dxcheck's [fh][fw][C][O]), algorithm convolution_direct: the baseline the fast
// kernel is measured against. Primitive creation is outside the timed loop.
#include <dnnl.hpp>

#include "bench.h"

namespace dxcheck_bench {
namespace {

dnnl::convolution_backward_data::primitive_desc describe(const dnnl::engine& engine,
                                                       const dxcheck_conv_desc& d) {
  using tag = dnnl::memory::format_tag;
  const auto f32 = dnnl::memory::data_type::f32;
  const tag layout = d.data_format == DXCHECK_NCHW ? tag::nchw : tag::nhwc;
  const dnnl::memory::desc src({d.batch, d.in_channels, d.in_height, d.in_width}, f32, layout);
  const dnnl::memory::desc weights({d.out_channels, d.in_channels, d.filter_height, d.filter_width}, f32, tag::hwio);
  const dnnl::memory::desc dst({d.batch, d.out_channels, d.out_height, d.out_width}, f32, layout);
  const dnnl::memory::dims strides{d.stride_height, d.stride_width};
  const dnnl::memory::dims pad_l{d.pad_top, d.pad_left}, pad_r{d.pad_bottom, d.pad_right};
  const dnnl::convolution_forward::primitive_desc hint(
      dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training,
                                      dnnl::algorithm::convolution_direct, src, weights, dst,
                                      strides, pad_l, pad_r),
      engine);
  return dnnl::convolution_backward_data::primitive_desc(
      dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, src, weights, dst,
                                            strides, pad_l, pad_r),
      engine, hint);
}

class OneDnn : public Baseline {
 public:
  OneDnn(const dxcheck_conv_desc& d, const float* dy, const float* filter, float* dx)
      : engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {
    pd_ = describe(engine_, d);
    primitive_ = dnnl::convolution_backward_data(pd_);
    dy_ = dnnl::memory(pd_.diff_dst_desc(), engine_, const_cast<float*>(dy));
    filter_ = dnnl::memory(pd_.weights_desc(), engine_, const_cast<float*>(filter));
    dx_ = dnnl::memory(pd_.diff_src_desc(), engine_, dx);
  }

  void run() override {
    primitive_.execute(stream_, {{DNNL_ARG_DIFF_DST, dy_}, {DNNL_ARG_WEIGHTS, filter_}, {DNNL_ARG_DIFF_SRC, dx_}});
    stream_.wait();
  }

  std::string implementation() const override { return pd_.impl_info_str(); }

 private:
  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::convolution_backward_data::primitive_desc pd_;
  dnnl::convolution_backward_data primitive_;
  dnnl::memory dy_, filter_, dx_;
};

}  // namespace

std::string onednn_implementation(const dxcheck_conv_desc& desc) {
  try {
    const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return describe(engine, desc).impl_info_str();
  } catch (const dnnl::error&) {
    return "";
  }
}

std::unique_ptr<Baseline> make_onednn(const dxcheck_conv_desc& desc, const float* dy,
                                      const float* filter, float* dx) {
  try {
    return std::make_unique<OneDnn>(desc, dy, filter, dx);
  } catch (const dnnl::error&) {
    return nullptr;
  }
}

}  // namespace dxcheck_bench
