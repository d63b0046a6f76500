/* Plugins that misbehave on purpose, one per compile definition, for the plugin tests:
 * each must end as docs/design.md "Plugins" says (FAILED with a case string, UNSUPPORTED, or a
 * load error), never as a lost report. */
#define _DEFAULT_SOURCE /* usleep under a strict -std */
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

#include "dxcheck_kernel.h"

#ifdef WRONG_ABI_VERSION
int dxcheck_kernel_abi_version(void) { return 2; }
#else
int dxcheck_kernel_abi_version(void) { return DXCHECK_KERNEL_ABI_VERSION; }
#endif

#ifdef BLOCKING_CONSTRUCTOR
__attribute__((constructor)) static void block_forever(void) {
  for (;;) pause();
}
#endif
#ifdef CRASHING_CONSTRUCTOR
__attribute__((constructor)) static void crash_on_load(void) { raise(SIGSEGV); }
#endif

#ifndef NO_SYMBOL
#ifdef GARBLE_PIPE
/* A few bytes into every pipe open for writing: the worker's answer channel among them. */
static void garble_pipes(void) {
  for (int fd = 3; fd < 64; ++fd) {
    const int flags = fcntl(fd, F_GETFL);
    if (flags >= 0 && (flags & O_ACCMODE) == O_WRONLY) (void)!write(fd, "xyz", 3);
  }
}
#endif

#if defined(LEAK_256_MIB_A_CALL) || defined(FORK_LEAKING_CHILD)
/* Once per run when LEAK_ONCE_MARKER names a file to create (touching memory is slow
 * on some virtual machines), else on every call with more than one channel. */
static int leak_now(const dxcheck_conv_desc *d) {
  const char *marker = getenv("LEAK_ONCE_MARKER");
  return marker ? access(marker, F_OK) != 0 && close(open(marker, O_CREAT | O_WRONLY, 0644)) == 0 : d->in_channels > 1;
}

static void leak_256_mib(void) { /* touched, so resident; kept where the compiler cannot drop it */
  static char *volatile leaked;
  char *leak = malloc((size_t)256 << 20);
  if (leak) memset(leak, 1, (size_t)256 << 20);
  leaked = leak;
  (void)leaked;
}
#endif

static size_t at(const dxcheck_conv_desc *d, size_t b, size_t i, size_t j, size_t c, size_t height,
                 size_t width, size_t channels) {
  if (d->data_format == DXCHECK_NCHW) return ((b * channels + c) * height + i) * width + j;
  return ((b * height + i) * width + j) * channels + c;
}

int dxcheck_backprop_input(const dxcheck_conv_desc *d, const float *dy, const float *filter, float *dx) {
#ifdef DECLINE_ALL
  return 1;
#endif
#ifdef CRASH
  if (d->in_channels > 1) raise(SIGSEGV);
#endif
#ifdef HANG
  if (d->in_channels > 1) for (;;) pause();
#endif
#ifdef GARBLE_PIPE
  if (d->in_channels > 1) garble_pipes();
#endif
#ifdef FORK_CHILD
  if (fork() == 0) for (;;) pause(); /* a descendant that holds every pipe */
#endif
#ifdef FORK_AND_ABORT
  if (d->in_channels > 1) {
    if (fork() == 0) for (;;) pause();
    abort();
  }
#endif
#ifdef LEAK_256_MIB_A_CALL
  if (leak_now(d)) leak_256_mib();
#endif
#ifdef FORK_LEAKING_CHILD
  if (leak_now(d)) { /* the leak is in a forked child, while the kernel waits for it */
    const pid_t child = fork();
    if (child == 0) {
      leak_256_mib();
      for (;;) pause();
    }
    if (child > 0) waitpid(child, NULL, 0);
  }
#endif
#ifdef FLOOD_STDERR
  { /* 256 KiB on each of the first 16 calls: 4 MiB */
    static char line[4096];
    static int calls = 0;
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    if (calls++ < 16)
      for (int i = 0; i < 64; ++i) (void)!write(2, line, sizeof line);
  }
#endif
#ifdef SLOW_CALLS
  usleep(10000); /* 10 ms an invocation: a slow kernel for the time budget */
#endif
#ifdef SLOW_PAIR
  { /* the first call's two invocations take 0.6 s each: within a 1 s timeout each */
    static int invocations = 0;
    if (invocations++ < 2) usleep(600000);
  }
#endif
#if defined(SET_FTZ) && defined(__x86_64__)
  _mm_setcsr(_mm_getcsr() | 0x8040);
#endif
  int top = d->pad_top;
#ifdef OFF_BY_ONE_TOP_PAD
  top += 1; /* the known bug: a kernel that misreads the top pad */
#endif
  const size_t h = (size_t)d->in_height, w = (size_t)d->in_width, ci = (size_t)d->in_channels;
  const size_t oh = (size_t)d->out_height, ow = (size_t)d->out_width, co = (size_t)d->out_channels;
  for (size_t b = 0; b < (size_t)d->batch; ++b)
    for (size_t i = 0; i < h; ++i)
      for (size_t j = 0; j < w; ++j)
        for (size_t c = 0; c < ci; ++c) {
          double sum = 0.0;
          for (size_t p = 0; p < oh; ++p) {
            const long r = (long)i + top - (long)p * d->stride_height;
            if (r < 0 || r >= d->filter_height) continue;
            for (size_t q = 0; q < ow; ++q) {
              const long s = (long)j + d->pad_left - (long)q * d->stride_width;
              if (s < 0 || s >= d->filter_width) continue;
              for (size_t o = 0; o < co; ++o)
                sum += (double)dy[at(d, b, p, q, o, oh, ow, co)] *
                       (double)filter[(((size_t)r * (size_t)d->filter_width + (size_t)s) * ci + c) * co + o];
            }
          }
          dx[at(d, b, i, j, c, h, w, ci)] = (float)sum;
        }
  return 0;
}
#endif
