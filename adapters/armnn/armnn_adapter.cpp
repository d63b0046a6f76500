// Arm NN's TransposeConvolution2d on the CpuRef backend as a kernel under test: a
// one-layer network (input -> transposed convolution -> output) per call, in the plan's
// layout (NHWC or NCHW, both native), its per-side pads, weights OHWI / OIHW, no bias.
// The backend is a dynamic one: loaded from DXCHECK_ARMNN_BACKENDS.
//
// By default the layer infers its output shape, as a network without an explicit
// output_shape does. DXCHECK_ARMNN_EXPLICIT_OUTPUT_SHAPE=1 in the environment gives the
// shape instead (m_OutputShapeEnabled, as the TFLite parser does), which sidesteps
// 20.08's channel inference (docs/conformance.md) so the arithmetic is tested on every
// channel count.
#include <armnn/ArmNN.hpp>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "plugin_entry.h"

namespace dxcheck::adapters {

const char* const kAdapterName = "armnn";

namespace {

armnn::IRuntime* runtime() {
  static const armnn::IRuntimePtr instance = [] {
    armnn::IRuntime::CreationOptions options;
    options.m_DynamicBackendsPath = DXCHECK_ARMNN_BACKENDS;
    return armnn::IRuntime::Create(options);
  }();
  return instance.get();
}

armnn::TensorShape shape(int data_format, int64_t n, int64_t c, int64_t h, int64_t w) {
  const auto u = [](int64_t v) { return static_cast<unsigned int>(v); };
  return data_format == DXCHECK_NCHW ? armnn::TensorShape({u(n), u(c), u(h), u(w)})
                                     : armnn::TensorShape({u(n), u(h), u(w), u(c)});
}

}  // namespace

CallResult call_library(const LibraryCall& call, const float* dy, const float* filter, float* dx) {
  armnn::TransposeConvolution2dDescriptor desc;
  desc.m_PadTop = static_cast<uint32_t>(call.height.pad_near);
  desc.m_PadBottom = static_cast<uint32_t>(call.height.pad_far);
  desc.m_PadLeft = static_cast<uint32_t>(call.width.pad_near);
  desc.m_PadRight = static_cast<uint32_t>(call.width.pad_far);
  desc.m_StrideY = static_cast<uint32_t>(call.stride_height);
  desc.m_StrideX = static_cast<uint32_t>(call.stride_width);
  desc.m_BiasEnabled = false;
  desc.m_DataLayout = call.data_format == DXCHECK_NCHW ? armnn::DataLayout::NCHW : armnn::DataLayout::NHWC;
  const char* explicit_shape = std::getenv("DXCHECK_ARMNN_EXPLICIT_OUTPUT_SHAPE");
  if (explicit_shape && std::strcmp(explicit_shape, "1") == 0) {
    const armnn::TensorShape dx_shape =
        shape(call.data_format, call.batch, call.in_channels, call.height.size, call.width.size);
    desc.m_OutputShapeEnabled = true;
    for (unsigned int i = 0; i < dx_shape.GetNumDimensions(); ++i) desc.m_OutputShape.push_back(dx_shape[i]);
  }

  const auto u = [](int64_t v) { return static_cast<unsigned int>(v); };
  const armnn::TensorShape weight_shape =
      call.data_format == DXCHECK_NCHW
          ? armnn::TensorShape({u(call.in_channels), u(call.out_channels), u(call.filter_height), u(call.filter_width)})
          : armnn::TensorShape({u(call.in_channels), u(call.filter_height), u(call.filter_width), u(call.out_channels)});
  const armnn::ConstTensor weights(armnn::TensorInfo(weight_shape, armnn::DataType::Float32), filter);
  const armnn::TensorInfo dy_info(shape(call.data_format, call.batch, call.out_channels, call.out_height, call.out_width),
                                  armnn::DataType::Float32);
  const armnn::TensorInfo dx_info(shape(call.data_format, call.batch, call.in_channels, call.height.size, call.width.size),
                                  armnn::DataType::Float32);

  armnn::INetworkPtr network = armnn::INetwork::Create();
  armnn::IConnectableLayer* input = network->AddInputLayer(0);
  armnn::IConnectableLayer* layer = network->AddTransposeConvolution2dLayer(desc, weights, armnn::EmptyOptional(), "dx");
  armnn::IConnectableLayer* output = network->AddOutputLayer(0);
  input->GetOutputSlot(0).Connect(layer->GetInputSlot(0));
  layer->GetOutputSlot(0).Connect(output->GetInputSlot(0));
  input->GetOutputSlot(0).SetTensorInfo(dy_info);
  layer->GetOutputSlot(0).SetTensorInfo(dx_info);

  std::vector<std::string> messages;
  armnn::IOptimizedNetworkPtr optimized =
      armnn::Optimize(*network, {armnn::BackendId("CpuRef")}, runtime()->GetDeviceSpec(), armnn::OptimizerOptions(),
                      armnn::Optional<std::vector<std::string>&>(messages));
  if (!optimized) {
    std::string text = "Arm NN Optimize failed on CpuRef";
    for (const auto& m : messages) text += "; " + m;
    return {2, text};
  }
  armnn::NetworkId id = 0;
  std::string load_error;
  if (runtime()->LoadNetwork(id, std::move(optimized), load_error) != armnn::Status::Success) {
    return {2, "Arm NN LoadNetwork failed: " + load_error};
  }
  const armnn::InputTensors inputs{{0, armnn::ConstTensor(runtime()->GetInputTensorInfo(id, 0), dy)}};
  const armnn::OutputTensors outputs{{0, armnn::Tensor(runtime()->GetOutputTensorInfo(id, 0), dx)}};
  const armnn::Status ran = runtime()->EnqueueWorkload(id, inputs, outputs);
  runtime()->UnloadNetwork(id);
  if (ran != armnn::Status::Success) return {2, "Arm NN EnqueueWorkload failed"};
  return {};
}

}  // namespace dxcheck::adapters
