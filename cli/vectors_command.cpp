// `dxcheck vectors PATH... [--kernel K ...]`: replays dxcheck-vector/1 files (golden
// vectors recorded from the real TFJS, or repro vectors) against kernels.
//  - A success vector: every chosen kernel runs on its dy and filter through call_kernel
//    (buffer discipline). A kernel that claims TFJS bit parity (tfjs_bitwise) must give
//    TFJS's dx bit for bit (NaN by NaN-ness); any other kernel must lie within the error
//    bound of the reference (docs/design.md "The error bound").
//  - An error vector: dxcheck's conv-info must reject the attributes too; TFJS's message
//    is printed beside ours.
// Exit 0 when everything passed, 1 when a vector failed (or nothing was tested), 2 for a
// malformed file or a usage error.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "kernel_choice.h"
#include "reference.h"
#include "vector_check.h"
#include "vector_file.h"
#include "verdict_text.h"

namespace dxcheck::cli {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kReferenceCap = int64_t{1} << 26;

struct Tally {
  int files = 0, malformed = 0, passed = 0, failed = 0, other = 0;
};

// The files a PATH names: itself, or every *.json below it, sorted.
std::vector<std::pair<fs::path, std::string>> files_of(const std::string& argument) {
  const fs::path root(argument);
  std::error_code error;
  if (fs::is_directory(root, error)) {
    std::vector<std::pair<fs::path, std::string>> files;
    for (fs::recursive_directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
      if (it->is_regular_file(error) && it->path().extension() == ".json") {
        files.emplace_back(it->path(), it->path().lexically_relative(root).string());
      }
    }
    if (error) throw UsageError("vectors: cannot list " + argument + ": " + error.message());
    std::sort(files.begin(), files.end());
    return files;
  }
  if (!fs::exists(root, error)) throw UsageError("vectors: no such file or folder: " + argument);
  return {{root, argument}};
}

void print_line(Status status, const std::string& who, const std::string& file, const std::string& detail) {
  std::cout << std::left << std::setw(12) << to_string(status) << std::setw(12) << who << file;
  if (!detail.empty()) std::cout << "  " << detail;
  std::cout << "\n";
}

void count(Tally& tally, Status status) {
  if (status == Status::passed) ++tally.passed;
  else if (status == Status::failed) ++tally.failed;
  else ++tally.other;
}

// hung: the file on which each kernel hung, by kernel index ("" while it has not).
void replay(const VectorFile& v, const std::string& file, const std::vector<KernelEntry>& kernels,
            std::vector<std::string>& hung, Tally& tally) {
  const Verdict attributes = check_vector_attributes(v);
  if (v.expect_error || attributes.status == Status::failed) {
    print_line(attributes.status, "conv-info", file, attributes.detail);
    count(tally, attributes.status);
    return;
  }
  std::optional<reference::Backprop> ref;  // computed once, for the kernels that need it
  for (size_t k = 0; k < kernels.size(); ++k) {
    const KernelEntry& kernel = kernels[k];
    if (!hung[k].empty()) {
      print_line(Status::skipped, kernel.name, file, "not run: the kernel hung on " + hung[k]);
      count(tally, Status::skipped);
      continue;
    }
    const Verdict verdict = check_vector_kernel(v, kernel, ref, kReferenceCap);
    if (verdict.hung()) hung[k] = file;
    print_line(verdict.status, kernel.name, file, verdict.detail);
    if (verdict.status == Status::failed) write_elements(std::cout, verdict, "      ");
    count(tally, verdict.status);
  }
}

}  // namespace

int vectors_command(const Args& args) {
  std::vector<std::string> kernel_names, paths;
  PluginOptions plugin_options;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--kernel") kernel_names.push_back(option_value(args, i));
    else if (parse_plugin_option(args, i, plugin_options)) continue;
    else if (args[i].rfind("--", 0) == 0) throw UsageError("vectors: unknown option '" + args[i] + "'");
    else paths.push_back(args[i]);
  }
  if (paths.empty()) throw UsageError("vectors needs at least one file or folder of *.json vectors");
  const std::vector<KernelEntry> kernels = choose_kernels(kernel_names, plugin_options);

  std::vector<std::pair<fs::path, std::string>> files;
  for (const auto& p : paths) {
    for (auto& f : files_of(p)) files.push_back(std::move(f));
  }
  Tally tally;
  std::vector<std::string> hung(kernels.size());
  for (const auto& [path, file] : files) {
    ++tally.files;
    VectorFile v;
    try {
      v = read_vector_file(path);
    } catch (const VectorError& e) {
      std::cout << std::left << std::setw(12) << "MALFORMED" << e.what() << "\n";
      ++tally.malformed;
      continue;
    }
    replay(v, file, kernels, hung, tally);
  }

  std::cout << "vectors: " << tally.files << " files, " << tally.passed << " passed, " << tally.failed
            << " failed, " << tally.malformed << " malformed, " << tally.other << " other (unsupported/skipped/mistrusted)\n";
  if (tally.malformed > 0) return kExitUsage;
  if (tally.failed > 0) return kExitFailed;
  if (tally.passed == 0) {
    std::cout << "nothing tested\n";
    return kExitFailed;
  }
  return kExitPassed;
}

}  // namespace dxcheck::cli
