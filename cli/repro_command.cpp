// `dxcheck repro CASE|VECTOR.json [--kernel K ...] [--emit-vector F]`: reruns one case
// (every property) or one vector on the chosen kernels, shows the worst elements and a
// window of dx around the worst, and can write the case as a dxcheck-vector/1 file for
// a bug report (TFJS's dx from the faithful kernel as "expect", the kernel's as "got").
#include <cmath>
#include <iomanip>
#include <iostream>

#include "builtin_kernels.h"
#include "commands.h"
#include "driver.h"
#include "fill.h"
#include "judge.h"
#include "kernel_choice.h"
#include "reference.h"
#include "tfjs_attrs.h"
#include "vector_check.h"
#include "vector_file.h"
#include "verdict_text.h"

namespace dxcheck::cli {
namespace {

int64_t dx_index(const dxcheck_conv_desc& d, int64_t b, int64_t i, int64_t j, int64_t c) {
  if (d.data_format == DXCHECK_NCHW) return ((b * d.in_channels + c) * d.in_height + i) * d.in_width + j;
  return ((b * d.in_height + i) * d.in_width + j) * d.in_channels + c;
}

// Rows and columns around the worst element, for its batch and channel: reference
// above, kernel below, the worst one bracketed.
void print_window(const dxcheck_conv_desc& d, const reference::Backprop& ref, const std::vector<float>& got,
                  const ElementReport& worst) {
  const auto [b, h, w, c] = worst.position;
  const int64_t i0 = std::max<int64_t>(0, h - 2), i1 = std::min<int64_t>(d.in_height, h + 3);
  const int64_t j0 = std::max<int64_t>(0, w - 2), j1 = std::min<int64_t>(d.in_width, w + 3);
  std::cout << "      window around " << position_text(worst.position) << ", rows " << i0 << ".." << i1 - 1
            << ", columns " << j0 << ".." << j1 - 1 << " (expected / got):\n";
  for (const char* which : {"expected", "got"}) {
    for (int64_t i = i0; i < i1; ++i) {
      std::cout << "      " << std::setw(9) << (i == i0 ? which : "");
      for (int64_t j = j0; j < j1; ++j) {
        const int64_t k = dx_index(d, b, i, j, c);
        const double value = std::string(which) == "got" ? static_cast<double>(got[k]) : ref.dx[k];
        std::ostringstream cell;
        cell << std::setprecision(6) << value;
        const bool mark = i == h && j == w;
        std::cout << std::right << std::setw(15) << ((mark ? "[" : "") + cell.str() + (mark ? "]" : ""));
      }
      std::cout << std::left << "\n";
    }
  }
}

VectorFile vector_of(const Case& c, const CaseData& data, const std::vector<float>& tfjs_dx, const std::vector<float>& got) {
  VectorFile v;
  v.source = "dxcheck repro (expect: the TFJS-faithful kernel)";
  ConvAttrs attrs = c.attrs();
  v.attrs_json = attrs_to_json(attrs);
  if (c.profile != Profile::tfjs) v.attrs_json["profile"] = to_string(c.profile);
  const auto dy = dy_shape(data.desc), f = filter_shape(data.desc), dx = dx_shape(data.desc);
  v.dy = {{dy.begin(), dy.end()}, data.dy};
  v.filter = {{f.begin(), f.end()}, data.filter};
  v.expect_dx = VectorTensor{{dx.begin(), dx.end()}, tfjs_dx};
  if (!got.empty()) v.got = VectorTensor{{dx.begin(), dx.end()}, got};
  v.case_string = to_string(c);
  return v;
}

// 1 when something failed, and when nothing passed either: every verdict SKIPPED or
// UNSUPPORTED is nothing tested, never a pass.
int exit_code(bool failed, bool passed, const char* what) {
  if (failed) return kExitFailed;
  if (!passed) {
    std::cout << "nothing tested: " << what << " (each was skipped or unsupported)\n";
    return kExitFailed;
  }
  return kExitPassed;
}

int repro_vector(const std::string& path, const std::vector<KernelEntry>& kernels) {
  const VectorFile v = read_vector_file(path);  // a VectorError is an input error: exit 2
  const Verdict attributes = check_vector_attributes(v);
  std::cout << "vector " << path << (v.case_string ? " (" + *v.case_string + ")" : "") << "\n";
  std::cout << std::left << std::setw(12) << to_string(attributes.status) << std::setw(14) << "conv-info"
            << attributes.detail << "\n";
  if (v.expect_error || attributes.status == Status::failed) return attributes.ok() ? kExitPassed : kExitFailed;
  bool failed = false, passed = false;
  std::optional<reference::Backprop> ref;
  for (const auto& kernel : kernels) {
    const Verdict verdict = check_vector_kernel(v, kernel, ref, int64_t{1} << 26);
    failed = failed || verdict.status == Status::failed;
    passed = passed || verdict.status == Status::passed;
    std::cout << std::left << std::setw(12) << to_string(verdict.status) << std::setw(14) << kernel.name << " "
              << verdict.detail << "\n";
    write_elements(std::cout, verdict, "      ");
  }
  return exit_code(failed, passed, "no kernel passed the vector");
}

}  // namespace

int repro_command(const Args& args) {
  std::vector<std::string> kernel_names;
  std::string target, emit_path;
  CheckSettings settings;
  PluginOptions plugin_options;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--kernel") kernel_names.push_back(option_value(args, i));
    else if (parse_plugin_option(args, i, plugin_options)) continue;
    else if (args[i] == "--emit-vector") emit_path = option_value(args, i);
    else if (args[i] == "--precision") {
      const std::string& p = option_value(args, i);
      if (!parse_precision(p, &settings.precision)) throw UsageError("--precision takes fp32, tf32, bf16 or fp16");
    } else if (args[i].rfind("--", 0) == 0) throw UsageError("repro: unknown option '" + args[i] + "'");
    else if (target.empty()) target = args[i];
    else throw UsageError("repro takes one case string or one vector file");
  }
  if (target.empty()) throw UsageError("repro needs a case string (dx1_...) or a vector file (.json)");
  const std::vector<KernelEntry> kernels = choose_kernels(kernel_names, plugin_options);
  if (target.size() > 5 && target.compare(target.size() - 5, 5, ".json") == 0) {
    if (!emit_path.empty()) throw UsageError("--emit-vector takes a case string, not a vector");
    return repro_vector(target, kernels);
  }

  const Case c = parse_case(target);  // a CaseError is an input error: exit 2
  const dxcheck_conv_desc d = c.desc(settings.limits);  // a ConvInfoError too
  // The case's own tensors only when something below uses them: each property makes
  // the data it needs, after its caps (a case at the tensor cap is 1 GiB of dy).
  const bool window = !reference::skip_reason(d, settings.reference_cap);
  if (!emit_path.empty() && !window) {
    throw std::runtime_error("--emit-vector: the case is too big for a vector file (" +
                             *reference::skip_reason(d, settings.reference_cap) + ")");
  }
  const CaseData data = window ? make_case_data(c, settings.limits) : CaseData{};
  const auto dy = dy_shape(d);
  std::cout << "case " << to_string(c) << "\n  dy [" << dy[0] << "," << dy[1] << "," << dy[2] << "," << dy[3]
            << "], pads top " << d.pad_top << " bottom " << d.pad_bottom << " left " << d.pad_left << " right "
            << d.pad_right << "\n";
  bool failed = false, passed = false;
  std::vector<float> emitted_got;
  for (const auto& kernel : kernels) {
    bool hung = false;
    for (const auto& property : all_properties()) {
      if (hung) {
        std::cout << std::left << std::setw(12) << to_string(Status::skipped) << std::setw(14) << kernel.name << " "
                  << std::setw(28) << property.id << "not run: the kernel hung in an earlier property\n";
        continue;
      }
      Verdict v;
      try {
        v = check_case(property, kernel, c, settings);
      } catch (const std::exception& e) {
        // e.g. batch-split doubles the batch past the tensor cap: this property cannot
        // run the case, the others still can.
        v = with_status(Status::skipped, std::string("cannot run this case: ") + e.what());
      }
      hung = v.hung();
      failed = failed || v.status == Status::failed;
      passed = passed || v.status == Status::passed;
      std::cout << std::left << std::setw(12) << to_string(v.status) << std::setw(14) << kernel.name << " " << std::setw(28)
                << property.id << v.detail << "\n";
      write_elements(std::cout, v, "      ");
    }
    if (hung || !window) continue;
    // The window shows the kernel on the case's own data against the reference.
    Standard bound;
    bound.precision = settings.precision;
    bound.reference_cap = settings.reference_cap;
    bound.interval = false;
    const Judgement j = judge(kernel, d, data.dy, data.filter, c.align_offset, bound);
    if (j.called && j.verdict.status == Status::failed && !j.verdict.worst.empty()) {
      print_window(d, *j.reference, j.dx, j.verdict.worst.front());
      if (emitted_got.empty()) emitted_got = j.dx;
    }
  }
  if (!emit_path.empty()) {
    std::vector<float> tfjs_dx(static_cast<size_t>(element_count(dx_shape(d))));
    faithful_backprop_input(&d, data.dy.data(), data.filter.data(), tfjs_dx.data());
    write_vector_file(emit_path, vector_of(c, data, tfjs_dx, emitted_got));
    std::cout << "vector written to " << emit_path << "\n";
  }
  return exit_code(failed, passed, "no property passed the case on any kernel");
}

}  // namespace dxcheck::cli
