#include "worker_protocol.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

#include "conv_info.h"
#include "tfjs_attrs.h"

namespace dxcheck {
namespace {

using nlohmann::json;

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char ch) {
  if (ch >= 'A' && ch <= 'Z') return ch - 'A';
  if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
  if (ch >= '0' && ch <= '9') return ch - '0' + 52;
  if (ch == '+') return 62;
  if (ch == '/') return 63;
  return -1;
}

nlohmann::ordered_json tensor_json(const std::array<int64_t, 4>& shape, const std::vector<float>& data) {
  return nlohmann::ordered_json{{"shape", std::vector<int64_t>(shape.begin(), shape.end())}, {"data_b64", base64_of_floats(data)}};
}

std::string text_of(const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

}  // namespace

std::string base64_of_floats(const std::vector<float>& values) {
  std::vector<unsigned char> bytes(values.size() * 4);
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &values[i], 4);
    for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<unsigned char>(bits >> (8 * b));
  }
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t n = static_cast<uint32_t>(bytes[i]) << 16 | (i + 1 < bytes.size() ? bytes[i + 1] << 8 : 0) |
                       (i + 2 < bytes.size() ? bytes[i + 2] : 0);
    out += kBase64[n >> 18 & 63];
    out += kBase64[n >> 12 & 63];
    out += i + 1 < bytes.size() ? kBase64[n >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64[n & 63] : '=';
  }
  return out;
}

bool floats_of_base64(const std::string& text, std::vector<float>* out) {
  if (text.size() % 4 != 0) return false;
  std::vector<unsigned char> bytes;
  bytes.reserve(text.size() / 4 * 3);
  uint32_t accumulator = 0;
  int bits = 0;
  size_t padding = 0;
  for (char ch : text) {
    if (ch == '=') {
      ++padding;
      continue;
    }
    const int value = base64_value(ch);
    if (value < 0 || padding > 0) return false;  // a character after '=' is not base64
    accumulator = accumulator << 6 | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<unsigned char>(accumulator >> bits));
    }
  }
  if (padding > 2 || bytes.size() % 4 != 0) return false;
  out->resize(bytes.size() / 4);
  for (size_t i = 0; i < out->size(); ++i) {
    const uint32_t word = bytes[i * 4] | bytes[i * 4 + 1] << 8 | bytes[i * 4 + 2] << 16 |
                          static_cast<uint32_t>(bytes[i * 4 + 3]) << 24;
    std::memcpy(&(*out)[i], &word, 4);
  }
  return true;
}

std::string worker_request_line(int64_t id, const dxcheck_conv_desc& desc, const std::vector<float>& dy,
                                const std::vector<float>& filter, uint32_t canary, const nlohmann::ordered_json& extra) {
  nlohmann::ordered_json request;
  request["id"] = id;
  request["desc"] = desc_to_json(desc);
  request["dy"] = tensor_json(dy_shape(desc), dy);
  request["filter"] = tensor_json(filter_shape(desc), filter);
  request["canary"] = canary;
  if (extra.is_object()) {
    for (const auto& [key, value] : extra.items()) request[key] = value;
  }
  return request.dump() + "\n";
}

WorkerHello parse_worker_hello(const std::string& line) {
  const json hello = json::parse(line, nullptr, false);
  if (hello.is_discarded() || !hello.is_object()) {
    throw std::runtime_error("its first line is not a JSON hello: " + line.substr(0, 200));
  }
  const std::string protocol = hello.value("protocol", std::string());
  if (protocol != kWorkerProtocol) {
    throw std::runtime_error("it speaks protocol '" + protocol + "'; this dxcheck speaks " + kWorkerProtocol);
  }
  if (hello.contains("error")) throw std::runtime_error("it could not start: " + text_of(hello["error"]));
  WorkerHello h;
  h.kernel = hello.value("kernel", std::string());
  h.implementation = hello.value("implementation", std::string());
  h.canary = hello.value("canary", false);
  if (hello.contains("extensions") && hello["extensions"].is_array()) {
    for (const auto& e : hello["extensions"]) {
      if (e.is_string()) h.extensions.push_back(e.get<std::string>());
    }
  }
  return h;
}

WorkerResponse parse_worker_response(const std::string& line) {
  WorkerResponse r;
  const json message = json::parse(line, nullptr, false);
  if (message.is_discarded() || !message.is_object()) {
    r.text = "the response is not a JSON object: " + line.substr(0, 200);
    return r;
  }
  r.id = message.value("id", json());
  if (message.contains("error")) {
    r.kind = WorkerResponse::Kind::error;
    r.text = text_of(message["error"]);
    return r;
  }
  if (message.contains("decline")) {
    r.kind = WorkerResponse::Kind::decline;
    r.text = text_of(message["decline"]);
    return r;
  }
  const json* dx = message.contains("dx") ? &message["dx"] : nullptr;
  if (!dx || !dx->is_object() || !dx->contains("shape") || !(*dx)["shape"].is_array() || !dx->contains("data_b64") ||
      !(*dx)["data_b64"].is_string()) {
    r.text = "the response has neither dx {shape, data_b64}, decline nor error: " + line.substr(0, 200);
    return r;
  }
  for (const auto& d : (*dx)["shape"]) {
    if (!d.is_number_integer()) {
      r.text = "dx.shape is not a list of integers";
      return r;
    }
    r.shape.push_back(d.get<int64_t>());
  }
  if (!floats_of_base64((*dx)["data_b64"].get<std::string>(), &r.dx)) {
    r.text = "dx.data_b64 is not base64 of whole float32 values";
    return r;
  }
  r.kind = WorkerResponse::Kind::dx;
  return r;
}

size_t worker_response_max_bytes(int64_t dx_count) {
  return static_cast<size_t>(std::max<int64_t>(dx_count, 0)) * 4 * 4 / 3 * 2 + (size_t{1} << 16);
}

}  // namespace dxcheck
