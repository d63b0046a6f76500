// Drives one property over random cases through RapidCheck (checkProperty, so the
// counterexample comes back shrunk) and tallies the statuses of every case tried.
#pragma once

#include <rapidcheck.h>

#include "generators.h"
#include "property.h"
#include "report.h"

namespace dxcheck {

struct DriveOptions {
  uint64_t seed = 1;
  int cases = 200;
  bool shrink = true;
};

PropertyResult drive_property(const PropertyInfo& property, const KernelEntry& kernel,
                              const CheckSettings& settings, const DriveOptions& options,
                              const rc::Gen<Case>& cases = gen::any_case());

// Runs every property on one case, without RapidCheck: what `repro` and replays use.
// A Case whose attributes are rejected throws ConvInfoError.
Verdict check_case(const PropertyInfo& property, const KernelEntry& kernel, const Case& c,
                   const CheckSettings& settings);

}  // namespace dxcheck
