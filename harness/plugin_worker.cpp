// The worker side of plugin.h: `dxcheck __plugin-worker PATH`.
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "fp_environment.h"
#include "kernel_call.h"
#include "plugin.h"
#include "plugin_protocol.h"

namespace dxcheck {
namespace {

using namespace plugin_protocol;

int g_answers = -1;  // the protocol's output; stdout is the plugin's (it goes to stderr)
dxcheck_backprop_input_fn g_plugin_function = nullptr;

bool write_all(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool read_all(int fd, void* data, size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Each invocation is announced first, so dxcheck gives each its own timeout.
int announced_invocation(const dxcheck_conv_desc* desc, const float* dy, const float* filter, float* dx) {
  const uint32_t mark = kInvocation;
  write_all(g_answers, &mark, sizeof mark);
  return g_plugin_function(desc, dy, filter, dx);
}

void send_hello(int32_t status, const std::string& message) {
  Writer w;
  w.put(kHello);
  w.put(status);
  w.put_text(message);
  write_all(g_answers, w.bytes.data(), w.bytes.size());
}

}  // namespace

int plugin_worker_main(const std::string& path) {
  // The protocol moves off stdin/stdout, which become the plugin's: /dev/null and stderr.
  const int requests = ::fcntl(0, F_DUPFD_CLOEXEC, 3);
  g_answers = ::fcntl(1, F_DUPFD_CLOEXEC, 3);
  const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (requests < 0 || g_answers < 0 || null < 0) return 2;
  ::dup2(null, 0);
  ::close(null);
  ::dup2(2, 1);

  const uint32_t fp_before = fp_control_state();
  void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) return send_hello(1, ::dlerror()), 2;
  g_plugin_function = reinterpret_cast<dxcheck_backprop_input_fn>(::dlsym(library, "dxcheck_backprop_input"));
  if (!g_plugin_function) return send_hello(1, "it does not export dxcheck_backprop_input"), 2;
  if (auto version = reinterpret_cast<int (*)()>(::dlsym(library, "dxcheck_kernel_abi_version"))) {
    const int v = version();
    if (v != DXCHECK_KERNEL_ABI_VERSION) {
      return send_hello(1, "its dxcheck_kernel_abi_version() is " + std::to_string(v) + "; this dxcheck speaks " +
                               std::to_string(DXCHECK_KERNEL_ABI_VERSION)),
             2;
    }
  }
  std::string warning;
  const uint32_t fp_after = fp_control_state();
  if (fp_after != fp_before) {
    warning = "loading the plugin changed the floating-point environment: " + describe_fp_change(fp_before, fp_after) +
              " (built with -ffast-math?); restored";
    restore_fp_control_state(fp_before);
  }
  send_hello(0, warning);

  KernelEntry entry;
  entry.name = path;
  entry.function = announced_invocation;
  entry.message = reinterpret_cast<dxcheck_kernel_message_fn>(::dlsym(library, "dxcheck_kernel_message"));
  auto in = reader([requests](void* p, size_t n) { return read_all(requests, p, n); });
  constexpr uint64_t kMaxFloats = uint64_t{1} << 34;  // the parent's own tensor caps are far below
  while (in.get<uint32_t>() == kRequest && in.ok) {
    const auto desc = in.get<dxcheck_conv_desc>();
    const auto align = in.get<int64_t>();
    const auto dy = in.get_floats(kMaxFloats);
    const auto filter = in.get_floats(kMaxFloats);
    if (!in.ok) break;
    const uint32_t before = fp_control_state();
    CallOutcome outcome = call_kernel(entry, desc, dy, filter, align);
    const uint32_t after = fp_control_state();
    if (after != before) {
      restore_fp_control_state(before);
      outcome.status = Status::failed;
      outcome.detail = "the kernel changed the floating-point environment: " + describe_fp_change(before, after);
      outcome.dx.clear();
    }
    Writer w;
    w.put(kResponse);
    w.put<int32_t>(outcome.status == Status::passed ? 0 : outcome.status == Status::unsupported ? 1 : 2);
    w.put_text(outcome.detail);
    w.put_floats(outcome.dx);
    if (!write_all(g_answers, w.bytes.data(), w.bytes.size())) break;
  }
  return 0;
}

}  // namespace dxcheck
