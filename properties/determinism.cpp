// Determinism and stale state: call_kernel already runs every call twice (same bits,
// or an element was left unwritten); here the kernel also sees a call with special
// values (NaN, Inf, FLT_MAX, subnormals) on the same desc between two normal calls.
// A workspace, cache or accumulator carried between calls shows up as a difference.
#include "fill.h"
#include "property.h"
#include "support.h"

namespace dxcheck {

Verdict check_determinism(const KernelEntry& kernel, const Case& drawn, const CheckSettings& settings) {
  Case c = drawn;
  c.fill_with(support::finite_fill(drawn.fill));
  const CaseData normal = support::case_data(c, settings);
  Case special_case = c;
  special_case.fill_with(Fill::special);
  const CaseData special = support::case_data(special_case, settings);
  std::vector<float> before, poisoned, after;
  const auto& d = normal.desc;
  if (auto early = support::run_kernel(kernel, d, normal.dy, normal.filter, c.align_offset, &before)) return *early;
  if (auto early = support::run_kernel(kernel, d, special.dy, special.filter, c.align_offset, &poisoned)) return *early;
  if (auto early = support::run_kernel(kernel, d, normal.dy, normal.filter, c.align_offset, &after)) return *early;
  return compare_equal(d, before.data(), after.data(), Sameness::bits,
                                  "normal call after a special-values call differs from the first normal call");
}

}  // namespace dxcheck
