// dxcheck-worker: the plugin worker as an executable of its own, installed with the
// package (bin/dxcheck-worker), so that checks linked into another program can test a
// plugin too (plugin.h: the worker is found beside that program, through DXCHECK_WORKER,
// or in the install tree). It takes the same arguments as `dxcheck __plugin-worker PATH`:
// the dxcheck command still serves as its own worker.
#include <cstring>
#include <iostream>

#include "plugin.h"

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "__plugin-worker") == 0) return dxcheck::plugin_worker_main(argv[2]);
  std::cerr << "usage: dxcheck-worker __plugin-worker PLUGIN.so\n"
               "(started by dxcheck's checks to run a plugin kernel in its own process; not for use by hand)\n";
  return 2;
}
