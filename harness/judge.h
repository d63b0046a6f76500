// The one way dxcheck judges a kernel on one input (docs/design.md "Judging a case"):
// the reference's size rule, the call under the buffer discipline (kernel_call.h), the
// reference in double, then the comparisons the standard asks for, in this order; the
// first that fails is the verdict, with its evidence.
// Properties with oracles of their own (adjoint, linearity, layout equality...) take the
// judged dx, and the reference when they need it, from here and add their comparison.
#pragma once

#include <optional>
#include <vector>

#include "compare.h"
#include "reference.h"
#include "registry.h"
#include "verdict.h"

namespace dxcheck {

struct Standard {
  Precision precision = Precision::fp32;
  int64_t reference_cap = int64_t{1} << 26;  // reference working set, elements: SKIPPED above
  bool reference = true;  // compute the reference (false: the call alone, no skip rule)
  bool bound = true;      // dx within the error bound of the reference
  bool interval = true;   // and, for a TFJS-bitwise kernel, within TFJS's faithful interval
  bool exact = false;     // exact data: dx equal to the reference
  // TFJS's own dx (a golden vector): a TFJS-bitwise kernel is held to it bit for bit
  // instead of the reference.
  const std::vector<float>* golden = nullptr;
};

struct Judgement {
  Verdict verdict;
  bool called = false;                       // the kernel gave a dx (its call passed)
  std::vector<float> dx;                     // the kernel's, when called
  std::optional<reference::Backprop> reference;  // when the standard needed it
};

// `known` is the reference for these inputs when the caller already has it (it is then
// neither recomputed nor copied into the judgement).
Judgement judge(const KernelEntry& kernel, const dxcheck_conv_desc& desc, const std::vector<float>& dy,
                const std::vector<float>& filter, int64_t align_offset, const Standard& standard,
                const reference::Backprop* known = nullptr);

}  // namespace dxcheck
