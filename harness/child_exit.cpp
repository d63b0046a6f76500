// How a child ended, in words for messages (ChildExit::describe, byte_size_text).
#include <cstdio>
#include <cstring>
#include <string>

#include "child_process.h"

namespace dxcheck {

std::string byte_size_text(int64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB"};
  int unit = 0;
  double value = static_cast<double>(bytes);
  while (unit < 3 && value >= 1024 && static_cast<int64_t>(value) % 1024 == 0) value /= 1024, ++unit;
  char text[48];
  std::snprintf(text, sizeof text, "%.0f %s", value, units[unit]);
  return text;
}

std::string ChildExit::describe() const {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g", timeout_seconds);
  std::string text;
  switch (how) {
    case How::exited: text = "exited with status " + std::to_string(code); break;
    case How::signaled:
      text = "killed by signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
      break;
    case How::killed_for_timeout: text = std::string("killed by dxcheck after ") + seconds + " s without an answer"; break;
    case How::killed_for_memory:
      return "killed by dxcheck: out of memory (its resident memory passed the " + byte_size_text(memory_limit_bytes) +
             " cap)";
    case How::unknown: text = "ended in an unknown way"; break;
  }
  if (stderr_says_out_of_memory) text += "; out of memory (an allocation failed, its stderr says)";
  return text;
}

}  // namespace dxcheck
