// fast_isa_supported ISA: exit 0 when this CPU runs the fast kernel's ISA path (avx512,
// avx2, portable), 77 (CTest's skip code here) with a line saying why when it does not,
// 2 on a name that is no path. Lets CTest skip a path's checks instead of silently
// running a narrower path under its name.
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fast_isa_supported avx512|avx2|portable\n");
    return 2;
  }
  const char* isa = argv[1];
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  bool has;
  if (std::strcmp(isa, "avx512") == 0) has = avx2 && __builtin_cpu_supports("avx512f");
  else if (std::strcmp(isa, "avx2") == 0) has = avx2;
  else if (std::strcmp(isa, "portable") == 0) has = true;
  else {
    std::fprintf(stderr, "fast_isa_supported: no path named %s\n", isa);
    return 2;
  }
  if (!has) {
    std::printf("skipped: this CPU has no %s path\n", isa);
    return 77;
  }
  return 0;
}
