#include "strict_json.h"

#include <vector>

namespace dxcheck {
namespace {

using ojson = nlohmann::ordered_json;

class StrictBuilder : public nlohmann::json_sax<ojson> {
 public:
  explicit StrictBuilder(const StrictJsonLimits& limits) : limits_(limits) {}

  bool null() override { return put(ojson(nullptr)); }
  bool boolean(bool value) override { return put(ojson(value)); }
  bool number_integer(number_integer_t value) override { return put(ojson(value)); }
  bool number_unsigned(number_unsigned_t value) override { return put(ojson(value)); }
  bool number_float(number_float_t value, const string_t&) override { return put(ojson(value)); }
  bool string(string_t& value) override { return put(ojson(std::move(value))); }
  bool binary(binary_t&) override { return stop("binary values are not JSON"); }

  bool start_object(std::size_t) override { return open(ojson::object()); }
  bool key(string_t& key) override {
    ojson& object = *stack_.back();
    if (object.contains(key)) return stop("the key " + json_excerpt(ojson(key)) + " appears twice in one object");
    if (object.size() >= limits_.max_object_keys) {
      return stop("an object has more than " + std::to_string(limits_.max_object_keys) + " keys");
    }
    key_ = std::move(key);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(ojson::array()); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    std::string what = e.what();
    if (what.size() > 200) what = what.substr(0, 200) + "...";
    return stop("not valid JSON: " + what);
  }

  ojson take() { return std::move(root_); }
  const std::string& error() const { return error_; }

 private:
  bool stop(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  ojson* place(ojson value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    ojson& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    return &(parent[key_] = std::move(value));
  }
  bool put(ojson value) {
    place(std::move(value));
    return true;
  }
  bool open(ojson container) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      return stop("nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    stack_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  StrictJsonLimits limits_;
  ojson root_;
  std::vector<ojson*> stack_;
  std::string key_, error_;
};

constexpr size_t kExcerptChars = 80;
constexpr int kExcerptDepth = 3;

template <typename Json>
std::string excerpt_of(const Json& v, int depth = 0);

// Arrays show their first entries, up to kExcerptChars, kExcerptDepth levels deep.
template <typename Json>
std::string array_excerpt(const Json& v, int depth) {
  if (depth >= kExcerptDepth) return "[...]";
  std::string out = "[";
  size_t shown = 0;
  for (const auto& item : v) {
    if (out.size() > kExcerptChars) break;
    out += (shown++ ? "," : "") + excerpt_of(item, depth + 1);
  }
  if (shown < v.size()) out += ",... (" + std::to_string(v.size()) + " entries)";
  return out + "]";
}

template <typename Json>
std::string excerpt_of(const Json& v, int depth) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return v.template get<bool>() ? "true" : "false";
    case Json::value_t::string: {
      const std::string& s = v.template get_ref<const std::string&>();
      std::string shown = Json(s.substr(0, 40)).dump(-1, ' ', true, Json::error_handler_t::replace);
      if (s.size() > 40) shown.insert(shown.size() - 1, "...");
      return shown;  // ensure_ascii: NUL and every control character escaped
    }
    case Json::value_t::array: return array_excerpt(v, depth);
    case Json::value_t::object: return "an object of " + std::to_string(v.size()) + " keys";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return v.dump();
    default: return "an unexpected JSON value";
  }
}

}  // namespace

ojson parse_strict_json(const std::string& text, const StrictJsonLimits& limits) {
  StrictBuilder builder(limits);
  const bool ok = ojson::sax_parse(text, &builder);
  if (!ok || !builder.error().empty()) throw StrictJsonError(builder.error().empty() ? "not valid JSON" : builder.error());
  return builder.take();
}

std::string json_excerpt(const ojson& value) { return excerpt_of(value); }
std::string json_excerpt(const nlohmann::json& value) { return excerpt_of(value); }

}  // namespace dxcheck
