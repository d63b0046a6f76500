#include "driver.h"

#include <algorithm>

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

  const auto rc_property = rc::detail::toProperty([&] {
    const Case c = *cases;
    Verdict v;
    try {
      v = property.check(kernel, c, settings);
    } catch (const ConvInfoError& e) {
      v.status = Status::failed;  // generators make only legal cases: this is dxcheck's bug
      v.detail = std::string("generated case rejected: ") + e.what();
    }
    if (!shrinking) {
      ++result.counts[v.status];
      result.max_bound_use = std::max(result.max_bound_use, v.max_bound_use);
      result.unbounded += v.unbounded;
    }
    // Each hang costs the whole call timeout: shrinking does not chase them.
    if (shrinking && v.status == Status::failed && v.detail.find(kTimeoutDetail) != std::string::npos) return;
    if (v.status == Status::failed) {
      shrinking = true;
      RC_FAIL(kernel.name + " " + property.id + ": " + first_line_summary(v));
    }
  });

  rc::detail::TestParams params;
  params.seed = options.seed;
  params.maxSuccess = options.cases;
  params.maxSize = 100;
  params.disableShrinking = !options.shrink;
  rc::detail::TestMetadata metadata;
  metadata.id = kernel.name + "/" + property.id;
  SilentListener listener;
  const auto outcome = rc::detail::checkProperty(rc_property, metadata, params, listener);

  rc::detail::FailureResult failure;
  if (outcome.match(failure)) {
    for (const auto& [type, value] : failure.counterExample) {
      if (value.rfind("dx1_", 0) != 0) continue;
      const Case shrunk = parse_case(value);
      const Verdict v = property.check(kernel, shrunk, settings);
      result.counterexample = Counterexample{value, v.status == Status::failed ? v.detail : failure.description,
                                             v.worst,
                                             "dxcheck repro " + value + " --kernel " + kernel.name};
    }
    if (!result.counterexample) {
      result.counterexample = Counterexample{"", failure.description, {}, ""};
    }
  }
  rc::detail::Error error;
  if (outcome.match(error)) {
    ++result.counts[Status::failed];
    result.counterexample = Counterexample{"", "RapidCheck error: " + error.description, {}, ""};
  }
  return result;
}

}  // namespace dxcheck
