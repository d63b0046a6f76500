// Output files (tfjs/output_file.h): written beside the target and renamed over it,
// every error named, nothing left behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "output_file.h"

namespace dxcheck {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class OutputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("dxcheck_output_file_test_" + std::to_string(::getpid()));
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  fs::path folder_;
};

TEST_F(OutputFile, ReplacesTheTargetInsteadOfWritingIntoIt) {
  // A hard link shares the file: writing in place would change the other name too;
  // a new file renamed over the target leaves it alone.
  const fs::path target = folder_ / "report.json", other = folder_ / "other.json";
  { std::ofstream(target) << "old report\n"; }
  fs::create_hard_link(target, other);
  write_output_file(target.string(), "new report\n");
  EXPECT_EQ(read_text(target), "new report\n");
  EXPECT_EQ(read_text(other), "old report\n");
}

TEST_F(OutputFile, CreatesParentFoldersAndLeavesNoTemporaryBehind) {
  const fs::path target = folder_ / "a" / "b" / "report.json";
  write_output_file(target.string(), "text");
  EXPECT_EQ(read_text(target), "text");
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(target.parent_path())) entries += 1, (void)entry;
  EXPECT_EQ(entries, 1);
}

TEST_F(OutputFile, FullDeviceIsAnErrorWithTheReason) {
  try {
    write_output_file("/dev/full", "text");
    FAIL() << "writing /dev/full succeeded";
  } catch (const OutputFileError& e) {
    EXPECT_NE(std::string(e.what()).find("No space left on device"), std::string::npos) << e.what();
  }
}

TEST_F(OutputFile, FolderIsFoundBeforeAndAtTheWrite) {
  EXPECT_THROW(check_output_path(folder_.string()), OutputFileError);
  EXPECT_THROW(write_output_file(folder_.string(), "text"), OutputFileError);
  EXPECT_THROW(check_output_path("/proc/dxcheck_no_such/report.json"), OutputFileError);
  EXPECT_THROW(check_output_path(""), OutputFileError);
}

TEST_F(OutputFile, CheckLeavesNoFileBehind) {
  const fs::path target = folder_ / "sub" / "report.json";
  check_output_path(target.string());
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::is_empty(target.parent_path()));
  check_output_path("/dev/null");  // a device is written in place
}

}  // namespace
}  // namespace dxcheck
