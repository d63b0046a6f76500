// A second model of conv-info, independent of conv_info.cpp: TFJS's rules
// (docs/tfjs-semantics.md "2 Conv-info (computeConv2DInfo)") in exact integer arithmetic, where
// resolve_conv_info evaluates TFJS's double expressions as TFJS does. It is the oracle of
// the conv-info-dims property and of the conv-info fuzz target, so it shares no code
// with what it checks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "conv_info.h"

namespace dxcheck {

// The desc the rules give the attributes (with their dy shape, if any), or nothing
// where resolve_conv_info must reject them.
std::optional<dxcheck_conv_desc> integer_conv_info(const ConvAttrs& attrs, const Limits& limits);

// A zero-size shape is always within the cap; else the product of its dims (each at most
// 2^31) against the cap, without overflow.
bool within_element_cap(const std::array<int64_t, 4>& shape, int64_t cap);

}  // namespace dxcheck
