// docs/design.md "The non-finite pattern", from the terms that decide it: a term
// is non-finite only when one of its factors is (two finite float32 values multiply
// exactly, and no sum of them overflows in double), so visiting every real term of
// every non-finite dy element and filter tap sees every NaN, +Inf and -Inf term.
// Costs (non-finite dy elements) x fh x fw x C + (non-finite taps) x N x oh x ow, and is
// only called when some value is not finite. Internal to reference/.
#pragma once

#include <vector>

#include "geometry.h"
#include "reference.h"

namespace dxcheck::reference {

// Per dx element, in the desc's layout. g must not be empty().
std::vector<Pattern> nonfinite_pattern(const Geometry& g, const float* dy, const float* filter);

}  // namespace dxcheck::reference
