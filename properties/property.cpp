#include "property.h"

namespace dxcheck {

const std::vector<PropertyInfo>& all_properties() {
  static const std::vector<PropertyInfo> properties = {
      {"matches-reference", "dx within the error bound of the Eigen reference; exact under exact data",
       &check_matches_reference},
  };
  return properties;
}

const PropertyInfo* find_property(const std::string& id) {
  for (const auto& p : all_properties()) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace dxcheck
