#include "halo/retimer/retimer_rx.hpp"

#include <algorithm>

namespace halo::retimer {

RetimerRx::RetimerRx(const RxConfig& cfg) { configure(cfg); }

void RetimerRx::configure(const RxConfig& cfg) {
  dsp::require(cfg.adc_bits >= fx::kAdcBitsMin && cfg.adc_bits <= fx::kAdcBitsMax, "RxConfig",
               "adc_bits", "6..8", cfg.adc_bits);
  RxConfig c = cfg;
  c.ffe.adc_bits = cfg.adc_bits;
  ffe_.configure(c.ffe);
  vol_.configure(c.volterra);
  lut_.configure(c.lut);
  dfe_.configure(c.dfe);
  // the CDR's PD sample is the ADC sample of the decided symbol: delayed by the chain latency
  c.cdr.sample_delay = (c.ffe_enable ? c.ffe.pre : 0) +
                       (c.nlc == NlcKind::kVolterra ? vol_.latency()
                        : c.nlc == NlcKind::kLut    ? lut_.latency()
                                                    : 0);
  cdr_.configure(c.cdr);
  checker_.configure(c.checker);
  hist_.configure(c.histogram);
  bursts_.configure(c.burst);
  fec_.configure(c.fec);
  dsp::require(!(c.inner_enable && c.precoding), "RxConfig", "precoding",
               "0 when inner_enable = 1 (the inner code protects the Gray symbols on the line)", 1);
  c.inner_interleaver.deinterleave = true;
  inner_.configure(c.inner);
  deint_.configure(c.inner_interleaver);
  cfg_ = c;
  reset();
}

void RetimerRx::reset() {
  ffe_.reset();
  vol_.reset();
  lut_.reset();
  dfe_.reset();
  cdr_.reset();
  dec_.reset();
  checker_.reset();
  levels_.reset();
  hist_.reset();
  bursts_.reset();
  fec_.reset();
  inner_.reset();
  deint_.reset();
  msg_.clear();
  msg_.reserve(2 * fec::inner::kMsgSymbols);
  deint_out_.reserve(2 * fec::inner::kMsgSymbols);
  ffe_skip_ = cfg_.nlc == NlcKind::kVolterra ? static_cast<std::uint64_t>(vol_.latency())
              : cfg_.nlc == NlcKind::kLut    ? static_cast<std::uint64_t>(lut_.latency())
                                             : 0;
  adc_clips_ = 0;
}

int RetimerRx::latency() const noexcept {
  int l = cfg_.ffe_enable ? cfg_.ffe.pre : 0;
  if (cfg_.nlc == NlcKind::kVolterra) l += vol_.latency();
  if (cfg_.nlc == NlcKind::kLut) l += lut_.latency();
  return l;
}

std::uint64_t RetimerRx::input_clips() const noexcept {
  return cfg_.ffe_enable ? ffe_.input_clips() : adc_clips_;
}

void RetimerRx::process(std::span<const std::int16_t> adc, const RxOut& out) {
  const std::size_t n = adc.size();
  dsp::require(out.bits.empty() || out.bits.size() == 2 * n, "RetimerRx", "process.bits.size",
               "0 or 2*adc.size()", static_cast<long long>(out.bits.size()));
  dsp::require(out.symbols.empty() || out.symbols.size() == n, "RetimerRx",
               "process.symbols.size", "0 or adc.size()", static_cast<long long>(out.symbols.size()));
  dsp::require(out.phase.empty() || out.phase.size() == n, "RetimerRx", "process.phase.size",
               "0 or adc.size()", static_cast<long long>(out.phase.size()));
  dsp::require(out.slicer_in.empty() || out.slicer_in.size() == n, "RetimerRx",
               "process.slicer_in.size", "0 or adc.size()",
               static_cast<long long>(out.slicer_in.size()));
  dsp::require(out.decisions.empty() || out.decisions.size() == n, "RetimerRx",
               "process.decisions.size", "0 or adc.size()",
               static_cast<long long>(out.decisions.size()));
  dsp::require(out.llr.empty() || out.llr.size() == 2 * n, "RetimerRx", "process.llr.size",
               "0 or 2*adc.size()", static_cast<long long>(out.llr.size()));
  for (std::size_t off = 0; off < n; off += fx::kMaxBeat) {
    process_beat(adc.subspan(off, std::min<std::size_t>(fx::kMaxBeat, n - off)), out, off);
  }
}

void RetimerRx::process_beat(std::span<const std::int16_t> adc, const RxOut& out,
                             std::size_t off) {
  const std::size_t p = adc.size();
  std::span<std::int16_t> y(y_.data(), p), v(v_.data(), p), z(z_.data(), p), e(e_.data(), p);
  std::span<std::uint8_t> d(d_.data(), p), g(g_.data(), p), f(f_.data(), p);
  // 1. FFE (or plain conversion of the ADC codes)
  if (cfg_.ffe_enable) {
    ffe_.process(adc, y);
  } else {
    adc_clips_ += nlc::adc_to_signal(adc, cfg_.adc_bits, y);
  }
  // 2. nonlinear compensation
  std::span<std::int16_t> eq = y;
  if (cfg_.nlc == NlcKind::kVolterra) {
    vol_.process(y, v);
    eq = v;
  } else if (cfg_.nlc == NlcKind::kLut) {
    lut_.process(y, v);
    eq = v;
  }
  // 3. DFE + slicer (with the inner FEC: + LLRs and the inner decoder)
  if (cfg_.inner_enable) {
    inner_beat(eq, d, z, e, out, off);
  } else {
    dfe_.process(eq, {d, z, e});
  }
  // 4. adaptation feedback
  if (cfg_.nlc == NlcKind::kVolterra) vol_.adapt(e);
  if (cfg_.nlc == NlcKind::kLut) lut_.adapt(e);
  if (cfg_.ffe_enable) {
    const std::size_t skip = static_cast<std::size_t>(std::min<std::uint64_t>(ffe_skip_, p));
    ffe_skip_ -= skip;
    ffe_.adapt(e.subspan(skip));
  }
  // 5. CDR: Mueller-Muller PD on the ADC samples (before the FFE, x << 3 in S12.3; CdrMm delays
  //    them by the chain latency to the decided symbols), decoupled from the FFE/DFE adaptation
  if (cfg_.cdr_enable) {
    std::span<std::uint16_t> ph(ph_.data(), out.phase.empty() ? 0 : p);
    std::span<std::int16_t> xs(x_.data(), p);
    if (cfg_.ffe_enable) {
      nlc::adc_to_signal(adc, cfg_.adc_bits, xs);  // clips are counted by the FFE
    } else {
      std::copy(y.begin(), y.end(), xs.begin());  // y is already x << 3
    }
    cdr_.process(xs, d, ph);
    if (!out.phase.empty()) std::copy(ph.begin(), ph.end(), out.phase.begin() + static_cast<std::ptrdiff_t>(off));
  } else if (!out.phase.empty()) {
    std::fill_n(out.phase.begin() + static_cast<std::ptrdiff_t>(off), p, cdr_.phase_code());
  }
  // 6. precoding decoder, Gray demap
  if (cfg_.precoding) {
    dec_.process(d, g);
  } else {
    std::copy(d.begin(), d.end(), g.begin());
  }
  if (!out.bits.empty()) dsp::gray_demap(g, out.bits.subspan(2 * off, 2 * p));
  if (!out.symbols.empty()) std::copy(g.begin(), g.end(), out.symbols.begin() + static_cast<std::ptrdiff_t>(off));
  if (!out.slicer_in.empty()) std::copy(z.begin(), z.end(), out.slicer_in.begin() + static_cast<std::ptrdiff_t>(off));
  if (!out.decisions.empty()) std::copy(d.begin(), d.end(), out.decisions.begin() + static_cast<std::ptrdiff_t>(off));
  // 7. FEC receive on the bit pairs (A << 1) | B, or on the deinterleaved inner-decoder output
  if (cfg_.fec_enable && cfg_.inner_enable) {
    fec_.process(deint_out_, out.fec);
  } else if (cfg_.fec_enable) {
    std::span<std::uint8_t> ab(ab_.data(), p);
    std::transform(g.begin(), g.end(), ab.begin(), [](std::uint8_t s) { return dsp::gray_demap(s); });
    fec_.process(ab, out.fec);
  }
  // 8. checker and monitors
  if (cfg_.checker_enable) {
    checker_.process(g, f);
    bursts_.process(f);
  }
  if (cfg_.monitors_enable) {
    levels_.process(z, d);
    hist_.process(z);
  }
}

// DFE + slicer in stretches of constant slicer thresholds (the DFE gives the same outputs in any
// split), so that each symbol's LLRs use the thresholds its decision used; then the inner decoder
// and the deinterleaver (its output waits in deint_out_ for the FEC block, step 7).
void RetimerRx::inner_beat(std::span<const std::int16_t> eq, std::span<std::uint8_t> d,
                           std::span<std::int16_t> z, std::span<std::int16_t> e, const RxOut& out,
                           std::size_t off) {
  const std::size_t p = eq.size();
  const std::span<std::int8_t> llr(llr_.data(), 2 * p);
  const bool adaptive = dfe_.slicer().config().adaptive;
  for (std::size_t i = 0; i < p;) {
    const std::size_t n =
        adaptive ? std::min<std::size_t>(p - i, static_cast<std::size_t>(dfe_.slicer().symbols_to_refresh())) : p - i;
    const std::array<std::int32_t, 3> t = dfe_.slicer().thresholds();
    dfe_.process(eq.subspan(i, n), {d.subspan(i, n), z.subspan(i, n), e.subspan(i, n)});
    for (std::size_t k = i; k < i + n; ++k) {
      const auto l = fec::inner::sample_llrs(z[k], t);
      llr[2 * k] = l[0];
      llr[2 * k + 1] = l[1];
    }
    i += n;
  }
  if (!out.llr.empty()) std::copy(llr.begin(), llr.end(), out.llr.begin() + static_cast<std::ptrdiff_t>(2 * off));
  msg_.clear();
  inner_.process(llr, {&msg_, out.inner.status});
  if (out.inner.pairs) out.inner.pairs->insert(out.inner.pairs->end(), msg_.begin(), msg_.end());
  deint_out_.resize(msg_.size());
  deint_.process(msg_, deint_out_);
}

dsp::OpCounts RetimerRx::ops() const noexcept {
  dsp::OpCounts o;
  if (cfg_.ffe_enable) o += ffe_.ops();
  if (cfg_.nlc == NlcKind::kVolterra) o += vol_.ops();
  if (cfg_.nlc == NlcKind::kLut) o += lut_.ops();
  o += dfe_.ops();
  if (cfg_.cdr_enable) o += cdr_.ops();
  if (cfg_.precoding) o += dec_.ops();
  o += dsp::gray_ops();
  if (cfg_.checker_enable) o += checker_.ops() + bursts_.ops();
  if (cfg_.monitors_enable) o += levels_.ops() + hist_.ops();
  if (cfg_.inner_enable) o += inner_.ops();
  return o;
}

}  // namespace halo::retimer
