// Register-level golden model of the retimer receive path: the registers of
// rtl/regmap/halo_retimer.rdl (offsets and fields from the generated halo/regs/halo_retimer_regs.h)
// in front of RetimerRx (FFE 16/5 -> Volterra (1,0)/(5,2) -> DFE 1 tap -> CDR -> precoding
// inverse -> Gray demap -> the FEC receive block halo::fec::FecRx: alignment, KP4 RS(544,514)
// decoder, FEC monitor), the windowed level monitor / CDR lock (halo::mon::LevelWindowMonitor),
// and the low-power standby state. What firmware reads here is what
// rtl/top/retimer_rx_regs.sv returns for the same writes and stimulus (verif/regmap).
//
// Timing of configuration: CTRL.INIT applies ADC_CFG, SLICER_CTRL, CDR_CTRL (gains, phase
// bits), CDR_INIT_PHASE, LINE_CTRL.PRECODING / FEC_SKIP, MON_CTRL and the initial
// coefficients, INNER_CTRL (Clause 177 inner FEC: enable, hard/Chase, L, bypass, codeword
// alignment), and clears the counters. FFE/VOL/DFE_CTRL, CDR_CTRL.FREEZE and
// LINE_CTRL.FEC_CORRECT_EN act immediately (on the next symbol).
//
// Inner FEC (INNER_CTRL.EN = 1; RetimerRx's inner_enable, docs/inner_fec.md): slicer-input LLRs
// -> decoder -> monitor (INNER_* counters, 32-bit saturating; INNER_POS_HIST 16-bit saturating
// bins, two per word) -> deinterleaver (P = 3, D = 192) -> the KP4 block below, whose FEC_SKIP
// then counts deinterleaved PAM4 symbols. Rejected at INIT with LINE_CTRL.PRECODING = 1.
//
// FEC alignment (fec_rx.hpp): after INIT the first FEC_SKIP decoded PAM4 symbols are dropped;
// every following 2720 symbols (5440 bits, 802.3 bit order) form one KP4 codeword. The FEC_*
// counters are the FecMonitor's, saturated at 2^32 - 1.
//
// Monitor windows (level_window.hpp): from INIT/CLEAR on, every 2^WINDOW_LOG2 processed symbols
// the per-level count / sum z / sum z^2 of the window (z: slicer input, S13.3; level: decision)
// are latched into LVL_*, the CDR phase change over the window into CDR_DELTA (phi difference
// >> 16, two's complement) and CDR_LOCK = |CDR_DELTA| <= LOCK_TOL. Counters saturate at
// 2^32 - 1; LVL_SUM keeps the low 32 bits (exact for windows <= 2^16 symbols).
//
// Low-power standby: CTRL.STANDBY = 1 gates the datapath: input symbols are ignored, no
// output, counters / adaptation / CDR frozen, all state kept (STATE = STANDBY). Writing 0
// starts the wake sequence: the next kWakeSymbols input symbols are ignored while the
// datapath powers up (STATE = WAKING, STATUS.WAKE_LEFT counts down), then STATE = ACTIVE and
// processing resumes with the retained state. Firmware re-acquires codeword alignment with
// CTRL.INIT if the line kept running during standby.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "halo/mon/level_window.hpp"
#include "halo/regs/halo_retimer_regs.h"
#include "halo/retimer/retimer_rx.hpp"

namespace halo::retimer {

/// Input symbols ignored after CTRL.STANDBY is cleared before processing resumes (the wake
/// time: kWakeSymbols / P clock cycles at P symbols per cycle, 128 cycles at P = 8, 19.3 ns
/// at 53.125 GBd). The one definition; the RTL parameter WakeSymbols mirrors it.
inline constexpr unsigned kWakeSymbols = 1024;

/// Power state as read from STATUS.STATE.
enum class PowerState : std::uint8_t { kActive = 0, kStandby = 1, kWaking = 2 };

class RetimerDevice {
 public:
  static constexpr std::uint32_t kRegBytes = sizeof(halo_retimer_t);
  static constexpr std::uint32_t kRegWords = kRegBytes / 4;
  static constexpr std::uint32_t kMagic = 0x48414C4Fu;

  /// Registers at their reset values and the datapath in its hardware reset state: the
  /// INIT-time configuration from the reset values, FFE main tap 1.0, Volterra linear term
  /// 1.0, DFE tap 0 (the coefficient registers read 0 until written; CTRL.INIT loads them).
  RetimerDevice();
  /// Writes every configuration register from a register image (kRegWords words, word i at
  /// byte offset 4 i; status words ignored, CTRL written last). Throws std::invalid_argument
  /// on a wrong size or an invalid configuration (naming the field).
  void load_image(std::span<const std::uint32_t> image);
  /// Register write (byte address, 4-aligned, < kRegBytes; std::out_of_range otherwise).
  /// Writes to read-only registers are ignored, as in hardware. A CTRL.INIT with an invalid
  /// configuration throws std::invalid_argument and leaves the previous one in effect; the
  /// fields INIT applies are restored to that configuration's values, so the registers
  /// read back what the datapath uses.
  void write(std::uint32_t addr, std::uint32_t value);
  /// Register read (std::out_of_range on a bad address).
  [[nodiscard]] std::uint32_t read(std::uint32_t addr) const;
  /// ADC codes (signed ADC_BITS-bit), one per PAM4 symbol, any block size.
  void process(std::span<const std::int16_t> adc);
  /// Corrected KP4 codewords decoded so far (544 symbols each, transmission order) are
  /// appended here when collection is on (off by default).
  void collect_codewords(bool on) { collect_ = on; }
  [[nodiscard]] std::vector<std::uint16_t>& codewords() noexcept { return cw_out_; }
  [[nodiscard]] PowerState state() const noexcept { return state_; }
  [[nodiscard]] const RetimerRx& rx() const noexcept { return rx_; }

 private:
  void init(bool reset_coefs);
  void clear();
  void apply_live();
  void restore_init_fields();
  [[nodiscard]] dsp::AdaptConfig adapt_config(std::uint32_t off) const;
  void process_active(std::span<const std::int16_t> adc);
  void refresh_status();
  [[nodiscard]] std::uint32_t field(std::uint32_t off, std::uint32_t bm, unsigned bp) const {
    return (regs_[off / 4] & bm) >> bp;
  }

  std::array<std::uint32_t, kRegWords> regs_{};
  std::array<std::uint32_t, kRegWords> applied_{};  // registers at the last accepted INIT
  RetimerRx rx_;
  mon::LevelWindowMonitor lvl_;
  PowerState state_ = PowerState::kActive;
  unsigned wake_left_ = 0;
  bool collect_ = false;
  std::vector<std::uint16_t> cw_out_;
  std::array<std::int16_t, fx::kMaxBeat> z_{};
  std::array<std::uint8_t, fx::kMaxBeat> d_{};
};

}  // namespace halo::retimer
