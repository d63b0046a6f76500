#include "process_group_memory.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

namespace dxcheck {
namespace {

constexpr auto kScanEvery = std::chrono::seconds(1);

// The whole of a small /proc file ("" when it cannot be read: the process is gone).
std::string read_small(const char* path) {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<size_t>(n));
  ::close(fd);
  return text;
}

struct Stat {
  pid_t pgrp = 0;
  int64_t rss_pages = 0;
};

// From /proc/PID/stat: after "pid (comm) state", ppid is field 4, pgrp 5, rss 24 (the
// name may hold spaces and parentheses: parse after its last ')').
std::optional<Stat> read_stat(pid_t pid) {
  char path[48];
  std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
  const std::string text = read_small(path);
  const size_t close = text.rfind(')');
  if (close == std::string::npos || close + 2 >= text.size()) return std::nullopt;
  const char* p = text.c_str() + close + 2;  // the state letter
  p = std::strchr(p, ' ');
  Stat stat;
  for (int field = 4; p && field <= 24; ++field) {
    char* end = nullptr;
    const long long value = std::strtoll(p + 1, &end, 10);
    if (end == p + 1) return std::nullopt;
    if (field == 5) stat.pgrp = static_cast<pid_t>(value);
    if (field == 24) stat.rss_pages = value;
    p = *end == ' ' ? end : nullptr;
    if (!p && field < 24) return std::nullopt;
  }
  return stat;
}

// Proportional set size from /proc/PID/smaps_rollup (Linux 4.14 and later), or nothing.
std::optional<int64_t> read_pss_bytes(pid_t pid) {
  char path[48];
  std::snprintf(path, sizeof path, "/proc/%d/smaps_rollup", static_cast<int>(pid));
  const std::string text = read_small(path);
  const size_t at = text.find("\nPss:");
  if (at == std::string::npos) return std::nullopt;
  return int64_t{std::strtoll(text.c_str() + at + 5, nullptr, 10)} * 1024;
}

// The children of every thread of `pid`.
void add_children(pid_t pid, std::vector<pid_t>& out) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/task", static_cast<int>(pid));
  DIR* tasks = ::opendir(path);
  if (!tasks) return;
  while (const dirent* task = ::readdir(tasks)) {
    if (task->d_name[0] < '0' || task->d_name[0] > '9') continue;
    std::snprintf(path, sizeof path, "/proc/%d/task/%.16s/children", static_cast<int>(pid), task->d_name);
    const std::string text = read_small(path);
    const char* p = text.c_str();
    for (;;) {
      char* end = nullptr;
      const long child = std::strtol(p, &end, 10);
      if (end == p) break;
      out.push_back(static_cast<pid_t>(child));
      p = end;
    }
  }
  ::closedir(tasks);
}

bool contains(const std::vector<ProcessGroupMemory::Member>& members, pid_t pid) {
  return std::any_of(members.begin(), members.end(), [&](const auto& m) { return m.pid == pid; });
}

}  // namespace

std::vector<ProcessGroupMemory::Member> ProcessGroupMemory::members() {
  std::vector<Member> found;
  std::vector<pid_t> to_visit{leader_};
  to_visit.insert(to_visit.end(), strays_.begin(), strays_.end());
  while (!to_visit.empty()) {
    const pid_t pid = to_visit.back();
    to_visit.pop_back();
    if (contains(found, pid)) continue;
    const auto stat = read_stat(pid);
    // Another group (setsid) is out of reach of the group kill, and so are its
    // descendants (a process cannot join a group of another session): not counted.
    if (!stat || stat->pgrp != leader_) continue;
    found.push_back({pid, stat->rss_pages});
    add_children(pid, to_visit);
  }
  const auto now = std::chrono::steady_clock::now();
  if (now >= next_scan_) {  // every group member outside the tree: orphans of exited parents
    next_scan_ = now + kScanEvery;
    strays_.clear();
    if (DIR* proc = ::opendir("/proc")) {
      while (const dirent* entry = ::readdir(proc)) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        const pid_t pid = static_cast<pid_t>(std::strtol(entry->d_name, nullptr, 10));
        if (contains(found, pid)) continue;
        const auto stat = read_stat(pid);
        if (stat && stat->pgrp == leader_) strays_.push_back(pid), found.push_back({pid, stat->rss_pages});
      }
      ::closedir(proc);
    }
  }
  return found;
}

int64_t ProcessGroupMemory::sample(int64_t limit) {
  const std::vector<Member> found = members();
  const int64_t page = ::sysconf(_SC_PAGESIZE);
  int64_t resident = 0;
  for (const Member& m : found) resident += m.rss_pages * page;
  if (limit <= 0 || resident <= limit) return resident;
  int64_t proportional = 0;
  for (const Member& m : found) proportional += read_pss_bytes(m.pid).value_or(m.rss_pages * page);
  return proportional;
}

}  // namespace dxcheck
