#include "suite_runs.h"

#include <sstream>

namespace dxcheck::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
  if (!text.empty() && text.back() == ',') parts.push_back("");
  return parts;
}

}  // namespace

std::vector<std::string> SuiteChoice::names() const {
  std::vector<std::string> out;
  if (tiny) out.push_back("tiny");
  if (tails) out.push_back("tails");
  if (models) out.push_back(models_batch1 ? "models-batch1" : "models");
  if (ladder) out.push_back("ladder");
  return out;
}

SuiteChoice parse_suite_choice(const std::vector<std::string>& values) {
  if (values.empty()) return SuiteChoice{};
  SuiteChoice choice{false, false, false, false, false};
  for (const auto& value : values) {
    for (const auto& name : split_commas(value)) {
      if (name == "tiny") choice.tiny = true;
      else if (name == "tails") choice.tails = true;
      else if (name == "models") choice.models = true;
      else if (name == "ladder") choice.ladder = true;
      else if (name == "all") choice.tiny = choice.tails = choice.models = choice.ladder = true;
      else throw UsageError("--suite takes tiny, tails, models, ladder or all, got '" + name + "'");
    }
  }
  return choice;
}

SizeSuites load_size_suites(const SuiteChoice& choice, const std::string& folder) {
  SizeSuites suites;
  try {
    if (choice.tails) suites.tails = read_shape_suite(folder + "/tails.txt").cases;
    if (choice.models) {
      for (auto& entry : read_shape_suite(folder + "/models.txt").cases) {
        if (!choice.models_batch1 || entry.c.batch == 1) suites.models.push_back(std::move(entry));
      }
    }
  } catch (const SuiteError& e) {
    throw UsageError(std::string(e.what()) + " (--shapes FOLDER says where the shape files are)");
  }
  return suites;
}

void run_size_suites(const SuiteChoice& choice, const SizeSuites& suites, const KernelEntry& kernel,
                     const CheckSettings& settings, SizeRunOptions options, int64_t ladder_cases,
                     const std::function<void(PropertyResult)>& done) {
  const std::optional<Clock::time_point> end = options.deadline;
  int left = (choice.tails ? 1 : 0) + (choice.models ? 1 : 0) + (choice.ladder ? 1 : 0);
  // Each suite's deadline: an even share of the time left now, so the time one suite
  // does not use goes to those after it.
  const auto share = [&] {
    if (!end) return end;
    const auto now = Clock::now();
    return std::optional<Clock::time_point>(now + (*end > now ? (*end - now) / std::max(left, 1) : Clock::duration{}));
  };
  if (choice.tails) {
    options.deadline = share();
    done(run_suite_cases("tails", suites.tails, kernel, settings, options));
    --left;
  }
  if (choice.models) {
    options.deadline = share();
    done(run_suite_cases("models", suites.models, kernel, settings, options));
    --left;
  }
  if (choice.ladder) {
    options.deadline = end;
    options.max_cases = end ? INT64_MAX : ladder_cases;
    for (auto& r : run_ladder(kernel, settings, options)) done(std::move(r));
  }
}

}  // namespace dxcheck::cli
