// oneDNN's backward-data convolution as a built-in kernel under test: algorithm
// convolution_direct, fp32, plain NHWC/NCHW memory, filter hwio (= dxcheck's
// [fh][fw][C][O]), explicit asymmetric padding from the desc's implied pads. Whatever
// oneDNN cannot express it declines (UNSUPPORTED).
#include <dnnl.hpp>

#include "builtin_kernels.h"

namespace dxcheck {
namespace {

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

}  // namespace

int onednn_backprop_input(const dxcheck_conv_desc* d, const float* dy, const float* filter, float* dx) {
  // Empty tensors and out sizes of zero are outside what oneDNN 2.x describes.
  if (d->batch <= 0 || d->in_height <= 0 || d->in_width <= 0 || d->in_channels <= 0 || d->out_height <= 0 ||
      d->out_width <= 0 || d->out_channels <= 0 || d->filter_height <= 0 || d->filter_width <= 0) {
    return DXCHECK_UNSUPPORTED;
  }
  try {
    using tag = dnnl::memory::format_tag;
    const auto f32 = dnnl::memory::data_type::f32;
    const tag layout = d->data_format == DXCHECK_NCHW ? tag::nchw : tag::nhwc;
    const dnnl::memory::desc src({d->batch, d->in_channels, d->in_height, d->in_width}, f32, layout);
    const dnnl::memory::desc weights({d->out_channels, d->in_channels, d->filter_height, d->filter_width}, f32,
                                     tag::hwio);
    const dnnl::memory::desc dst({d->batch, d->out_channels, d->out_height, d->out_width}, f32, layout);
    const dnnl::memory::dims strides{d->stride_height, d->stride_width};
    const dnnl::memory::dims pad_l{d->pad_top, d->pad_left}, pad_r{d->pad_bottom, d->pad_right};
    auto& engine = cpu_engine();
    const dnnl::convolution_forward::primitive_desc hint(
        dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, src,
                                        weights, dst, strides, pad_l, pad_r),
        engine);
    const dnnl::convolution_backward_data::primitive_desc pd(
        dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, src, weights, dst, strides,
                                              pad_l, pad_r),
        engine, hint);
    // The primitive asked for plain memory; anything else would need reorders we do not test.
    if (pd.diff_src_desc() != src || pd.weights_desc() != weights || pd.diff_dst_desc() != dst) {
      return DXCHECK_UNSUPPORTED;
    }
    dnnl::stream stream(engine);
    dnnl::memory dy_memory(dst, engine, const_cast<float*>(dy));
    dnnl::memory filter_memory(weights, engine, const_cast<float*>(filter));
    dnnl::memory dx_memory(src, engine, dx);
    dnnl::convolution_backward_data(pd).execute(
        stream, {{DNNL_ARG_DIFF_DST, dy_memory}, {DNNL_ARG_WEIGHTS, filter_memory}, {DNNL_ARG_DIFF_SRC, dx_memory}});
    stream.wait();
    return DXCHECK_OK;
  } catch (const dnnl::error& e) {
    // unimplemented / invalid_arguments: the geometry is outside what this oneDNN does.
    return (e.status == dnnl_unimplemented || e.status == dnnl_invalid_arguments) ? DXCHECK_UNSUPPORTED : 2;
  }
}

}  // namespace dxcheck
