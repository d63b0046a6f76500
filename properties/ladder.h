// The size ladder: random cases over the same attribute space as gen::any_case, with
// sizes that grow over a run from tiny to real (channels past 512, sides past 128,
// batches past 16, strides to 8, filters to 11), kept under a work target that rises
// with each rung and under an element cap. Every third case is a tiny one from
// gen::any_case (they shrink fast and cover the attribute grid), and every 16th is a
// zero-size form TFJS accepts, in turn: batch 0, 0 in channels, 0 out channels, empty
// out sizes. Case k of a seed is always the same case for the same target and cap.
#pragma once

#include <cstdint>

#include "case.h"

namespace dxcheck {

enum class LadderKind { tiny, sized, zero_size };

// What case `index` of the ladder is.
LadderKind ladder_kind(int64_t index);

// The work target (multiply-adds) of case `index`: 2^10 at the start, doubling every
// second sized case.
int64_t ladder_work_target(int64_t index);

// Case `index` of the ladder for `seed`; sized cases are drawn large and then halved,
// largest dimension first, until they hold at most max_elements elements and at most
// max_work multiply-adds (case_multiply_adds). Always a legal case.
Case ladder_case(uint64_t seed, int64_t index, int64_t max_elements, int64_t max_work);

// Halves the largest of a case's batch, height, width and channels until it fits.
Case fit_case(Case c, int64_t max_elements, int64_t max_work);

}  // namespace dxcheck
