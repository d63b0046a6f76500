#include "rapidcheck_runner.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include <rapidcheck.h>

namespace dxcheck {
namespace {

class SilentListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

}  // namespace

RapidCheckOutcome run_rapidcheck(const RapidCheckRun& run, const std::function<void()>& property) {
  const auto rc_property = rc::detail::toProperty([&] { property(); });
  rc::detail::TestMetadata metadata;
  metadata.id = run.id;
  rc::detail::TestParams params;
  params.seed = run.seed;
  params.maxSuccess = run.cases;
  params.maxSize = run.max_size;
  params.disableShrinking = !run.shrink;
  SilentListener listener;
  const auto result = rc::detail::checkProperty(rc_property, metadata, params, listener);
  RapidCheckOutcome outcome;
  rc::detail::FailureResult failure;
  rc::detail::Error error;
  if (result.match(failure)) {
    outcome.kind = RapidCheckOutcome::Kind::failed;
    outcome.description = failure.description;
    outcome.shrink_steps = static_cast<int64_t>(failure.reproduce.shrinkPath.size());
  } else if (result.match(error)) {
    outcome.kind = RapidCheckOutcome::Kind::error;
    outcome.description = error.description;
  }
  return outcome;
}

void configure_rapidcheck_quietly() {
  std::fflush(stderr);
  const int saved = ::dup(2);
  const int null = ::open("/dev/null", O_WRONLY);
  if (saved < 0 || null < 0) {
    if (saved >= 0) ::close(saved);
    if (null >= 0) ::close(null);
    return;
  }
  ::dup2(null, 2);
  (void)rc::detail::configuration();
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(null);
  ::close(saved);
}

}  // namespace dxcheck
