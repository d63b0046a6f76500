// Arbitrary bytes into parse_case. Every accepted string is canonical: printing the parsed
// Case gives back exactly the input (docs/design.md "The case string (dx1)": no
// optional spellings, print(parse(s)) == s). Everything else must be a CaseError, never a crash.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "case.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  dxcheck::Case c;
  try {
    c = dxcheck::parse_case(text);
  } catch (const dxcheck::CaseError&) {
    return 0;
  }
  const std::string printed = dxcheck::to_string(c);
  if (printed != text) {
    std::fprintf(stderr, "fuzz_case_string: print(parse(s)) != s\n  s:      '%s'\n  printed: '%s'\n", text.c_str(),
                 printed.c_str());
    std::abort();
  }
  // Parsing the printed form again is the same Case.
  if (!(dxcheck::parse_case(printed) == c)) {
    std::fprintf(stderr, "fuzz_case_string: parse(print(c)) != c for '%s'\n", text.c_str());
    std::abort();
  }
  // Its attributes resolve to a desc or a ConvInfoError (dims may be huge: no allocation).
  try {
    (void)c.desc();
  } catch (const dxcheck::ConvInfoError&) {
  }
  return 0;
}
