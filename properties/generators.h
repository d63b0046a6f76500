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

// Channels 1..40, mostly small, with counts around vector widths (7, 8, 9, 15, 16, 17).
inline rc::Gen<int64_t> channels() {
  return rc::gen::weightedOneOf<int64_t>({{6, rc::gen::inRange<int64_t>(1, 5)},
                                          {2, rc::gen::element<int64_t>(7, 8, 9, 15, 16, 17)},
                                          {1, rc::gen::inRange<int64_t>(1, 41)}});
}

// Input sides 1..9, mostly 3 or more (tiny ones still come, and shrinking reaches them).
inline rc::Gen<int64_t> input_dim() {
  return rc::gen::weightedOneOf<int64_t>({{1, small_dim(2)}, {4, rc::gen::inRange<int64_t>(3, 10)}});
}

// Filter sides 1..7, mostly up to 3: larger ones (filter larger than the input) still
// come often enough, without making most cases empty under 'valid'.
inline rc::Gen<int64_t> filter_dim() {
  return rc::gen::weightedOneOf<int64_t>({{3, small_dim(3)}, {1, small_dim(7)}});
}

struct PadChoice {
  Padding::Kind kind;
  int64_t number;
  int64_t top, bottom, left, right;
};

// Explicit sides from -3 (crop) to 7 (>= any filter side), mostly 0..2: negative and
// oversize implied pads both occur.
inline rc::Gen<int64_t> explicit_side() {
  return rc::gen::weightedOneOf<int64_t>({{3, rc::gen::inRange<int64_t>(0, 3)}, {1, rc::gen::inRange<int64_t>(-3, 8)}});
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
  auto shape = rc::gen::tuple(rc::gen::weightedOneOf<int64_t>({{1, rc::gen::just<int64_t>(0)},
                                                               {30, small_dim(4)}}),
                              input_dim(), input_dim(), channels(), filter_dim(), filter_dim(), channels());
  auto attributes = rc::gen::tuple(small_dim(5), small_dim(5), pad_choice(),
                                   rc::gen::element(Rounding::none, Rounding::floor, Rounding::round, Rounding::ceil),
                                   rc::gen::element(Layout::nhwc, Layout::nchw),
                                   rc::gen::element(Profile::tfjs, Profile::peraxis));
  auto data = rc::gen::tuple(rc::gen::elementOf(fills), rc::gen::arbitrary<uint64_t>(),
                             rc::gen::weightedOneOf<int64_t>({{3, rc::gen::just<int64_t>(0)},
                                                              {1, rc::gen::map(rc::gen::inRange(1, 16),
                                                                               [](int k) { return int64_t{4} * k; })}}));
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
