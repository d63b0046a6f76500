#include "run_console.h"

#include <unistd.h>

#include <iomanip>
#include <iostream>
#include <sstream>

namespace dxcheck::cli {

Progress::Progress(int64_t total) : total_(total), tty_(::isatty(2)), start_(Clock::now()), last_(start_) {}

void Progress::restart(int64_t total) { total_ = total, start_ = last_ = Clock::now(); }

void Progress::update(int64_t done, const std::string& what) {
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (!tty_ && now - last_ < std::chrono::seconds(5) && (total_ <= 0 || done < total_)) return;
  last_ = now;
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
  std::ostringstream line;
  line << std::fixed << std::setprecision(0) << "[" << done;
  if (total_ > 0) line << "/" << total_;
  line << "] " << rate << " cases/s";
  if (total_ > 0) line << ", ETA " << eta << " s";
  line << "  " << what;
  if (tty_) {
    const int width = 30;
    const int filled = total_ > 0 ? static_cast<int>(width * done / total_) : width;
    std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << line.str()
              << "\033[K" << std::flush;
  } else {
    std::cerr << line.str() << "\n";
  }
}

void Progress::finish() {
  if (tty_) std::cerr << "\r\033[K" << std::flush;
}

void print_result(const PropertyResult& r) {
  std::cout << std::left << std::setw(12) << to_string(r.overall()) << std::setw(14) << r.kernel << " " << std::setw(28)
            << r.name();
  for (const auto& [status, count] : r.counts) std::cout << " " << to_string(status) << "=" << count;
  if (r.overall() == Status::passed && r.max_bound_use > 0) std::cout << "  bound use " << std::setprecision(3) << r.max_bound_use;
  if (!r.note.empty()) std::cout << "  (" << r.note << ")";
  std::cout << "\n";
  for (const auto& [reason, count] : r.declines) std::cout << "    declined " << count << "x: " << reason << "\n";
  if (r.counterexample) {
    std::cout << "    " << r.counterexample->detail << "\n";
    if (!r.counterexample->case_string.empty()) {
      if (!r.counterexample->original_case.empty() && r.counterexample->original_case != r.counterexample->case_string) {
        std::cout << "    drawn: " << r.counterexample->original_case << "\n";
      }
      std::cout << "    case:  " << r.counterexample->case_string << "\n"
                << "    repro: " << r.counterexample->repro << "\n";
      if (!r.counterexample->shrink.empty()) std::cout << "    " << r.counterexample->shrink << "\n";
    }
  }
}

}  // namespace dxcheck::cli
