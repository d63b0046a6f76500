// TFJS's Conv2DBackpropInput attributes as JSON (TFJS's own names), into ConvAttrs.
// Used by `dxcheck conv-info`, the golden vectors and the live differential.
#pragma once

#include <nlohmann/json.hpp>

#include "conv_info.h"

namespace dxcheck {

// attrs: {"inputShape", "strides", "pad", "dataFormat", "dimRoundingMode"?, "profile"?,
// "filterShape"?}. filter_shape overrides "filterShape" when given (vectors carry the
// filter tensor itself). Throws ConvInfoError naming the attribute and its value;
// where TFJS has a deliberate message for the same input, the text is TFJS's.
ConvAttrs attrs_from_json(const nlohmann::json& attrs, const std::vector<int64_t>* filter_shape = nullptr);

// The inverse, for writing vectors and talking to node: TFJS's attribute names.
nlohmann::ordered_json attrs_to_json(const ConvAttrs& attrs);

// The desc with the ABI's field names.
nlohmann::ordered_json desc_to_json(const dxcheck_conv_desc& desc);

}  // namespace dxcheck
