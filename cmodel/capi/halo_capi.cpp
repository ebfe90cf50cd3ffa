// C API (halo.h) over the register-level golden model halo::retimer::RetimerDevice. Every
// entry point catches all exceptions and turns them into a halo_status + per-thread message.
#include "halo/halo.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <new>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "halo/dsp/pam4.hpp"
#include "halo/fec/codeword_io.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/mon/level_monitor.hpp"
#include "halo/mon/vdm.hpp"
#include "halo/mon/vdm_format.hpp"
#include "halo/retimer/retimer_device.hpp"

struct halo_retimer {
  halo::retimer::RetimerDevice dev;
};

namespace {

thread_local std::string g_error;

halo_status fail(halo_status s, const std::string& msg) {
  g_error = msg;
  return s;
}

// Runs f, mapping exceptions to status codes (no exception crosses the C interface).
template <class F>
halo_status guarded(const char* fn, F&& f) {
  try {
    return f();
  } catch (const std::out_of_range& e) {
    return fail(HALO_ERR_ADDR, std::string(fn) + ": " + e.what());
  } catch (const std::invalid_argument& e) {
    return fail(HALO_ERR_CONFIG, std::string(fn) + ": " + e.what());
  } catch (const std::bad_alloc&) {
    return fail(HALO_ERR_NOMEM, std::string(fn) + ": out of memory");
  } catch (const std::exception& e) {
    return fail(HALO_ERR_INTERNAL, std::string(fn) + ": " + e.what());
  } catch (...) {
    return fail(HALO_ERR_INTERNAL, std::string(fn) + ": unknown exception");
  }
}

halo_status need(bool ok, const char* fn, const char* what) {
  return ok ? HALO_OK : fail(HALO_ERR_ARG, std::string(fn) + ": " + what);
}

// a * b + c without wrap-around: false if the exact result does not fit in size_t.
bool checked_mul_add(size_t a, size_t b, size_t c, size_t* out) {
  size_t p = 0;
  return !__builtin_mul_overflow(a, b, &p) && !__builtin_add_overflow(p, c, out);
}

// ADC_BITS of the configuration in effect (the last accepted CTRL.INIT).
int adc_bits_in_effect(const halo_retimer* h) { return h->dev.rx().config().adc_bits; }

// Index of the first code outside the signed `bits`-bit range, or codes.size().
size_t first_bad_code(const int16_t* codes, size_t n, int bits) {
  const int lo = -(1 << (bits - 1)), hi = (1 << (bits - 1)) - 1;
  for (size_t i = 0; i < n; ++i) {
    if (codes[i] < lo || codes[i] > hi) return i;
  }
  return n;
}

}  // namespace

extern "C" {

uint32_t halo_version(void) { return HALO_API_VERSION; }

const char* halo_version_string(void) {
#define HALO_STR2(x) #x
#define HALO_STR(x) HALO_STR2(x)
  return HALO_STR(HALO_API_VERSION_MAJOR) "." HALO_STR(HALO_API_VERSION_MINOR) "." HALO_STR(
      HALO_API_VERSION_PATCH);
}

const char* halo_last_error(void) { return g_error.c_str(); }

const char* halo_status_name(halo_status s) {
  switch (s) {
    case HALO_OK: return "HALO_OK";
    case HALO_ERR_ARG: return "HALO_ERR_ARG";
    case HALO_ERR_ADDR: return "HALO_ERR_ADDR";
    case HALO_ERR_CONFIG: return "HALO_ERR_CONFIG";
    case HALO_ERR_NOMEM: return "HALO_ERR_NOMEM";
    case HALO_ERR_INTERNAL: return "HALO_ERR_INTERNAL";
  }
  return "HALO_ERR_UNKNOWN";
}

halo_status halo_image_defaults(uint32_t* image, size_t words) {
  if (halo_status s = need(image != nullptr && words == HALO_REG_WORDS, "halo_image_defaults",
                           "image must hold HALO_REG_WORDS words");
      s != HALO_OK) {
    return s;
  }
  return guarded("halo_image_defaults", [&] {
    const halo::retimer::RetimerDevice d;
    for (uint32_t i = 0; i < HALO_REG_WORDS; ++i) image[i] = d.read(4 * i);
    return HALO_OK;
  });
}

halo_status halo_retimer_create(const uint32_t* image, size_t words, halo_retimer** out) {
  if (halo_status s = need(out != nullptr, "halo_retimer_create", "out is NULL"); s != HALO_OK) return s;
  *out = nullptr;
  if (image != nullptr && words != HALO_REG_WORDS) {
    return fail(HALO_ERR_ARG, "halo_retimer_create: image has " + std::to_string(words) +
                                  " words, HALO_REG_WORDS = " + std::to_string(HALO_REG_WORDS) +
                                  " expected");
  }
  return guarded("halo_retimer_create", [&] {
    auto* h = new halo_retimer{};
    try {
      if (image != nullptr) h->dev.load_image({image, words});
    } catch (...) {
      delete h;
      throw;
    }
    *out = h;
    return HALO_OK;
  });
}

void halo_retimer_destroy(halo_retimer* h) { delete h; }

halo_status halo_reg_write(halo_retimer* h, uint32_t addr, uint32_t value) {
  if (halo_status s = need(h != nullptr, "halo_reg_write", "instance is NULL"); s != HALO_OK) return s;
  return guarded("halo_reg_write", [&] {
    h->dev.write(addr, value);
    return HALO_OK;
  });
}

halo_status halo_reg_read(const halo_retimer* h, uint32_t addr, uint32_t* value) {
  if (halo_status s = need(h != nullptr && value != nullptr, "halo_reg_read", "NULL argument");
      s != HALO_OK) {
    return s;
  }
  return guarded("halo_reg_read", [&] {
    *value = h->dev.read(addr);
    return HALO_OK;
  });
}

halo_status halo_field_write(halo_retimer* h, uint32_t addr, uint32_t mask, unsigned shift,
                             uint32_t value) {
  if (halo_status s = need(h != nullptr && shift < 32, "halo_field_write", "NULL instance or shift >= 32");
      s != HALO_OK) {
    return s;
  }
  return guarded("halo_field_write", [&] {
    const uint32_t old = h->dev.read(addr);
    h->dev.write(addr, (old & ~mask) | ((value << shift) & mask));
    return HALO_OK;
  });
}

halo_status halo_reg_dump(const halo_retimer* h, uint32_t* image, size_t words) {
  if (halo_status s = need(h != nullptr && image != nullptr && words == HALO_REG_WORDS, "halo_reg_dump",
                           "NULL argument or words != HALO_REG_WORDS");
      s != HALO_OK) {
    return s;
  }
  for (uint32_t i = 0; i < HALO_REG_WORDS; ++i) image[i] = h->dev.read(4 * i);
  return HALO_OK;
}

halo_status halo_feed_adc(halo_retimer* h, const int16_t* codes, size_t n) {
  if (halo_status s = need(h != nullptr && (codes != nullptr || n == 0), "halo_feed_adc", "NULL argument");
      s != HALO_OK) {
    return s;
  }
  const int bits = adc_bits_in_effect(h);
  if (const size_t i = first_bad_code(codes, n, bits); i != n) {
    return fail(HALO_ERR_ARG, "halo_feed_adc: code " + std::to_string(i) + " = " + std::to_string(codes[i]) +
                                  " is outside the " + std::to_string(bits) + "-bit ADC range " +
                                  std::to_string(-(1 << (bits - 1))) + ".." +
                                  std::to_string((1 << (bits - 1)) - 1) + " (nothing processed)");
  }
  return guarded("halo_feed_adc", [&] {
    h->dev.process({codes, n});
    return HALO_OK;
  });
}

halo_status halo_feed_symbols(halo_retimer* h, const uint8_t* symbols, size_t n, int amplitude) {
  if (halo_status s = need(h != nullptr && (symbols != nullptr || n == 0), "halo_feed_symbols", "NULL argument");
      s != HALO_OK) {
    return s;
  }
  if (amplitude < 0 || amplitude > 127) {
    return fail(HALO_ERR_ARG, "halo_feed_symbols: amplitude 0..127 expected, got " + std::to_string(amplitude));
  }
  for (size_t i = 0; i < n; ++i) {  // validate the whole array before processing any of it
    if (symbols[i] > 3) {
      return fail(HALO_ERR_ARG, "halo_feed_symbols: symbol " + std::to_string(i) + " = " +
                                    std::to_string(symbols[i]) + ", 0..3 expected (nothing processed)");
    }
  }
  return guarded("halo_feed_symbols", [&] {
    const int hi = (1 << (adc_bits_in_effect(h) - 1)) - 1;
    int16_t codes[256];
    for (size_t off = 0; off < n; off += 256) {
      const size_t m = std::min<size_t>(256, n - off);
      for (size_t i = 0; i < m; ++i) {
        codes[i] = static_cast<int16_t>(std::clamp((2 * symbols[off + i] - 3) * amplitude, -hi - 1, hi));
      }
      h->dev.process({codes, m});
    }
    return HALO_OK;
  });
}

halo_status halo_kp4_traffic(uint64_t seed, size_t warmup, size_t codewords, int precoding,
                             uint8_t* symbols, size_t n) {
  const char* fn = "halo_kp4_traffic";
  if (halo_status s = need(symbols != nullptr, fn, "symbols is NULL"); s != HALO_OK) return s;
  size_t total = 0, nbits = 0;
  if (!checked_mul_add(HALO_KP4_SYMBOLS, codewords, warmup, &total) || !checked_mul_add(2, total, 0, &nbits)) {
    return fail(HALO_ERR_ARG, std::string(fn) + ": warmup + 2720 * codewords (" + std::to_string(warmup) +
                                  " + 2720 * " + std::to_string(codewords) +
                                  ") overflows size_t (2 bits per symbol must fit too)");
  }
  if (n != total) {
    return fail(HALO_ERR_ARG, std::string(fn) + ": n = " + std::to_string(n) + ", warmup + 2720 * codewords = " +
                                  std::to_string(total) + " expected");
  }
  return guarded("halo_kp4_traffic", [&] {
    namespace fec = halo::fec;
    std::mt19937_64 rng(seed);
    std::vector<std::uint8_t> bits(nbits);
    for (size_t i = 0; i < 2 * warmup; ++i) bits[i] = static_cast<std::uint8_t>(rng() & 1u);
    const fec::RsEncoder enc(fec::kKp4);
    std::vector<fec::gf_t> msg(fec::kKp4.k), cw(fec::kKp4.n);
    for (size_t k = 0; k < codewords; ++k) {
      for (auto& m : msg) m = static_cast<fec::gf_t>(rng() & 1023u);
      enc.encode(msg, cw);
      fec::symbols_to_bits(cw, std::span(bits).subspan(2 * warmup + 10 * fec::kKp4.n * k, 10 * fec::kKp4.n));
    }
    std::span<std::uint8_t> out(symbols, n);
    halo::dsp::gray_map(bits, out);
    if (precoding != 0) {
      std::vector<std::uint8_t> g(out.begin(), out.end());
      halo::dsp::Precoder pre;
      pre.process(g, out);
    }
    return HALO_OK;
  });
}

halo_status halo_level_report_read(const halo_retimer* h, halo_level_report* out) {
  if (halo_status s = need(h != nullptr && out != nullptr, "halo_level_report_read", "NULL argument");
      s != HALO_OK) {
    return s;
  }
  return guarded("halo_level_report_read", [&] {
    std::array<std::uint64_t, 4> n{}, q{};
    std::array<std::int64_t, 4> s{};
    for (uint32_t k = 0; k < 4; ++k) {
      n[k] = h->dev.read(static_cast<uint32_t>(offsetof(halo_retimer_t, LVL_COUNT)) + 4 * k);
      s[k] = static_cast<std::int32_t>(h->dev.read(static_cast<uint32_t>(offsetof(halo_retimer_t, LVL_SUM)) + 4 * k));
      q[k] = h->dev.read(static_cast<uint32_t>(offsetof(halo_retimer_t, LVL_SUMSQ_LO)) + 4 * k) |
             static_cast<std::uint64_t>(h->dev.read(static_cast<uint32_t>(offsetof(halo_retimer_t, LVL_SUMSQ_HI)) + 4 * k)) << 32;
    }
    const auto r = halo::mon::level_report(n, s, q);
    for (int k = 0; k < 4; ++k) {
      out->count[k] = r.count[k];
      out->mean[k] = r.mean[k];
      out->sigma[k] = r.sigma[k];
    }
    out->esnr_db = r.esnr_db;
    out->rlm = r.rlm;
    return HALO_OK;
  });
}

halo_status halo_inner_fec_configure(halo_retimer* h, int enable, int decoder,
                                     unsigned chase_l, unsigned skip) {
  const char* fn = "halo_inner_fec_configure";
  if (h == nullptr) return fail(HALO_ERR_ARG, std::string(fn) + ": NULL instance");
  if (enable != 0 && enable != 1) return fail(HALO_ERR_ARG, std::string(fn) + ": enable: 0 or 1 expected, got " + std::to_string(enable));
  if (decoder != HALO_INNER_HARD && decoder != HALO_INNER_CHASE) {
    return fail(HALO_ERR_ARG, std::string(fn) + ": decoder: HALO_INNER_HARD (0) or HALO_INNER_CHASE (1) expected, got " +
                                  std::to_string(decoder));
  }
  if (chase_l < 2 || chase_l > 6) return fail(HALO_ERR_ARG, std::string(fn) + ": chase_l: 2..6 expected, got " + std::to_string(chase_l));
  if (skip > 63) return fail(HALO_ERR_ARG, std::string(fn) + ": skip: 0..63 expected, got " + std::to_string(skip));
  return guarded(fn, [&] {
    const auto off = static_cast<uint32_t>(offsetof(halo_retimer_t, INNER_CTRL));
    const uint32_t keep = h->dev.read(off) & HALO_RETIMER__INNER_CTRL__CORRECT_EN_bm;
    h->dev.write(off, keep | (static_cast<uint32_t>(enable) << HALO_RETIMER__INNER_CTRL__EN_bp) |
                          (static_cast<uint32_t>(decoder) << HALO_RETIMER__INNER_CTRL__CHASE_bp) |
                          (chase_l << HALO_RETIMER__INNER_CTRL__L_bp) | (skip << HALO_RETIMER__INNER_CTRL__SKIP_bp));
    return HALO_OK;
  });
}

halo_status halo_inner_fec_counters_read(const halo_retimer* h, halo_inner_fec_counters* out) {
  if (halo_status s = need(h != nullptr && out != nullptr, "halo_inner_fec_counters_read", "NULL argument");
      s != HALO_OK) {
    return s;
  }
  return guarded("halo_inner_fec_counters_read", [&] {
    const auto rd = [&](std::size_t off) { return h->dev.read(static_cast<uint32_t>(off)); };
    out->codewords = rd(offsetof(halo_retimer_t, INNER_CW));
    out->corrected = rd(offsetof(halo_retimer_t, INNER_CORR_CW));
    out->uncorrectable = rd(offsetof(halo_retimer_t, INNER_UNCORR_CW));
    out->corrected_positions = rd(offsetof(halo_retimer_t, INNER_CORR_POS));
    for (uint32_t i = 0; i < HALO_INNER_POSITIONS; ++i) {
      const uint32_t w = rd(offsetof(halo_retimer_t, INNER_POS_HIST) + 4 * (i / 2));
      out->position_hist[i] = i % 2 == 0 ? (w & HALO_RETIMER__INNER_POS_HISTX__BIN_LO_bm) >> HALO_RETIMER__INNER_POS_HISTX__BIN_LO_bp
                                         : (w & HALO_RETIMER__INNER_POS_HISTX__BIN_HI_bm) >> HALO_RETIMER__INNER_POS_HISTX__BIN_HI_bp;
    }
    return HALO_OK;
  });
}

halo_status halo_vdm_report_read(const halo_retimer* h, halo_vdm_report* out) {
  if (halo_status s = need(h != nullptr && out != nullptr, "halo_vdm_report_read", "NULL argument"); s != HALO_OK) {
    return s;
  }
  return guarded("halo_vdm_report_read", [&] {
    const auto rd = [&](uint32_t off) { return h->dev.read(off); };
    const auto a = static_cast<std::int64_t>((rd(static_cast<uint32_t>(offsetof(halo_retimer_t, SLICER_CTRL))) &
                                             HALO_RETIMER__SLICER_CTRL__LEVEL_A_bm) >> HALO_RETIMER__SLICER_CTRL__LEVEL_A_bp);
    // LVL_* hold the sums of z per decided level; the VDM accumulators are those of the slicer
    // error e = z - c_k, c_k = A (2k - 3): S_e = S_z - n c, Q_e = Q_z - 2 c S_z + n c^2 (exact in
    // 64-bit modular arithmetic: the true Q_e is in [0, 2^64))
    std::array<std::uint32_t, 4> n{};
    std::array<std::int64_t, 4> se{};
    std::array<std::uint64_t, 4> qe{};
    for (uint32_t k = 0; k < 4; ++k) {
      n[k] = rd(static_cast<uint32_t>(offsetof(halo_retimer_t, LVL_COUNT)) + 4 * k);
      const std::int64_t sz = static_cast<std::int32_t>(rd(static_cast<uint32_t>(offsetof(halo_retimer_t, LVL_SUM)) + 4 * k));
      const std::uint64_t qz = rd(static_cast<uint32_t>(offsetof(halo_retimer_t, LVL_SUMSQ_LO)) + 4 * k) |
                               static_cast<std::uint64_t>(rd(static_cast<uint32_t>(offsetof(halo_retimer_t, LVL_SUMSQ_HI)) + 4 * k)) << 32;
      const std::int64_t c = a * halo::fx::pam4_amp(k);
      se[k] = sz - static_cast<std::int64_t>(n[k]) * c;
      qe[k] = qz - 2 * static_cast<std::uint64_t>(c) * static_cast<std::uint64_t>(sz) +
              static_cast<std::uint64_t>(n[k]) * static_cast<std::uint64_t>(c * c);
    }
    const auto lf = halo::mon::vdm_level_figures(n, se, qe, static_cast<std::int32_t>(a));
    out->levels_valid = lf.valid ? 1 : 0;
    out->esnr_raw = lf.esnr;
    out->ltp_raw = lf.ltp;
    const std::uint64_t cw = rd(static_cast<uint32_t>(offsetof(halo_retimer_t, FEC_CW)));
    const std::uint64_t bits = rd(static_cast<uint32_t>(offsetof(halo_retimer_t, FEC_CORR_BITS)));
    const std::uint64_t unc = rd(static_cast<uint32_t>(offsetof(halo_retimer_t, FEC_UNCORR_CW)));
    out->ber_raw = halo::mon::f16_from_ratio(bits, 5440 * cw);
    out->ferc_raw = halo::mon::f16_from_ratio(unc, cw);
    out->fec_tail = 0;
    for (uint32_t b = 0; b < 17; ++b)
      if (rd(static_cast<uint32_t>(offsetof(halo_retimer_t, FEC_HIST)) + 4 * b)) out->fec_tail = static_cast<uint16_t>(b);
    out->esnr_db = halo::mon::db_u16_to_double(out->esnr_raw);
    out->ltp_db = halo::mon::db_u16_to_double(out->ltp_raw);
    out->ber = halo::mon::f16_to_double(out->ber_raw);
    out->ferc = halo::mon::f16_to_double(out->ferc_raw);
    return HALO_OK;
  });
}

}  // extern "C"
