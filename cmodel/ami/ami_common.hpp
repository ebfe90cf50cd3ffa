// Shared pieces of the HaloLink IBIS-AMI models: the error channel (msg / parameters_out
// strings that stay valid until the next call or AMI_Close) and the statistical UI grid.
#pragma once

#include <cmath>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "ami_tree.hpp"

namespace halo::ami {

/// Strings returned through msg before an instance exists (one per thread, valid until the
/// next failing AMI_Init on that thread).
inline std::string& init_error_buffer() {
  thread_local std::string s;
  return s;
}

/// Samples per UI from the simulator's sample_interval and bit_time: a positive integer
/// (within 1e-6 relative), 1..4096; 0 when not.
inline long samples_per_ui(double sample_interval, double bit_time) {
  if (!(sample_interval > 0.0) || !(bit_time > 0.0) || !std::isfinite(sample_interval) ||
      !std::isfinite(bit_time))
    return 0;
  const double r = bit_time / sample_interval;
  if (!(r >= 0.5) || r > 4096.5) return 0;
  const double n = std::round(r);
  if (std::fabs(r - n) > 1e-6 * n) return 0;
  return static_cast<long>(n);
}

/// The frame every AMI_Init shares (IBIS 7.x 10.2.3): clears *params_out and *handle, checks
/// the handle and the impulse matrix, parses the parameter tree (`(DEFAULT_ROOT)` when
/// params_in is NULL) and calls `build(root, err)`, which returns the model (a type with
/// `params_out` and `msg` strings, kept until AMI_Close) or null with err set. Returns 1 with
/// the model in *handle, or 0 with the reason in *msg; no exception leaves.
template <class Model, class Build>
long init_frame(const double* impulse_matrix, long row_size, long aggressors, const char* params_in,
                std::string_view default_root, char** params_out, void** handle, char** msg, Build&& build) {
  std::string& ierr = init_error_buffer();
  if (params_out != nullptr) *params_out = nullptr;
  if (handle != nullptr) *handle = nullptr;
  auto fail = [&](std::string e) -> long {
    ierr = std::move(e);
    if (msg != nullptr) *msg = ierr.data();
    return 0;
  };
  try {
    if (handle == nullptr) return fail("AMI_Init: AMI_memory_handle is NULL");
    if (row_size < 0 || aggressors < 0 || (impulse_matrix == nullptr && row_size > 0))
      return fail("AMI_Init: impulse_matrix NULL or negative row_size/aggressors");
    Node root;
    std::string err;
    std::string def(1, '(');
    def.append(default_root).push_back(')');
    if (!parse(params_in != nullptr ? std::string_view(params_in) : std::string_view(def), root, err)) return fail(err);
    std::unique_ptr<Model> m = build(root, err);
    if (!m) return fail(err);
    if (params_out != nullptr) *params_out = m->params_out.data();
    if (msg != nullptr) *msg = m->msg.data();
    *handle = m.release();
    return 1;
  } catch (const std::exception& e) {
    return fail(std::string("AMI_Init: ") + e.what());
  } catch (...) {
    return fail("AMI_Init: unknown error");
  }
}

}  // namespace halo::ami
