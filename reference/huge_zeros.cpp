#include "huge_zeros.h"

#include <cstdint>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace dxcheck::reference {

std::vector<double> huge_zeros(size_t count) {
  std::vector<double> v;
  v.reserve(count);  // allocated, not yet touched
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{1} << 21;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = reinterpret_cast<uintptr_t>(v.data() + count) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // whole huge pages inside
#endif
  v.resize(count);
  return v;
}

}  // namespace dxcheck::reference
