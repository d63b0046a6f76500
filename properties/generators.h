// RapidCheck generators for Case, built constructively so nothing is discarded: every
// generated Case is legal (the rounding mode only with numeric or explicit pads), most
// are tiny, and shrinking heads for the smallest dims, stride 1, valid padding, the
// int fill and seed 0.
#pragma once

#include <ostream>

#include <rapidcheck.h>

#include "case.h"

namespace dxcheck {

// RapidCheck prints counterexamples through this: the canonical string, ready to paste.
inline void showValue(const Case& c, std::ostream& os) { os << to_string(c); }

namespace gen {

inline rc::Gen<int64_t> small_dim(int64_t max) { return rc::gen::inRange<int64_t>(1, max + 1); }

// A skewed choice as a map over one uniform draw u in [0, 100): RapidCheck shrinks u
// toward 0, so every skewed generator below shrinks to its smallest value (a
// weightedOneOf would stay inside the branch it drew, e.g. at 3 channels of 9).
template <typename F>
rc::Gen<int64_t> skewed(F pick) {
  return rc::gen::map(rc::gen::inRange<int64_t>(0, 100), pick);
}

// Channels 1..40, mostly 1..4, often around vector widths (7, 8, 9, 15, 16, 17).
inline rc::Gen<int64_t> channels() {
  return skewed([](int64_t u) -> int64_t {
    static const int64_t widths[] = {7, 8, 9, 15, 16, 17};
    if (u < 60) return 1 + u * 4 / 60;
    if (u < 84) return widths[(u - 60) / 4];
    return 1 + (u - 84) * 40 / 16;
  });
}

// Input sides 1..9, mostly 3 or more.
inline rc::Gen<int64_t> input_dim() {
  return skewed([](int64_t u) -> int64_t { return u < 20 ? 1 + u / 10 : 3 + (u - 20) * 7 / 80; });
}

// Filter sides 1..7, mostly up to 3: larger ones (filter larger than the input) still
// come often enough, without making most cases empty under 'valid'.
inline rc::Gen<int64_t> filter_dim() {
  return skewed([](int64_t u) -> int64_t { return u < 75 ? 1 + u * 3 / 75 : 1 + (u - 75) * 7 / 25; });
}

// Batch 1..4, and now and then an empty batch (TFJS accepts it: an empty dx).
inline rc::Gen<int64_t> batch() {
  return skewed([](int64_t u) -> int64_t { return u < 96 ? 1 + u / 24 : 0; });
}

// Buffers 64-byte aligned three times in four, else 4..60 bytes off.
inline rc::Gen<int64_t> align_offset() {
  return skewed([](int64_t u) -> int64_t { return u < 75 ? 0 : 4 + (u - 75) * 15 / 25 * 4; });
}

struct PadChoice {
  Padding::Kind kind;
  int64_t number;
  int64_t top, bottom, left, right;
};

// Explicit sides from -3 (crop) to 7 (>= any filter side), mostly 0..2: negative and
// oversize implied pads both occur.
inline rc::Gen<int64_t> explicit_side() {
  return skewed([](int64_t u) -> int64_t { return u < 75 ? u * 3 / 75 : -3 + (u - 75) * 11 / 25; });
}

inline rc::Gen<PadChoice> pad_choice() {
  using K = Padding::Kind;
  return rc::gen::oneOf(
      rc::gen::just(PadChoice{K::valid, 0, 0, 0, 0, 0}), rc::gen::just(PadChoice{K::same, 0, 0, 0, 0, 0}),
      rc::gen::map(rc::gen::inRange<int64_t>(-1, 5), [](int64_t p) { return PadChoice{K::number, p, 0, 0, 0, 0}; }),
      rc::gen::map(rc::gen::tuple(explicit_side(), explicit_side(), explicit_side(), explicit_side()),
                   [](const std::tuple<int64_t, int64_t, int64_t, int64_t>& s) {
                     return PadChoice{K::explicit_pairs, 0, std::get<0>(s), std::get<1>(s), std::get<2>(s),
                                      std::get<3>(s)};
                   }));
}

// Any legal Case with the given fills.
inline rc::Gen<Case> any_case(std::vector<Fill> fills = {Fill::integer, Fill::uniform, Fill::wide,
                                                         Fill::special, Fill::subnormal}) {
  auto shape = rc::gen::tuple(batch(), input_dim(), input_dim(), channels(), filter_dim(), filter_dim(), channels());
  auto attributes = rc::gen::tuple(small_dim(5), small_dim(5), pad_choice(),
                                   rc::gen::element(Rounding::none, Rounding::floor, Rounding::round, Rounding::ceil),
                                   rc::gen::element(Layout::nhwc, Layout::nchw),
                                   rc::gen::element(Profile::tfjs, Profile::peraxis));
  auto data = rc::gen::tuple(rc::gen::elementOf(fills), rc::gen::arbitrary<uint64_t>(), align_offset());
  return rc::gen::apply(
      [](const auto& s, const auto& a, const auto& d) {
        Case c;
        c.input(std::get<0>(s), std::get<1>(s), std::get<2>(s), std::get<3>(s))
            .filter(std::get<4>(s), std::get<5>(s), std::get<6>(s))
            .stride(std::get<0>(a), std::get<1>(a))
            .in_layout(std::get<4>(a))
            .with_profile(std::get<5>(a))
            .fill_with(std::get<0>(d))
            .seeded(std::get<1>(d))
            .aligned_off(std::get<2>(d));
        const PadChoice& p = std::get<2>(a);
        switch (p.kind) {
          case Padding::Kind::valid: c.pad_valid(); break;
          case Padding::Kind::same: c.pad_same(); break;
          case Padding::Kind::number: c.pad_number(p.number); break;
          case Padding::Kind::explicit_pairs: c.pad_explicit(p.top, p.bottom, p.left, p.right); break;
        }
        // The op rejects a rounding mode with a string pad: only legal combinations.
        const bool string_pad = p.kind == Padding::Kind::valid || p.kind == Padding::Kind::same;
        c.round_with(string_pad ? Rounding::none : std::get<3>(a));
        return c;
      },
      shape, attributes, data);
}

}  // namespace gen
}  // namespace dxcheck

namespace rc {
template <>
struct Arbitrary<dxcheck::Case> {
  static Gen<dxcheck::Case> arbitrary() { return dxcheck::gen::any_case(); }
};
}  // namespace rc
