// Pieces of the HTML report shared between its files (html_report.cpp renders the page).
#pragma once

#include <cstdint>
#include <sstream>
#include <string>

#include "report.h"

namespace dxcheck::html {

// 12 345 678 with thin spaces, for people.
std::string thousands(int64_t v);

// Light blue to deep blue by log(1 + cases); empty cells stand out in red. *dark says
// the text on it should be white.
std::string heat_colour(int64_t cases, int64_t max_cases, bool* dark);

// The size axis of the coverage: one small heat-map table per batch class, channel
// classes down, spatial classes across.
void render_size_coverage(const RunReport& report, std::ostringstream& h);

// The UNSUPPORTED cases per kernel and the reason the kernel gave (the JSON's
// `declines` of each result, summed over its properties), most frequent first.
void render_declines(const RunReport& report, std::ostringstream& h);

}  // namespace dxcheck::html
