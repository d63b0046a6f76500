// The messages of dxcheck's worker protocol, dxcheck-worker/1 (docs/worker-protocol.md):
// one JSON object per line; a hello from the worker, then requests (the kernel desc, dy
// and the filter as base64 float32 bits, a canary) answered in order by responses (dx, a
// decline with its reason, or an error). Encoding and decoding only: the process is
// worker_process.h's, the checks worker_kernel.h's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dxcheck_kernel.h"

namespace dxcheck {

constexpr const char* kWorkerProtocol = "dxcheck-worker/1";

// Little-endian IEEE-754 float32 bits, base64 (RFC 4648, padded): NaN payloads survive.
std::string base64_of_floats(const std::vector<float>& values);
bool floats_of_base64(const std::string& text, std::vector<float>* out);  // false: not base64 of whole floats

// One request line (with its newline); the desc as tfjs_attrs.h's desc_to_json writes it.
// extra: fields added to the request (extensions).
std::string worker_request_line(int64_t id, const dxcheck_conv_desc& desc, const std::vector<float>& dy,
                                const std::vector<float>& filter, uint32_t canary,
                                const nlohmann::ordered_json& extra = nlohmann::ordered_json::object());

struct WorkerHello {
  std::string kernel, implementation;
  bool canary = false;  // the worker fills its dx with the request's canary before the kernel writes
  std::vector<std::string> extensions;
};
// The hello line, or a std::runtime_error naming what is wrong (a worker's own "error" included).
WorkerHello parse_worker_hello(const std::string& line);

struct WorkerResponse {
  enum class Kind { dx, decline, error, malformed } kind = Kind::malformed;
  nlohmann::json id;
  std::vector<int64_t> shape;  // Kind::dx
  std::vector<float> dx;       // Kind::dx
  std::string text;            // the decline's reason, the error, or what is malformed
};
WorkerResponse parse_worker_response(const std::string& line);

// The longest response line dxcheck reads for a dx of dx_count elements: twice its base64
// (4 bytes an element, 4/3 characters a byte) plus 64 KiB for the JSON around it.
size_t worker_response_max_bytes(int64_t dx_count);

}  // namespace dxcheck
