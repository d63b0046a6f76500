#include "fp_environment.h"

#include <cstdio>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define DXCHECK_HAVE_MXCSR 1
#endif

namespace dxcheck {
namespace {
// Bits 0-5 are sticky exception flags that ordinary arithmetic sets: not a change.
constexpr uint32_t kControlBits = 0xffc0;
}  // namespace

uint32_t fp_control_state() {
#ifdef DXCHECK_HAVE_MXCSR
  return _mm_getcsr() & kControlBits;
#else
  return 0;
#endif
}

void restore_fp_control_state(uint32_t state) {
#ifdef DXCHECK_HAVE_MXCSR
  _mm_setcsr(state | (_mm_getcsr() & ~kControlBits));
#else
  (void)state;
#endif
}

std::string describe_fp_change(uint32_t before, uint32_t after) {
  char text[64];
  std::snprintf(text, sizeof text, "MXCSR 0x%04x -> 0x%04x", before, after);
  std::string out = text;
  std::string flags;
  if ((after & 0x8000) && !(before & 0x8000)) flags += " flush-to-zero";
  if ((after & 0x0040) && !(before & 0x0040)) flags += " denormals-are-zero";
  if ((after & 0x6000) != (before & 0x6000)) flags += " rounding-mode";
  if ((after & 0x1f80) != (before & 0x1f80)) flags += " exception-masks";
  return out + (flags.empty() ? "" : " (" + flags.substr(1) + ")");
}

}  // namespace dxcheck
