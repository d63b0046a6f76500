#include "driver.h"

#include <algorithm>
#include <cmath>

#include "fill.h"
#include "rapidcheck_runner.h"
#include "verdict_text.h"

namespace dxcheck {
namespace {

// Each property draws its own cases (seeded by its id), so a run covers more of the
// attribute space than one sequence seen by every property.
uint64_t chunk_seed(uint64_t seed, const std::string& property, int64_t chunk) {
  uint64_t id = 0xcbf29ce484222325ull;  // FNV-1a
  for (unsigned char ch : property) id = (id ^ ch) * 0x100000001b3ull;
  return SplitMix64::mix((seed ^ id) + 0x9E3779B97F4A7C15ull * static_cast<uint64_t>(chunk + 1));
}

}  // namespace

Verdict check_case(const PropertyInfo& property, const KernelEntry& kernel, const Case& c,
                   const CheckSettings& settings) {
  return property.check(kernel, c, settings);
}

PropertyResult drive_property(const PropertyInfo& property, const KernelEntry& kernel,
                              const CheckSettings& settings, const DriveOptions& options,
                              const rc::Gen<Case>& cases) {
  PropertyResult result;
  result.kernel = kernel.name;
  result.property = property.id;
  bool shrinking = false;  // once a case failed, the rest are shrink attempts: not tallied
  bool hung = false;       // a hang costs the whole call timeout: shrinking does not chase it
  // Past the deadline the rest of a chunk is drawn but not run: a property overruns its
  // share of a time budget by at most one case.
  bool out_of_time = false;
  const auto past_deadline = [&] { return options.deadline && std::chrono::steady_clock::now() >= *options.deadline; };
  // The last case that failed: while shrinking, RapidCheck's current counterexample, so
  // at the end the shrunk case itself.
  std::optional<std::pair<std::string, Verdict>> last_failure;
  std::string original;  // the first failing case, before shrinking

  const auto body = [&] {
    const Case c = *cases;
    if (hung || out_of_time) return;
    if (!shrinking && past_deadline()) {
      out_of_time = true;
      return;
    }
    Verdict v;
    try {
      v = property.check(kernel, c, settings);
    } catch (const ConvInfoError& e) {
      v.status = Status::failed;  // generators make only legal cases: this is dxcheck's bug
      v.detail = std::string("generated case rejected: ") + e.what();
    }
    if (!shrinking) {
      result.tally(v);
      if (v.status == Status::failed) original = to_string(c);
      if (options.on_case) options.on_case(c, v);
    }
    if (v.status == Status::failed) {
      shrinking = true;
      hung = v.hung();
      last_failure = {to_string(c), v};
      RC_FAIL(kernel.name + " " + property.id + ": " + verdict_summary(v));
    }
  };

  int64_t done = 0;
  for (int64_t chunk = 0; done < options.cases && !shrinking && !out_of_time; ++chunk) {
    if (past_deadline()) {
      out_of_time = true;
      break;
    }
    const int64_t size = std::min(options.chunk, options.cases - done);
    if (chunk % options.shard_count != options.shard_index) continue;
    RapidCheckRun run;
    run.id = kernel.name + "/" + property.id;
    run.seed = chunk_seed(options.seed, property.id, chunk);
    run.cases = static_cast<int>(size);
    run.shrink = options.shrink;
    const RapidCheckOutcome outcome = run_rapidcheck(run, body);
    done += size;
    if (options.progress) options.progress(done);

    if (outcome.kind == RapidCheckOutcome::Kind::failed && last_failure) {
      const auto& [shrunk, v] = *last_failure;
      result.counterexample = Counterexample{shrunk, v.detail, v.worst, repro_command_line(shrunk, kernel.name)};
      result.counterexample->original_case = original;
      result.counterexample->shrink = "shrunk by RapidCheck in " + std::to_string(outcome.shrink_steps) + " steps";
      result.hung = hung;
    } else if (outcome.kind != RapidCheckOutcome::Kind::passed) {  // an error, or a failure outside a check
      ++result.counts[Status::failed];
      result.counterexample = Counterexample{"", "RapidCheck: " + outcome.description, {}, ""};
      break;
    }
  }
  if (out_of_time) {
    int64_t tallied = 0;
    for (const auto& [status, count] : result.counts) tallied += count;
    result.note = "stopped by the time budget after " + std::to_string(tallied) + " cases";
  }
  return result;
}

}  // namespace dxcheck
