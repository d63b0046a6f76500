#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "commands.h"
#include "kernel_choice.h"
#include "property.h"
#include "registry.h"
#include "strict_json.h"
#include "tfjs_attrs.h"

namespace dxcheck::cli {
namespace {

// Attributes are a few hundred bytes; anything near this is not attributes.
constexpr size_t kMaxInputBytes = size_t{1} << 20;

// At most kMaxInputBytes from fd, or an error naming `what` and the reason.
std::string read_bounded(int fd, const std::string& what) {
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("cannot read " + what + ": " + std::strerror(errno));
    if (n == 0) return text;
    if (text.size() + static_cast<size_t>(n) > kMaxInputBytes) {
      throw std::runtime_error(what + " is larger than 1 MiB: not TFJS attributes");
    }
    text.append(buffer, static_cast<size_t>(n));
  }
}

std::string read_input(const Args& args) {
  if (args.empty() || args[0] == "-") return read_bounded(0, "stdin");
  const std::string& path = args[0];
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));  // e.g. a symlink loop
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw std::runtime_error("cannot read " + path + ": it is a folder, not a JSON file");
  }
  try {
    std::string text = read_bounded(fd, path);
    ::close(fd);
    return text;
  } catch (...) {
    ::close(fd);
    throw;
  }
}

}  // namespace

int conv_info_command(const Args& args) {
  if (args.size() > 1) throw UsageError("conv-info takes at most one FILE (default: stdin)");
  const std::string text = read_input(args);
  nlohmann::json attrs;
  try {
    attrs = nlohmann::json(parse_strict_json(text));
  } catch (const StrictJsonError& e) {
    throw std::runtime_error(std::string("the input is not TFJS attributes: ") + e.what());
  }
  std::cout << desc_to_json(resolve_conv_info(attrs_from_json(attrs))).dump(2) << "\n";
  return kExitPassed;
}

int list_command(const Args& args) {
  if (!args.empty()) throw UsageError("list takes no arguments");
  std::cout << "properties:\n";
  for (const auto& p : all_properties()) std::cout << "  " << p.id << "  " << p.summary << "\n";
  std::cout << "kernels:\n";
  for (const auto& k : builtin_kernels()) std::cout << "  " << k.name << "  " << k.description << "\n";
  std::cout << "adapter kernels (plugins around shipped libraries; docs/conformance.md):\n";
  for (const auto& a : named_adapters()) {
    std::cout << "  " << a.name << "  " << (a.off_reason.empty() ? "on" : "off: " + a.off_reason) << "  "
              << a.description << "\n";
  }
  std::cout << "worker kernels (docs/worker-protocol.md; also worker:COMMAND):\n";
  for (const auto& w : named_workers()) {
    std::cout << "  " << w.spec.name << "  " << (w.off_reason.empty() ? "on" : "off: " + w.off_reason) << "  "
              << w.spec.description << "\n";
  }
  return kExitPassed;
}

}  // namespace dxcheck::cli
