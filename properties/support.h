// Small pieces the property functions share: calling a kernel and turning a failed
// call into a verdict, mapping a drawn Case to the form a property needs (always
// deterministically, so the printed case string still reproduces), layout
// transposes, and a comparison of two results by value or by bits.
#pragma once

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "case.h"
#include "fill.h"
#include "judge.h"
#include "property.h"
#include "reference.h"
#include "verdict.h"

namespace dxcheck::support {

// The judge's standard (judge.h) for these settings: bound and interval, no exactness.
Standard standard(const CheckSettings& settings);

// SKIPPED when the reference would exceed its cap for this desc.
std::optional<Verdict> reference_skip(const dxcheck_conv_desc& desc, const CheckSettings& settings);

// This property cannot run this case: it, or the case the property derives from it, is
// too big. Thrown before any tensor is allocated; the property list (property.cpp)
// turns it into SKIPPED with the reason, so the other properties still run the case.
struct CannotRun : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The desc of the case a property runs, after the caps: a tensor past the tensor cap
// (batch-split doubling the batch of a case at the cap), the tensors together past
// CheckSettings::case_cap, or (needs_reference) the reference's working set past
// CheckSettings::reference_cap throw CannotRun with the sizes. Any other rejection of
// the attributes is the ConvInfoError it was.
dxcheck_conv_desc runnable_desc(const Case& c, const CheckSettings& settings, bool needs_reference = false);
// make_case_data after runnable_desc.
CaseData case_data(const Case& c, const CheckSettings& settings, bool needs_reference = false);
constexpr bool kNeedsReference = true;

// The kernel's call alone, through the judge (the buffer discipline, no reference): the
// verdict to return when the call did not pass (declined: UNSUPPORTED; error, hang,
// crash, unwritten element, write past the end, changed input: FAILED), or nothing
// with *dx filled.
std::optional<Verdict> run_kernel(const KernelEntry& kernel, const dxcheck_conv_desc& desc,
                                  const std::vector<float>& dy, const std::vector<float>& filter,
                                  int64_t align_offset, std::vector<float>* dx);

// Fill mappings. finite: special -> uniform (properties whose oracle needs finite data).
// exact: subnormal stays, everything else -> int.
Fill finite_fill(Fill fill);
Fill exact_fill(Fill fill);

// Exact data under the kernel's precision (docs/design.md "Exact data"): integers whose
// partial sums stay below 2^p, p the precision's significand bits (1/u: 2^24 for fp32,
// 2^11 for tf32 and fp16, 2^8 for bf16); the subnormal scaling only for fp32 (fp16 has
// no such range). Under reduced precision, int data is refilled within 1/u.
bool exact_under(Fill fill, Precision precision);
int64_t exact_budget(Precision precision);
// The case's data with the exact budget of the precision (the case's own data for fp32).
CaseData exact_case_data(const Case& c, const CheckSettings& settings, bool needs_reference = false);

// A Backprop (the reference's shape of evidence) for a property's own naive oracle:
// finite pattern everywhere, sized for dx.
reference::Backprop empty_backprop(const dxcheck_conv_desc& desc);

// The stricter of two verdicts: FAILED over MISTRUSTED over PASSED.
Verdict worse(Verdict a, Verdict b);

}  // namespace dxcheck::support
