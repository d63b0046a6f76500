// The process groups of every live ChildProcess, killed from dxcheck's SIGINT, SIGTERM
// and SIGHUP handler and at exit (child_process.h).
#include "child_process_groups.h"

#include <signal.h>

#include <atomic>
#include <cstdlib>

#include "child_process.h"

namespace dxcheck {
namespace {

// Plain atomics, so the signal handler touches nothing else.
constexpr int kSlots = 256;
std::atomic<pid_t> g_groups[kSlots];
std::atomic<void (*)(int)> g_hook{nullptr};

void kill_every_group() {
  for (auto& g : g_groups) {
    const pid_t pgid = g.load();
    if (pgid > 0) ::kill(-pgid, SIGKILL);
  }
}

void on_termination_signal(int signal) {
  kill_every_group();
  if (auto hook = g_hook.load()) hook(signal);
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

}  // namespace

void install_handlers_once() {
  static const bool installed = [] {
    for (int s : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      ::sigaction(s, nullptr, &old);
      if (old.sa_handler == SIG_IGN) continue;  // e.g. nohup: stay ignored
      struct sigaction action {};
      action.sa_handler = on_termination_signal;
      sigemptyset(&action.sa_mask);
      ::sigaction(s, &action, nullptr);
    }
    ::signal(SIGPIPE, SIG_IGN);  // a dead child is a failed write, not a dead dxcheck
    std::atexit(kill_every_group);
    return true;
  }();
  (void)installed;
}

int take_slot(pid_t pgid) {
  for (int i = 0; i < kSlots; ++i) {
    pid_t expected = 0;
    if (g_groups[i].compare_exchange_strong(expected, pgid)) return i;
  }
  return -1;  // more live children than slots: PR_SET_PDEATHSIG still covers the leader
}

void release_slot(int slot) {
  if (slot >= 0 && slot < kSlots) g_groups[slot].store(0);
}

void set_termination_hook(void (*hook)(int)) {
  install_handlers_once();
  g_hook.store(hook);
}

}  // namespace dxcheck
