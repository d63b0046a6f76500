// The one way a verdict's evidence becomes text: the console of run, repro, vectors and
// tfjs-diff, the fuzz targets' findings and RapidCheck's failure message all print
// elements and summaries through these, so a reader sees one format everywhere.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>

#include "verdict.h"

namespace dxcheck {

// "(0,1,2,3)": a dx position as (b,h,w,c), whatever the layout.
std::string position_text(const std::array<int64_t, 4>& position);

// "index 7 (b,h,w,c)=(0,1,2,3)  expected 1.5  got nan  tau 0.00012  ulps 12  (why)".
std::string element_text(const ElementReport& element);

// The detail, then the worst element when there is one.
std::string verdict_summary(const Verdict& verdict);

// The worst elements (at most `at_most`), one line each after `indent`.
void write_elements(std::ostream& out, const Verdict& verdict, const std::string& indent,
                    size_t at_most = std::numeric_limits<size_t>::max());

// One word for a POSIX shell: as it is when it holds only characters no shell treats
// specially, else in single quotes (a ' inside as '\''). "" becomes ''.
std::string shell_word(const std::string& word);

// "dxcheck repro CASE --kernel KERNEL", copy-pasteable whatever the kernel's name holds
// (worker:COMMAND and lib:PATH may carry spaces, quotes, $).
std::string repro_command_line(const std::string& case_string, const std::string& kernel);

}  // namespace dxcheck
