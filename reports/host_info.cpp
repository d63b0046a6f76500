#include "host_info.h"

#include <fstream>
#include <string>

#ifndef DXCHECK_COMPILER
#define DXCHECK_COMPILER "unknown"
#endif
#ifndef DXCHECK_FLAGS
#define DXCHECK_FLAGS "unknown"
#endif

namespace dxcheck {

HostInfo host_info() {
  HostInfo host;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      host.cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  if (host.cpu.empty()) host.cpu = "unknown";
  host.compiler = DXCHECK_COMPILER;
  host.flags = DXCHECK_FLAGS;
  return host;
}

}  // namespace dxcheck
