// Inside child_process.cpp only: the table of live process groups and the signal
// handlers that kill them.
#pragma once

#include <sys/types.h>

namespace dxcheck {

// SIGINT/SIGTERM/SIGHUP handlers (unless ignored), SIGPIPE ignored, the at-exit kill.
void install_handlers_once();
// A slot for a new group, or -1 when the table is full (PR_SET_PDEATHSIG still
// covers the leader).
int take_slot(pid_t pgid);
void release_slot(int slot);

}  // namespace dxcheck
