// What `dxcheck run` prints while it runs: progress on stderr (a live bar on a
// terminal, a line every few seconds otherwise) and a row per result on stdout.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "report.h"

namespace dxcheck::cli {

class Progress {
 public:
  explicit Progress(int64_t total);
  void restart(int64_t total);
  void update(int64_t done, const std::string& what);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  int64_t total_;
  bool tty_;
  Clock::time_point start_, last_;
};

// A result's row: status, kernel, property and counts, then its declines and its
// counterexample (drawn and shrunk case, repro command).
void print_result(const PropertyResult& r);

}  // namespace dxcheck::cli
