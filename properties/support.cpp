#include "support.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <algorithm>

#include "conv_info.h"

namespace dxcheck::support {

Standard standard(const CheckSettings& settings) {
  Standard s;
  s.precision = settings.precision;
  s.reference_cap = settings.reference_cap;
  return s;
}

std::optional<Verdict> reference_skip(const dxcheck_conv_desc& desc, const CheckSettings& settings) {
  if (auto reason = reference::skip_reason(desc, settings.reference_cap)) return with_status(Status::skipped, *reason);
  return std::nullopt;
}

dxcheck_conv_desc runnable_desc(const Case& c, const CheckSettings& settings, bool needs_reference) {
  dxcheck_conv_desc d;
  try {
    d = c.desc(settings.limits);
  } catch (const ConvInfoError& e) {
    Limits uncapped;
    uncapped.max_tensor_elements = std::numeric_limits<int64_t>::max();
    (void)c.desc(uncapped);  // rejected for another reason than size: that ConvInfoError
    throw CannotRun(std::string("this property's form of the case is too big: ") + e.what());
  }
  const int64_t dy = element_count(dy_shape(d)), filter = element_count(filter_shape(d)),
                dx = element_count(dx_shape(d));
  if (dy + filter + dx > settings.case_cap) {  // each is at most the tensor cap: no overflow
    throw CannotRun("the case's tensors hold " + std::to_string(dy + filter + dx) + " elements (dy " +
                    std::to_string(dy) + ", filter " + std::to_string(filter) + ", dx " + std::to_string(dx) +
                    "), above the " + std::to_string(settings.case_cap) + " a property runs (the case cap)");
  }
  if (needs_reference) {
    if (auto reason = reference::skip_reason(d, settings.reference_cap)) throw CannotRun(*reason);
  }
  return d;
}

CaseData case_data(const Case& c, const CheckSettings& settings, bool needs_reference) {
  (void)runnable_desc(c, settings, needs_reference);
  return make_case_data(c, settings.limits);
}

std::optional<Verdict> run_kernel(const KernelEntry& kernel, const dxcheck_conv_desc& desc,
                                  const std::vector<float>& dy, const std::vector<float>& filter,
                                  int64_t align_offset, std::vector<float>* dx) {
  Standard call_only;
  call_only.reference = false;
  Judgement j = judge(kernel, desc, dy, filter, align_offset, call_only);
  if (!j.called) return j.verdict;
  *dx = std::move(j.dx);
  return std::nullopt;
}

bool exact_under(Fill fill, Precision precision) {
  return precision == Precision::fp32 ? is_exact_fill(fill) : fill == Fill::integer;
}

int64_t exact_budget(Precision precision) {
  return static_cast<int64_t>(std::ldexp(1.0, -std::ilogb(unit_roundoff(precision))));
}

CaseData exact_case_data(const Case& c, const CheckSettings& settings, bool needs_reference) {
  CaseData data = case_data(c, settings, needs_reference);
  const int64_t budget = exact_budget(settings.precision);
  if (budget == data.budget.exact_budget) return data;
  data.budget.exact_budget = budget;
  data.dy = fill_tensor(c.fill, c.seed, TensorId::dy, static_cast<int64_t>(data.dy.size()), data.budget);
  data.filter = fill_tensor(c.fill, c.seed, TensorId::filter, static_cast<int64_t>(data.filter.size()), data.budget);
  return data;
}

Fill finite_fill(Fill fill) { return fill == Fill::special ? Fill::uniform : fill; }
Fill exact_fill(Fill fill) { return fill == Fill::subnormal ? Fill::subnormal : Fill::integer; }

reference::Backprop empty_backprop(const dxcheck_conv_desc& desc) {
  const auto count = static_cast<size_t>(element_count(dx_shape(desc)));
  reference::Backprop b;
  b.dx.assign(count, 0.0);
  b.magnitude.assign(count, 0.0);
  b.terms.assign(count, 0.0);
  b.pattern.assign(count, reference::Pattern::finite);
  return b;
}

Verdict worse(Verdict a, Verdict b) {
  auto rank = [](Status s) { return s == Status::failed ? 2 : s == Status::mistrusted ? 1 : 0; };
  Verdict out = rank(b.status) > rank(a.status) ? b : a;
  out.max_bound_use = std::max(a.max_bound_use, b.max_bound_use);
  out.unbounded = a.unbounded + b.unbounded;
  return out;
}

}  // namespace dxcheck::support
