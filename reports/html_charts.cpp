#include <cmath>
#include <map>
#include <vector>

#include "html_parts.h"
#include "report_writers.h"

namespace dxcheck::html {
namespace {

std::string bin_label(size_t i) {
  auto edge = [](double v) { return v == 0 ? std::string("0") : number(v, 3); };
  if (i + 1 == kBoundUseBins.size()) return "&#8805; " + edge(kBoundUseBins[i]);
  return edge(kBoundUseBins[i]) + "&#8211;" + edge(kBoundUseBins[i + 1]);
}

}  // namespace

void render_coverage(const RunReport& report, std::ostringstream& h) {
  h << "<h2 id=\"coverage\">Coverage</h2>\n";
  if (report.coverage.empty()) {
    h << "<p>No coverage was recorded.</p>\n";
    return;
  }
  // Rows: pad form x rounding; columns: layout x stride class (the legal grid only).
  std::vector<std::pair<std::string, std::string>> rows, columns;
  std::map<std::pair<std::pair<std::string, std::string>, std::pair<std::string, std::string>>, int64_t> cases;
  std::vector<std::string> layouts;
  int64_t max_cases = 0, empty = 0, total = 0;
  for (const auto& c : report.coverage) {
    add_unique(rows, std::make_pair(c.pad_form, c.rounding));
    add_unique(columns, std::make_pair(c.layout, c.stride_class));
    add_unique(layouts, c.layout);
    cases[{{c.pad_form, c.rounding}, {c.layout, c.stride_class}}] = c.cases;
    max_cases = std::max(max_cases, c.cases);
    empty += c.cases == 0;
    total += c.cases;
  }
  const int label_width = 150, cell_width = 104, cell_height = 30, top = 46;
  const int width = label_width + cell_width * static_cast<int>(columns.size()) + 2;
  const int height = top + cell_height * static_cast<int>(rows.size()) + 2;
  h << "<figure><svg width=\"" << width << "\" height=\"" << height
    << "\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"coverage heat map\">\n";
  // Column headers: the layout over its stride classes.
  for (size_t j = 0; j < columns.size();) {
    size_t span = 0;
    while (j + span < columns.size() && columns[j + span].first == columns[j].first) ++span;
    const int x = label_width + cell_width * static_cast<int>(j);
    h << "<text x=\"" << x + cell_width * static_cast<int>(span) / 2 << "\" y=\"16\" text-anchor=\"middle\" "
      << "font-size=\"13\" font-weight=\"600\">" << escape_markup(columns[j].first) << "</text>\n"
      << "<line x1=\"" << x + 6 << "\" y1=\"22\" x2=\"" << x + cell_width * static_cast<int>(span) - 6
      << "\" y2=\"22\" stroke=\"#d1d9e0\"/>\n";
    for (size_t k = 0; k < span; ++k) {
      h << "<text x=\"" << x + cell_width * static_cast<int>(k) + cell_width / 2 << "\" y=\"38\" text-anchor=\"middle\" "
        << "font-size=\"12\" fill=\"#59636e\">stride " << escape_markup(columns[j + k].second) << "</text>\n";
    }
    j += span;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const int y = top + cell_height * static_cast<int>(i);
    const std::string label = rows[i].first + (rows[i].second == "none" ? "" : ", " + rows[i].second);
    h << "<text x=\"" << label_width - 10 << "\" y=\"" << y + cell_height / 2 + 4 << "\" text-anchor=\"end\" "
      << "font-size=\"12.5\">pad " << escape_markup(label) << "</text>\n";
    for (size_t j = 0; j < columns.size(); ++j) {
      const int x = label_width + cell_width * static_cast<int>(j);
      auto it = cases.find({rows[i], columns[j]});
      if (it == cases.end()) continue;  // not a legal cell
      bool dark = false;
      const std::string fill = heat_colour(it->second, max_cases, &dark);
      h << "<rect x=\"" << x + 1 << "\" y=\"" << y + 1 << "\" width=\"" << cell_width - 2 << "\" height=\""
        << cell_height - 2 << "\" rx=\"3\" fill=\"" << fill << "\""
        << (it->second == 0 ? " stroke=\"#cf222e\" stroke-dasharray=\"4 3\"" : "") << "><title>"
        << escape_markup(columns[j].first + ", pad " + label + ", stride " + columns[j].second) << ": " << it->second
        << " cases</title></rect>\n<text x=\"" << x + cell_width / 2 << "\" y=\"" << y + cell_height / 2 + 4
        << "\" text-anchor=\"middle\" font-size=\"12.5\" fill=\""
        << (it->second == 0 ? "#cf222e" : dark ? "#ffffff" : "#1f2328") << "\">" << it->second << "</text>\n";
    }
  }
  h << "</svg>\n<figcaption>Cases drawn in each cell of the legal attribute grid (layout &times; pad form &times; "
       "rounding &times; stride class; a rounding mode only with numeric or explicit pads, as the op demands), "
       "all kernels and properties together: "
    << thousands(total) << " cases";
  if (empty > 0) h << "; <b style=\"color:#cf222e\">" << empty << " cell" << (empty == 1 ? "" : "s") << " never reached</b>";
  h << ".</figcaption></figure>\n";
}

void render_bound_use(const RunReport& report, std::ostringstream& h) {
  h << "<h2 id=\"bound-use\">Bound use</h2>\n<p class=\"muted\">PASSED cases by their largest |dx &minus; r| / &tau; "
       "(the share of the error bound the kernel used), summed over the properties that call the kernel. "
       "Exact-data and bitwise checks use 0.</p>\n<div class=\"charts\">\n";
  std::vector<std::string> kernels;
  for (const auto& k : report.kernels) add_unique(kernels, k.name);
  for (const auto& r : report.results) {
    if (r.calls_kernel) add_unique(kernels, r.kernel);  // not pseudo-kernels such as "conv-info"
  }
  for (const auto& k : kernels) {
    std::array<int64_t, kBoundUseBins.size()> bins{};
    int64_t unbounded = 0;
    double max_use = 0;
    for (const auto& r : report.results) {
      if (r.kernel != k || !r.calls_kernel) continue;
      for (size_t i = 0; i < bins.size(); ++i) bins[i] += r.bound_use_histogram[i];
      unbounded += r.unbounded;
      max_use = std::max(max_use, r.max_bound_use);
    }
    const int64_t highest = std::max<int64_t>(1, *std::max_element(bins.begin(), bins.end()));
    const int width = 540, height = 210, left = 16, base = 160, bar_area = 120;
    const int slot = (width - 2 * left) / static_cast<int>(bins.size());
    h << "<figure><svg width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"bound use histogram\">\n"
      << "<text x=\"" << left << "\" y=\"16\" font-size=\"13\" font-weight=\"600\" font-family=\"ui-monospace,Menlo,"
         "Consolas,monospace\">"
      << (k.size() > 64 ? "&#8230;" + escape_markup(k.substr(k.size() - 63)) : escape_markup(k)) << "</text>\n"
      << "<line x1=\"" << left << "\" y1=\"" << base << "\" x2=\"" << width - left << "\" y2=\"" << base
      << "\" stroke=\"#8c959f\"/>\n";
    for (size_t i = 0; i < bins.size(); ++i) {
      const int x = left + slot * static_cast<int>(i);
      int bar = static_cast<int>(std::lround(static_cast<double>(bins[i]) / static_cast<double>(highest) * bar_area));
      if (bins[i] > 0) bar = std::max(bar, 2);
      const bool over = i + 1 == bins.size();  // at or beyond the bound
      h << "<rect x=\"" << x + 8 << "\" y=\"" << base - bar << "\" width=\"" << slot - 16 << "\" height=\"" << bar
        << "\" fill=\"" << (over ? "#bc4c00" : "#2f81f7") << "\"><title>" << bin_label(i) << ": " << bins[i]
        << " cases</title></rect>\n<text x=\"" << x + slot / 2 << "\" y=\"" << base - bar - 5
        << "\" text-anchor=\"middle\" font-size=\"12\">" << bins[i] << "</text>\n<text x=\"" << x + slot / 2
        << "\" y=\"" << base + 17 << "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#59636e\">" << bin_label(i)
        << "</text>\n";
    }
    h << "<text x=\"" << width / 2 << "\" y=\"" << base + 40 << "\" text-anchor=\"middle\" font-size=\"12\" "
      << "fill=\"#59636e\">bound use; largest " << number(max_use, 3) << (unbounded > 0 ? "; " + thousands(unbounded) + " unbounded elements" : "")
      << "</text>\n</svg></figure>\n";
  }
  h << "</div>\n";
}

}  // namespace dxcheck::html
