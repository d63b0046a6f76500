#include "output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace dxcheck {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& path, const std::string& what, int error) {
  throw OutputFileError("cannot write " + path + ": " + what + (error ? std::string(" (") + std::strerror(error) + ")" : ""));
}

bool write_all(int fd, const std::string& text) {
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

void make_parent_folders(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code error;
  fs::create_directories(parent, error);
  if (error) fail(path, "cannot create the folder " + parent.string() + ": " + error.message(), 0);
}

// -1: no such path; else its st_mode.
int mode_of(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) return static_cast<int>(info.st_mode);
  if (errno == ENOENT) return -1;
  fail(path, "cannot look at it", errno);
}

std::string unique_temporary(const std::string& path) {
  static std::atomic<int> counter{0};
  return temporary_path_for(path) + "." + std::to_string(counter++);
}

}  // namespace

std::string temporary_path_for(const std::string& path) { return path + ".tmp" + std::to_string(::getpid()); }

void write_output_file(const std::string& path, const std::string& text) {
  const int mode = mode_of(path);
  if (mode >= 0 && S_ISDIR(mode)) fail(path, "it is a folder", 0);
  if (mode >= 0 && !S_ISREG(mode)) {  // a device or a FIFO: in place
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) fail(path, "cannot open it", errno);
    const bool written = write_all(fd, text);
    const int error = errno;
    if (::close(fd) != 0 && written) fail(path, "closing it failed", errno);
    if (!written) fail(path, "writing failed", error);
    return;
  }
  make_parent_folders(path);
  const std::string temporary = unique_temporary(path);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail(path, "cannot create " + temporary, errno);
  bool ok = write_all(fd, text);
  int error = errno;
  if (::close(fd) != 0 && ok) ok = false, error = errno;
  if (ok && ::rename(temporary.c_str(), path.c_str()) != 0) ok = false, error = errno;
  if (!ok) {
    ::unlink(temporary.c_str());
    fail(path, "writing failed", error);
  }
}

void check_output_path(const std::string& path) {
  if (path.empty()) fail("''", "an empty path", 0);
  const int mode = mode_of(path);
  if (mode >= 0 && S_ISDIR(mode)) fail(path, "it is a folder", 0);
  if (mode >= 0 && !S_ISREG(mode)) {
    if (S_ISFIFO(mode)) return;  // opening it would wait for a reader
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) fail(path, "cannot open it", errno);
    ::close(fd);
    return;
  }
  make_parent_folders(path);
  const std::string probe = unique_temporary(path);
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail(path, "cannot create a file in its folder", errno);
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace dxcheck
