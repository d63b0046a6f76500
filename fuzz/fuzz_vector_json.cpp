// Arbitrary bytes into the dxcheck-vector/1 reader (tfjs/vector_file.h). A vector is
// evidence, so the reader must say exactly one thing about any file: a VectorError, or a
// VectorFile that the writer reproduces — write(parse(write(v))) == write(v), with every
// float bit kept (NaN by NaN-ness) — and whose attributes resolve or are a ConvInfoError.
// Any other exception escapes and libFuzzer reports it as a crash.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "vector_file.h"

namespace {

[[noreturn]] void finding(const char* what, const std::string& text) {
  std::fprintf(stderr, "fuzz_vector_json: %s\n--- input ---\n%s\n", what, text.c_str());
  std::abort();
}

bool same_bits(const dxcheck::VectorTensor& a, const dxcheck::VectorTensor& b) {
  if (a.shape != b.shape || a.data.size() != b.data.size()) return false;
  for (size_t i = 0; i < a.data.size(); ++i) {
    if (std::isnan(a.data[i]) && std::isnan(b.data[i])) continue;
    if (std::memcmp(&a.data[i], &b.data[i], sizeof(float)) != 0) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  dxcheck::VectorFile vector;
  try {
    vector = dxcheck::parse_vector(text, "fuzz-input");
  } catch (const dxcheck::VectorError&) {
    return 0;
  }

  const std::string written = dxcheck::write_vector(vector);
  dxcheck::VectorFile again;
  try {
    again = dxcheck::parse_vector(written, "rewritten");
  } catch (const dxcheck::VectorError& e) {
    finding((std::string("the writer's output does not read back: ") + e.what()).c_str(), text);
  }
  if (dxcheck::write_vector(again) != written) finding("write(parse(write(v))) != write(v)", text);
  if (!same_bits(vector.dy, again.dy) || !same_bits(vector.filter, again.filter)) {
    finding("dy or filter changed through write and read", text);
  }
  if (vector.expect_dx.has_value() != again.expect_dx.has_value() ||
      (vector.expect_dx && !same_bits(*vector.expect_dx, *again.expect_dx)) ||
      vector.got.has_value() != again.got.has_value() || (vector.got && !same_bits(*vector.got, *again.got)) ||
      vector.expect_error != again.expect_error || vector.case_string != again.case_string ||
      vector.attrs.has_value() != again.attrs.has_value() || vector.attrs_error != again.attrs_error) {
    finding("a field changed through write and read", text);
  }

  try {
    (void)vector.resolve();
  } catch (const dxcheck::ConvInfoError&) {
  }
  return 0;
}
