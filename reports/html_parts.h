// Pieces of the HTML report shared between its files (html_report.cpp renders the page,
// html_charts.cpp its coverage grid and bound-use histograms).
#pragma once

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "report.h"

namespace dxcheck::html {

// A number for people: %g with the given significant digits; non-finite as words.
std::string number(double v, int digits = 6);

template <typename T>
void add_unique(std::vector<T>& list, const T& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// 12 345 678 with thin spaces, for people.
std::string thousands(int64_t v);

// Light blue to deep blue by log(1 + cases); empty cells stand out in red. *dark says
// the text on it should be white.
std::string heat_colour(int64_t cases, int64_t max_cases, bool* dark);

// The size axis of the coverage: one small heat-map table per batch class, channel
// classes down, spatial classes across.
void render_size_coverage(const RunReport& report, std::ostringstream& h);

// The case grid (coverage of the attribute space) and, per kernel, the histogram of
// PASSED cases by the share of the error bound they used.
void render_coverage(const RunReport& report, std::ostringstream& h);
void render_bound_use(const RunReport& report, std::ostringstream& h);

// The UNSUPPORTED cases per kernel and the reason the kernel gave (the JSON's
// `declines` of each result, summed over its properties), most frequent first.
void render_declines(const RunReport& report, std::ostringstream& h);

}  // namespace dxcheck::html
