// One Case: everything needed to rebuild every input bit for bit, and its canonical
// string (version dx1, docs/design.md "The case string (dx1)"). Tests, fuzz repros
// and reports all speak of cases through this string.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "conv_info.h"

namespace dxcheck {

enum class Fill { integer, uniform, wide, special, subnormal };

struct CaseError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct Case {
  int64_t batch = 1, in_height = 1, in_width = 1, in_channels = 1;
  int64_t filter_height = 1, filter_width = 1, out_channels = 1;
  int64_t stride_height = 1, stride_width = 1;
  Padding pad;  // explicit pads are stored in the case's own layout arrangement
  Rounding rounding = Rounding::none;
  Layout layout = Layout::nhwc;
  Profile profile = Profile::tfjs;
  Fill fill = Fill::integer;
  uint64_t seed = 1;
  int64_t align_offset = 0;  // bytes from 64-byte alignment of every buffer

  // A fluent builder for hand-written cases:
  // Case().input(1, 7, 7, 3).filter(3, 3, 8).stride(2, 1).pad_same()
  Case& input(int64_t n, int64_t h, int64_t w, int64_t c);
  Case& filter(int64_t fh, int64_t fw, int64_t o);
  Case& stride(int64_t sh, int64_t sw);
  Case& pad_valid();
  Case& pad_same();
  Case& pad_number(int64_t p);
  Case& pad_explicit(int64_t top, int64_t bottom, int64_t left, int64_t right);
  Case& round_with(Rounding r);
  Case& in_layout(Layout l);  // keeps explicit pad sides
  Case& with_profile(Profile p);
  Case& fill_with(Fill f);
  Case& seeded(uint64_t s);
  Case& aligned_off(int64_t bytes);

  ConvAttrs attrs() const;
  // The resolved desc; throws ConvInfoError for attributes TFJS or dxcheck reject.
  dxcheck_conv_desc desc(const Limits& limits = {}) const;
  // desc() would succeed: the attributes are ones TFJS and dxcheck accept.
  bool resolves(const Limits& limits = {}) const;

  bool operator==(const Case& other) const { return to_string(*this) == to_string(other); }
  friend std::string to_string(const Case& c);
};

std::string to_string(const Case& c);
// Exactly the grammar; anything else is a CaseError saying where and why.
Case parse_case(const std::string& text);

const char* to_string(Fill fill);

}  // namespace dxcheck
