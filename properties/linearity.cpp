// Linearity in dy and in F (docs/design.md "Exact data", linearity): exact data filled under a 2^23
// budget, so a + b of two inputs stays within the 2^24 exact budget; then
// k(a) + k(b), formed in double, must equal k(a + b) exactly (zeros by value).
#include <limits>

#include "fill.h"
#include "property.h"
#include "support.h"

namespace dxcheck {
namespace {

enum class Operand { dy, filter };

Verdict check_linearity(const KernelEntry& kernel, const Case& drawn, const CheckSettings& settings, Operand which) {
  Case c = drawn;
  c.fill_with(settings.precision == Precision::fp32 ? support::exact_fill(drawn.fill) : Fill::integer);
  const dxcheck_conv_desc d = support::runnable_desc(c, settings);
  FillBudget budget;
  budget.max_terms = max_terms_per_element(d);
  budget.exact_budget = support::exact_budget(settings.precision) / 2;  // 2^23 for fp32
  const int64_t dy_count = element_count(dy_shape(d)), filter_count = element_count(filter_shape(d));
  const bool in_dy = which == Operand::dy;
  const std::vector<float> fixed = in_dy ? fill_tensor(c.fill, c.seed, TensorId::filter, filter_count, budget)
                                         : fill_tensor(c.fill, c.seed, TensorId::dy, dy_count, budget);
  const int64_t count = in_dy ? dy_count : filter_count;
  const std::vector<float> a = fill_tensor(c.fill, c.seed, in_dy ? TensorId::dy : TensorId::filter, count, budget);
  const std::vector<float> b = fill_tensor(c.fill, c.seed, in_dy ? TensorId::dy2 : TensorId::filter2, count, budget);
  std::vector<float> sum(a.size());
  for (size_t i = 0; i < a.size(); ++i) sum[i] = a[i] + b[i];  // exact: small integers times one power of two

  std::vector<float> ka, kb, ksum;
  auto run = [&](const std::vector<float>& operand, std::vector<float>* out) {
    return in_dy ? support::run_kernel(kernel, d, operand, fixed, c.align_offset, out)
                 : support::run_kernel(kernel, d, fixed, operand, c.align_offset, out);
  };
  if (auto early = run(a, &ka)) return *early;
  if (auto early = run(b, &kb)) return *early;
  if (auto early = run(sum, &ksum)) return *early;
  std::vector<float> expected(ka.size());
  for (size_t k = 0; k < ka.size(); ++k) {
    const double s = static_cast<double>(ka[k]) + static_cast<double>(kb[k]);
    expected[k] = static_cast<float>(s);
    // The double sum of two exact results is itself a float here; if it is not, one
    // of k(a), k(b) was not exact: report it as a difference.
    if (static_cast<double>(expected[k]) != s) expected[k] = std::numeric_limits<float>::quiet_NaN();
  }
  return compare_equal(d, expected.data(), ksum.data(), Sameness::value,
                                  in_dy ? "k(dy1) + k(dy2) vs k(dy1 + dy2)" : "k(F1) + k(F2) vs k(F1 + F2)");
}

}  // namespace

Verdict check_linearity_dy(const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  return check_linearity(kernel, c, settings, Operand::dy);
}
Verdict check_linearity_filter(const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  return check_linearity(kernel, c, settings, Operand::filter);
}

}  // namespace dxcheck
