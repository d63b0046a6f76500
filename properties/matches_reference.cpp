#include "fill.h"
#include "judge.h"
#include "property.h"
#include "support.h"

namespace dxcheck {

bool is_exact_fill(Fill fill) { return fill == Fill::integer || fill == Fill::subnormal; }

// Within the bound; within the interval for TFJS-bitwise kernels; equal under exact data
// (the 2^24 budget makes it exact in fp32 only).
Verdict check_matches_reference(const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  const CaseData data = support::case_data(c, settings, support::kNeedsReference);
  Standard standard = support::standard(settings);
  standard.exact = is_exact_fill(c.fill) && settings.precision == Precision::fp32;
  return judge(kernel, data.desc, data.dy, data.filter, c.align_offset, standard).verdict;
}

}  // namespace dxcheck
