// Properties any correct kernel satisfies, as functions from (kernel, Case) to a
// verdict. RC_GTEST_PROP wrappers, `dxcheck run` and the fuzz targets all call these.
#pragma once

#include <string>
#include <vector>

#include "case.h"
#include "compare.h"
#include "registry.h"
#include "verdict.h"

namespace dxcheck {

struct CheckSettings {
  Precision precision = Precision::fp32;
  Limits limits;                                 // tensors above are rejected
  int64_t reference_cap = int64_t{1} << 26;      // reference working set, elements
  // dy + F + dx of the case a property runs, elements (the reference's cap): a property
  // holds a few copies of them (linearity: three dy and three dx, besides the kernel
  // call's own), so this bounds its memory and time; above, the property is SKIPPED.
  int64_t case_cap = int64_t{1} << 26;
};

// A property's check. Each maps the drawn Case deterministically to the form it needs (a
// fill, stride 1, a 1x1 filter...), so `dxcheck repro <case>` re-runs exactly what failed.
using PropertyFunction = Verdict(const KernelEntry& kernel, const Case& c, const CheckSettings& settings);
using PropertyCheck = PropertyFunction*;

struct PropertyInfo {
  std::string id;  // stable: reports and `dxcheck list` use it
  std::string summary;
  PropertyCheck check;
};

const std::vector<PropertyInfo>& all_properties();
// nullptr when there is no property with that id.
const PropertyInfo* find_property(const std::string& id);

// Exact fills: integers (possibly scaled by powers of two) whose partial sums are all
// representable, so any summation order gives the same float.
bool is_exact_fill(Fill fill);

}  // namespace dxcheck
