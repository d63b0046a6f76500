// Drives one property over random cases through RapidCheck (checkProperty, so the
// counterexample comes back shrunk), in chunks so a time budget, progress and shards
// work, and tallies the statuses of every case tried.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include <rapidcheck.h>

#include "generators.h"
#include "property.h"
#include "report.h"

namespace dxcheck {

struct DriveOptions {
  uint64_t seed = 1;
  int64_t cases = 200;  // per property (this shard's share when sharded)
  bool shrink = true;
  int64_t chunk = 50;   // cases per RapidCheck run; chunk k has its own seed
  int shard_index = 0, shard_count = 1;  // chunk k runs on shard k % shard_count
  std::optional<std::chrono::steady_clock::time_point> deadline;
  std::function<void(int64_t cases_done)> progress;           // after each chunk
  std::function<void(const Case&, const Verdict&)> on_case;  // each drawn case, not shrink steps
};

PropertyResult drive_property(const PropertyInfo& property, const KernelEntry& kernel,
                              const CheckSettings& settings, const DriveOptions& options,
                              const rc::Gen<Case>& cases = gen::any_case());

// Runs one property on one case, without RapidCheck: what `repro` and replays use.
// A Case whose attributes are rejected throws ConvInfoError.
Verdict check_case(const PropertyInfo& property, const KernelEntry& kernel, const Case& c,
                   const CheckSettings& settings);

}  // namespace dxcheck
