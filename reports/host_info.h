// Where a report was made: CPU model, compiler and flags of this build.
#pragma once

#include "report.h"

namespace dxcheck {

HostInfo host_info();

}  // namespace dxcheck
