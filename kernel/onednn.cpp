// oneDNN's backward-data convolution as a built-in kernel under test: algorithm
// convolution_direct, fp32, plain NHWC/NCHW memory, filter hwio (= dxcheck's
// [fh][fw][C][O]), explicit asymmetric padding from the desc's implied pads. oneDNN
// takes no negative pads, which TFJS's geometry gives often ('valid' with stride 2 on
// an even size): a negative pad crops dx rows or columns that no real term reaches,
// so those are written as zeros and oneDNN computes the rest through a strided view
// of dx with the pad set to 0. Whatever else oneDNN cannot express it declines.
#include <algorithm>

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
  const int64_t crop_top = std::max(0, -d->pad_top), crop_bottom = std::max(0, -d->pad_bottom);
  const int64_t crop_left = std::max(0, -d->pad_left), crop_right = std::max(0, -d->pad_right);
  const int64_t height = d->in_height - crop_top - crop_bottom, width = d->in_width - crop_left - crop_right;
  const bool nchw = d->data_format == DXCHECK_NCHW;
  // dx strides for (n, c, h, w), whatever the layout.
  const int64_t channel_stride = nchw ? int64_t{d->in_height} * d->in_width : 1;
  const int64_t row_stride = nchw ? d->in_width : int64_t{d->in_width} * d->in_channels;
  const int64_t col_stride = nchw ? 1 : d->in_channels;
  const int64_t batch_stride = int64_t{d->in_height} * d->in_width * d->in_channels;
  std::fill(dx, dx + batch_stride * d->batch, 0.0f);  // the cropped border: no real term
  if (height <= 0 || width <= 0) return DXCHECK_OK;
  float* view = dx + crop_top * row_stride + crop_left * col_stride;
  try {
    using tag = dnnl::memory::format_tag;
    const auto f32 = dnnl::memory::data_type::f32;
    const tag layout = nchw ? tag::nchw : tag::nhwc;
    const dnnl::memory::desc src({d->batch, d->in_channels, height, width}, f32,
                                 {batch_stride, channel_stride, row_stride, col_stride});
    const dnnl::memory::desc weights({d->out_channels, d->in_channels, d->filter_height, d->filter_width}, f32,
                                     tag::hwio);
    const dnnl::memory::desc dst({d->batch, d->out_channels, d->out_height, d->out_width}, f32, layout);
    const dnnl::memory::dims strides{d->stride_height, d->stride_width};
    const dnnl::memory::dims pad_l{std::max(0, d->pad_top), std::max(0, d->pad_left)};
    const dnnl::memory::dims pad_r{std::max(0, d->pad_bottom), std::max(0, d->pad_right)};
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
    dnnl::memory dx_memory(src, engine, view);
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
