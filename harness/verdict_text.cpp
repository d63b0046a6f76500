#include "verdict_text.h"

#include <cstdio>
#include <string_view>

namespace dxcheck {
namespace {

std::string number_text(double value, int digits) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

}  // namespace

std::string position_text(const std::array<int64_t, 4>& p) {
  return "(" + std::to_string(p[0]) + "," + std::to_string(p[1]) + "," + std::to_string(p[2]) + "," +
         std::to_string(p[3]) + ")";
}

std::string element_text(const ElementReport& e) {
  std::string text = "index " + std::to_string(e.index) + " (b,h,w,c)=" + position_text(e.position) + "  expected " +
                     number_text(e.expected, 9) + "  got " + number_text(static_cast<double>(e.got), 9);
  if (e.tau > 0) text += "  tau " + number_text(e.tau, 3);
  text += "  ulps " + std::to_string(e.ulps);
  if (!e.why.empty()) text += "  (" + e.why + ")";
  return text;
}

std::string verdict_summary(const Verdict& v) {
  if (v.worst.empty()) return v.detail;
  return v.detail + "; worst " + element_text(v.worst.front());
}

void write_elements(std::ostream& out, const Verdict& v, const std::string& indent, size_t at_most) {
  for (size_t k = 0; k < v.worst.size() && k < at_most; ++k) out << indent << element_text(v.worst[k]) << "\n";
}

std::string shell_word(const std::string& word) {
  auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_-+=:,./@%").find(c) != std::string_view::npos;
  };
  bool quote = word.empty();
  for (char c : word) quote = quote || !plain(c);
  if (!quote) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string repro_command_line(const std::string& case_string, const std::string& kernel) {
  return "dxcheck repro " + shell_word(case_string) + " --kernel " + shell_word(kernel);
}

}  // namespace dxcheck
