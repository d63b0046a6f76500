// The suites of `dxcheck run` (--suite): which ones run, the shape files they read, and
// how one kernel's share of the time budget is split between the size suites.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "size_runs.h"
#include "suites.h"

namespace dxcheck::cli {

struct SuiteChoice {
  bool tiny = true;           // the properties' own RapidCheck cases and the golden vectors
  bool tails = true;          // corpus/shapes/tails.txt
  bool models = true;         // corpus/shapes/models.txt
  bool models_batch1 = true;  // only its batch-1 lines (the default run)
  bool ladder = true;         // the size ladder

  std::vector<std::string> names() const;  // for the report: tiny, tails, models or models-batch1, ladder
  bool any_size_suite() const { return tails || models || ladder; }
};

// From the --suite values (each tiny, tails, models, ladder or all; commas allowed); no
// value: the default run (tiny, tails, models at batch 1, ladder). A bad name is a
// UsageError.
SuiteChoice parse_suite_choice(const std::vector<std::string>& values);

struct SizeSuites {
  std::vector<SuiteCase> tails, models;  // models already cut to batch 1 when chosen so
};

// Reads the chosen shape files from `folder`; a missing or malformed file is a
// UsageError naming it (exit 2).
SizeSuites load_size_suites(const SuiteChoice& choice, const std::string& folder);

// One kernel's size suites in order tails, models, ladder. With a deadline each suite
// gets an even share of the time left when it starts (what one leaves unused goes to
// the next); without one, every suite case runs and the ladder runs ladder_cases.
// `done` receives each result as it is finished.
void run_size_suites(const SuiteChoice& choice, const SizeSuites& suites, const KernelEntry& kernel,
                     const CheckSettings& settings, SizeRunOptions options, int64_t ladder_cases,
                     const std::function<void(PropertyResult)>& done);

}  // namespace dxcheck::cli
