#include <exception>
#include <string>

#include "capabilities.h"
#include "plugin_entry.h"

namespace {
std::string last_message;  // calls come from one thread at a time (the ABI)

// A library's exception text up to its first line: PyTorch appends a backtrace, which
// would make every decline or error reason unique.
std::string first_line(const char* text) {
  const std::string s = text;
  return s.substr(0, s.find('\n'));
}
}  // namespace

extern "C" {

int dxcheck_kernel_abi_version(void) { return DXCHECK_KERNEL_ABI_VERSION; }

const char* dxcheck_kernel_message(void) { return last_message.empty() ? nullptr : last_message.c_str(); }

int dxcheck_backprop_input(const dxcheck_conv_desc* d, const float* dy, const float* filter, float* dx) {
  using namespace dxcheck::adapters;
  last_message.clear();
  try {
    const Capabilities& caps = capabilities_of(kAdapterName);
    return run_mapped(*d, dy, filter, dx, caps, call_library, &last_message);
  } catch (const std::exception& e) {
    last_message = "exception: " + first_line(e.what());  // an error, never a pass
    return 2;
  } catch (...) {
    last_message = "unknown exception";
    return 2;
  }
}

}  // extern "C"
