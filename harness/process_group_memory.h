// The resident memory of a child's whole process group (the child and whatever it
// forked), for ChildProcess's memory watchdog: a plugin that forks a child which leaks
// must not escape the cap by leaking in the child.
//  - The members are the leader's descendants (walked through /proc/PID/task/TID/children,
//    cheap) plus the group members found outside that tree (a descendant whose parent
//    exited is reparented away from it) by a scan of every /proc/PID/stat once a second:
//    such an orphan counts from the next scan on.
//  - The sum is of resident set sizes (RSS, cheap counters) while it stays under the cap.
//    Above it, each member's proportional set size (PSS, smaps_rollup) is summed instead:
//    forked children share their parent's pages copy-on-write, and RSS would count each
//    shared page once per process (a hundred idle forks of a 40 MB worker are not 4 GB).
// Linux only (/proc); elsewhere the sample reads 0.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace dxcheck {

class ProcessGroupMemory {
 public:
  explicit ProcessGroupMemory(pid_t leader) : leader_(leader) {}

  // The group's resident bytes now: the RSS sum when it is at most `limit` (or `limit`
  // is 0), else the PSS sum. 0 when the leader is gone.
  int64_t sample(int64_t limit);

 struct Member {
    pid_t pid;
    int64_t rss_pages;
  };

 private:
  std::vector<Member> members();

  pid_t leader_;
  std::vector<pid_t> strays_;  // members outside the leader's tree at the last scan
  std::chrono::steady_clock::time_point next_scan_{};
};

}  // namespace dxcheck
