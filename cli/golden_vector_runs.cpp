#include "golden_vector_runs.h"

#include <algorithm>
#include <filesystem>

#include "commands.h"
#include "vector_check.h"

namespace dxcheck::cli {

PropertyResult replay_error_vectors(const std::vector<VectorFile>& vectors) {
  PropertyResult r;
  r.kernel = "conv-info";
  r.property = "tfjs-error-vectors";
  r.calls_kernel = false;
  for (const auto& v : vectors) {
    if (!v.expect_error) continue;
    const Verdict verdict = check_vector_attributes(v);
    ++r.counts[verdict.status];
    if (verdict.status == Status::failed && !r.counterexample) {
      r.counterexample = Counterexample{"", v.name + ": " + verdict.detail, {}, "dxcheck vectors " + v.name};
    }
  }
  return r;
}

PropertyResult replay_vectors(const std::vector<VectorFile>& vectors, const KernelEntry& kernel,
                              const CheckSettings& settings) {
  PropertyResult r;
  r.kernel = kernel.name;
  r.property = "tfjs-vectors";
  for (const auto& v : vectors) {
    if (v.expect_error) continue;
    if (r.hung) {  // each would wait the whole call timeout again
      ++r.counts[Status::skipped];
      continue;
    }
    Verdict verdict = check_vector_attributes(v);
    if (verdict.status != Status::failed) {
      std::optional<reference::Backprop> ref;
      verdict = check_vector_kernel(v, kernel, ref, settings.reference_cap);
    }
    r.tally(verdict);
    if (verdict.hung()) {
      r.hung = true;
      r.note = "the kernel hung on " + v.name + "; the vectors after it were skipped";
    }
    if (verdict.status == Status::failed && !r.counterexample) {
      r.counterexample = Counterexample{"", v.name + ": " + verdict.detail, verdict.worst,
                                        "dxcheck vectors " + v.name + " --kernel " + kernel.name};
    }
  }
  return r;
}

std::vector<VectorFile> load_vectors(const std::string& path) {
  std::vector<VectorFile> vectors;
  if (path.empty()) return vectors;
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) throw UsageError("--vectors: no such folder: " + path);
  std::vector<std::filesystem::path> files;
  for (std::filesystem::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
    if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) vectors.push_back(read_vector_file(f));  // a malformed file is exit 2
  return vectors;
}

}  // namespace dxcheck::cli
