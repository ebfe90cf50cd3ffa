// libFuzzer harness: the C API register interface (halo.h). The input is a program of calls
// on one instance: register and field writes / reads at any address, CTRL.INIT with any
// configuration, blocks of ADC codes and symbols, the traffic generator with any (also
// wrapping) sizes, level reports. Checks: every call returns a halo_status with a message
// on failure, a rejected CTRL.INIT leaves the INIT fields as they were before it, nothing is
// processed by a rejected block; sanitizer reports are findings.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "halo/halo.h"

namespace {

#define OFF(r) static_cast<std::uint32_t>(offsetof(halo_retimer_t, r))

void check(bool ok) {
  if (!ok) std::abort();
}

struct Input {
  const std::uint8_t* p;
  std::size_t n;
  template <class T>
  T take() {
    T v{};
    const std::size_t m = n < sizeof v ? n : sizeof v;
    std::memcpy(&v, p, m);
    p += m;
    n -= m;
    return v;
  }
};

halo_status checked(halo_status s) {
  check(s == HALO_OK || s == HALO_ERR_ARG || s == HALO_ERR_ADDR || s == HALO_ERR_CONFIG || s == HALO_ERR_NOMEM);
  if (s != HALO_OK) check(halo_last_error()[0] != '\0');
  return s;
}

std::uint32_t rd(const halo_retimer* h, std::uint32_t addr) {
  std::uint32_t v = 0;
  check(halo_reg_read(h, addr, &v) == HALO_OK);
  return v;
}

// INIT fields must not change when an INIT is rejected.
void write_ctrl(halo_retimer* h, std::uint32_t value) {
  const std::uint32_t adc = rd(h, OFF(ADC_CFG)), windows = rd(h, OFF(MON_WINDOWS));
  const halo_status s = checked(halo_reg_write(h, OFF(CTRL), value));
  if (s == HALO_ERR_CONFIG) {
    check(rd(h, OFF(MON_WINDOWS)) == windows);
    const std::uint32_t now = rd(h, OFF(ADC_CFG));
    check(now == adc || (now >= 6 && now <= 8));  // restored to the value in effect
  }
}

void step(halo_retimer* h, Input& in) {
  const auto op = in.take<std::uint8_t>();
  switch (op % 9) {
    case 0: (void)checked(halo_reg_write(h, in.take<std::uint16_t>() & 0x3ffcu, in.take<std::uint32_t>())); break;
    case 1: {
      std::uint32_t v = 0;
      (void)checked(halo_reg_read(h, in.take<std::uint32_t>(), &v));
      break;
    }
    case 2:
      (void)checked(halo_field_write(h, in.take<std::uint16_t>() & 0x3ffcu, in.take<std::uint32_t>(),
                                     in.take<std::uint8_t>() % 40, in.take<std::uint32_t>()));
      break;
    case 3: write_ctrl(h, in.take<std::uint32_t>()); break;
    case 4: {  // ADC codes, possibly out of range: rejected as a whole
      std::vector<std::int16_t> codes(in.take<std::uint8_t>() * 8u);
      for (auto& c : codes) c = in.take<std::int16_t>();
      const std::uint32_t before = rd(h, OFF(MON_WINDOWS));
      if (checked(halo_feed_adc(h, codes.data(), codes.size())) == HALO_ERR_ARG) check(rd(h, OFF(MON_WINDOWS)) == before);
      break;
    }
    case 5: {
      std::vector<std::uint8_t> sym(in.take<std::uint8_t>() * 8u);
      for (auto& s : sym) s = in.take<std::uint8_t>() % 5;
      (void)checked(halo_feed_symbols(h, sym.data(), sym.size(), in.take<std::int8_t>()));
      break;
    }
    case 6: {  // any sizes: n must match exactly and never overflow the buffer
      const auto warmup = in.take<std::size_t>(), cws = in.take<std::size_t>();
      std::vector<std::uint8_t> buf(in.take<std::uint16_t>() % 9000);
      const std::size_t n = (in.take<std::uint8_t>() & 1) ? buf.size() : warmup + 2720 * cws;
      if (n <= buf.size()) (void)checked(halo_kp4_traffic(in.take<std::uint64_t>(), warmup, cws, op & 16, buf.data(), n));
      break;
    }
    case 7: {
      halo_level_report r{};
      (void)checked(halo_level_report_read(h, &r));
      std::vector<std::uint32_t> dump(HALO_REG_WORDS);
      check(halo_reg_dump(h, dump.data(), dump.size()) == HALO_OK);
      break;
    }
    case 8: {  // kp4 traffic with sizes wrapping around size_t; small buffer
      std::uint8_t buf[64];
      (void)checked(halo_kp4_traffic(1, in.take<std::size_t>(), in.take<std::size_t>(), 0, buf, in.take<std::uint8_t>() % 65));
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in{data, size};
  static const std::vector<std::uint32_t> defaults = [] {
    std::vector<std::uint32_t> d(HALO_REG_WORDS);
    check(halo_image_defaults(d.data(), d.size()) == HALO_OK);
    return d;
  }();
  std::vector<std::uint32_t> img = defaults;
  const auto k = in.take<std::uint8_t>();
  for (unsigned i = 0; i < (k & 15u) && in.n; ++i) img[in.take<std::uint8_t>() % HALO_REG_WORDS] = in.take<std::uint32_t>();
  halo_retimer* h = nullptr;
  if (checked(halo_retimer_create((k & 16) ? img.data() : nullptr, img.size(), &h)) != HALO_OK) {
    check(h == nullptr);
    return 0;
  }
  for (int ops = 0; in.n && ops < 64; ++ops) step(h, in);
  halo_retimer_destroy(h);
  return 0;
}
