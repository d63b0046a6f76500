#include "driver.h"

#include <algorithm>
#include <cmath>

#include "kernel_call.h"

namespace dxcheck {
namespace {

class SilentListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

std::string first_line_summary(const Verdict& v) {
  std::string s = v.detail;
  if (!v.worst.empty()) {
    const auto& w = v.worst.front();
    s += "; worst at (b,h,w,c)=(" + std::to_string(w.position[0]) + "," + std::to_string(w.position[1]) + "," +
         std::to_string(w.position[2]) + "," + std::to_string(w.position[3]) + "): expected " +
         std::to_string(w.expected) + ", got " + std::to_string(w.got) + " (" + w.why + ")";
  }
  return s;
}

// Each property draws its own cases (seeded by its id), so a run covers more of the
// attribute space than one sequence seen by every property.
uint64_t chunk_seed(uint64_t seed, const std::string& property, int64_t chunk) {
  uint64_t id = 0xcbf29ce484222325ull;  // FNV-1a
  for (unsigned char ch : property) id = (id ^ ch) * 0x100000001b3ull;
  uint64_t z = seed ^ id;
  z += 0x9E3779B97F4A7C15ull * static_cast<uint64_t>(chunk + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

bool is_hang(const Verdict& v) {
  return v.status == Status::failed && v.detail.find(kTimeoutDetail) != std::string::npos;
}

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
  std::optional<std::pair<std::string, Verdict>> last_failure;
  std::string original;  // the first failing case, before shrinking

  const auto rc_property = rc::detail::toProperty([&] {
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
      hung = is_hang(v);
      last_failure = {to_string(c), v};
      RC_FAIL(kernel.name + " " + property.id + ": " + first_line_summary(v));
    }
  });

  SilentListener listener;
  rc::detail::TestMetadata metadata;
  metadata.id = kernel.name + "/" + property.id;
  int64_t done = 0;
  for (int64_t chunk = 0; done < options.cases && !shrinking && !out_of_time; ++chunk) {
    if (past_deadline()) {
      out_of_time = true;
      break;
    }
    const int64_t size = std::min(options.chunk, options.cases - done);
    if (chunk % options.shard_count != options.shard_index) continue;
    rc::detail::TestParams params;
    params.seed = chunk_seed(options.seed, property.id, chunk);
    params.maxSuccess = static_cast<int>(size);
    params.maxSize = 100;
    params.disableShrinking = !options.shrink;
    const auto outcome = rc::detail::checkProperty(rc_property, metadata, params, listener);
    done += size;
    if (options.progress) options.progress(done);

    rc::detail::FailureResult failure;
    if (outcome.match(failure)) {
      std::string shrunk;
      for (const auto& [type, value] : failure.counterExample) {
        if (value.rfind("dx1_", 0) == 0) shrunk = value;
      }
      Verdict v;
      if (last_failure && last_failure->first == shrunk) v = last_failure->second;
      else if (!shrunk.empty()) v = property.check(kernel, parse_case(shrunk), settings);
      result.counterexample = Counterexample{
          shrunk, v.status == Status::failed ? v.detail : failure.description, v.worst,
          shrunk.empty() ? "" : "dxcheck repro " + shrunk + " --kernel " + kernel.name};
      result.counterexample->original_case = original;
      result.counterexample->shrink = "shrunk by RapidCheck in " + std::to_string(failure.reproduce.shrinkPath.size()) + " steps";
      result.hung = hung;
    }
    rc::detail::Error error;
    if (outcome.match(error)) {
      ++result.counts[Status::failed];
      result.counterexample = Counterexample{"", "RapidCheck error: " + error.description, {}, ""};
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
