// `dxcheck tfjs-diff --cases N --seed S [--node PATH] [--case CASE ...] [--verbose]`: the live
// differential against the real TFJS 4.22.0 (DESIGN.md, oracle 3). Cases come from the
// same generator as the properties (gen::any_case), sampled with a seeded rc::Random
// (case i from the i-th split of Random(seed), size 100), so a seed names the run;
// the profile is forced to tfjs, the only one TFJS has. Every case goes to ONE node
// process running corpus/tfjs/live_diff.js (data as base64 float32 bits, "via": "op":
// TFJS's op checks then its kernel), pipelined; the TFJS-bitwise kernels' dx (through
// call_kernel) must equal TFJS's bit for bit, NaN by NaN-ness.
//
// The script folder is DXCHECK_TFJS_DIR from the environment, else the source tree's
// corpus/tfjs (a compile definition). Exit 0 all equal, 1 a difference, 2 usage or a
// missing node / node_modules (or --missing-node-exit CODE, for CTest's SKIP_RETURN_CODE).
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <rapidcheck.h>

#include "commands.h"
#include "compare.h"
#include "fill.h"
#include "generators.h"
#include "kernel_call.h"
#include "registry.h"
#include "tfjs_attrs.h"

extern char** environ;

#ifndef DXCHECK_TFJS_SOURCE_DIR
#define DXCHECK_TFJS_SOURCE_DIR ""
#endif

namespace dxcheck::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kGenerationSize = 100;        // RapidCheck's usual maximum size
constexpr int kReplyTimeoutMs = 120 * 1000;  // one reply; node answers small cases in < 1 ms

// ---- base64 of little-endian float32 bits (live_diff.js's data_b64) ----

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_of(const std::vector<float>& values) {
  std::vector<unsigned char> bytes(values.size() * 4);
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &values[i], 4);
    for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<unsigned char>(bits >> (8 * b));
  }
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t n = bytes[i] << 16 | (i + 1 < bytes.size() ? bytes[i + 1] << 8 : 0) |
                       (i + 2 < bytes.size() ? bytes[i + 2] : 0);
    out += kBase64[n >> 18 & 63];
    out += kBase64[n >> 12 & 63];
    out += i + 1 < bytes.size() ? kBase64[n >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64[n & 63] : '=';
  }
  return out;
}

bool floats_of_base64(const std::string& text, std::vector<float>* out) {
  std::vector<unsigned char> bytes;
  uint32_t accumulator = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == '=') break;
    const char* at = std::strchr(kBase64, ch);
    if (!at || ch == '\0') return false;
    accumulator = accumulator << 6 | static_cast<uint32_t>(at - kBase64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<unsigned char>(accumulator >> bits));
    }
  }
  if (bytes.size() % 4 != 0) return false;
  out->resize(bytes.size() / 4);
  for (size_t i = 0; i < out->size(); ++i) {
    const uint32_t word = bytes[i * 4] | bytes[i * 4 + 1] << 8 | bytes[i * 4 + 2] << 16 |
                          static_cast<uint32_t>(bytes[i * 4 + 3]) << 24;
    std::memcpy(&(*out)[i], &word, 4);
  }
  return true;
}

// ---- finding node and the script ----

fs::path tfjs_dir() {
  if (const char* env = std::getenv("DXCHECK_TFJS_DIR"); env && *env) return env;
  return DXCHECK_TFJS_SOURCE_DIR;
}

std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) return candidate.string();
  }
  return "";
}

// ---- the node worker: one process, a pipe each way, stderr to a temporary file ----

class NodeWorker {
 public:
  NodeWorker(const std::string& node, const fs::path& script) {
    char stderr_name[] = "/tmp/dxcheck-tfjs-diff-XXXXXX";
    stderr_fd_ = ::mkstemp(stderr_name);
    if (stderr_fd_ < 0) throw std::runtime_error("cannot create a temporary file for node's stderr");
    stderr_path_ = stderr_name;
    int to_child[2], from_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0 || ::pipe2(from_child, O_CLOEXEC) != 0) {
      throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    posix_spawn_file_actions_adddup2(&actions, stderr_fd_, 2);
    const std::string script_text = script.string();
    std::vector<char*> argv = {const_cast<char*>(node.c_str()), const_cast<char*>(script_text.c_str()), nullptr};
    const int error = ::posix_spawn(&pid_, node.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_child[0]);
    ::close(from_child[1]);
    if (error != 0) {
      ::close(to_child[1]);
      ::close(from_child[0]);
      throw std::runtime_error("cannot start " + node + ": " + std::strerror(error));
    }
    write_fd_ = to_child[1];
    read_fd_ = from_child[0];
  }
  ~NodeWorker() {
    close_input();
    if (read_fd_ >= 0) ::close(read_fd_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      wait();
    }
    if (stderr_fd_ >= 0) ::close(stderr_fd_);
    if (!stderr_path_.empty()) ::unlink(stderr_path_.c_str());
  }

  // Writes one whole line; false once node has gone (EPIPE).
  bool write_line(const std::string& line) {
    size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(write_fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  void close_input() {
    if (write_fd_ >= 0) ::close(write_fd_), write_fd_ = -1;
  }

  // The next reply line; false at EOF or after the timeout (why says which).
  bool read_line(std::string* line, std::string* why) {
    for (;;) {
      const size_t newline = buffer_.find('\n', scanned_);
      if (newline != std::string::npos) {
        *line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        scanned_ = 0;
        return true;
      }
      scanned_ = buffer_.size();
      pollfd p{read_fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, kReplyTimeoutMs);
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) return *why = "no reply within " + std::to_string(kReplyTimeoutMs / 1000) + " s", false;
      char chunk[1 << 16];
      const ssize_t n = ::read(read_fd_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return *why = "node closed its output", false;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  // Stops node at once (a reply went wrong: nobody reads its output any more).
  void terminate() {
    if (pid_ > 0) ::kill(pid_, SIGKILL);
  }

  // node's exit, once it has ended ("" while it runs normally).
  std::string wait() {
    if (pid_ <= 0) return exit_text_;
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    if (WIFEXITED(status)) exit_text_ = "exit status " + std::to_string(WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) exit_text_ = "killed by signal " + std::to_string(WTERMSIG(status));
    return exit_text_;
  }

  std::string stderr_tail(size_t max_bytes = 2000) const {
    std::ifstream in(stderr_path_);
    std::stringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    return text.size() > max_bytes ? "..." + text.substr(text.size() - max_bytes) : text;
  }

 private:
  pid_t pid_ = -1;
  int write_fd_ = -1, read_fd_ = -1, stderr_fd_ = -1;
  std::string stderr_path_, buffer_, exit_text_;
  size_t scanned_ = 0;
};

// ---- one case ----

json tensor_json(const std::array<int64_t, 4>& shape, const std::vector<float>& data) {
  return json{{"shape", std::vector<int64_t>(shape.begin(), shape.end())}, {"data_b64", base64_of(data)}};
}

std::string request_line(int64_t id, const Case& c, const CaseData& data) {
  json request;
  request["id"] = id;
  request["attrs"] = attrs_to_json(c.attrs());
  request["dy"] = tensor_json(dy_shape(data.desc), data.dy);
  request["filter"] = tensor_json(filter_shape(data.desc), data.filter);
  request["via"] = "op";
  return request.dump() + "\n";
}

struct Difference {
  std::string detail;
  Verdict verdict;  // the element comparison, when there is one
};

// Compares one reply with the kernels' results; nothing when they agree.
// *trivial: TFJS's dx is empty or all zeros (such a case proves little).
std::optional<Difference> compare_reply(const json& reply, const Case& c, const CaseData& data,
                                        const std::vector<KernelEntry>& kernels, bool* trivial) {
  if (reply.contains("error")) {
    const std::string message = reply["error"].is_string() ? reply["error"].get<std::string>() : reply["error"].dump();
    return Difference{std::string(reply.value("protocol", false) ? "live_diff refused: " : "TFJS rejects, dxcheck accepts: ") +
                          message, {}};
  }
  if (!reply.contains("dx") || !reply["dx"].is_object()) return Difference{"malformed reply: " + reply.dump().substr(0, 200), {}};
  const json& dx = reply["dx"];
  std::vector<int64_t> tfjs_shape;
  std::vector<float> tfjs_data;
  try {
    tfjs_shape = dx.at("shape").get<std::vector<int64_t>>();
  } catch (const json::exception&) {
    return Difference{"malformed reply shape", {}};
  }
  if (!dx.contains("data_b64") || !dx["data_b64"].is_string() ||
      !floats_of_base64(dx["data_b64"].get<std::string>(), &tfjs_data)) {
    return Difference{"malformed reply data", {}};
  }
  const auto ours = dx_shape(data.desc);
  if (tfjs_shape != std::vector<int64_t>(ours.begin(), ours.end()) ||
      static_cast<int64_t>(tfjs_data.size()) != element_count(ours)) {
    return Difference{"TFJS's dx shape " + shape_text(tfjs_shape) + " differs from dxcheck's " +
                          shape_text({ours.begin(), ours.end()}), {}};
  }
  *trivial = std::all_of(tfjs_data.begin(), tfjs_data.end(), [](float x) { return x == 0.0f; });
  for (const auto& kernel : kernels) {
    const CallOutcome call = call_kernel(kernel, data.desc, data.dy, data.filter, c.align_offset);
    if (call.status != Status::passed) return Difference{kernel.name + ": " + call.detail, {}};
    Verdict v = compare_bitwise(data.desc, tfjs_data.data(), call.dx.data());
    if (v.status == Status::failed) return Difference{kernel.name + " vs TFJS: " + v.detail, v};
  }
  return std::nullopt;
}

void print_difference(const std::string& case_string, const Difference& d) {
  std::cout << std::left << std::setw(10) << "FAILED" << case_string << "\n          " << d.detail << "\n";
  int shown = 0;
  for (const auto& e : d.verdict.worst) {
    if (++shown > 3) break;
    std::cout << "          index " << e.index << " (b,h,w,c)=(" << e.position[0] << "," << e.position[1] << ","
              << e.position[2] << "," << e.position[3] << ")  TFJS " << std::setprecision(9) << e.expected
              << "  ours " << e.got << "  ulps " << e.ulps << "\n";
  }
}

}  // namespace

int tfjs_diff_command(const Args& args) {
  int64_t cases = 1000;
  uint64_t seed = 1;
  std::string node;
  std::vector<std::string> case_strings;
  int missing_exit = kExitUsage;
  bool verbose = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--cases") cases = std::min<int64_t>(parse_count(a, option_value(args, i)), int64_t{1} << 30);
    else if (a == "--seed") seed = parse_seed(option_value(args, i));
    else if (a == "--node") node = option_value(args, i);
    else if (a == "--case") case_strings.push_back(option_value(args, i));
    else if (a == "--verbose") verbose = true;
    else if (a == "--missing-node-exit") missing_exit = static_cast<int>(std::min<int64_t>(parse_count(a, option_value(args, i)), 255));
    else throw UsageError("tfjs-diff: unknown option '" + a + "'");
  }

  // The cases first: a bad --case is a usage error even without node.
  std::vector<Case> all;
  if (!case_strings.empty()) {
    for (const auto& s : case_strings) all.push_back(parse_case(s));
  } else {
    rc::Random root(seed);
    const rc::Gen<Case> generator = gen::any_case();
    for (int64_t i = 0; i < cases; ++i) {
      Case c = generator(root.split(), kGenerationSize).value();
      c.with_profile(Profile::tfjs);  // TFJS has only its own conv-info
      all.push_back(c);
    }
  }

  const fs::path dir = tfjs_dir();
  const fs::path script = dir / "live_diff.js";
  if (node.empty()) node = find_on_path("node");
  if (node.empty() || ::access(node.c_str(), X_OK) != 0) {
    std::cerr << "dxcheck tfjs-diff: node not found" << (node.empty() ? " on PATH" : ": " + node)
              << " (install node 20, or pass --node PATH); the live differential needs the real TFJS\n";
    return missing_exit;
  }
  if (!fs::exists(script)) {
    std::cerr << "dxcheck tfjs-diff: " << script.string() << " not found (set DXCHECK_TFJS_DIR to corpus/tfjs)\n";
    return missing_exit;
  }
  if (!fs::exists(dir / "node_modules" / "@tensorflow" / "tfjs-backend-cpu")) {
    std::cerr << "dxcheck tfjs-diff: " << (dir / "node_modules").string()
              << " has no @tensorflow/tfjs-backend-cpu: run `npm ci` in " << dir.string() << "\n";
    return missing_exit;
  }

  std::vector<KernelEntry> kernels;
  for (const auto& k : builtin_kernels()) {
    if (k.tfjs_bitwise) kernels.push_back(k);
  }
  if (kernels.empty()) throw std::runtime_error("no built-in kernel claims TFJS bit parity");

  std::signal(SIGPIPE, SIG_IGN);  // node gone: write() fails with EPIPE instead
  const auto start = std::chrono::steady_clock::now();
  NodeWorker worker(node, script);
  std::atomic<bool> write_failed{false};
  std::thread writer([&] {
    for (size_t i = 0; i < all.size(); ++i) {
      CaseData data;
      try {
        data = make_case_data(all[i]);
      } catch (const ConvInfoError&) {
        continue;  // the reader reports it; nothing is sent for this id
      }
      if (!worker.write_line(request_line(static_cast<int64_t>(i), all[i], data))) {
        write_failed = true;
        break;
      }
    }
    worker.close_input();
  });

  int64_t passed = 0, failed = 0, trivial = 0;
  std::string broken;  // why the run could not finish
  for (size_t i = 0; i < all.size() && broken.empty(); ++i) {
    const std::string case_string = to_string(all[i]);
    CaseData data;
    try {
      data = make_case_data(all[i]);
    } catch (const ConvInfoError& e) {
      print_difference(case_string, {std::string("dxcheck rejects the case (TFJS not asked): ") + e.what(), {}});
      ++failed;
      continue;
    }
    std::string line, why;
    if (!worker.read_line(&line, &why)) {
      broken = why + " before answering case " + std::to_string(i) + " (" + case_string + ")";
      break;
    }
    const json reply = json::parse(line, nullptr, false);
    if (reply.is_discarded() || !reply.is_object() || reply.value("id", json()) != json(i)) {
      broken = "unexpected reply for case " + std::to_string(i) + ": " + line.substr(0, 200);
      break;
    }
    bool all_zero = false;
    if (const auto difference = compare_reply(reply, all[i], data, kernels, &all_zero)) {
      print_difference(case_string, *difference);
      ++failed;
    } else {
      ++passed;
      trivial += all_zero;
      if (verbose) std::cout << std::left << std::setw(10) << "PASSED" << case_string << (all_zero ? "  (all-zero dx)" : "") << "\n";
    }
  }
  if (!broken.empty()) {
    worker.terminate();  // the writer then fails with EPIPE instead of blocking
    writer.join();
    std::cerr << "dxcheck tfjs-diff: node " << broken << "; node " << worker.wait() << "\nnode's stderr:\n"
              << worker.stderr_tail() << "\n";
    return kExitUsage;
  }
  writer.join();
  const std::string node_exit = worker.wait();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (write_failed || node_exit != "exit status 0") {
    std::cerr << "dxcheck tfjs-diff: node ended badly (" << node_exit << ")\nnode's stderr:\n" << worker.stderr_tail() << "\n";
    return kExitUsage;
  }

  std::cout << "tfjs-diff: " << (case_strings.empty() ? "seed " + std::to_string(seed) + ", " : std::string())
            << all.size() << " cases vs @tensorflow/tfjs-backend-cpu 4.22.0, kernel";
  for (const auto& k : kernels) std::cout << " " << k.name;
  std::cout << ": " << passed << " identical (" << trivial << " of them with an empty or all-zero dx), " << failed
            << " differ\n"
            << std::fixed << std::setprecision(2) << "time " << seconds << " s (node start included), "
            << std::setprecision(0) << (seconds > 0 ? static_cast<double>(all.size()) / seconds : 0.0) << " cases/s\n";
  if (failed > 0) return kExitFailed;
  if (passed == 0) {
    std::cout << "nothing tested\n";
    return kExitFailed;
  }
  return kExitPassed;
}

}  // namespace dxcheck::cli
