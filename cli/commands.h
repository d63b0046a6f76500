// The subcommands of `dxcheck`. Each returns the process exit code: 0 all passed,
// 1 a check failed or nothing was tested, 2 usage, input or loading error.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "plugin.h"

namespace dxcheck::cli {

constexpr int kExitPassed = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Args = std::vector<std::string>;

int run_command(const Args& args, const std::string& command_line);
int repro_command(const Args& args);
int conv_info_command(const Args& args);
int vectors_command(const Args& args);
int tfjs_diff_command(const Args& args);
int list_command(const Args& args);

// Shared option parsing (option_parsing.cpp); every failure is a UsageError naming the
// option, what it takes and what it got.
constexpr int64_t kMaxCount = int64_t{1} << 40;      // --cases and the like
constexpr double kMaxTimeoutSeconds = 1e9;           // ~31 years: any deadline fits
constexpr int64_t kMinMemoryLimitMiB = 64;           // below it no worker even starts

// The value after args[i].
const std::string& option_value(const Args& args, size_t& i);
// Digits only, min <= value <= max, else "takes a whole number (min to max)" or
// "is out of range (min to max)".
int64_t parse_integer_option(const std::string& option, const std::string& text, int64_t min, int64_t max);
// Seconds, a decimal number > 0 and <= max_seconds. 0 is refused (it would mean "no
// time at all") unless zero_allowed: --time-budget 0 is the option's stated "no budget".
double parse_seconds_option(const std::string& option, const std::string& text, double max_seconds,
                            bool zero_allowed = false);
// A shard is a set of case chunks; more shards than 2^20 would only be empty ones.
constexpr int64_t kMaxShards = int64_t{1} << 20;
// "I/N" with 1 <= N <= kMaxShards and 0 <= I < N.
std::pair<int, int> parse_shard(const std::string& text);
uint64_t parse_seed(const std::string& text);  // a number below 2^64, or "random"
int64_t parse_count(const std::string& option, const std::string& text);  // 0 to kMaxCount
// --call-timeout SEC, --load-timeout SEC, --memory-limit MIB|none, --output-cap KIB:
// consumes the option (and its value) at args[i] when it is one of them.
bool parse_plugin_option(const Args& args, size_t& i, PluginOptions& options);

std::string version_string();
std::string git_revision();

}  // namespace dxcheck::cli
