// The subcommands of `dxcheck`. Each returns the process exit code: 0 all passed,
// 1 a check failed or nothing was tested, 2 usage, input or loading error.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

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

// Shared option parsing: the value after args[i], or a UsageError naming the option.
const std::string& option_value(const Args& args, size_t& i);
uint64_t parse_seed(const std::string& text);  // a number, or "random"
int64_t parse_count(const std::string& option, const std::string& text);

std::string version_string();
std::string git_revision();

}  // namespace dxcheck::cli
