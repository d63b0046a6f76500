// Shrinking a failing case to the smallest case that still fails, from any start: a
// 10-million-element model layer as well as a 3x3 toy. Greedy, like RapidCheck's
// shrinking, but ordered for cost: the cheapest candidates first (every dimension at
// its minimum, then all halved at once), then one dimension at a time (to its minimum,
// halved, then stepped down by ever smaller amounts), then the attributes (valid pads,
// NHWC, the tfjs profile, int data, seed 0, no offset). The first candidate that still
// fails becomes the case and the candidates start again; every attempt is smaller than
// the case it comes from, so the big ones are tried while the case is still big only
// when smaller ones did not fail.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "case.h"
#include "verdict.h"

namespace dxcheck {

// The candidates for one shrink step, in the order they are tried; all legal (conv-info
// accepts them) and all different from c.
std::vector<Case> shrink_candidates(const Case& c);

struct ShrinkOutcome {
  Case smallest;
  Verdict verdict;           // smallest's failing verdict
  int64_t attempts = 0;      // candidates checked
  int64_t steps = 0;         // candidates that still failed
  double seconds = 0;
  bool stopped = false;      // the deadline or the attempt cap came first: smallest so far
};

// fails(c, &verdict) checks c, says whether it fails and fills verdict.
using FailsCheck = std::function<bool(const Case&, Verdict*)>;

ShrinkOutcome shrink_case(const Case& failing, const Verdict& verdict, const FailsCheck& fails,
                          std::optional<std::chrono::steady_clock::time_point> deadline, int64_t max_attempts = 5000);

// "shrunk in 14 steps (96 checks, 3.1 s) from 2,408,448 to 38 elements", for reports.
std::string shrink_summary(const Case& original, const ShrinkOutcome& outcome);

}  // namespace dxcheck
