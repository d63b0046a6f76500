// One checked parser for every numeric option: digits only, the range stated in the
// message, "out of range" for a number too large for it (never a silent narrowing,
// clamp or overflow), and the plugin options shared by run, vectors and repro.
#include <charconv>
#include <cmath>
#include <random>

#include "commands.h"

namespace dxcheck::cli {
namespace {

bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// A short, printable excerpt of what the user typed.
std::string quoted(const std::string& text) {
  std::string shown;
  for (char c : text.substr(0, 40)) shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return "'" + shown + (text.size() > 40 ? "...'" : "'");
}

}  // namespace

const std::string& option_value(const Args& args, size_t& i) {
  if (i + 1 >= args.size()) throw UsageError(args[i] + " needs a value");
  return args[++i];
}

int64_t parse_integer_option(const std::string& option, const std::string& text, int64_t min, int64_t max) {
  const std::string range = " (" + std::to_string(min) + " to " + std::to_string(max) + ")";
  if (!all_digits(text)) throw UsageError(option + " takes a whole number" + range + ", got " + quoted(text));
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range || value < min || value > max) {
    throw UsageError(option + " " + quoted(text) + " is out of range" + range);
  }
  (void)end;
  return value;
}

double parse_seconds_option(const std::string& option, const std::string& text, double max_seconds, bool zero_allowed) {
  const size_t dot = text.find('.');
  const bool decimal = dot == std::string::npos ? all_digits(text)
                                                : all_digits(text.substr(0, dot)) && (dot + 1 == text.size() || all_digits(text.substr(dot + 1)));
  char limit[32];
  std::snprintf(limit, sizeof limit, "%.0f", max_seconds);
  if (!decimal) throw UsageError(option + " takes seconds (e.g. 20 or 0.5), got " + quoted(text));
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  if (!(value > 0) && !(zero_allowed && value == 0)) throw UsageError(option + " must be more than 0 s, got " + quoted(text));
  if (!(value <= max_seconds)) throw UsageError(option + " " + quoted(text) + " is out of range (at most " + limit + " s)");
  return value;
}

int64_t parse_count(const std::string& option, const std::string& text) {
  return parse_integer_option(option, text, 0, kMaxCount);
}

uint64_t parse_seed(const std::string& text) {
  if (text == "random") return std::random_device{}() * 0x100000000ull + std::random_device{}();
  if (!all_digits(text)) throw UsageError("--seed takes a number or 'random', got " + quoted(text));
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  (void)end;
  if (error == std::errc::result_out_of_range) throw UsageError("--seed " + quoted(text) + " is out of range (at most 2^64-1)");
  return value;
}

std::pair<int, int> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) throw UsageError("--shard takes I/N, got " + quoted(text));
  const int64_t count = parse_integer_option("--shard count N", text.substr(slash + 1), 1, kMaxShards);
  const int64_t index = parse_integer_option("--shard index I", text.substr(0, slash), 0, count - 1);
  return {static_cast<int>(index), static_cast<int>(count)};
}

bool parse_plugin_option(const Args& args, size_t& i, PluginOptions& options) {
  const std::string& a = args[i];
  if (a == "--call-timeout") {
    options.call_timeout_seconds = parse_seconds_option(a, option_value(args, i), kMaxTimeoutSeconds);
  } else if (a == "--load-timeout") {
    options.load_timeout_seconds = parse_seconds_option(a, option_value(args, i), kMaxTimeoutSeconds);
  } else if (a == "--memory-limit") {
    const std::string& value = option_value(args, i);
    options.memory_limit_bytes = value == "none" ? 0 : parse_integer_option(a, value, kMinMemoryLimitMiB, int64_t{1} << 30) << 20;
  } else if (a == "--output-cap") {
    options.output_cap_bytes = parse_integer_option(a, option_value(args, i), 0, int64_t{1} << 30) << 10;
  } else {
    return false;
  }
  return true;
}


}  // namespace dxcheck::cli
