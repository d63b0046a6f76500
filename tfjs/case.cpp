#include "case.h"

#include <limits>

namespace dxcheck {
namespace {

// A cursor over a case string; every failure names the offset and what was expected.
class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw CaseError("bad case string '" + text_ + "' at offset " + std::to_string(pos_) + ": " + what);
  }
  bool at_end() const { return pos_ == text_.size(); }
  bool accept(const std::string& literal) {
    if (text_.compare(pos_, literal.size(), literal) != 0) return false;
    pos_ += literal.size();
    return true;
  }
  void expect(const std::string& literal) {
    if (!accept(literal)) fail("expected '" + literal + "'");
  }
  // U: decimal digits, no leading zeros, so every number has one spelling.
  uint64_t unsigned_number(uint64_t max = std::numeric_limits<int64_t>::max()) {
    const size_t start = pos_;
    uint64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const uint64_t digit = static_cast<uint64_t>(text_[pos_] - '0');
      if (value > (max - digit) / 10) fail("number larger than " + std::to_string(max));
      value = value * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) fail("expected a number");
    if (pos_ - start > 1 && text_[start] == '0') {
      pos_ = start;
      fail("leading zero (write numbers without them)");
    }
    return value;
  }
  int64_t signed_number() {
    const bool minus = accept("m");
    const int64_t value = static_cast<int64_t>(unsigned_number());
    if (minus && value == 0) fail("'m0': zero is written '0'");
    return minus ? -value : value;
  }

 private:
  const std::string& text_;
  size_t pos_ = 0;
};

std::string signed_text(int64_t v) { return (v < 0 ? "m" : "") + std::to_string(v < 0 ? -v : v); }

}  // namespace

Case& Case::input(int64_t n, int64_t h, int64_t w, int64_t c) {
  batch = n, in_height = h, in_width = w, in_channels = c;
  return *this;
}
Case& Case::filter(int64_t fh, int64_t fw, int64_t o) {
  filter_height = fh, filter_width = fw, out_channels = o;
  return *this;
}
Case& Case::stride(int64_t sh, int64_t sw) {
  stride_height = sh, stride_width = sw;
  return *this;
}
Case& Case::pad_valid() { return pad = Padding::valid(), *this; }
Case& Case::pad_same() { return pad = Padding::same(), *this; }
Case& Case::pad_number(int64_t p) { return pad = Padding::of(p), *this; }
Case& Case::pad_explicit(int64_t top, int64_t bottom, int64_t left, int64_t right) {
  pad = Padding::explicit_sides(layout, top, bottom, left, right);
  return *this;
}
Case& Case::round_with(Rounding r) { return rounding = r, *this; }
Case& Case::in_layout(Layout l) {
  if (pad.kind == Padding::Kind::explicit_pairs) {
    const auto s = pad.sides(layout);
    pad = Padding::explicit_sides(l, s[0], s[1], s[2], s[3]);
  }
  layout = l;
  return *this;
}
Case& Case::with_profile(Profile p) { return profile = p, *this; }
Case& Case::fill_with(Fill f) { return fill = f, *this; }
Case& Case::seeded(uint64_t s) { return seed = s, *this; }
Case& Case::aligned_off(int64_t bytes) {
  if (bytes < 0 || bytes >= 64 || bytes % 4 != 0) {
    throw CaseError("alignment offset must be a multiple of 4 in [0, 64), got " + std::to_string(bytes));
  }
  return align_offset = bytes, *this;
}

ConvAttrs Case::attrs() const {
  ConvAttrs a;
  a.input_shape = layout == Layout::nhwc ? std::vector<int64_t>{batch, in_height, in_width, in_channels}
                                         : std::vector<int64_t>{batch, in_channels, in_height, in_width};
  a.filter_shape = {filter_height, filter_width, in_channels, out_channels};
  a.strides = {stride_height, stride_width};
  a.pad = pad;
  a.layout = layout;
  a.rounding = rounding;
  a.profile = profile;
  return a;
}

dxcheck_conv_desc Case::desc(const Limits& limits) const { return resolve_conv_info(attrs(), limits); }

bool Case::resolves(const Limits& limits) const {
  try {
    (void)desc(limits);
    return true;
  } catch (const ConvInfoError&) {
    return false;
  }
}

const char* to_string(Fill fill) {
  switch (fill) {
    case Fill::integer: return "int";
    case Fill::uniform: return "uniform";
    case Fill::wide: return "wide";
    case Fill::special: return "special";
    case Fill::subnormal: return "subnormal";
  }
  return "?";
}

std::string to_string(const Case& c) {
  std::string s = "dx1_n" + std::to_string(c.batch) + "_h" + std::to_string(c.in_height) + "w" +
                  std::to_string(c.in_width) + "c" + std::to_string(c.in_channels) + "_k" +
                  std::to_string(c.filter_height) + "x" + std::to_string(c.filter_width) + "o" +
                  std::to_string(c.out_channels) + "_s" + std::to_string(c.stride_height) + "x" +
                  std::to_string(c.stride_width) + "_";
  switch (c.pad.kind) {
    case Padding::Kind::valid: s += "valid"; break;
    case Padding::Kind::same: s += "same"; break;
    case Padding::Kind::number: s += "p" + signed_text(c.pad.number); break;
    case Padding::Kind::explicit_pairs: {
      const auto side = c.pad.sides(c.layout);
      s += "e" + signed_text(side[0]) + "." + signed_text(side[1]) + "." + signed_text(side[2]) + "." +
           signed_text(side[3]);
      break;
    }
  }
  if (c.rounding != Rounding::none) s += std::string("_") + to_string(c.rounding);
  s += c.layout == Layout::nhwc ? "_nhwc" : "_nchw";
  s += std::string("_") + to_string(c.profile) + "_" + to_string(c.fill) + "_r" + std::to_string(c.seed);
  if (c.align_offset != 0) s += "_a" + std::to_string(c.align_offset);
  return s;
}

Case parse_case(const std::string& text) {
  Reader in(text);
  Case c;
  in.expect("dx1_n");
  c.batch = static_cast<int64_t>(in.unsigned_number());
  in.expect("_h");
  c.in_height = static_cast<int64_t>(in.unsigned_number());
  in.expect("w");
  c.in_width = static_cast<int64_t>(in.unsigned_number());
  in.expect("c");
  c.in_channels = static_cast<int64_t>(in.unsigned_number());
  in.expect("_k");
  c.filter_height = static_cast<int64_t>(in.unsigned_number());
  in.expect("x");
  c.filter_width = static_cast<int64_t>(in.unsigned_number());
  in.expect("o");
  c.out_channels = static_cast<int64_t>(in.unsigned_number());
  in.expect("_s");
  c.stride_height = static_cast<int64_t>(in.unsigned_number());
  in.expect("x");
  c.stride_width = static_cast<int64_t>(in.unsigned_number());
  in.expect("_");
  // The layout comes after the pad, so explicit sides are kept until it is known.
  int64_t sides[4] = {0, 0, 0, 0};
  bool explicit_pad = false;
  if (in.accept("valid")) {
    c.pad = Padding::valid();
  } else if (in.accept("same")) {
    c.pad = Padding::same();
  } else if (in.accept("p")) {
    c.pad = Padding::of(in.signed_number());
  } else if (in.accept("e")) {
    explicit_pad = true;
    for (int i = 0; i < 4; ++i) {
      if (i) in.expect(".");
      sides[i] = in.signed_number();
    }
  } else {
    in.fail("expected a pad: valid, same, p<I> or e<I>.<I>.<I>.<I>");
  }
  in.expect("_");
  if (in.accept("floor_")) c.rounding = Rounding::floor;
  else if (in.accept("round_")) c.rounding = Rounding::round;
  else if (in.accept("ceil_")) c.rounding = Rounding::ceil;
  if (in.accept("nhwc")) c.layout = Layout::nhwc;
  else if (in.accept("nchw")) c.layout = Layout::nchw;
  else in.fail("expected a rounding (floor, round, ceil) or a layout (nhwc, nchw)");
  if (explicit_pad) c.pad = Padding::explicit_sides(c.layout, sides[0], sides[1], sides[2], sides[3]);
  in.expect("_");
  if (in.accept("tfjs")) c.profile = Profile::tfjs;
  else if (in.accept("peraxis")) c.profile = Profile::peraxis;
  else in.fail("expected a profile: tfjs or peraxis");
  in.expect("_");
  if (in.accept("int")) c.fill = Fill::integer;
  else if (in.accept("uniform")) c.fill = Fill::uniform;
  else if (in.accept("wide")) c.fill = Fill::wide;
  else if (in.accept("special")) c.fill = Fill::special;
  else if (in.accept("subnormal")) c.fill = Fill::subnormal;
  else in.fail("expected a fill: int, uniform, wide, special or subnormal");
  in.expect("_r");
  c.seed = in.unsigned_number(std::numeric_limits<uint64_t>::max());
  if (in.accept("_a")) {
    const int64_t offset = static_cast<int64_t>(in.unsigned_number());
    if (offset == 0) in.fail("'_a0': an offset of 0 is written by leaving '_a' out");
    if (offset >= 64 || offset % 4 != 0) in.fail("alignment offset must be a multiple of 4 below 64");
    c.align_offset = offset;
  }
  if (!in.at_end()) in.fail("unexpected trailing text");
  return c;
}

}  // namespace dxcheck
