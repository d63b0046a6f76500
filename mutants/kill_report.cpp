// Reads the JSON reports (dxcheck-report/1) of the mutant runs and says who killed what:
//   mutant_kill_report line REPORT       one summary line for the CTest log
//   mutant_kill_report table REPORT...   the kill table of docs/mutation.md (Markdown)
// A report's name says what ran: mutant_<name>.json must fail, benign_<name>.json
// must pass. "Killed by" is the failing property that needed the fewest cases (ties:
// the order of `dxcheck list`); "cases needed" counts every case that property drew up
// to and including the first failing one (shrink steps are not counted). The report
// has no per-property clock, so "seconds" is the whole default run, every property
// and the golden vectors, as `dxcheck run` does not stop at the first kill.
// `table` exits 1 when a mutant survived, a benign variant failed, or the median
// shrunk case is larger than 3x3 in spatial size (h*w > 9): the CTest mutant.kill_table.
// Written in C++ with the nlohmann_json dxcheck already uses: CI needs no jq or python.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

struct Kill {
  std::string property;  // prefixed by its suite unless tiny: "tails/matches-reference"
  int64_t cases = 0;
  std::string shrunk;  // "" for the golden vectors (no case string)
  std::string drawn;   // the case before shrinking
  std::string shrink;  // how shrinking went
  std::string detail;
};

struct Outcome {
  std::string name;  // from the file name, e.g. pad_off_by_one
  bool benign = false;
  bool size_gated = false;  // size_mutants.c: named size_*
  std::string verdict;
  double seconds = 0;
  std::vector<Kill> kills;  // every failing property, in report order
  std::string detail;       // the fastest kill's counterexample detail
};

Outcome read_outcome(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  const json report = json::parse(in);
  Outcome o;
  std::string stem = std::filesystem::path(path).stem().string();
  if (stem.rfind("benign_", 0) == 0) o.benign = true, o.name = stem.substr(7);
  else if (stem.rfind("mutant_", 0) == 0) o.name = stem.substr(7);
  else o.name = stem;
  if (o.name.rfind("size_", 0) == 0) o.size_gated = true, o.name = o.name.substr(5);
  o.verdict = report.at("verdict").get<std::string>();
  o.seconds = report.at("elapsed_seconds").get<double>();
  for (const auto& r : report.at("results")) {
    if (r.at("status") != "FAILED") continue;
    Kill k;
    k.property = r.at("property").get<std::string>();
    const std::string suite = r.value("suite", "tiny");
    if (suite != "tiny") k.property = suite + "/" + k.property;
    for (const auto& [status, count] : r.at("counts").items()) k.cases += count.get<int64_t>();
    const auto& ce = r.at("counterexample");
    if (ce.is_object()) {
      k.shrunk = ce.value("case", "");
      k.drawn = ce.value("original_case", "");
      k.shrink = ce.value("shrink", "");
      k.detail = ce.value("detail", "");
    }
    o.kills.push_back(k);
  }
  // The fastest kill first; stable, so ties keep the property order.
  std::stable_sort(o.kills.begin(), o.kills.end(), [](const Kill& a, const Kill& b) { return a.cases < b.cases; });
  if (!o.kills.empty()) o.detail = o.kills.front().detail;
  return o;
}

// h * w of a case string (dx1_n1_h2w3c1_...); -1 when there is none.
int64_t spatial_size(const std::string& c, std::string* text = nullptr) {
  static const std::regex hw("_h([0-9]+)w([0-9]+)c");
  std::smatch m;
  if (!std::regex_search(c, m, hw)) return -1;
  if (text) *text = m[1].str() + "x" + m[2].str();
  return std::stoll(m[1].str()) * std::stoll(m[2].str());
}

// dx elements n*h*w*c of a case string; -1 when there is none.
int64_t dx_elements(const std::string& c) {
  static const std::regex dims("^dx1_n([0-9]+)_h([0-9]+)w([0-9]+)c([0-9]+)_");
  std::smatch m;
  if (!std::regex_search(c, m, dims)) return -1;
  return std::stoll(m[1].str()) * std::stoll(m[2].str()) * std::stoll(m[3].str()) * std::stoll(m[4].str());
}

bool as_expected(const Outcome& o) { return o.benign ? o.verdict == "PASSED" : o.verdict == "FAILED"; }

std::string seconds_text(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", s);
  return b;
}

int line(const std::string& path) {
  const Outcome o = read_outcome(path);
  std::cout << (o.benign ? "benign " : "mutant ") << o.name << ": " << o.verdict;
  if (!o.kills.empty()) {
    const Kill& k = o.kills.front();
    std::cout << ", killed by " << k.property << " after " << k.cases << " cases";
    if (!k.shrunk.empty()) std::cout << "; shrunk case " << k.shrunk;
    if (!k.drawn.empty() && k.drawn != k.shrunk) std::cout << " (first failing " << k.drawn << "; " << k.shrink << ")";
    std::cout << "; " << o.kills.size() << " properties failed";
  }
  std::cout << "; run " << seconds_text(o.seconds) << " s\n";
  if (!o.detail.empty()) std::cout << "  " << o.detail << "\n";
  if (!as_expected(o)) {
    std::cout << (o.benign ? "  a benign variant must pass\n" : "  the mutant SURVIVED\n");
    return 1;
  }
  return 0;
}

int table(const std::vector<std::string>& paths) {
  std::vector<Outcome> outcomes;
  for (const auto& p : paths) outcomes.push_back(read_outcome(p));
  std::sort(outcomes.begin(), outcomes.end(), [](const Outcome& a, const Outcome& b) {
    return a.benign != b.benign ? a.benign < b.benign : a.name < b.name;
  });
  std::vector<int64_t> sizes;
  int survived = 0, benign_failed = 0, mutants = 0, benign = 0;
  std::ostringstream t;
  t << "| mutant | killed by | shrunk case | cases needed | seconds | properties failed |\n"
    << "|---|---|---|---:|---:|---:|\n";
  for (const auto& o : outcomes) {
    if (o.benign || o.size_gated) continue;
    ++mutants;
    if (o.kills.empty() || !as_expected(o)) {
      ++survived;
      t << "| `" << o.name << "` | **survived** | | | " << seconds_text(o.seconds) << " | 0 |\n";
      continue;
    }
    const Kill& k = o.kills.front();
    std::string hw;
    const int64_t size = spatial_size(k.shrunk, &hw);
    if (size >= 0) sizes.push_back(size);
    t << "| `" << o.name << "` | " << k.property << " | " << (k.shrunk.empty() ? "(a golden vector)" : "`" + k.shrunk + "`")
      << " | " << k.cases << " | " << seconds_text(o.seconds) << " | " << o.kills.size() << " |\n";
  }
  // The size-gated ones: where the bug lives needs a real size, so the table shows the
  // case that first failed (from a suite or the ladder) beside the shrunk one.
  t << "\n| size-gated mutant | killed by | first failing case (dx elements) | shrunk case (dx elements) | shrinking | "
       "seconds | properties failed |\n|---|---|---|---|---|---:|---:|\n";
  for (const auto& o : outcomes) {
    if (o.benign || !o.size_gated) continue;
    ++mutants;
    if (o.kills.empty() || !as_expected(o)) {
      ++survived;
      t << "| `" << o.name << "` | **survived** | | | | " << seconds_text(o.seconds) << " | 0 |\n";
      continue;
    }
    const Kill& k = o.kills.front();
    if (k.shrunk.empty()) ++survived;  // must be killed with a case, not only by a golden vector
    const std::string drawn = k.drawn.empty() ? k.shrunk : k.drawn;
    t << "| `" << o.name << "` | " << k.property << " | `" << drawn << "` (" << dx_elements(drawn) << ") | `" << k.shrunk
      << "` (" << dx_elements(k.shrunk) << ") | " << k.shrink << " | " << seconds_text(o.seconds) << " | "
      << o.kills.size() << " |\n";
  }
  t << "\n| benign variant | verdict | seconds | properties failed |\n|---|---|---:|---:|\n";
  for (const auto& o : outcomes) {
    if (!o.benign) continue;
    ++benign;
    if (!as_expected(o)) ++benign_failed;
    t << "| `" << (o.size_gated ? "size_" : "") << o.name << "` | " << o.verdict << " | " << seconds_text(o.seconds) << " | " << o.kills.size() << " |\n";
  }
  std::sort(sizes.begin(), sizes.end());
  const double median = sizes.empty() ? 0
                        : sizes.size() % 2 ? static_cast<double>(sizes[sizes.size() / 2])
                                           : (sizes[sizes.size() / 2 - 1] + sizes[sizes.size() / 2]) / 2.0;
  std::cout << t.str() << "\n"
            << mutants - survived << " of " << mutants << " mutants killed, " << benign - benign_failed << " of "
            << benign << " benign variants passed; median shrunk spatial size h*w of the mutants before the size-gated ones = " << median
            << (sizes.empty() ? "" : " (largest " + std::to_string(sizes.back()) + ")") << ".\n";
  return survived == 0 && benign_failed == 0 && median <= 9 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 2 && args[0] == "line") return line(args[1]);
    if (args.size() >= 2 && args[0] == "table") return table({args.begin() + 1, args.end()});
  } catch (const std::exception& e) {
    std::cerr << "mutant_kill_report: " << e.what() << "\n";
    return 2;
  }
  std::cerr << "usage: mutant_kill_report line REPORT | table REPORT...\n";
  return 2;
}
