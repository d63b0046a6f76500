// Arbitrary text into the numeric option parsers of the command line (cli/
// option_parsing.cpp): each either gives a value inside its stated range that the
// text spells exactly, or a UsageError — never a crash, a narrowed or wrapped value,
// a zero timeout or an exception of another kind.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "commands.h"

namespace {

[[noreturn]] void finding(const char* what, const std::string& text) {
  std::fprintf(stderr, "fuzz_options: %s for '%s'\n", what, text.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dxcheck::cli;
  FuzzedDataProvider in(data, size);
  const int64_t min = in.ConsumeIntegralInRange<int64_t>(0, int64_t{1} << 40);
  const int64_t max = in.ConsumeIntegralInRange<int64_t>(min, INT64_MAX);
  const std::string text = in.ConsumeRemainingBytesAsString();
  try {
    const int64_t v = parse_integer_option("--n", text, min, max);
    if (v < min || v > max) finding("integer outside its range", text);
    if (std::to_string(v) != text.substr(text.find_first_not_of('0') == std::string::npos ? text.size() - 1 : text.find_first_not_of('0'))) {
      finding("integer that is not what the text spells", text);
    }
  } catch (const UsageError&) {
  }
  try {
    const double seconds = parse_seconds_option("--t", text, kMaxTimeoutSeconds);
    if (!(seconds > 0 && seconds <= kMaxTimeoutSeconds)) finding("seconds outside (0, max]", text);
  } catch (const UsageError&) {
  }
  try {
    const auto [index, count] = parse_shard(text);
    if (!(count >= 1 && count <= kMaxShards && index >= 0 && index < count)) finding("shard outside its range", text);
  } catch (const UsageError&) {
  }
  try {
    (void)parse_seed(text == "random" ? "1" : text);
  } catch (const UsageError&) {
  }
  return 0;
}
