// libFuzzer harness: the IBIS-AMI parameter string (cmodel/ami, docs/ami.md). The input is the
// AMI_parameters_in text handed to the RX model's AMI_Init (ami_rx.cpp compiled in), then to
// the tree parser and its typed getters. Checks: AMI_Init returns 1 with a memory handle, or
// 0 with a non-empty message and no handle; an accepted model runs AMI_GetWave on a short
// waveform and closes; a parsed tree's getters never accept out-of-range values; sanitizer
// reports are findings.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "ami_api.h"
#include "ami_tree.hpp"

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);  // NUL-terminated copy
  std::vector<double> imp(64, 0.0);
  imp[3] = 1.0;
  char* out = nullptr;
  char* msg = nullptr;
  void* mem = nullptr;
  const long rc = AMI_Init(imp.data(), 64, 0, 1e-12, 8e-12, text.data(), &out, &mem, &msg);
  if (rc == 1) {
    check(mem != nullptr && out != nullptr);
    std::vector<double> w(200), ct(200);
    for (std::size_t i = 0; i < w.size(); ++i)
      w[i] = size > 0 ? (static_cast<double>(data[i % size]) - 128.0) / 256.0 : 0.0;
    check(AMI_GetWave(w.data(), 200, ct.data(), &out, mem) == 1);
    check(AMI_Close(mem) == 1);
  } else {
    check(rc == 0 && mem == nullptr && msg != nullptr && msg[0] != '\0');
  }

  halo::ami::Node root;
  std::string err;
  if (halo::ami::parse(text, root, err)) {
    long v = -1;
    if (halo::ami::get_int(root, "adc_bits", 6, 8, v, err)) check(v == -1 || (v >= 6 && v <= 8));
    double d = -1.0;
    if (halo::ami::get_real(root, "sample_phase", 0.0, 1.0, d, err))
      check(d == -1.0 || (d >= 0.0 && d <= 1.0));
    std::vector<long> l;
    if (halo::ami::get_int_list(root, "tx_taps", -2048, 2047, 16, l, err))
      for (long x : l) check(x >= -2048 && x <= 2047 && l.size() <= 16);
  } else {
    check(!err.empty());
  }
  return 0;
}
