// The byte protocol between dxcheck and its plugin worker (plugin.h): little structs
// copied as they are (both ends are the same executable), floats and text with a
// 64-bit length in front. The worker sends a hello after loading, then for each
// request one `invocation` mark before each kernel invocation (so each gets the whole
// call timeout) and one response.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dxcheck::plugin_protocol {

constexpr uint32_t kHello = 0x49485844, kRequest = 0x51525844, kResponse = 0x53525844, kInvocation = 0x56495844;
constexpr uint64_t kMaxText = uint64_t{1} << 16;  // a detail or a load message

struct Writer {
  std::vector<char> bytes;
  template <typename T>
  void put(const T& v) {
    const char* p = reinterpret_cast<const char*>(&v);
    bytes.insert(bytes.end(), p, p + sizeof v);
  }
  void put_floats(const std::vector<float>& v) {
    put<uint64_t>(v.size());
    const char* p = reinterpret_cast<const char*>(v.data());
    bytes.insert(bytes.end(), p, p + v.size() * sizeof(float));
  }
  void put_text(const std::string& s) {
    const std::string cut = s.substr(0, kMaxText);
    put<uint64_t>(cut.size());
    bytes.insert(bytes.end(), cut.begin(), cut.end());
  }
};

// Reads typed values with `read(void*, size_t) -> bool`; the first failure sticks.
// Lengths above `max_floats` / kMaxText are a garbled stream, not an allocation.
template <typename ReadFn>
struct Reader {
  ReadFn read;
  bool ok = true, garbled = false;
  template <typename T>
  T get() {
    T v{};
    if (ok) ok = read(&v, sizeof v);
    return v;
  }
  std::vector<float> get_floats(uint64_t max_floats) {
    const uint64_t n = get<uint64_t>();
    std::vector<float> v;
    if (!ok) return v;
    if (n > max_floats) return ok = false, garbled = true, v;
    v.resize(static_cast<size_t>(n));
    if (n) ok = read(v.data(), static_cast<size_t>(n) * sizeof(float));
    return v;
  }
  std::string get_text() {
    const uint64_t n = get<uint64_t>();
    std::string s;
    if (!ok) return s;
    if (n > kMaxText) return ok = false, garbled = true, s;
    s.resize(static_cast<size_t>(n));
    if (n) ok = read(s.data(), static_cast<size_t>(n));
    return s;
  }
};

template <typename ReadFn>
Reader<ReadFn> reader(ReadFn read) {
  return Reader<ReadFn>{read};
}

}  // namespace dxcheck::plugin_protocol
