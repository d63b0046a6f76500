// What each adapter plugin defines; plugin_entry.cpp, compiled into every adapter,
// exports the C ABI (dxcheck_kernel.h) around it through the shared mapping.
#pragma once

#include "mapping.h"

namespace dxcheck::adapters {

// The adapter's name in the capabilities table (capabilities.h).
extern const char* const kAdapterName;

// One call of the library on the planned geometry. Exceptions are caught around it.
CallResult call_library(const LibraryCall& call, const float* dy, const float* filter, float* dx);

}  // namespace dxcheck::adapters
