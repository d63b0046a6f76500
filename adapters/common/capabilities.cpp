#include "capabilities.h"

#include <map>
#include <stdexcept>

namespace dxcheck::adapters {
namespace {

const std::map<std::string, Capabilities>& table() {
  static const std::map<std::string, Capabilities> capabilities = [] {
    std::map<std::string, Capabilities> t;
    // xnn_create_deconvolution2d_nhwc_f32: NHWC only, unsigned per-side pads, an
    // adjustment below the stride at setup, kernel [C][fh][fw][O] (no flip); batch 0
    // is a no-op at setup.
    Capabilities xnnpack;
    xnnpack.library = "XNNPACK";
    xnnpack.nchw = false;
    xnnpack.adjustment = true;
    xnnpack.empty_batch = true;
    xnnpack.nhwc_filter = FilterLayout::c_h_w_o;
    t["xnnpack"] = xnnpack;
    // at::convolution_backward (the gradient of conv2d) and at::conv_transpose2d: one
    // padding per axis, output_padding (for the backward: the input size) below the
    // stride, weight [O][C][fh][fw] for both; NHWC as channels_last strides.
    Capabilities torch;
    torch.per_side_pads = false;
    torch.adjustment = true;
    torch.empty_batch = true;
    torch.nhwc_filter = torch.nchw_filter = FilterLayout::o_c_h_w;
    torch.library = "PyTorch at::convolution_backward";
    t["torch-backward"] = torch;
    torch.library = "PyTorch at::conv_transpose2d";
    t["torch-transpose"] = torch;
    // Arm NN TransposeConvolution2d: NHWC and NCHW, unsigned per-side pads, no output
    // padding; weights OHWI (NHWC) or OIHW (NCHW) with O its output, i.e. dx channels.
    Capabilities armnn;
    armnn.library = "Arm NN TransposeConvolution2d";
    armnn.nhwc_filter = FilterLayout::c_h_w_o;
    armnn.nchw_filter = FilterLayout::c_o_h_w;
    t["armnn"] = armnn;
    return t;
  }();
  return capabilities;
}

}  // namespace

const std::vector<std::string>& adapter_names() {
  static const std::vector<std::string> names = {"xnnpack", "torch-backward", "torch-transpose", "armnn"};
  return names;
}

const Capabilities& capabilities_of(const std::string& adapter) {
  const auto it = table().find(adapter);
  if (it == table().end()) throw std::out_of_range("no adapter named " + adapter);
  return it->second;
}

}  // namespace dxcheck::adapters
