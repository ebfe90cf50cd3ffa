#include "halo/retimer/retimer_device.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace halo::retimer {

namespace {

#define HALO_OFF(reg) static_cast<std::uint32_t>(offsetof(halo_retimer_t, reg))
#define HALO_FLD(reg, f) HALO_RETIMER__##reg##__##f##_bm, HALO_RETIMER__##reg##__##f##_bp
#define HALO_RST(reg, f) (static_cast<std::uint32_t>(HALO_RETIMER__##reg##__##f##_reset) << HALO_RETIMER__##reg##__##f##_bp)

constexpr std::uint32_t kCoefMask = HALO_RETIMER__FFE_COEFX__VALUE_bm;

struct WritableReg {
  std::uint32_t off, mask, reset;
};

// Configuration registers: writable bits and reset values (from the generated header).
std::vector<WritableReg> writable_regs() {
  std::vector<WritableReg> w = {
      {HALO_OFF(CTRL), HALO_RETIMER__CTRL__STANDBY_bm, 0},
      {HALO_OFF(ADC_CFG), HALO_RETIMER__ADC_CFG__ADC_BITS_bm, HALO_RST(ADC_CFG, ADC_BITS)},
      {HALO_OFF(SLICER_CTRL),
       HALO_RETIMER__SLICER_CTRL__LEVEL_A_bm | HALO_RETIMER__SLICER_CTRL__ADAPTIVE_bm |
           HALO_RETIMER__SLICER_CTRL__LEVEL_MU_bm,
       HALO_RST(SLICER_CTRL, LEVEL_A) | HALO_RST(SLICER_CTRL, ADAPTIVE) | HALO_RST(SLICER_CTRL, LEVEL_MU)},
      {HALO_OFF(CDR_CTRL),
       HALO_RETIMER__CDR_CTRL__KP_SHIFT_bm | HALO_RETIMER__CDR_CTRL__KI_SHIFT_bm |
           HALO_RETIMER__CDR_CTRL__PHASE_BITS_bm | HALO_RETIMER__CDR_CTRL__FREEZE_bm,
       HALO_RST(CDR_CTRL, KP_SHIFT) | HALO_RST(CDR_CTRL, KI_SHIFT) | HALO_RST(CDR_CTRL, PHASE_BITS)},
      {HALO_OFF(CDR_INIT_PHASE), HALO_RETIMER__CDR_INIT_PHASE__PHASE_bm, 0},
      {HALO_OFF(LINE_CTRL),
       HALO_RETIMER__LINE_CTRL__PRECODING_bm | HALO_RETIMER__LINE_CTRL__FEC_CORRECT_EN_bm |
           HALO_RETIMER__LINE_CTRL__FEC_SKIP_bm,
       HALO_RST(LINE_CTRL, FEC_CORRECT_EN)},
      {HALO_OFF(MON_CTRL), HALO_RETIMER__MON_CTRL__WINDOW_LOG2_bm | HALO_RETIMER__MON_CTRL__LOCK_TOL_bm,
       HALO_RST(MON_CTRL, WINDOW_LOG2) | HALO_RST(MON_CTRL, LOCK_TOL)},
      {HALO_OFF(INNER_CTRL),
       HALO_RETIMER__INNER_CTRL__EN_bm | HALO_RETIMER__INNER_CTRL__CHASE_bm |
           HALO_RETIMER__INNER_CTRL__CORRECT_EN_bm | HALO_RETIMER__INNER_CTRL__L_bm |
           HALO_RETIMER__INNER_CTRL__SKIP_bm,
       HALO_RST(INNER_CTRL, CHASE) | HALO_RST(INNER_CTRL, CORRECT_EN) | HALO_RST(INNER_CTRL, L)},
      {HALO_OFF(DFE_COEF), kCoefMask, 0},
  };
  const std::uint32_t adapt_mask = HALO_RETIMER__FFE_CTRL__ADAPT_EN_bm |
                                   HALO_RETIMER__FFE_CTRL__LMS_MODE_bm | HALO_RETIMER__FFE_CTRL__MU_bm;
  const std::uint32_t adapt_rst = HALO_RST(FFE_CTRL, ADAPT_EN) | HALO_RST(FFE_CTRL, LMS_MODE) | HALO_RST(FFE_CTRL, MU);
  for (std::uint32_t off : {HALO_OFF(FFE_CTRL), HALO_OFF(VOL_CTRL), HALO_OFF(DFE_CTRL)}) {
    w.push_back({off, adapt_mask, adapt_rst});
  }
  for (std::uint32_t k = 0; k < 16; ++k) {
    w.push_back({HALO_OFF(FFE_COEF) + 4 * k, kCoefMask, 0});
    w.push_back({HALO_OFF(VOL_COEF) + 4 * k, kCoefMask, 0});
  }
  return w;
}

// Fields CTRL.INIT applies (register offset, field mask). After a rejected INIT they are
// restored to the values of the configuration in effect.
std::vector<std::pair<std::uint32_t, std::uint32_t>> init_fields() {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> f = {
      {HALO_OFF(ADC_CFG), HALO_RETIMER__ADC_CFG__ADC_BITS_bm},
      {HALO_OFF(SLICER_CTRL), HALO_RETIMER__SLICER_CTRL__LEVEL_A_bm | HALO_RETIMER__SLICER_CTRL__ADAPTIVE_bm |
                                  HALO_RETIMER__SLICER_CTRL__LEVEL_MU_bm},
      {HALO_OFF(CDR_CTRL), HALO_RETIMER__CDR_CTRL__KP_SHIFT_bm | HALO_RETIMER__CDR_CTRL__KI_SHIFT_bm |
                               HALO_RETIMER__CDR_CTRL__PHASE_BITS_bm},
      {HALO_OFF(CDR_INIT_PHASE), HALO_RETIMER__CDR_INIT_PHASE__PHASE_bm},
      {HALO_OFF(LINE_CTRL), HALO_RETIMER__LINE_CTRL__PRECODING_bm | HALO_RETIMER__LINE_CTRL__FEC_SKIP_bm},
      {HALO_OFF(MON_CTRL), HALO_RETIMER__MON_CTRL__WINDOW_LOG2_bm},
      {HALO_OFF(INNER_CTRL), 0xffffffffu},
      {HALO_OFF(DFE_COEF), kCoefMask},
  };
  for (std::uint32_t k = 0; k < 16; ++k) {
    f.emplace_back(HALO_OFF(FFE_COEF) + 4 * k, kCoefMask);
    f.emplace_back(HALO_OFF(VOL_COEF) + 4 * k, kCoefMask);
  }
  return f;
}

const std::vector<WritableReg>& writable() {
  static const std::vector<WritableReg> w = writable_regs();
  return w;
}

std::int32_t sext12(std::uint32_t v) {
  return static_cast<std::int32_t>((v & 0xfffu) ^ 0x800u) - 0x800;
}

std::uint32_t sat32(std::uint64_t v) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, 0xffffffffu));
}

}  // namespace

RetimerDevice::RetimerDevice() {
  regs_[HALO_OFF(ID) / 4] = HALO_RETIMER__ID__MAGIC_reset;
  regs_[HALO_OFF(VERSION) / 4] = HALO_RST(VERSION, MAJOR) | HALO_RST(VERSION, MINOR);
  for (const auto& w : writable()) regs_[w.off / 4] = w.reset;
  init(true);
}

void RetimerDevice::load_image(std::span<const std::uint32_t> image) {
  if (image.size() != kRegWords) {
    throw std::invalid_argument("register image: " + std::to_string(kRegWords) +
                                " 32-bit words expected, got " + std::to_string(image.size()));
  }
  for (const auto& w : writable()) {
    if (w.off != HALO_OFF(CTRL)) write(w.off, image[w.off / 4]);
  }
  write(HALO_OFF(CTRL), image[HALO_OFF(CTRL) / 4]);
}

std::uint32_t RetimerDevice::read(std::uint32_t addr) const {
  if (addr % 4 != 0 || addr >= kRegBytes) {
    throw std::out_of_range("register address " + std::to_string(addr) +
                            ": 4-aligned and < " + std::to_string(kRegBytes) + " expected");
  }
  return regs_[addr / 4];
}

void RetimerDevice::write(std::uint32_t addr, std::uint32_t value) {
  (void)read(addr);  // address check
  const auto& ws = writable();
  const auto it = std::find_if(ws.begin(), ws.end(), [&](const WritableReg& w) { return w.off == addr; });
  if (it == ws.end()) return;  // read-only register: ignored
  const std::uint32_t old = regs_[addr / 4];
  regs_[addr / 4] = value & it->mask;
  if (addr == HALO_OFF(CTRL)) {
    const bool standby = (value & HALO_RETIMER__CTRL__STANDBY_bm) != 0;
    if (standby) {
      state_ = PowerState::kStandby;
    } else if (state_ == PowerState::kStandby) {
      state_ = PowerState::kWaking;
      wake_left_ = kWakeSymbols;
    }
    if (value & HALO_RETIMER__CTRL__INIT_bm) {
      try {
        init(false);
      } catch (...) {
        restore_init_fields();
        refresh_status();
        throw;
      }
    } else if (value & HALO_RETIMER__CTRL__CLEAR_bm) {
      clear();
    }
  } else if (addr == HALO_OFF(FFE_CTRL) || addr == HALO_OFF(VOL_CTRL) ||
             addr == HALO_OFF(DFE_CTRL) || addr == HALO_OFF(CDR_CTRL)) {
    try {
      apply_live();
    } catch (...) {
      regs_[addr / 4] = old;
      apply_live();
      throw;
    }
  } else if (addr == HALO_OFF(LINE_CTRL)) {  // FEC_CORRECT_EN acts on the next codeword
    rx_.fec().set_correct(field(HALO_OFF(LINE_CTRL), HALO_FLD(LINE_CTRL, FEC_CORRECT_EN)) != 0);
  } else if (addr == HALO_OFF(MON_CTRL)) {  // LOCK_TOL acts at the next window end
    lvl_.set_lock_tol(field(HALO_OFF(MON_CTRL), HALO_FLD(MON_CTRL, LOCK_TOL)));
  }
  refresh_status();
}

void RetimerDevice::restore_init_fields() {
  static const auto fields = init_fields();
  for (const auto& [off, mask] : fields) {
    regs_[off / 4] = (regs_[off / 4] & ~mask) | (applied_[off / 4] & mask);
  }
}

dsp::AdaptConfig RetimerDevice::adapt_config(std::uint32_t off) const {
  // FFE_CTRL, VOL_CTRL and DFE_CTRL share one layout (adapt_ctrl_r in the RDL)
  return {field(off, HALO_FLD(FFE_CTRL, ADAPT_EN)) != 0,
          static_cast<dsp::LmsMode>(field(off, HALO_FLD(FFE_CTRL, LMS_MODE))),
          static_cast<int>(field(off, HALO_FLD(FFE_CTRL, MU)))};
}

void RetimerDevice::apply_live() {
  rx_.ffe().set_adapt(adapt_config(HALO_OFF(FFE_CTRL)));
  rx_.volterra().set_adapt(adapt_config(HALO_OFF(VOL_CTRL)));
  rx_.dfe().set_adapt(adapt_config(HALO_OFF(DFE_CTRL)));
  rx_.cdr().set_freeze(field(HALO_OFF(CDR_CTRL), HALO_FLD(CDR_CTRL, FREEZE)) != 0);
}

void RetimerDevice::init(bool reset_coefs) {
  RxConfig c;
  c.adc_bits = static_cast<int>(field(HALO_OFF(ADC_CFG), HALO_FLD(ADC_CFG, ADC_BITS)));
  c.ffe.taps = 16;
  c.ffe.pre = 5;
  c.ffe.adapt = adapt_config(HALO_OFF(FFE_CTRL));
  c.ffe.init_taps.resize(16);
  c.volterra.n1 = 1;
  c.volterra.pre1 = 0;
  c.volterra.n2 = 5;
  c.volterra.pre2 = 2;
  c.volterra.adapt = adapt_config(HALO_OFF(VOL_CTRL));
  c.volterra.init_coefs.resize(16);
  for (std::uint32_t k = 0; k < 16; ++k) {
    c.ffe.init_taps[k] = sext12(regs_[HALO_OFF(FFE_COEF) / 4 + k]);
    c.volterra.init_coefs[k] = sext12(regs_[HALO_OFF(VOL_COEF) / 4 + k]);
  }
  if (reset_coefs) {  // hardware reset state: FFE main tap 1.0, Volterra linear 1.0, DFE 0
    c.ffe.init_taps.clear();
    c.volterra.init_coefs.clear();
  }
  c.nlc = NlcKind::kVolterra;
  c.dfe.taps = 1;
  c.dfe.adapt = adapt_config(HALO_OFF(DFE_CTRL));
  c.dfe.init_taps = {reset_coefs ? 0 : sext12(regs_[HALO_OFF(DFE_COEF) / 4])};
  c.dfe.slicer.level_a = static_cast<int>(field(HALO_OFF(SLICER_CTRL), HALO_FLD(SLICER_CTRL, LEVEL_A)));
  c.dfe.slicer.adaptive = field(HALO_OFF(SLICER_CTRL), HALO_FLD(SLICER_CTRL, ADAPTIVE)) != 0;
  c.dfe.slicer.level_mu_shift = static_cast<int>(field(HALO_OFF(SLICER_CTRL), HALO_FLD(SLICER_CTRL, LEVEL_MU)));
  c.cdr_enable = true;
  c.cdr.kp_shift = static_cast<int>(field(HALO_OFF(CDR_CTRL), HALO_FLD(CDR_CTRL, KP_SHIFT)));
  c.cdr.ki_shift = static_cast<int>(field(HALO_OFF(CDR_CTRL), HALO_FLD(CDR_CTRL, KI_SHIFT)));
  c.cdr.phase_bits = static_cast<int>(field(HALO_OFF(CDR_CTRL), HALO_FLD(CDR_CTRL, PHASE_BITS)));
  c.cdr.init_phase = regs_[HALO_OFF(CDR_INIT_PHASE) / 4];
  c.cdr.freeze = field(HALO_OFF(CDR_CTRL), HALO_FLD(CDR_CTRL, FREEZE)) != 0;
  c.precoding = field(HALO_OFF(LINE_CTRL), HALO_FLD(LINE_CTRL, PRECODING)) != 0;
  c.checker_enable = false;
  c.fec_enable = true;
  c.fec.skip = field(HALO_OFF(LINE_CTRL), HALO_FLD(LINE_CTRL, FEC_SKIP));
  c.fec.correct = field(HALO_OFF(LINE_CTRL), HALO_FLD(LINE_CTRL, FEC_CORRECT_EN)) != 0;
  // Clause 177 inner FEC (INNER_CTRL): slicer LLRs -> decoder -> monitor -> deinterleaver
  // (P = 3, D = 192) -> the KP4 block above (FEC_SKIP then counts deinterleaved symbols)
  c.inner_enable = field(HALO_OFF(INNER_CTRL), HALO_FLD(INNER_CTRL, EN)) != 0;
  c.inner.decoder.algo = field(HALO_OFF(INNER_CTRL), HALO_FLD(INNER_CTRL, CHASE)) != 0 ? fec::inner::InnerAlgo::chase
                                                                                       : fec::inner::InnerAlgo::hard;
  c.inner.decoder.chase_l = field(HALO_OFF(INNER_CTRL), HALO_FLD(INNER_CTRL, L));
  c.inner.decoder.correct = field(HALO_OFF(INNER_CTRL), HALO_FLD(INNER_CTRL, CORRECT_EN)) != 0;
  c.inner.skip = 2 * std::uint64_t{field(HALO_OFF(INNER_CTRL), HALO_FLD(INNER_CTRL, SKIP))};
  if (c.inner.decoder.algo == fec::inner::InnerAlgo::chase &&
      (c.inner.decoder.chase_l < fec::inner::kMinChase || c.inner.decoder.chase_l > fec::inner::kMaxChase)) {
    throw std::invalid_argument("INNER_CTRL.L: 2..6 expected with INNER_CTRL.CHASE = 1, got " + std::to_string(c.inner.decoder.chase_l));
  }
  if (c.inner_enable && c.precoding) {
    throw std::invalid_argument("INNER_CTRL.EN: 0 expected while LINE_CTRL.PRECODING = 1, got 1");
  }
  const unsigned wl = field(HALO_OFF(MON_CTRL), HALO_FLD(MON_CTRL, WINDOW_LOG2));
  if (wl < 6 || wl > 16) {
    throw std::invalid_argument("MON_CTRL.WINDOW_LOG2: 6..16 expected, got " + std::to_string(wl));
  }
  { const RetimerRx check(c); }  // throws std::invalid_argument naming the field
  rx_.configure(c);
  lvl_.configure({wl, field(HALO_OFF(MON_CTRL), HALO_FLD(MON_CTRL, LOCK_TOL))});
  applied_ = regs_;
  clear();
}

void RetimerDevice::clear() {
  rx_.fec().clear_monitor();
  rx_.inner().clear_monitor();
  lvl_.clear(rx_.cdr().phase());
  refresh_status();
}

void RetimerDevice::process(std::span<const std::int16_t> adc) {
  while (!adc.empty() && state_ != PowerState::kActive) {
    if (state_ == PowerState::kStandby) return;  // gated: input ignored
    const std::size_t n = std::min<std::size_t>(adc.size(), wake_left_);
    wake_left_ -= static_cast<unsigned>(n);
    adc = adc.subspan(n);
    if (wake_left_ == 0) state_ = PowerState::kActive;
  }
  process_active(adc);
  refresh_status();
}

void RetimerDevice::process_active(std::span<const std::int16_t> adc) {
  while (!adc.empty()) {
    const std::size_t n = static_cast<std::size_t>(
        std::min<std::uint64_t>({adc.size(), lvl_.window_left(), fx::kMaxBeat}));
    const std::span<std::int16_t> z(z_.data(), n);
    const std::span<std::uint8_t> d(d_.data(), n);
    rx_.process(adc.first(n), {{}, {}, {}, z, d, {collect_ ? &cw_out_ : nullptr, nullptr}});
    lvl_.process(z, d, rx_.cdr().phase());
    adc = adc.subspan(n);
  }
}

void RetimerDevice::refresh_status() {
  auto set = [&](std::uint32_t off, std::uint32_t v) { regs_[off / 4] = v; };
  const fec::FecMonitor& fec_mon = rx_.fec().monitor();
  const bool hi_ser = fec_mon.hi_ser();
  set(HALO_OFF(STATUS),
      (static_cast<std::uint32_t>(state_) << HALO_RETIMER__STATUS__STATE_bp) |
          (static_cast<std::uint32_t>(lvl_.lock()) << HALO_RETIMER__STATUS__CDR_LOCK_bp) |
          (static_cast<std::uint32_t>(hi_ser) << HALO_RETIMER__STATUS__HI_SER_bp) |
          ((state_ == PowerState::kWaking ? wake_left_ : 0u) << HALO_RETIMER__STATUS__WAKE_LEFT_bp));
  set(HALO_OFF(FEC_CW), sat32(fec_mon.codewords()));
  set(HALO_OFF(FEC_CORR_CW), sat32(fec_mon.corrected_codewords()));
  set(HALO_OFF(FEC_UNCORR_CW), sat32(fec_mon.uncorrectable_codewords()));
  set(HALO_OFF(FEC_CORR_SYM), sat32(fec_mon.corrected_symbols()));
  set(HALO_OFF(FEC_CORR_BITS), sat32(fec_mon.corrected_bits()));
  set(HALO_OFF(FEC_SYM_ERR), sat32(fec_mon.symbol_errors()));
  set(HALO_OFF(FEC_HI_SER_WIN), sat32(fec_mon.hi_ser_windows()));
  for (std::uint32_t i = 0; i < fec::FecMonitor::kBins; ++i) {
    set(HALO_OFF(FEC_HIST) + 4 * i, sat32(fec_mon.histogram()[i]));
  }
  const fec::inner::InnerFecMonitor& inner = rx_.inner().monitor();
  set(HALO_OFF(INNER_CW), sat32(inner.codewords()));
  set(HALO_OFF(INNER_CORR_CW), sat32(inner.corrected_codewords()));
  set(HALO_OFF(INNER_UNCORR_CW), sat32(inner.uncorrectable_codewords()));
  set(HALO_OFF(INNER_CORR_POS), sat32(inner.corrected_positions()));
  for (std::uint32_t k = 0; k < fec::inner::kXorBits / 2; ++k) {
    const auto bin = [&](std::uint32_t i) {
      return static_cast<std::uint32_t>(std::min<std::uint64_t>(inner.position_histogram()[i], 0xffffu));
    };
    set(HALO_OFF(INNER_POS_HIST) + 4 * k, (bin(2 * k) << HALO_RETIMER__INNER_POS_HISTX__BIN_LO_bp) |
                                              (bin(2 * k + 1) << HALO_RETIMER__INNER_POS_HISTX__BIN_HI_bp));
  }
  set(HALO_OFF(MON_WINDOWS), sat32(lvl_.windows()));
  set(HALO_OFF(CDR_PHASE), rx_.cdr().phase());
  set(HALO_OFF(CDR_DELTA), static_cast<std::uint16_t>(lvl_.delta()));
  for (std::uint32_t k = 0; k < 4; ++k) {
    set(HALO_OFF(LVL_COUNT) + 4 * k, sat32(lvl_.counts()[k]));
    set(HALO_OFF(LVL_SUM) + 4 * k, static_cast<std::uint32_t>(lvl_.sums()[k]));
    set(HALO_OFF(LVL_SUMSQ_LO) + 4 * k, static_cast<std::uint32_t>(lvl_.sums_sq()[k]));
    set(HALO_OFF(LVL_SUMSQ_HI) + 4 * k, static_cast<std::uint32_t>(lvl_.sums_sq()[k] >> 32));
  }
  const auto ffe = rx_.ffe().taps();
  const auto vol = rx_.volterra().coefs();
  for (std::uint32_t k = 0; k < 16; ++k) {
    set(HALO_OFF(FFE_TAP) + 4 * k, static_cast<std::uint32_t>(ffe[k]) & kCoefMask);
    set(HALO_OFF(VOL_TAP) + 4 * k, static_cast<std::uint32_t>(vol[k]) & kCoefMask);
  }
  set(HALO_OFF(DFE_TAP), static_cast<std::uint32_t>(rx_.dfe().taps()[0]) & kCoefMask);
}

}  // namespace halo::retimer
