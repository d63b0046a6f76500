// A tiny replay driver: the same fuzz target source, linked without libFuzzer, runs every
// file of its corpus folder (or the files named) once. So an ordinary build (gcc, no
// sanitizers) keeps every committed finding as a regression test through CTest.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.string().c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy of exactly the input's size, as libFuzzer passes it: over-reads stay visible
  // to ASan in a sanitized replay build.
  std::vector<uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.empty() ? nullptr : data.data(), data.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    std::vector<std::filesystem::path> files;
    std::error_code error;
    if (std::filesystem::is_directory(arg, error)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());  // a stable order for a stable log
      if (files.empty()) {
        std::fprintf(stderr, "replay: %s holds no inputs\n", arg.string().c_str());
        return 2;
      }
    } else {
      files.push_back(arg);
    }
    for (const auto& file : files) {
      std::fprintf(stderr, "replay: %s\n", file.string().c_str());
      if (!run_file(file)) return 2;
      ++count;
    }
  }
  std::printf("replayed %zu inputs, no finding\n", count);
  return 0;
}
