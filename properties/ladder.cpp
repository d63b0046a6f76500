#include "ladder.h"

#include <algorithm>

#include "fill.h"
#include "generators.h"
#include "suites.h"

namespace dxcheck {
namespace {

int64_t percent(SplitMix64& rng) { return rng.in_range(0, 99); }

// Counts just below, at and just above a multiple of a block width, or anything.
int64_t near_multiple(SplitMix64& rng, int64_t largest) {
  static const int64_t widths[] = {8, 16, 32, 64};
  const int64_t width = widths[rng.in_range(0, 3)];
  const int64_t multiple = width * rng.in_range(1, std::max<int64_t>(1, largest / width));
  return std::max<int64_t>(1, multiple + rng.in_range(-1, 1));
}

// Channels to 600: a quarter small, half around block widths, a quarter anything.
int64_t draw_channels(SplitMix64& rng) {
  const int64_t u = percent(rng);
  if (u < 25) return rng.in_range(1, 8);
  if (u < 75) return near_multiple(rng, 576);
  return rng.in_range(1, 600);
}

// Sides to 160, likewise.
int64_t draw_side(SplitMix64& rng) {
  const int64_t u = percent(rng);
  if (u < 25) return rng.in_range(1, 8);
  if (u < 75) return near_multiple(rng, 160);
  return rng.in_range(1, 160);
}

int64_t draw_batch(SplitMix64& rng) {
  const int64_t u = percent(rng);
  return u < 50 ? 1 : u < 70 ? rng.in_range(2, 4) : u < 85 ? rng.in_range(5, 9) : rng.in_range(10, 20);
}

int64_t draw_stride(SplitMix64& rng) {
  const int64_t u = percent(rng);
  return u < 50 ? 1 : u < 75 ? 2 : rng.in_range(3, 8);
}

int64_t draw_filter(SplitMix64& rng) {
  const int64_t u = percent(rng);
  return u < 25 ? 1 : u < 50 ? 3 : u < 75 ? rng.in_range(2, 5) : rng.in_range(6, 11);
}

void draw_padding(SplitMix64& rng, Case& c) {
  switch (rng.in_range(0, 3)) {
    case 0: c.pad_valid(); return;
    case 1: c.pad_same(); return;
    case 2: c.pad_number(rng.in_range(-1, 5)); break;
    default:
      c.pad_explicit(rng.in_range(-3, 7), rng.in_range(-3, 7), rng.in_range(-3, 7), rng.in_range(-3, 7));
      break;
  }
  static const Rounding roundings[] = {Rounding::none, Rounding::floor, Rounding::round, Rounding::ceil};
  c.round_with(roundings[rng.in_range(0, 3)]);  // only with numeric or explicit pads, as the op demands
}

Case sized_case(SplitMix64& rng) {
  static const Fill fills[] = {Fill::integer, Fill::uniform, Fill::wide, Fill::special, Fill::subnormal};
  Case c;
  const int64_t n = draw_batch(rng), h = draw_side(rng), w = draw_side(rng), ci = draw_channels(rng);
  const int64_t fh = draw_filter(rng), fw = rng.in_range(0, 2) == 0 ? draw_filter(rng) : fh;
  const int64_t o = draw_channels(rng), sh = draw_stride(rng), sw = rng.in_range(0, 2) == 0 ? draw_stride(rng) : sh;
  c.input(n, h, w, ci).filter(fh, fw, o).stride(sh, sw);
  draw_padding(rng, c);
  c.in_layout(rng.in_range(0, 1) ? Layout::nchw : Layout::nhwc)
      .with_profile(rng.in_range(0, 3) == 0 ? Profile::peraxis : Profile::tfjs)
      .fill_with(fills[rng.in_range(0, 4)])
      .seeded(rng.next() >> 16)
      .aligned_off(rng.in_range(0, 3) == 0 ? 4 * rng.in_range(1, 15) : 0);
  return c;
}

Case zero_size_form(Case c, int64_t form) {
  switch (form % 4) {
    case 0: c.batch = 0; break;
    case 1: c.in_channels = 0; break;
    case 2: c.out_channels = 0; break;
    default:  // the filter larger than the input under 'valid': oh = 0, an all-zero dx
      c.pad_valid().round_with(Rounding::none);
      c.in_height = std::min<int64_t>(c.in_height, 10);
      c.filter_height = c.in_height + 1;
      break;
  }
  return c;
}

}  // namespace

LadderKind ladder_kind(int64_t index) {
  if (index % 16 == 7) return LadderKind::zero_size;
  return index % 3 == 2 ? LadderKind::tiny : LadderKind::sized;
}

int64_t ladder_work_target(int64_t index) {
  const int64_t sized_before = index - index / 3;  // about two in three cases are sized
  return int64_t{1} << std::min<int64_t>(40, 10 + sized_before / 2);
}

Case fit_case(Case c, int64_t max_elements, int64_t max_work) {
  constexpr int64_t Case::*shrinkable[] = {&Case::batch, &Case::in_height, &Case::in_width, &Case::in_channels,
                                           &Case::out_channels, &Case::filter_height, &Case::filter_width};
  while (case_elements(c) > max_elements || case_multiply_adds(c) > max_work) {
    int64_t Case::*largest = nullptr;
    for (auto dim : shrinkable) {
      if (c.*dim > 1 && (largest == nullptr || c.*dim > c.*largest)) largest = dim;
    }
    if (largest == nullptr) break;  // all ones: as small as a case gets
    c.*largest = (c.*largest + 1) / 2;
  }
  return c;
}

Case ladder_case(uint64_t seed, int64_t index, int64_t max_elements, int64_t max_work) {
  const uint64_t case_seed = SplitMix64::mix(seed ^ SplitMix64::mix(0x1add3full + static_cast<uint64_t>(index)));
  if (ladder_kind(index) == LadderKind::tiny) {
    // RapidCheck scales ranges by its size (0 to 100 over a run): spread like a run.
    return gen::any_case()(rc::Random(case_seed), static_cast<int>(index * 37 % 101)).value();
  }
  SplitMix64 rng(case_seed);
  const int64_t target = ladder_kind(index) == LadderKind::zero_size ? 4096 : ladder_work_target(index);
  // The target bounds the elements too: a case with no real terms (an empty out size)
  // still costs its fills and comparisons.
  Case c = fit_case(sized_case(rng), std::min(max_elements, target), std::min(max_work, target));
  if (!c.resolves()) c.pad_valid().round_with(Rounding::none);
  if (ladder_kind(index) == LadderKind::zero_size) c = zero_size_form(c, index / 16);
  if (!c.resolves()) c.pad_valid().round_with(Rounding::none);
  return c;
}

}  // namespace dxcheck
