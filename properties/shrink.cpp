#include "shrink.h"

#include <set>
#include <sstream>

#include "suites.h"

namespace dxcheck {
namespace {

using Clock = std::chrono::steady_clock;

// The size dimensions, largest memory first, so the first accepted steps save the most.
constexpr int64_t Case::*kDims[] = {&Case::batch,         &Case::in_height,    &Case::in_width,
                                    &Case::in_channels,   &Case::out_channels, &Case::filter_height,
                                    &Case::filter_width,  &Case::stride_height, &Case::stride_width};

// A zero-size form (batch 0, 0 channels) stays one: 0 is not grown to 1.
int64_t minimum(int64_t value) { return value <= 0 ? value : 1; }

class Candidates {
 public:
  explicit Candidates(const Case& c) : original_(c) { seen_.insert(to_string(c)); }
  void add(const Case& c) {
    if (seen_.insert(to_string(c)).second && c.resolves()) list_.push_back(c);
  }
  std::vector<Case> take() { return std::move(list_); }
  const Case& original() const { return original_; }

 private:
  Case original_;
  std::set<std::string> seen_;
  std::vector<Case> list_;
};

Case with_dim(Case c, int64_t Case::*dim, int64_t value) {
  c.*dim = value;
  return c;
}

// Pads only ever get simpler (valid < same < a number < explicit sides, numbers and
// sides toward 0), so shrinking cannot cycle.
void add_pad_candidates(Candidates& out) {
  const Case& c = out.original();
  Case valid = c;
  valid.pad_valid().round_with(Rounding::none);
  out.add(valid);
  if (c.pad.kind == Padding::Kind::number || c.pad.kind == Padding::Kind::explicit_pairs) {
    Case same = c;
    same.pad_same().round_with(Rounding::none);
    out.add(same);
  }
  if (c.pad.kind == Padding::Kind::number && c.pad.number != 0) {
    Case zero = c;
    zero.pad_number(0);
    out.add(zero);
    Case step = c;
    step.pad_number(c.pad.number > 0 ? c.pad.number - 1 : c.pad.number + 1);
    out.add(step);
  }
  if (c.pad.kind == Padding::Kind::explicit_pairs) {
    const auto sides = c.pad.sides(c.layout);
    Case zero = c;
    zero.pad_explicit(0, 0, 0, 0);
    out.add(zero);
    for (int i = 0; i < 4; ++i) {
      const int64_t side = sides[static_cast<size_t>(i)];
      for (int64_t to : {int64_t{0}, side > 0 ? side - 1 : side + 1}) {
        auto s = sides;
        s[static_cast<size_t>(i)] = to;
        Case one = c;
        one.pad_explicit(s[0], s[1], s[2], s[3]);
        out.add(one);
      }
    }
  }
  if (c.rounding != Rounding::none) {
    Case none = c;
    none.round_with(Rounding::none);
    out.add(none);
  }
}

}  // namespace

std::vector<Case> shrink_candidates(const Case& c) {
  Candidates out(c);
  Case all_min = c, all_half = c;
  for (auto dim : kDims) {
    all_min.*dim = minimum(c.*dim);
    all_half.*dim = std::max(minimum(c.*dim), c.*dim / 2);
  }
  out.add(all_min);
  out.add(all_half);
  for (auto dim : kDims) out.add(with_dim(c, dim, minimum(c.*dim)));
  for (auto dim : kDims) out.add(with_dim(c, dim, std::max(minimum(c.*dim), c.*dim / 2)));
  // Then down by a quarter, an eighth, ... one of the distance to the minimum: a binary
  // search from above that finds the smallest failing value of a dimension.
  for (auto dim : kDims) {
    const int64_t distance = c.*dim - minimum(c.*dim);
    for (int64_t step = distance / 4; step >= 1; step /= 2) out.add(with_dim(c, dim, c.*dim - step));
    if (distance >= 1) out.add(with_dim(c, dim, c.*dim - 1));
  }
  add_pad_candidates(out);
  Case simple = c;
  out.add(simple.in_layout(Layout::nhwc));
  simple = c;
  out.add(simple.with_profile(Profile::tfjs));
  simple = c;
  out.add(simple.fill_with(Fill::integer));
  simple = c;
  out.add(simple.seeded(0));
  simple = c;
  out.add(simple.aligned_off(0));
  return out.take();
}

ShrinkOutcome shrink_case(const Case& failing, const Verdict& verdict, const FailsCheck& fails,
                          std::optional<Clock::time_point> deadline, int64_t max_attempts) {
  const auto started = Clock::now();
  ShrinkOutcome outcome{failing, verdict};
  bool progressed = true;
  while (progressed && !outcome.stopped) {
    progressed = false;
    for (const Case& candidate : shrink_candidates(outcome.smallest)) {
      if ((deadline && Clock::now() >= *deadline) || outcome.attempts >= max_attempts) {
        outcome.stopped = true;
        break;
      }
      ++outcome.attempts;
      Verdict v;
      if (fails(candidate, &v)) {
        outcome.smallest = candidate;
        outcome.verdict = v;
        ++outcome.steps;
        progressed = true;
        break;
      }
    }
  }
  outcome.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return outcome;
}

std::string shrink_summary(const Case& original, const ShrinkOutcome& outcome) {
  std::ostringstream s;
  s.precision(2);
  s << std::fixed << "shrunk in " << outcome.steps << " steps (" << outcome.attempts << " checks, " << outcome.seconds
    << " s) from " << case_elements(original) << " to " << case_elements(outcome.smallest) << " elements";
  if (outcome.stopped) s << "; stopped by its time limit, the smallest failing case so far";
  return s.str();
}

}  // namespace dxcheck
