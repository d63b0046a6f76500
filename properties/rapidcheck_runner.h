// RapidCheck's private API (rc::detail) behind one small file. Why: its public entry
// points (rc::check, RC_GTEST_PROP) take their seed and sizes from RC_PARAMS in the
// environment, print to stdout and return only a yes or no; dxcheck needs a seed per
// chunk of cases, silence, and the shrink path's length. Should RapidCheck change
// those internals, only rapidcheck_runner.cpp changes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace dxcheck {

struct RapidCheckRun {
  std::string id;  // names the property in RapidCheck's own messages
  uint64_t seed = 1;
  int cases = 100;
  int max_size = 100;
  bool shrink = true;
};

struct RapidCheckOutcome {
  enum class Kind { passed, failed, error } kind = Kind::passed;
  std::string description;   // RapidCheck's words for a failure or an error
  int64_t shrink_steps = 0;  // accepted shrinks of a failure
};

// Runs `property` (a body that draws with *gen and fails with RC_FAIL) on `cases`
// drawn values, shrinking a failure unless told not to; nothing is printed.
RapidCheckOutcome run_rapidcheck(const RapidCheckRun& run, const std::function<void()>& property);

// RapidCheck reads RC_PARAMS and announces its random configuration on first use;
// dxcheck passes its seeds explicitly, so that line would only mislead: read it once,
// with stderr silenced.
void configure_rapidcheck_quietly();

}  // namespace dxcheck
